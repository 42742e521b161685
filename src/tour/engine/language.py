"""A language: the words and sentences the tour needs for any text written in it.

Everything English the engine knows comes from data, `tour/lang/en.yaml` (function
words, kinds of question, command words, small talk, the guide's sentences) and
`tour/lang/lexicon-en.yaml` (everyday synonyms, phone spellings, irregular forms),
read by the loader and turned into a Language here. A script may add to it or
override it; see `Language.merged`.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .files import read_text, split_lines
from .script import ChatIntent

if TYPE_CHECKING:
    from .script import Tour

# libyaml's loader where it is built in: ten times faster, with the same node marks.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LanguageError(ValueError):
    """A language file that does not have the shape described in en.yaml."""


class Command(StrEnum):
    """The navigation commands a language names phrases for (its `commands:`)."""

    NEXT = "next"
    BACK = "back"
    CHAPTERS = "chapters"
    RESTART = "restart"
    HELP = "help"
    MORE = "more"
    LEAVE = "leave"


def _words(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(value.split())
    return frozenset(str(v) for v in value)


def _phrases(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


@dataclass(frozen=True)
class Need:
    """A kind of question only a passage of a certain look answers: `asks` (patterns on
    the question) make a question one, `holds` (on the passage) say what answers it."""

    id: str
    name: str
    """As the guide says it: "a year"."""
    asks: tuple[re.Pattern[str], ...]
    holds: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Language:
    """What the engine knows of one language. Built by `parse_language`."""

    code: str
    stop_words: frozenset[str]
    """Function words: no topic."""
    weak_words: frozenset[str] = frozenset()
    """Words that say what kind of thing is asked for ("name", "year"): half weight."""
    greeting_words: frozenset[str] = frozenset()
    partings: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Chat intent -> words that thank or take leave wherever they stand ("thanks", "bye")."""
    kinds: tuple[tuple[str, str], ...] = ()
    """(phrase, kind) pairs: " how many " -> "count"."""
    anaphora: frozenset[str] = frozenset()
    other_words: frozenset[str] = frozenset()
    later_words: frozenset[str] = frozenset()
    next_words: frozenset[str] = frozenset()
    commands: Mapping[Command, frozenset[str]] = field(default_factory=dict)
    """Command -> the phrases that give it."""
    courtesy: frozenset[str] = frozenset()
    acknowledgements: frozenset[str] = frozenset()
    question_words: frozenset[str] = frozenset()
    request_words: frozenset[str] = frozenset()
    """Words that ask for something without a question word ("tell", "explain")."""
    auxiliaries: frozenset[str] = frozenset()
    """Words that, first, make a question of an input ("were they kept apart")."""
    guide_words: frozenset[str] = frozenset()
    """Words that speak to the guide ("you")."""
    self_words: frozenset[str] = frozenset()
    """Words of a reader speaking of themselves ("I", "my")."""
    introductions: tuple[str, ...] = ()
    """How a reader introduces themselves ("i am", "my name is"), folded."""
    chat: tuple[ChatIntent, ...] = ()
    messages: Mapping[str, str] = field(default_factory=dict)
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(term, variants): the shared lexicon."""
    spellings: Mapping[str, str] = field(default_factory=dict)
    forms: Mapping[str, str] = field(default_factory=dict)
    offtopic: tuple[str, ...] = ()
    """Questions off the subject of any one text, to calibrate declining."""
    answers: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    """Kind of question -> what its answer looks like in a sentence ("when": a year)."""
    needs: tuple[Need, ...] = ()
    """Questions only a passage of a certain look answers ("in what year ...?")."""
    reactions: tuple[re.Pattern[str], ...] = ()
    """Inputs that react to what was read and ask nothing ("that's so sad"), folded;
    a `word` group must be an adjective by the language's table of parts of speech."""

    def parting(self, words: Iterable[str]) -> str | None:
        """The chat intent (a goodbye first, then thanks: the `partings` order) one of
        the words says wherever it stands ("..., thank you so much"), if any."""
        said = set(words)
        return next((intent for intent, own in self.partings.items() if said & own), None)

    def reacts(self, folded: str) -> bool:
        """Whether a (folded) input only reacts to what was read ("that is impressive",
        "yeah that makes sense"): not "that road", not "it was 1949". (The analyser
        asks only of an input that is no question: "it was dangerous?" asks.)"""
        for pattern in self.reactions:
            found = pattern.fullmatch(folded)
            if found is not None:
                word = found.groupdict().get("word")
                if word is None or parts_of_speech(self.code).get(word, "n")[:1] == "a":
                    return True
        return False

    def lacks(self, question: str, passage: str) -> Need | None:
        """What the question asks for that the passage holds nothing like ("in what year
        ...?" of a passage with no year), if anything."""
        for need in self.needs:
            if any(p.search(question) for p in need.asks) and not any(p.search(passage) for p in need.holds):
                return need
        return None

    def answer_kinds(self, sentence: str) -> frozenset[str]:
        """The kinds of question a sentence holds an answer to, by its look."""
        return frozenset(kind for kind, patterns in self.answers.items()
                         if any(p.search(sentence) for p in patterns))

    def message(self, key: str, **values: object) -> str:
        """The guide's sentence `key`, filled in ("There is no choice {number} ...");
        a value not given is left as written. Given a `count`, the sentence `key_COUNT`
        is taken where the language has one ("choices_span_2": "1 and 2", where
        "choices_span" says "1 to {count}")."""
        counted = f"{key}_{values['count']}" if "count" in values else ""
        return _fill(self.messages.get(counted) or self.messages.get(key, ""), values)

    def command_of(self, phrase: str) -> Command | None:
        """The command a whole (folded) phrase gives, if any."""
        return self._command_index.get(phrase)

    @property
    def _command_index(self) -> dict[str, Command]:
        index = self.__dict__.get("_commands_by_phrase")
        if index is None:
            index = {p: name for name, phrases in self.commands.items() for p in phrases}
            object.__setattr__(self, "_commands_by_phrase", index)
        return index

    def merged(self, *, chat: tuple[ChatIntent, ...] = (), messages: Mapping[str, str] | None = None,
               values: Mapping[str, str] | None = None) -> Language:
        """This language with a script's small talk and sentences laid over it.

        A script's chat intent adds its examples to the language's intent of the same
        id and replaces its `say`; the others stay. `values` ({title}, {source}, {by}) are filled into the small
        talk now; the guide's sentences are filled in where they are used.
        """
        values = dict(values or {})
        own = {c.id: c for c in chat}
        intents = []
        for c in self.chat:
            mine = own.pop(c.id, None)
            if mine is None:
                intents.append(c)
            else:  # the script's examples join the language's; its `say` replaces
                examples = tuple(dict.fromkeys((*mine.examples, *c.examples)))
                intents.append(replace(mine, examples=examples, say=mine.say or c.say))
        intents += list(own.values())
        filled = tuple(replace(c, say=_fill(c.say, values)) for c in intents)
        text = {**self.messages, **(messages or {})}
        return replace(self, chat=filled, messages=text)


