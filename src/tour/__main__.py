"""`python -m tour`, and the `tour` command: the command line (cli.py), imported here
so that Ctrl+C while it loads ends the run quietly too (exit status 130)."""


def run() -> int:
    try:
        from .cli import main

        return main()
    except KeyboardInterrupt:
        from .errors import ExitCode

        return ExitCode.INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(run())
