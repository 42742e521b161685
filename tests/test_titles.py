"""The titles and keywords `tour init` writes: noun phrases that say what a passage is
about, as a reader would pick them from a list; never a fragment of a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tour.authoring.grammar import has_verb, letters, noun_phrases, tag
from tour.authoring.plan import plan
from tour.engine.source import SourceInfo, parse_source

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "benchmarks").glob("teacher*/texts/*/article.txt"))


@pytest.mark.parametrize("sentence, phrases", [
    ("After Stortebeker's death the Hamburgers searched his ships for the hidden treasures.",
     ["Stortebeker's death", "the Hamburgers", "his ships", "the hidden treasures"]),
    ("Hamburg sent an envoy to the shrine of San Jago of Compostella.",
     ["Hamburg", "an envoy", "the shrine of San Jago of Compostella"]),
    ("It bears the names of Moltke and Manteuffel.", ["the names of Moltke and Manteuffel"]),
    ("Christopher Wren drew the plans.", ["Christopher Wren", "the plans"]),
    ("The shouts re-echoed throughout the streets.", ["The shouts", "the streets"]),
    ("THE greatest benefactor of the human race was the steam engine.",
     ["THE greatest benefactor of the human race", "the steam engine"]),
    ("In 100,000 B.C. the keepers of St. Nicholas Church didn't sleep.",
     ["100,000 B.C.", "the keepers of St. Nicholas Church"]),
], ids=["participle", "of-names", "names-joined", "past-tense-verb", "hyphenated-verb", "capitals",
        "abbreviations"])
def test_noun_phrases(sentence, phrases):
    assert [p.text(sentence) for p in noun_phrases(tag(sentence))] == phrases


def test_a_word_in_capitals_alone_is_an_acronym_beside_others_a_word_set_in_capitals():
    alone = tag("They walked to the POW camp in the Kazakh SSR.")
    assert [(t.text, t.tag, t.shouted) for t in alone if t.text in ("POW", "SSR")] == [
        ("POW", "NAME", False), ("SSR", "NAME", False)]
    loud = tag("THE GREATEST benefactor was the steam engine.")
    assert [(t.tag, t.shouted) for t in loud[:2]] == [("DET", True), ("ADJ", True)]
    assert [t.tag for t in tag("It advances step by step.")][2:5] == ["ADV", "ADV", "ADV"]


@pytest.mark.parametrize("line, verb", [
    ("Prosecution of the Voyage, till the Death of Magellan.", False),
    ("Proceedings of the Voyage from Seville to Patagonia, and wintering there.", False),
    ("The keepers grew potatoes.", True),
    ("But his wandering didn't end there.", True),
])
def test_has_verb(line, verb):
    assert has_verb(line) is verb


LIGHTHOUSE = "\n".join([
    "The Lighthouse",
    "The lighthouse stood on the northern cape for two centuries and guided ships past the reef. Its lamp "
    "burned whale oil until 1880, when the keepers changed it for paraffin, and its light could be seen "
    "twenty miles out.",
    "The Storm",
    "In the winter of 1899 a storm destroyed the boat landing, and the keepers were cut off for six weeks. "
    "The storm tore the roof from the store house and the sea took the boat landing's stones.",
    "The landing was rebuilt in 1901 with stone from the mainland, and a crane was set on it to lift the "
    "supplies.",
]) + "\n"


def test_titles_name_what_each_passage_is_about(tmp_path):
    source = parse_source(LIGHTHOUSE, SourceInfo("The Lighthouse"))
    made = plan(source, "The Lighthouse")
    # the lighthouse and the storm are their chapters' titles already
    assert [(t.id, t.title) for t in made.topics()] == [
        ("p2", "The northern cape"), ("p4", "The boat landing's stones"), ("p5", "The landing")]
    assert [t.keywords[:2] for t in made.topics()] == [["lighthouse", "cape"], ["storm", "boat"],
                                                       ["crane", "mainland"]]


@pytest.mark.skipif(not TEXTS, reason="the benchmark texts are not in this checkout")
@pytest.mark.parametrize("article", TEXTS, ids=lambda p: p.parent.name)
def test_every_title_is_a_short_noun_phrase_and_none_repeats(article):
    raw = article.read_text(encoding="utf-8")
    source = parse_source(raw, SourceInfo(article.parent.name))
    topics = [t for t in plan(source, article.parent.name).topics()
              if source.paragraph(t.lines[0]).kind == "body"]
    titles = [t.title for t in topics]
    assert len(set(map(str.casefold, titles))) == len(titles)
    for title in titles:
        first, last = title.split()[0], title.split()[-1]
        assert 1 <= len(title.split()) <= 6, title
        assert letters(first.casefold())[0] not in "opcx", title  # no pronoun, preposition, ...
        assert last[:1].isupper() or set(letters(last.casefold())) - set("vdgr"), title  # nor a verb at its end
    assert all(t.keywords for t in topics)