class _Partial(dict[str, object]):
    """Leaves unknown {fields} as they are, for filling in later."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, values: Mapping[str, object]) -> str:
    try:
        return template.format_map(_Partial(values))
    except (IndexError, ValueError):
        return template


def parse_language(data: Mapping[str, Any], lexicon: Mapping[str, Any] | None = None,
                   offtopic: str = "") -> Language:
    """A Language from the parsed YAML of a language file and its lexicon."""
    if not isinstance(data, Mapping) or "stop_words" not in data:
        raise LanguageError("a language file needs at least 'code' and 'stop_words'")
    lexicon = lexicon or {}
    kinds = tuple(
        (f" {phrase} ", kind)
        for kind, phrases in (data.get("kinds") or {}).items() for phrase in _phrases(phrases)
    )
    commands = {}
    for name, p in (data.get("commands") or {}).items():
        try:
            commands[Command(str(name))] = frozenset(_phrases(p))
        except ValueError:
            known = ", ".join(c.value for c in Command)
            raise LanguageError(f"'commands' names an unknown command {name!r} (the commands are: {known})") from None
    chat = tuple(
        ChatIntent(str(item["id"]), _phrases(item.get("examples")), str(item.get("say", "")).strip())
        for item in data.get("chat") or ()
    )
    synonyms = tuple((str(term), _phrases(variants))
                     for term, variants in (lexicon.get("synonyms") or {}).items())
    return Language(
        code=str(data.get("code", "")),
        stop_words=_words(data.get("stop_words")),
        weak_words=_words(data.get("weak_words")),
        greeting_words=_words(data.get("greeting_words")),
        partings={str(k): _words(v) for k, v in (data.get("partings") or {}).items()},
        kinds=kinds,
        anaphora=_words(data.get("anaphora")),
        other_words=_words(data.get("other_words")),
        later_words=_words(data.get("later_words")),
        next_words=_words(data.get("next_words")),
        commands=commands,
        courtesy=_words(data.get("courtesy")),
        acknowledgements=_words(data.get("acknowledgements")),
        question_words=_words(data.get("question_words")),
        request_words=_words(data.get("request_words")),
        auxiliaries=_words(data.get("auxiliaries")),
        guide_words=_words(data.get("guide_words")),
        self_words=_words(data.get("self_words")),
        introductions=tuple(f"{p} " for p in _phrases(data.get("introductions"))),
        chat=chat,
        messages={str(k): str(v).strip() for k, v in (data.get("messages") or {}).items()},
        synonyms=synonyms,
        spellings={str(k): str(v) for k, v in (lexicon.get("spellings") or {}).items()},
        forms={str(k): str(v) for k, v in (lexicon.get("forms") or {}).items()},
        offtopic=tuple(line.strip() for line in split_lines(offtopic) if line.strip()),
        answers=_answers(data.get("answers")),
        needs=_needs(data.get("needs")),
        reactions=_patterns(data.get("reactions"), "reactions"),
    )


def _answers(value: Any) -> dict[str, tuple[re.Pattern[str], ...]]:
    """The `answers:` patterns, compiled (LanguageError for one that is not a regular expression)."""
    return {str(kind): _patterns(patterns, f"answers: {kind}") for kind, patterns in (value or {}).items()}


def _needs(value: Any) -> tuple[Need, ...]:
    """The `needs:` entries, their patterns compiled to ignore case."""
    out = []
    for need, entry in (value or {}).items():
        if not isinstance(entry, dict) or not entry.get("asks") or not entry.get("holds"):
            raise LanguageError(f"'needs: {need}' must give `name`, `asks` and `holds`")
        out.append(Need(str(need), str(entry.get("name") or need),
                        _patterns(entry["asks"], f"needs: {need}: asks", re.IGNORECASE),
                        _patterns(entry["holds"], f"needs: {need}: holds", re.IGNORECASE)))
    return tuple(out)


def _patterns(value: Any, where: str, flags: int = 0) -> tuple[re.Pattern[str], ...]:
    """Regular expressions, compiled (LanguageError for one that is not one)."""
    compiled = []
    for pattern in _phrases(value):
        try:
            compiled.append(re.compile(pattern, flags))
        except re.error as exc:
            raise LanguageError(f"'{where}' has a pattern that is not a regular expression "
                                f"({pattern!r}: {exc})") from None
    return tuple(compiled)


def language_files(code: str = "en") -> list[Path]:
    """The files behind a language (tour/lang/), for caches to watch."""
    folder = importlib.resources.files("tour.lang")
    names = (f"{code}.yaml", f"lexicon-{code}.yaml", f"offtopic-{code}.txt", f"related-{code}.txt")
    return [Path(str(folder / name)) for name in names]


@lru_cache(maxsize=2)
def related_words(code: str = "en") -> dict[str, tuple[str, ...]]:
    """The language's related-words table (tools/related_words.py made it from WordNet):
    stem -> the stems said the same way in other words or forms, then, marked "~", those
    one step more or less general. Empty for a language without one. Read at a router's
    build, never at a question."""
    table = {}
    for line in _table_lines(language_files(code)[3]):
        stem, *related = line.split()
        table[stem] = tuple(related)
    return table


@lru_cache(maxsize=2)
def parts_of_speech(code: str = "en") -> dict[str, str]:
    """The language's table of parts of speech (tools/make_pos_table.py made it from
    WordNet): word -> its parts as letters, most likely first ("a" adjective, "n" noun
    ...); a word it does not list is a noun. Empty for a language without one. Read on
    first use."""
    out = {}
    for line in _table_lines(Path(str(importlib.resources.files("tour.lang") / f"pos-{code}.txt"))):
        word, letters = line.split(" ")
        out[word] = letters
    return out


def _table_lines(path: Path) -> Iterator[str]:
    """The data lines of a table shipped with a language (none where it has no such
    table): blank lines and `#` comments left out."""
    if path.is_file():
        yield from (line for line in split_lines(read_text(path, "language file"))
                    if line and not line.startswith("#"))


def language_of(tour: Tour) -> Language:
    """The language a tour speaks: its own, or the shipped English one where it has none
    (a tour built in code rather than loaded)."""
    return tour.language if tour.language is not None else english_language()


@lru_cache(maxsize=4)
def english_language(code: str = "en") -> Language:
    """The language files shipped with the package, parsed (read once per process)."""
    data, lexicon, offtopic = (read_text(path, "language file") for path in language_files(code)[:3])
    return parse_language(yaml.load(data, Loader=YAML_LOADER), yaml.load(lexicon, Loader=YAML_LOADER),
                          offtopic)
