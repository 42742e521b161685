"""SQuAD 2.0 training articles as tuning tours, made as ../shared/eval/squad's were.

    python benchmarks/squad_train.py train-v2.0.json OUT [--articles N]

For each of the first N articles of a SQuAD 2.0 training file (a JSON file in the
dataset's own format, all or part of it): OUT/NAME/article.txt (one paragraph per line),
questions.yaml (answerable questions with `lines: [n]`, style `squad`; unanswerable
ones with `lines: []`, style `oos_near`) and dialogue.yaml (one topic per paragraph
quoting it whole, titled with its first words; no examples). These are for tuning
(benchmarks/fit_verifier.py --squad-train OUT); the dev articles of ../shared/eval/squad
only measure. SQuAD is CC BY-SA 4.0 (Rajpurkar, Jia and Liang, ACL 2018), its
paragraphs Wikipedia's (CC BY-SA): keep the files out of the repository.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import yaml


def title_of(paragraph: str, words: int = 5) -> str:
    return " ".join(paragraph.split()[:words]) + "\u2026"


def write(article: dict, out: Path) -> Path:
    folder = out / re.sub(r"\W+", "_", article["title"]).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [" ".join(p["context"].split()) for p in article["paragraphs"]]
    (folder / "article.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    single = []
    for n, p in enumerate(article["paragraphs"], 1):
        for qa in p["qas"]:
            impossible = bool(qa.get("is_impossible"))
            single.append({"q": " ".join(qa["question"].split()), "lines": [] if impossible else [n],
                           "style": "oos_near" if impossible else "squad"})
    (folder / "questions.yaml").write_text(yaml.safe_dump({"single": single}, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")
    title = article["title"].replace("_", " ")
    script = {
        "tour": {"id": folder.name.lower(), "title": title, "welcome": title},
        "source": {"file": "article.txt", "title": title},
        "chapters": [{"id": "article", "title": title,
                      "nodes": [{"id": f"p{n}", "title": title_of(p), "quote": p}
                                for n, p in enumerate(paragraphs, 1)]}],
    }
    (folder / "dialogue.yaml").write_text(yaml.safe_dump(script, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=10)
    args = parser.parse_args(argv)
    data = json.loads(args.source.read_text(encoding="utf-8"))
    for article in data["data"][: args.articles]:
        folder = write(article, args.out)
        print(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
