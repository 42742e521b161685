"""Dialogue script (YAML) -> Tour, collecting every problem with its file:line:col.

The loader walks the YAML node graph (not the plain data) so that each value keeps
its position in the file. It never stops at the first problem: it checks the whole
script, then raises one ScriptError holding them all, or returns the Tour together
with any warnings.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import CollectionNode, MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YNode

from .files import FileError, bundled_script, read_text, split_lines
from .language import YAML_LOADER, english_language, language_of
from .problems import Problem, ScriptError, Severity
from .script import DEFAULT_NOUN, Chapter, ChatIntent, Node, Quote, Review, Routing, Tour
from .source import Source, SourceInfo, parse_source
from .text import fold

_YAML = "tag:yaml.org,2002:"
_TEXT_TAGS = frozenset(_YAML + t for t in ("str", "value", "merge", "yaml"))
"""Scalars taken as written: text, and the few plain words YAML tags as something else
("=", "<<") but a script can only mean as text."""
TAGS = frozenset(_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq",
                                     "value", "merge", "yaml"))
"""The YAML tags a script's values may carry: those plain YAML gives text, numbers,
true and false, dates, lists and mappings. Any other (`!!binary`, `!custom`) is an error."""
_CONSTRUCTION_ERRORS = (yaml.YAMLError, ValueError, TypeError, AttributeError, LookupError, ArithmeticError)
"""What PyYAML's constructor raises for a value its tag does not fit (`!!int abc`)."""
_YAML_ONLY_BREAKS = re.compile("[\u0085\u2028\u2029]")
_BREAK_NAMES = {"\u0085": "next-line character (U+0085)", "\u2028": "line separator (U+2028)",
                "\u2029": "paragraph separator (U+2029)"}
_NOT_BUILT = object()
"""What construct() returns for a value it could not build (and has reported)."""
VOICES = ("first-person", "narration")
CHAT_IDS = ("hello", "thanks", "help", "about", "topics", "bye")
MAX_EXAMPLE = 300
"""Characters an example question may have before it is warned as more than a question."""
_NOUN = re.compile(r"[a-z][a-z' -]{0,29}")
"""What a sequence chapter may call itself: a few lowercase words ("testimony", "diary")."""

# Allowed keys of each kind of mapping; those marked required must be present.
KEYS: dict[str, dict[str, bool]] = {
    "top": {"tour": True, "source": True, "routing": False, "aliases": False, "chat": False,
            "chapters": True, "unanswered": False, "messages": False},
    "tour": {"id": True, "title": True, "welcome": True, "content_note": False, "start": False},
    "source": {"file": True, "title": True, "publisher": False, "url": False,
               "footnote_marker": False, "headings": False, "captions": False, "body": False},
    "routing": {"answer": False, "near": False, "margin": False, "chat": False, "unanswered": False},
    "chat": {"id": True, "examples": False, "say": False},
    "chapter": {"id": True, "title": True, "section": False, "intro": False, "sequence": False,
                "noun": False, "nodes": True, "discussion": False, "review": False},
    "review": {"question": True, "answer": True},
    "node": {"id": True, "title": True, "examples": False, "keywords": False, "say": False,
             "quote": False, "quotes": False, "after": False, "next": False,
             "content_note": False, "unanswered": False},
    "quote": {"text": True, "section": False, "voice": False},
}


Place = tuple[int, int]
"""A 1-based line and column of the script."""


@dataclass
class Marks:
    """Where things stand in the script, from the YAML composer's marks: a check that
    warns about one of them points there (the file is never searched for a text)."""

    script: str = ""
    """The script's path as problems show it."""
    nodes: dict[str, Place] = field(default_factory=dict)
    titles: dict[str, Place] = field(default_factory=dict)
    """Each node's title."""
    examples: dict[tuple[str, int], Place] = field(default_factory=dict)
    """(node id, index) -> the example."""
    unanswered: dict[tuple[str | None, int], Place] = field(default_factory=dict)
    """(node id or None for the tour's own list, index) -> the question."""

    def problem(self, place: Place | None, message: str, kind: str, severity: Severity = "warning") -> Problem:
        """A problem at a place of the script (its first line where the place is unknown)."""
        line, col = place or (1, 1)
        return Problem(self.script, line, col, message, severity, kind)


