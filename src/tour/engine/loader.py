"""Dialogue script (YAML) -> Tour, collecting every problem with its file:line:col.

The loader walks the YAML node graph (not the plain data) so that each value keeps
its position in the file. It never stops at the first problem: it checks the whole
script, then raises one ScriptError holding them all, or returns the Tour together
with any warnings.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from collections.abc import Mapping
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node as YNode, ScalarNode, SequenceNode

from . import tour_cache
from .language import Language, parse_language
from .problems import Problem, ScriptError
from .script import Chapter, ChatIntent, Node, Quote, Review, Routing, Tour
from .source import Source, SourceInfo, parse_source

# libyaml's loader where it is built in: ten times faster, with the same node marks.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_DATA_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR_TAG = "tag:yaml.org,2002:str"
VOICES = ("first-person", "narration")
CHAT_IDS = ("hello", "thanks", "help", "about", "topics", "bye")

# Allowed keys of each kind of mapping; those marked required must be present.
KEYS: dict[str, dict[str, bool]] = {
    "top": {"tour": True, "source": True, "routing": False, "aliases": False, "chat": False,
            "chapters": True, "unanswered": False, "messages": False},
    "tour": {"id": True, "title": True, "welcome": True, "content_note": False, "start": False},
    "source": {"file": True, "title": True, "publisher": False, "url": False,
               "footnote_marker": False, "headings": False, "captions": False},
    "routing": {"answer": False, "near": False, "margin": False, "chat": False, "unanswered": False},
    "chat": {"id": True, "examples": False, "say": False},
    "chapter": {"id": True, "title": True, "section": False, "intro": False, "sequence": False,
                "nodes": True, "discussion": False, "review": False},
    "review": {"question": True, "answer": True},
    "node": {"id": True, "title": True, "examples": False, "keywords": False, "say": False,
             "quote": False, "quotes": False, "after": False, "next": False,
             "content_note": False, "unanswered": False},
    "quote": {"text": True, "section": False, "voice": False},
}


def bundled_script() -> Path:
    """The dialogue script that ships with the package."""
    return Path(str(importlib.resources.files("tour.bundled") / "dialogue.yaml"))


@lru_cache(maxsize=4)
def english_language(code: str = "en") -> Language:
    """The language files shipped with the package (tour/lang/), parsed."""
    folder = importlib.resources.files("tour.lang")

    def read(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    data = yaml.load(read(f"{code}.yaml"), Loader=_YAML_DATA_LOADER)
    lexicon = yaml.load(read(f"lexicon-{code}.yaml"), Loader=_YAML_DATA_LOADER)
    return parse_language(data, lexicon, read(f"offtopic-{code}.txt"))


def language_files(code: str = "en") -> list[Path]:
    """The files behind a language, for caches to watch."""
    folder = importlib.resources.files("tour.lang")
    return [Path(str(folder / name)) for name in (f"{code}.yaml", f"lexicon-{code}.yaml", f"offtopic-{code}.txt")]


@dataclass
class Loaded:
    tour: Tour
    warnings: list[Problem] = field(default_factory=list)


def load_tour(path: str | Path | None = None, *, check_examples: bool = False,
              english: Mapping[str, int] | None = None) -> Loaded:
    """Load and validate a script; raise ScriptError listing every error.

    With check_examples, also route every example question and warn where one goes to
    another node (slower: it builds the router, with the English word frequencies
    `english` where given). Without it, a script that loaded before and has not
    changed since comes from the cache (see tour_cache.py).
    """
    path = Path(path) if path is not None else bundled_script()
    use_cache = not check_examples and tour_cache.enabled()
    if use_cache and (cached := tour_cache.read(path)) is not None:
        return cached
    loader = _Loader(path)
    loaded = loader.load(check_examples=check_examples, english=english)
    if use_cache:
        tour_cache.write(path, [path, *loader.sources], loaded)
    return loaded


class _Loader:
    def __init__(self, path: Path):
        self.path = path
        self.shown = str(path)
        self.sources: list[Path] = []
        """The source texts read, besides the script."""
        self.problems: list[Problem] = []
        self._constructor = SafeConstructor()

    # -- reporting ---------------------------------------------------------------
    def report(self, node: YNode | None, message: str, severity: str = "error") -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(self.shown, line, col, message, severity))  # type: ignore[arg-type]

    def _fail(self) -> None:
        if any(p.severity == "error" for p in self.problems):
            raise ScriptError(self.problems)

    # -- YAML helpers ------------------------------------------------------------
    def mapping(self, node: YNode, kind: str, what: str) -> dict[str, tuple[YNode, YNode]]:
        """Check a mapping's keys against KEYS[kind]; return key -> (key node, value node)."""
        if not isinstance(node, MappingNode):
            self.report(node, f"{what} should be a mapping of keys to values")
            return {}
        allowed = KEYS[kind]
        out: dict[str, tuple[YNode, YNode]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                self.report(key_node, f"duplicate key '{key}' in {what}")
            elif key not in allowed:
                self.report(key_node, f"unknown key '{key}' in {what}{_did_you_mean(key, allowed)}")
            else:
                out[key] = (key_node, value_node)
        for key, required in allowed.items():
            if required and key not in out:
                self.report(node, f"{what} is missing the required key '{key}'")
        return out

    def text(self, node: YNode | None, what: str, default: str = "") -> str:
        if node is None:
            return default
        if not isinstance(node, ScalarNode):
            self.report(node, f"{what} should be text")
            return default
        if node.tag == _STR_TAG:  # most scalars: the text as written, nothing to construct
            return node.value.strip()
        value = self._constructor.construct_object(node)
        if value is None:
            return default
        return str(value).strip() if not isinstance(value, bool) else str(value).lower()

    def texts(self, node: YNode | None, what: str) -> list[tuple[str, YNode]]:
        """A list of texts (a single text is taken as a list of one)."""
        if node is None:
            return []
        if isinstance(node, ScalarNode):
            value = self.text(node, what)
            return [(value, node)] if value else []
        if not isinstance(node, SequenceNode):
            self.report(node, f"{what} should be a list of texts")
            return []
        pairs = [(self.text(item, what), item) for item in node.value]
        return [(text, item) for text, item in pairs if text]

    def number(self, node: YNode, what: str) -> float | None:
        value = self._constructor.construct_object(node) if isinstance(node, ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            self.report(node, f"{what} should be a number from 0 to 100")
            return None
        return float(value)

    def boolean(self, node: YNode, what: str) -> bool:
        value = self._constructor.construct_object(node) if isinstance(node, ScalarNode) else None
        if not isinstance(value, bool):
            self.report(node, f"{what} should be true or false")
            return False
        return value

    def sequence(self, node: YNode | None, what: str) -> list[YNode]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.report(node, f"{what} should be a list")
            return []
        return list(node.value)

    # -- the script ----------------------------------------------------------------
    def load(self, *, check_examples: bool, english: Mapping[str, int] | None = None) -> Loaded:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.report(None, f"cannot read the script: {exc}")
            raise ScriptError(self.problems) from None
        try:
            root = yaml.compose(text, Loader=_YAML_LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            reason = " ".join(filter(None, [exc.context, exc.problem]))
            self.problems.append(Problem(self.shown, line, col, f"YAML syntax: {reason}"))
            raise ScriptError(self.problems) from None
        except yaml.YAMLError as exc:
            self.report(None, f"YAML syntax: {exc}")
            raise ScriptError(self.problems) from None
        if root is None:
            self.report(None, "the script is empty")
            raise ScriptError(self.problems)

        top = self.mapping(root, "top", "the script")
        source = self.load_source(top.get("source"))
        meta = self.mapping(top["tour"][1], "tour", "'tour'") if "tour" in top else {}
        routing = self.load_routing(top.get("routing"))
        aliases = self.load_aliases(top.get("aliases"))
        chat = self.load_chat(top.get("chat"))
        chapters, nodes, refs = self.load_chapters(top.get("chapters"), source)
        start = self.texts(meta.get("start", (None, None))[1], "'start'")
        refs.extend((node_id, mark, "'start'") for node_id, mark in start)
        unanswered = self.texts(top.get("unanswered", (None, None))[1], "'unanswered'")
        messages = self.load_messages(top.get("messages"))
        self.check_refs(refs, nodes)
        self._fail()
        title = self.text(meta.get("title", (None, None))[1], "tour title")
        info = source.info if source is not None else None
        language = english_language().merged(
            chat=tuple(chat), messages=messages,
            values={"title": title, "source": info.title if info else title,
                    "by": f", published by {info.publisher}" if info and info.publisher else ""})

        tour = Tour(
            id=self.text(meta.get("id", (None, None))[1], "tour id"),
            title=title,
            welcome=self.text(meta.get("welcome", (None, None))[1], "welcome"),
            content_note=self.text(meta.get("content_note", (None, None))[1], "content note"),
            start=tuple(node_id for node_id, _ in start),
            source=source,  # type: ignore[arg-type]
            chapters=tuple(chapters),
            nodes=nodes,
            chat=language.chat,
            aliases=aliases,
            routing=routing,
            unanswered=tuple(t for t, _ in unanswered),
            path=str(self.path),
            language=language,
        )
        self.warn_unreachable(tour, top.get("chapters"))
        if check_examples:
            self.check_examples(tour, english)
        return Loaded(tour, [p for p in self.problems if p.severity == "warning"])

    def load_source(self, pair: tuple[YNode, YNode] | None) -> Source | None:
        if pair is None:
            return None
        keys = self.mapping(pair[1], "source", "'source'")
        get = lambda k: keys.get(k, (None, None))[1]  # noqa: E731
        info = SourceInfo(
            title=self.text(get("title"), "source title"),
            publisher=self.text(get("publisher"), "publisher"),
            url=self.text(get("url"), "url"),
        )
        file_node = get("file")
        name = self.text(file_node, "source file")
        if not name:
            return None
        file = (self.path.parent / name).resolve()
        self.sources.append(file)
        try:
            raw = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.report(file_node, f"cannot read the source text {name!r}: {exc.__class__.__name__}")
            return None
        return parse_source(
            raw,
            info,
            footnote_marker=self.text(get("footnote_marker"), "footnote marker"),
            headings=frozenset(t for t, _ in self.texts(get("headings"), "headings")),
            captions=frozenset(t for t, _ in self.texts(get("captions"), "captions")),
        )

    def load_routing(self, pair: tuple[YNode, YNode] | None) -> Routing:
        if pair is None:
            return Routing()
        keys = self.mapping(pair[1], "routing", "'routing'")
        values = {k: self.number(v, f"routing.{k}") for k, (_, v) in keys.items()}
        return Routing(**{k: v for k, v in values.items() if v is not None})

    def load_aliases(self, pair: tuple[YNode, YNode] | None) -> dict[str, tuple[str, ...]]:
        if pair is None:
            return {}
        node = pair[1]
        if not isinstance(node, MappingNode):
            self.report(node, "'aliases' should map a term to a list of other ways to write it")
            return {}
        out: dict[str, tuple[str, ...]] = {}
        for key_node, value_node in node.value:
            term = self.text(key_node, "alias term")
            if term in out:
                self.report(key_node, f"alias '{term}' is defined twice")
            out[term] = tuple(t for t, _ in self.texts(value_node, f"aliases of '{term}'"))
        return out

    def load_chat(self, pair: tuple[YNode, YNode] | None) -> list[ChatIntent]:
        """The script's small talk. An entry replaces the language's intent of the same
        id; what it leaves out (examples or say) is the language's."""
        out: list[ChatIntent] = []
        if pair is None:
            return out
        defaults = {c.id: c for c in english_language().chat}
        for item in self.sequence(pair[1], "'chat'"):
            keys = self.mapping(item, "chat", "a chat entry")
            get = lambda k: keys.get(k, (None, None))[1]  # noqa: E731
            intent_id = self.text(get("id"), "chat id")
            if intent_id and intent_id not in CHAT_IDS:
                self.report(get("id"), f"unknown chat id '{intent_id}'; use one of "
                            f"{', '.join(CHAT_IDS)}{_did_you_mean(intent_id, CHAT_IDS)}")
            if any(c.id == intent_id for c in out):
                self.report(get("id"), f"duplicate chat id '{intent_id}'")
            default = defaults.get(intent_id)
            examples = tuple(t for t, _ in self.texts(get("examples"), "examples"))
            say = self.text(get("say"), "say")
            if not examples and default is not None:
                examples = default.examples
            if not say and default is not None:
                say = default.say
            out.append(ChatIntent(intent_id, examples, say))
        return out

    def load_messages(self, pair: tuple[YNode, YNode] | None) -> dict[str, str]:
        """The script's own wording of the guide's sentences (keys of the language's
        `messages`)."""
        if pair is None:
            return {}
        node = pair[1]
        if not isinstance(node, MappingNode):
            self.report(node, "'messages' should map a message name to its text")
            return {}
        known = english_language().messages
        out = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in known:
                self.report(key_node, f"unknown message '{key}'{_did_you_mean(key, known)}")
                continue
            out[key] = self.text(value_node, f"message '{key}'")
        return out

    def load_chapters(self, pair, source):
        chapters: list[Chapter] = []
        nodes: dict[str, Node] = {}
        refs: list[tuple[str, YNode, str]] = []
        seen_chapters: set[str] = set()
        if pair is None:
            return chapters, nodes, refs
        for item in self.sequence(pair[1], "'chapters'"):
            keys = self.mapping(item, "chapter", "a chapter")
            get = lambda k: keys.get(k, (None, None))[1]  # noqa: E731
            chapter_id = self.text(get("id"), "chapter id")
            if chapter_id in seen_chapters:
                self.report(get("id"), f"duplicate chapter id '{chapter_id}'")
            seen_chapters.add(chapter_id)
            section_node = get("section")
            section = self.text(section_node, "section")
            if section and source is not None and section not in _sections(source):
                self.report(section_node, f"no heading '{section}' in the source"
                            f"{_did_you_mean(section, _sections(source))}")
            ids: list[str] = []
            for node_item in self.sequence(get("nodes"), "'nodes'"):
                node = self.load_node(node_item, chapter_id, section, source, refs)
                if node is None:
                    continue
                if node.id in nodes:
                    self.report(node_item, f"duplicate node id '{node.id}'")
                    continue
                nodes[node.id] = node
                ids.append(node.id)
            if not ids:
                self.report(item, f"chapter '{chapter_id}' has no nodes")
            chapters.append(Chapter(
                id=chapter_id,
                title=self.text(get("title"), "chapter title"),
                nodes=tuple(ids),
                section=section,
                intro=self.text(get("intro"), "intro"),
                sequence=self.boolean(get("sequence"), "sequence") if get("sequence") else False,
                discussion=tuple(t for t, _ in self.texts(get("discussion"), "discussion")),
                review=tuple(self.load_reviews(get("review"), section, source)),
            ))
        return chapters, nodes, refs

    def load_node(self, item, chapter_id, section, source, refs) -> Node | None:
        keys = self.mapping(item, "node", "a node")
        get = lambda k: keys.get(k, (None, None))[1]  # noqa: E731
        node_id = self.text(get("id"), "node id")
        if not node_id:
            return None
        if "quote" in keys and "quotes" in keys:
            self.report(keys["quotes"][0], "give either 'quote' or 'quotes', not both")
        quote_nodes = self.sequence(get("quotes"), "'quotes'") if "quotes" in keys else (
            [get("quote")] if "quote" in keys else [])
        quotes = [q for q in (self.load_quote(qn, section, source) for qn in quote_nodes) if q]
        if not quote_nodes and not self.text(get("say"), "say"):
            self.report(item, f"node '{node_id}' has neither a quote nor anything to say")
        refs.extend((t, n, f"'next' of '{node_id}'") for t, n in self.texts(get("next"), "next"))
        return Node(
            id=node_id,
            title=self.text(get("title"), "title"),
            chapter=chapter_id,
            examples=tuple(t for t, _ in self.texts(get("examples"), "examples")),
            keywords=tuple(t for t, _ in self.texts(get("keywords"), "keywords")),
            say=self.text(get("say"), "say"),
            quotes=tuple(quotes),
            after=self.text(get("after"), "after"),
            next=tuple(t for t, _ in self.texts(get("next"), "next")),
            content_note=self.text(get("content_note"), "content note"),
            unanswered=tuple(t for t, _ in self.texts(get("unanswered"), "unanswered")),
        )

    def load_reviews(self, node: YNode | None, section: str, source: Source | None) -> list[Review]:
        out = []
        for item in self.sequence(node, "'review'"):
            keys = self.mapping(item, "review", "a review question")
            question = self.text(keys.get("question", (None, None))[1], "question")
            answer_node = keys.get("answer", (None, None))[1]
            answer = self.load_quote(answer_node, section, source) if answer_node else None
            if question and answer:
                out.append(Review(question, answer))
        return out

    def load_quote(self, node: YNode, section: str, source: Source | None) -> Quote | None:
        voice = ""
        if isinstance(node, MappingNode):
            keys = self.mapping(node, "quote", "a quote")
            text_node = keys.get("text", (None, None))[1]
            section = self.text(keys.get("section", (None, None))[1], "section") or section
            voice_node = keys.get("voice", (None, None))[1]
            voice = self.text(voice_node, "voice")
            if voice and voice not in VOICES:
                self.report(voice_node, f"voice should be one of {', '.join(VOICES)}")
                voice = ""
        else:
            text_node = node
        text = self.text(text_node, "quote")
        if not text or source is None:
            return None
        found = source.find(text, section or None)
        if not found:
            number, passage, score = source.closest(text)
            hint = f"; the closest passage is in paragraph {number}: \u201c{_clip(passage)}\u201d" if score > 50 else ""
            self.report(text_node, f"quote not found in the source text{hint}")
            return None
        paragraphs = sorted({loc.paragraph for loc in found})
        if len(paragraphs) > 1:
            self.report(text_node, "quote stands in paragraphs "
                        f"{', '.join(map(str, paragraphs))}; give the quote a 'section' to choose")
            return None
        loc = found[0]
        para = source.paragraph(loc.paragraph)
        return Quote(para.text[loc.start:loc.end], loc.paragraph, loc.start, loc.end,
                     para.section, para.footnote and loc.end == len(para.text),
                     voice or ("first-person" if para.first_person else "narration"))

    def check_refs(self, refs, nodes) -> None:
        for target, mark, where in refs:
            if target not in nodes:
                self.report(mark, f"{where} names unknown node '{target}'{_did_you_mean(target, nodes)}")

    def warn_unreachable(self, tour: Tour, chapters_pair) -> None:
        """Nodes no choice leads to: not a chapter's first node, a step, a 'next' or 'start'."""
        reachable = set(tour.start)
        for chapter in tour.chapters:
            reachable.update(chapter.nodes if chapter.sequence else chapter.nodes[:1])
        for node in tour.nodes.values():
            reachable.update(node.next)
        for node_id, node in tour.nodes.items():
            if node_id not in reachable and not node.examples:
                self.problems.append(Problem(self.shown, 1, 1, f"node '{node_id}' cannot be reached: "
                                     "no choice leads to it and no question routes to it", "warning"))
            elif node_id not in reachable:
                line = self._node_line(chapters_pair, node_id)
                self.problems.append(Problem(self.shown, line, 1, f"node '{node_id}' is not offered by any "
                                     "choice ('next', 'start' or first of a chapter); only a question reaches it",
                                     "warning"))

    def _node_line(self, chapters_pair, node_id: str) -> int:
        for chapter in self.sequence(chapters_pair[1], "'chapters'") if chapters_pair else []:
            for key, value in getattr(chapter, "value", []):
                if key.value == "nodes" and isinstance(value, SequenceNode):
                    for item in value.value:
                        for k, v in getattr(item, "value", []):
                            if k.value == "id" and v.value == node_id:
                                return item.start_mark.line + 1
        return 1

    def check_examples(self, tour: Tour, english: Mapping[str, int] | None = None) -> None:
        from .routing import Router

        router = Router(tour, english)
        lines = _example_lines(self.path)
        for node_id, question in tour.unanswered_questions():
            where = f"'{node_id}'" if node_id else "the tour"
            result = router.route(question)
            if result.decision == "answer":
                self.problems.append(Problem(
                    self.shown, lines.get(question, 1), 1,
                    f"unanswered question \u201c{question}\u201d of {where} would be answered "
                    f"by '{result.best.node}' (that passage names all its words, or an example "
                    "is as close)", "warning"))
        for where, question, words in _misspellings(tour, router):
            self.problems.append(Problem(
                self.shown, lines.get(question, 1), 1,
                f"{where} \u201c{question}\u201d: {', '.join(words)} looks misspelt; the router "
                "mends users' typos itself, and a misspelt one here teaches it the typo", "warning"))
        for node in tour.nodes.values():
            for example in node.examples:
                result = router.route(example)
                top = result.best
                own = result.score_of(node.id)
                if top is None:
                    why = (f"is taken as small talk ('{result.chat}')" if result.decision == "chat"
                           else "routes nowhere: the tour knows none of its words")
                    self.problems.append(Problem(
                        self.shown, lines.get(example, 1), 1,
                        f"example \u201c{example}\u201d of '{node.id}' {why}", "warning"))
                if top is not None and top.node != node.id and top.score > own:
                    line = lines.get(example, 1)
                    self.problems.append(Problem(
                        self.shown, line, 1,
                        f"example \u201c{example}\u201d of '{node.id}' routes to '{top.node}' "
                        f"({top.score:.0f}) better than to its own node ({own:.0f})", "warning"))


def _misspellings(tour: Tour, router) -> list[tuple[str, str, list[str]]]:
    """Examples and unanswered questions with a word that looks like a misspelling of
    one of the tour's own words (its text, titles, keywords, aliases): not English, not
    the tour's, and close to one of the tour's ("vegtables" for "vegetables")."""
    from rapidfuzz import fuzz, process

    from .text import fold

    stem = router.analyser.stem
    STOP_WORDS = router.analyser.language.stop_words
    is_english_word = router._is_english

    texts = [p.text for p in tour.source.paragraphs]
    texts += [t for term, variants in tour.aliases.items() for t in (term, *variants)]
    texts += [t for n in tour.nodes.values() for t in (n.title, *n.keywords)]
    own: dict[str, str] = {}  # stem -> the word as the tour writes it
    for text in texts:
        for w in fold(text).split():
            if w not in STOP_WORDS:
                own.setdefault(stem(w), w)
    vocabulary = sorted(own)
    written = [(f"example of '{node.id}'", q) for node in tour.nodes.values() for q in node.examples]
    written += [(f"unanswered question of '{node_id}'" if node_id else "the tour's unanswered question", q)
                for node_id, q in tour.unanswered_questions()]
    out = []
    for where, question in written:
        odd = []
        for word in fold(question).split():
            if not word.isalpha() or len(word) < 5 or word in STOP_WORDS or stem(word) in own:
                continue
            near = process.extractOne(stem(word), vocabulary, scorer=fuzz.ratio, score_cutoff=85)
            if near and near[0][0] == word[0] and not is_english_word(word):
                odd.append(f"{word!r} (for {own[near[0]]!r}?)")
        if odd:
            out.append((where, question, odd))
    return out


def _sections(source: Source) -> list[str]:
    return [source.info.title] + [p.text for p in source.headings]


def _example_lines(path: Path) -> dict[str, int]:
    """First line on which each example text appears (for warnings)."""
    out: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip().removeprefix("- ").strip().strip("\"'")
        out.setdefault(text, number)
    return out


def _did_you_mean(word: str, choices: Any) -> str:
    from rapidfuzz import process

    match = process.extractOne(word, list(choices), score_cutoff=60)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _clip(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"
