"""`python -m tour`: the same as the `tour` command."""

from .cli import main

raise SystemExit(main())