@dataclass
class Loaded:
    """A loaded tour, with the warnings found, the files it was read from, and where
    its parts stand in the script."""

    tour: Tour
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Every file the tour was read from: the script, then its source text."""
    marks: Marks = field(default_factory=Marks)


def load_tour(path: str | Path | None = None) -> Loaded:
    """Load and validate a script; raise ScriptError listing every error. (check.py
    routes its examples; tour.cache.load keeps a loaded tour between runs.)"""
    path = Path(path) if path is not None else bundled_script()
    loader = _Loader(path)
    loaded = loader.load()
    loaded.files = [str(path), *map(str, loader.sources)]
    loaded.marks = loader.marks()
    return loaded


class _Loader:
    def __init__(self, path: Path):
        self.path = path
        self.shown = str(path)
        self.sources: list[Path] = []
        """The source texts read, besides the script."""
        self.source_shown = ""
        """The source text's path as warnings about its lines show it."""
        self.problems: list[Problem] = []
        self._reported: set[int] = set()
        """Values (YAML nodes, by id) whose tag was wrong: nothing more is said of them."""
        # Where each thing stands in the script, from the composer's marks: every
        # warning about it points there (the file is never searched for a text).
        self.node_marks: dict[str, YNode] = {}
        self.title_marks: dict[str, YNode] = {}
        self.example_marks: dict[tuple[str, int], YNode] = {}
        self.unanswered_marks: dict[tuple[str | None, int], YNode] = {}

    def marks(self) -> Marks:
        """The marks as plain places (a loaded tour is pickled by the cache)."""
        def place(node: YNode) -> Place:
            return node.start_mark.line + 1, node.start_mark.column + 1

        return Marks(self.shown,
                     {k: place(v) for k, v in self.node_marks.items()},
                     {k: place(v) for k, v in self.title_marks.items()},
                     {k: place(v) for k, v in self.example_marks.items()},
                     {k: place(v) for k, v in self.unanswered_marks.items()})

    # -- reporting ---------------------------------------------------------------
    def report(self, node: YNode | None, message: str, severity: Severity = "error", kind: str = "") -> None:
        if node is not None and id(node) in self._reported:
            return  # its tag was wrong: that one error says all there is to say of it
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(self.shown, line, col, message, severity, kind))

    def warn(self, node: YNode | None, message: str, kind: str) -> None:
        self.report(node, message, "warning", kind)

    def _fail(self) -> None:
        if any(p.severity == "error" for p in self.problems):
            raise ScriptError(self.problems)

    # -- YAML helpers ------------------------------------------------------------
    def construct(self, node: ScalarNode) -> object:
        """A scalar's value as its tag reads it; _NOT_BUILT where the value does not fit
        its tag (`!!int abc`, reported here) or the tag is not one a script may use
        (reported by check_tags)."""
        if node.tag not in TAGS:
            return _NOT_BUILT
        try:
            # A fresh constructor each time: one that failed may keep half its state.
            return SafeConstructor().construct_object(node)
        except _CONSTRUCTION_ERRORS:
            self.report(node, f"'{_clip(str(node.value), 40)}' is not a valid {_short_tag(node.tag)}: "
                        "write the value without the tag, or one that fits it")
            self._reported.add(id(node))
            return _NOT_BUILT

    def check_tags(self, root: YNode) -> None:
        """Report every value whose YAML tag a script cannot use (`!custom`, `!!binary`)."""
        seen: set[int] = set()
        todo = [root]
        while todo:
            node = todo.pop()
            if id(node) in seen:  # an alias: the node it names is checked once
                continue
            seen.add(id(node))
            if node.tag not in TAGS:
                self.report(node, f"the YAML tag '{_short_tag(node.tag)}' is not one a script can use: "
                            "remove it (a script holds text, numbers, true or false, lists and mappings)")
                self._reported.add(id(node))
            if isinstance(node, MappingNode):
                todo.extend(n for pair in reversed(node.value) for n in reversed(pair))
            elif isinstance(node, CollectionNode):
                todo.extend(reversed(node.value))

    def key(self, node: YNode, what: str) -> str | None:
        """A mapping's key as text; None (reported) for a list or a mapping used as a key."""
        if not isinstance(node, ScalarNode):
            self.report(node, f"a key in {what} should be a word, not a list or a mapping")
            return None
        return str(node.value)

    def mapping(self, node: YNode, kind: str, what: str) -> dict[str, tuple[YNode, YNode]]:
        """Check a mapping's keys against KEYS[kind]; return key -> (key node, value node)."""
        if not isinstance(node, MappingNode):
            self.report(node, f"{what} should be a mapping of keys to values")
            return {}
        allowed = KEYS[kind]
        out: dict[str, tuple[YNode, YNode]] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, what)
            if key is None:
                continue
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
        if node.tag in _TEXT_TAGS or node.tag not in TAGS:  # most scalars: the text as written
            written: str = node.value
            return written.strip()
        value = self.construct(node)
        if value is None or value is _NOT_BUILT:
            return default
        return str(value).strip() if not isinstance(value, bool) else str(value).lower()

    def required(self, node: YNode | None, what: str) -> str:
        """Text that must not be empty (a missing key is reported by mapping())."""
        value = self.text(node, what)
        if node is not None and not value and isinstance(node, ScalarNode):
            self.report(node, f"{what} is empty: write it, or remove the key where it is optional")
        return value

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
        value = self.construct(node) if isinstance(node, ScalarNode) else None
        if value is _NOT_BUILT:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            self.report(node, f"{what} should be a number from 0 to 100")
            return None
        return float(value)

    def boolean(self, node: YNode, what: str) -> bool:
        value = self.construct(node) if isinstance(node, ScalarNode) else None
        if value is _NOT_BUILT:
            return False
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
    def load(self) -> Loaded:
        text = read_text(self.path, "script")  # FileError says what is wrong with the file
        self.check_breaks(text)
        try:
            root = yaml.compose(text, Loader=YAML_LOADER)
        except yaml.MarkedYAMLError as exc:
            place = exc.problem_mark or exc.context_mark
            line, col = (place.line + 1, place.column + 1) if place else (1, 1)
            reason = " ".join(filter(None, [exc.context, exc.problem]))
            self.problems.append(Problem(self.shown, line, col, f"YAML syntax: {reason}"))
            raise ScriptError(self.problems) from None
        except yaml.YAMLError as exc:
            self.report(None, f"YAML syntax: {exc}")
            raise ScriptError(self.problems) from None
        if root is None:
            self.report(None, "the script is empty")
            raise ScriptError(self.problems)
        self.check_tags(root)

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
        for i, (_, mark) in enumerate(unanswered):
            self.unanswered_marks[(None, i)] = mark
        messages = self.load_messages(top.get("messages"))
        self.check_refs(refs, nodes)
        tour_id = self.required(meta.get("id", (None, None))[1], "the tour id")
        title = self.required(meta.get("title", (None, None))[1], "the tour title")
        welcome = self.required(meta.get("welcome", (None, None))[1], "the welcome")
        self._fail()
        assert source is not None  # a source that could not be loaded was reported: _fail() raised
        info = source.info
        language = english_language().merged(
            chat=tuple(chat), messages=messages,
            values={"title": title, "source": info.title,
                    "by": f", published by {info.publisher}" if info.publisher else ""})

        tour = Tour(
            id=tour_id,
            title=title,
            welcome=welcome,
            content_note=self.text(meta.get("content_note", (None, None))[1], "content note"),
            start=tuple(node_id for node_id, _ in start),
            source=source,
            chapters=tuple(chapters),
            nodes=nodes,
            chat=language.chat,
            aliases=aliases,
            routing=routing,
            unanswered=tuple(t for t, _ in unanswered),
            path=str(self.path),
            language=language,
        )
        self.warn_line_kinds(tour.source)
        self.warn_unreachable(tour)
        return Loaded(tour, [p for p in self.problems if p.severity == "warning"])

    def check_breaks(self, text: str) -> None:
        """Raise ScriptError for each character YAML takes for a line break and an editor
        does not (U+0085, U+2028, U+2029): YAML would split the line there, report what
        follows a line too far down, and fold a text around it."""
        if not _YAML_ONLY_BREAKS.search(text):
            return
        for number, line in enumerate(split_lines(text), 1):
            for found in _YAML_ONLY_BREAKS.finditer(line):
                name = _BREAK_NAMES[found.group()]
                self.problems.append(Problem(self.shown, number, found.start() + 1,
                                             f"a {name} here: YAML takes it for a line break; remove it, "
                                             f"or write it as \\u{ord(found.group()):04X} inside double quotes"))
        raise ScriptError(self.problems)

    def load_source(self, pair: tuple[YNode, YNode] | None) -> Source | None:
        if pair is None:
            return None
        keys = self.mapping(pair[1], "source", "'source'")
        get = _getter(keys)
        info = SourceInfo(
            title=self.required(get("title"), "the source title"),
            publisher=self.text(get("publisher"), "publisher"),
            url=self.text(get("url"), "url"),
        )
        file_node = get("file")
        name = self.required(file_node, "the source file")
        if not name:
            return None
        file = self.beside_script(name, file_node)
        if file is None:
            return None
        self.sources.append(file)
        try:
            raw = read_text(file, "source text")
        except FileError as exc:
            self.report(file_node, f"cannot read the source text: {exc}")
            return None
        self.source_shown = str(self.path.parent / name)
        kinds = {k: frozenset(t for t, _ in self.texts(get(k), k)) for k in ("headings", "captions", "body")}
        return parse_source(
            raw,
            info,
            footnote_marker=self.text(get("footnote_marker"), "footnote marker"),
            **kinds,
        )

    def beside_script(self, name: str, node: YNode | None) -> Path | None:
        """The source text's file: `name` in the script's folder (or a folder inside it),
        resolved; None (reported) for one elsewhere: an absolute path, a `..` or a
        symbolic link leading out, which would let a tour (and `tour serve`, to every
        reader) show any file of the machine."""
        fix = "copy the text into the script's folder and give its name"
        if Path(name).is_absolute():
            self.report(node, f"the source file '{name}' is an absolute path: a tour's text stands "
                        f"beside its script; {fix}")
            return None
        folder = self.path.parent
        try:
            inside, file = folder.resolve(), (folder / name).resolve()
        except (OSError, RuntimeError):  # a symbolic link that leads round in a loop
            self.report(node, f"cannot read the source text: {folder / name}: a symbolic link that "
                        "leads round in a loop: point it at the file")
            return None
        if not file.is_relative_to(inside):
            self.report(node, f"the source file '{name}' is outside the script's folder ({file}): "
                        f"a tour's text stands beside its script; {fix}")
            return None
        return file

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
        """The script's small talk. An entry adds its examples to the language's intent
        of the same id and replaces its `say` (the language's where it gives none)."""
        out: list[ChatIntent] = []
        if pair is None:
            return out
        defaults = {c.id: c for c in english_language().chat}
        for item in self.sequence(pair[1], "'chat'"):
            keys = self.mapping(item, "chat", "a chat entry")
            get = _getter(keys)
            intent_id = self.text(get("id"), "chat id")
            if intent_id and intent_id not in CHAT_IDS:
                self.report(get("id"), f"unknown chat id '{intent_id}'; use one of "
                            f"{', '.join(CHAT_IDS)}{_did_you_mean(intent_id, CHAT_IDS)}")
            if any(c.id == intent_id for c in out):
                self.report(get("id"), f"duplicate chat id '{intent_id}'")
            examples = tuple(t for t, _ in self.texts(get("examples"), "examples"))
            default = defaults.get(intent_id)
            if default is not None and get("say") is None:
                say = default.say
            else:
                say = self.template(get("say"), f"the 'say' of chat '{intent_id}'")
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
            key = self.key(key_node, "'messages'")
            if key is None:
                continue
            if key not in known:
                self.report(key_node, f"unknown message '{key}'{_did_you_mean(key, known)}")
                continue
            out[key] = self.template(value_node, f"message '{key}'")
        return out

    def template(self, node: YNode | None, what: str) -> str:
        """A text the guide fills in ({title}, {number}): required, and with nothing in
        braces but a name, which is all the guide fills in ("{tour.x}" or "{tour[0]}"
        would fail or show what is not the tour's, in every session)."""
        text = self.required(node, what)
        odd = _odd_fields(text)
        if odd:
            self.report(node, f"{what} has {', '.join(odd)}: a name alone goes in braces ({{title}}, "
                        "{number}); double them ({{ }}) to show braces")
            return ""
        return text

    def load_chapters(self, pair: tuple[YNode, YNode] | None, source: Source | None
                      ) -> tuple[list[Chapter], dict[str, Node], list[tuple[str, YNode, str]]]:
        chapters: list[Chapter] = []
        nodes: dict[str, Node] = {}
        refs: list[tuple[str, YNode, str]] = []
        seen_chapters: set[str] = set()
        if pair is None:
            return chapters, nodes, refs
        sections = frozenset(_sections(source)) if source is not None else frozenset()
        for item in self.sequence(pair[1], "'chapters'"):
            keys = self.mapping(item, "chapter", "a chapter")
            get = _getter(keys)
            chapter_id = self.required(get("id"), "a chapter id")
            if chapter_id in seen_chapters:
                self.report(get("id"), f"duplicate chapter id '{chapter_id}'")
            seen_chapters.add(chapter_id)
            section_node = get("section")
            section = self.text(section_node, "section")
            if section and source is not None and section not in sections:
                self.report(section_node, f"no heading '{section}' in the source"
                            f"{_did_you_mean(section, _sections(source))}")
            sequence_node = get("sequence")
            sequence = self.boolean(sequence_node, "sequence") if sequence_node else False
            noun = self.load_noun(get("noun"), sequence)
            ids: list[str] = []
            for node_item in self.sequence(get("nodes"), "'nodes'"):
                node = self.load_node(node_item, chapter_id, section, source, refs)
                if node is None:
                    continue
                if node.id in nodes:
                    self.report(node_item, f"duplicate node id '{node.id}'")
                    continue
                nodes[node.id] = node
                self.node_marks[node.id] = node_item
                ids.append(node.id)
            if not ids:
                what = f"the {noun} '{chapter_id}' has no steps" if sequence else f"chapter '{chapter_id}' has no nodes"
                self.report(item, what)
            chapters.append(Chapter(
                id=chapter_id,
                title=self.required(get("title"), f"the title of chapter '{chapter_id}'"),
                nodes=tuple(ids),
                section=section,
                intro=self.text(get("intro"), "intro"),
                sequence=sequence,
                noun=noun,
                discussion=tuple(t for t, _ in self.texts(get("discussion"), "discussion")),
                review=tuple(self.load_reviews(get("review"), section, source)),
            ))
        return chapters, nodes, refs

    def load_noun(self, node: YNode | None, sequence: bool) -> str:
        """A sequence chapter's own name for itself ("testimony"), or the default."""
        if node is None:
            return DEFAULT_NOUN
        noun = self.required(node, "the noun")
        if not noun:
            return DEFAULT_NOUN
        if not sequence:
            self.report(node, "'noun' names what a sequence chapter is (testimony, diary, journey); "
                        "this chapter has no 'sequence: true'")
        elif not _NOUN.fullmatch(noun) or len(noun.split()) > 3:
            self.report(node, f"the noun '{noun}' should be a word or two in lowercase, as it reads "
                        "inside a sentence (\u201cthe first step of the testimony\u201d)")
            return DEFAULT_NOUN
        return noun

    def load_node(self, item: YNode, chapter_id: str, section: str, source: Source | None,
                  refs: list[tuple[str, YNode, str]]) -> Node | None:
        keys = self.mapping(item, "node", "a node")
        get = _getter(keys)
        node_id = self.required(get("id"), "a node id")
        if not node_id:
            return None
        if node_id.startswith("@"):
            self.report(get("id"), f"the node id '{node_id}' starts with '@', which marks the moves a "
                        "choice can make ('@next', '@back'): rename the node")
            return None
        if "quote" in keys and "quotes" in keys:
            self.report(keys["quotes"][0], "give either 'quote' or 'quotes', not both")
        quote_nodes = self.sequence(get("quotes"), "'quotes'") if "quotes" in keys else (
            [keys["quote"][1]] if "quote" in keys else [])
        quotes = [q for q in (self.load_quote(qn, section, source) for qn in quote_nodes) if q]
        say = self.text(get("say"), "say")
        if not quote_nodes and not say:
            self.report(item, f"node '{node_id}' has neither a quote nor anything to say")
        refs.extend((t, n, f"'next' of '{node_id}'") for t, n in self.texts(get("next"), "next"))
        examples = self.texts(get("examples"), "examples")
        for i, (example, mark) in enumerate(examples):
            self.example_marks[(node_id, i)] = mark
            if len(example) > MAX_EXAMPLE:
                hint = (" (list lines under a text on the same line as 'examples:' fold into it: "
                        "start the list on the next line)" if " - " in example else "")
                self.warn(mark, f"example of '{node_id}' is {len(example):,} characters long: an "
                          f"example is one question, as a person would type it{hint}", "long-example")
        unanswered = self.texts(get("unanswered"), "unanswered")
        for i, (_, mark) in enumerate(unanswered):
            self.unanswered_marks[(node_id, i)] = mark
        title_node = get("title")
        if title_node is not None:
            self.title_marks[node_id] = title_node
        return Node(
            id=node_id,
            title=self.required(get("title"), f"the title of node '{node_id}'"),
            chapter=chapter_id,
            examples=tuple(t for t, _ in examples),
            keywords=tuple(t for t, _ in self.texts(get("keywords"), "keywords")),
            say=say,
            quotes=tuple(quotes),
            after=self.text(get("after"), "after"),
            next=tuple(t for t, _ in self.texts(get("next"), "next")),
            content_note=self.text(get("content_note"), "content note"),
            unanswered=tuple(t for t, _ in unanswered),
        )

    def load_reviews(self, node: YNode | None, section: str, source: Source | None) -> list[Review]:
        out = []
        for item in self.sequence(node, "'review'"):
            keys = self.mapping(item, "review", "a review question")
            question = self.required(keys.get("question", (None, None))[1], "a review question")
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
        text = self.required(text_node, "the quote")
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

    def check_refs(self, refs: Iterable[tuple[str, YNode, str]], nodes: Mapping[str, Node]) -> None:
        for target, mark, where in refs:
            if target not in nodes:
                self.report(mark, f"{where} names unknown node '{target}'{_did_you_mean(target, nodes)}")

    def warn_line_kinds(self, source: Source) -> None:
        """Guessed line kinds that may be wrong, at their line of the source text."""
        for number, why in source.doubts():
            self.problems.append(Problem(self.source_shown, number, 1, f"line {number} is {why}",
                                         "warning", "line-kind"))

    def warn_unreachable(self, tour: Tour) -> None:
        """Nodes no choice leads to (not a chapter's first node, a step, a 'next' or
        'start'); of those, the ones no question can reach either: no example, and no
        topic word in their title, keywords or quoted text for a question to share."""
        stop = language_of(tour).stop_words
        reachable = set(tour.start)
        for chapter in tour.chapters:
            reachable.update(chapter.nodes if chapter.sequence else chapter.nodes[:1])
        for node in tour.nodes.values():
            reachable.update(node.next)
        for node_id, node in tour.nodes.items():
            if node_id in reachable:
                continue
            mark = self.node_marks.get(node_id)
            words = node.examples or [w for w in fold(" ".join(
                (node.title, *node.keywords, *(q.text for q in node.quotes)))).split() if w not in stop]
            if not words:
                self.warn(mark, f"node '{node_id}' cannot be reached: no choice leads to it ('next', "
                          "'start' or first of a chapter), and no question can: it has no examples, "
                          "and its title, keywords and quotes have no word a question could share",
                          "unreachable")
            else:
                self.warn(mark, f"node '{node_id}' is not offered by any choice ('next', 'start' or "
                          "first of a chapter); only a question reaches it", "unoffered")


def _sections(source: Source) -> list[str]:
    return [source.info.title] + [p.text for p in source.headings]


def _getter(keys: Mapping[str, tuple[YNode, YNode]]) -> Callable[[str], YNode | None]:
    """Look-up of a key's value node in what mapping() returns (None for a key not given)."""
    return lambda k: keys.get(k, (None, None))[1]


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    from rapidfuzz import process

    match = process.extractOne(word, list(choices), score_cutoff=60)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _odd_fields(template: str) -> list[str]:
    """The fields of a format string that are more than a name ('{tour.x}', '{a[0]}'),
    nested ones too; none for a string that is no format string (it is shown as written)."""
    odd: list[str] = []
    try:
        for _, name, spec, _ in string.Formatter().parse(template):
            if name is not None and name and not (name.isidentifier() or name.isdigit()):
                odd.append("{" + name + "}")
            if spec:
                odd += _odd_fields(spec)
    except ValueError:  # a lone brace: the text is shown as it is written
        return []
    return odd


def _short_tag(tag: str) -> str:
    """'!!int' for YAML's own tags, the tag as written for any other."""
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag


def _clip(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"
