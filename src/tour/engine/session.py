"""A conversation over a tour: one input in, one Reply out.

The Session holds the little state a guided conversation needs: the last topic (for
follow-up questions), the choices on offer (for "2"), the way back, the place in a
sequence chapter (the testimony), and which topics were seen. Same inputs in the same
order give the same replies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TYPE_CHECKING

from .reply import FOOTNOTE_NOTE, Choice, Citation, Reply, Step, quote_block
from .script import Node, Tour
from .text import fold

if TYPE_CHECKING:  # the router (and rapidfuzz) load with the first question
    from .router import Route, Router

# Navigation words, matched on the whole (folded) input.
COMMANDS = {
    "next": {"next", "n", "continue", "go on", "carry on", "keep going", "next step", "go ahead",
             "resume", "then what", "what next", "and then", "what happened next",
             "what happened then", "what happened after that", "and after that", "what then",
             "next please", "ok next", "okay next", "forward", "onward", "more of the story"},
    "back": {"back", "b", "go back", "previous", "prev", "last", "step back", "previous step"},
    "chapters": {"chapters", "chapter", "menu", "contents", "table of contents", "map", "index",
                 "list chapters", "show chapters", "chapter list", "show me the chapters"},
    "restart": {"restart", "start over", "start again", "begin again", "reset", "from the top"},
    "help": {"help", "h", "?", "commands", "what can i type", "instructions"},
    "more": {"more", "tell me more", "go on about that", "say more", "more please", "and",
             "anything else", "what else", "more about that", "tell me more about that",
             "keep talking", "expand", "elaborate", "details", "more details"},
    "leave": {"stop", "leave", "exit", "quit testimony", "leave the testimony", "stop the testimony",
              "skip", "escape", "enough"},
}
_COMMAND_OF = {phrase: name for name, phrases in COMMANDS.items() for phrase in phrases}
_COURTESY = frozenset("ok okay thanks thank you so much very great cool interesting nice wow "
                      "alright right fine good well please yes yeah yep sure".split())
_ACK = frozenset("ok okay k alright right fine good so well yes yeah yep sure hmm mhm i see".split())
"""Words that only acknowledge ("ok", "yes"): they ask nothing of the text."""


def _command_in(key: str) -> str | None:
    """The command a folded input gives, after any courtesy before or after it
    ("thanks, tell me more", "ok next please")."""
    words = key.split()
    start, end = 0, len(words)
    while start < end and " ".join(words[start:end]) not in _COMMAND_OF and words[start] in _COURTESY:
        start += 1
    while start < end and " ".join(words[start:end]) not in _COMMAND_OF and words[end - 1] in _COURTESY:
        end -= 1
    return _COMMAND_OF.get(" ".join(words[start:end])) if start < end else None


NEAR_MISS = 10.0
"""Points below `routing.clarify` from which a declined question is called a near miss."""
_NUMBER = re.compile(r"^\s*#?\s*(\d{1,3})\s*[.)]?\s*$")
_NEXT_WORDS = {"next", "then", "after", "later", "afterward", "afterwards"}

HELP_TEXT = (
    "Ask anything about the article in your own words, or pick a numbered choice by "
    "typing its number.\n\n"
    "- `next` goes on (through the testimony, or to the next topic), `back` returns\n"
    "- `more` follows the current topic further\n"
    "- `chapters` lists the chapters, `restart` starts again, `help` shows this"
)


def _heard(method):
    """Hand the Reply a public method returns to every listener before returning it.

    A listener (the session recorder, for one) sees each turn before any front-end
    shows it, so nothing on screen is missing from the record.
    """

    @wraps(method)
    def wrapper(self: "Session", *args, **kwargs) -> Reply:
        outermost = not self._busy
        self._busy = True
        try:
            reply = method(self, *args, **kwargs)
        finally:
            if outermost:
                self._busy = False
        if outermost:
            for listener in self.listeners:
                listener(reply)
        return reply

    return wrapper


@dataclass
class SequencePlace:
    """Where the reader stands in a sequence chapter (the testimony)."""

    chapter: str
    index: int
    """0-based index of the step last shown."""


@dataclass
class Session:
    """One conversation. Create it with a loaded Tour (and, to share it, a Router)."""

    tour: Tour
    router: Router | None = None
    last: str | None = None
    choices: tuple[Choice, ...] = ()
    history: list[str] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
    sequence: SequencePlace | None = None
    listeners: list[Callable[[Reply], None]] = field(default_factory=list)
    """Called with every Reply, before it is returned (e.g. to record the session)."""
    _busy: bool = field(default=False, repr=False)

    def routing(self) -> Router:
        """The router, built at the first question (a welcome or a choice needs none)."""
        if self.router is None:
            from .router import Router

            self.router = Router(self.tour)
        return self.router

    # -- the public surface --------------------------------------------------------
    @_heard
    def welcome(self) -> Reply:
        """The opening message, with the tour's first choices."""
        choices = tuple(self._node_choice(n) for n in self.tour.start) or self._chapter_choices()
        self.choices = choices
        return Reply("", "chat", self.tour.welcome, intent="welcome", say=self.tour.welcome,
                     choices=choices, content_note=self.tour.content_note)

    @_heard
    def ask(self, text: str) -> Reply:
        """Take one input (a question, a command or a choice number) and reply."""
        text = _clean(text)
        key = fold(text)
        if not key and not text.strip("?"):
            return self._say(text, "empty", "Type a question about the article, or `help` to see "
                             "what you can do.", self.choices)
        number = _NUMBER.match(text)
        if number:
            return self.choose(int(number.group(1)), text)
        command = _command_in(key) or _COMMAND_OF.get(text.strip().lower())
        if command is None and self._asks_for_next(key):
            command = "next"
        if command:
            return getattr(self, f"_cmd_{command}")(text)
        if key and all(w in _ACK for w in key.split()):
            return self._acknowledge(text)
        return self._route(text)

    @_heard
    def choose(self, number: int, text: str | None = None) -> Reply:
        """Pick the numbered choice (1-based) of the last reply."""
        text = text if text is not None else str(number)
        if not 1 <= number <= len(self.choices):
            span = f"1 to {len(self.choices)}" if self.choices else "none right now"
            return self._say(text, "no-such-choice",
                             f"There is no choice {number} (the choices are {span}). "
                             "Ask a question, or type `chapters`.", self.choices)
        return self.follow(self.choices[number - 1], text)

    @_heard
    def follow(self, choice: Choice, text: str | None = None) -> Reply:
        """Go where a choice leads."""
        text = choice.label if text is None else text
        target = choice.target
        if target == "@next":
            return self._cmd_next(text)
        if target == "@back":
            return self._cmd_back(text)
        if target == "@chapters":
            return self._cmd_chapters(text)
        if target == "@leave":
            return self._cmd_leave(text)
        if target.startswith("@chapter:"):
            return self.open_chapter(target.split(":", 1)[1], text)
        return self.goto(target, text, intent="choice")

    @_heard
    def goto(self, node_id: str, text: str = "", *, intent: str = "goto", score: float = 100.0,
             extra: tuple[Choice, ...] = ()) -> Reply:
        """Show a node (a topic or a step) as an answer."""
        node = self.tour.nodes[node_id]
        chapter = self.tour.chapter_of(node_id)
        detour = False
        if chapter.sequence:
            index = chapter.nodes.index(node_id)
            if self.sequence is None or self.sequence.chapter == chapter.id:
                self.sequence = SequencePlace(chapter.id, index)
            else:
                detour = True
        elif self.sequence is not None:
            detour = True
        return self._answer(node, text, intent=intent, score=score, detour=detour, extra=extra)

    @_heard
    def open_chapter(self, chapter_id: str, text: str = "") -> Reply:
        """Start a chapter at its first node, with its intro."""
        chapter = self.tour.chapter(chapter_id)
        if chapter.sequence:
            self.sequence = None
        reply = self.goto(chapter.nodes[0], text, intent="chapter")
        if chapter.intro:
            body = f"**{chapter.title}**\n\n{chapter.intro}\n\n{reply.text}"
            reply = _replace(reply, text=body, say=f"{chapter.intro}\n\n{reply.say}".strip())
        return reply

    @_heard
    def restart(self) -> Reply:
        self.last, self.sequence, self.choices = None, None, ()
        self.history.clear()
        self.visited.clear()
        return self.welcome()

    @property
    def progress(self) -> tuple[int, int]:
        """(topics seen, topics in all)."""
        return len(self.visited), len(self.tour.nodes)

    # -- commands ------------------------------------------------------------------
    def _cmd_next(self, text: str) -> Reply:
        if self.sequence is not None:
            chapter = self.tour.chapter(self.sequence.chapter)
            index = self.sequence.index + 1
            if index >= len(chapter.nodes):
                self.sequence = None
                end = self._say(text, "sequence-end",
                                f"That is the end of **{chapter.title}**. Ask anything, or choose "
                                "where to go next.", self._after_sequence_choices(chapter.id))
                return _replace(end, chapter=chapter.id)
            self.sequence.index = index
            return self._answer(self.tour.nodes[chapter.nodes[index]], text, intent="next")
        following = self._following(self.last)
        if following is None:
            return self._cmd_chapters(text, lead="You have reached the end of the tour. ")
        return self.goto(following, text, intent="next")

    def _cmd_back(self, text: str) -> Reply:
        if self.sequence is not None and self.last in self.tour.chapter(self.sequence.chapter).nodes:
            chapter = self.tour.chapter(self.sequence.chapter)
            if self.sequence.index > 0:
                self.sequence.index -= 1
                return self._answer(self.tour.nodes[chapter.nodes[self.sequence.index]], text,
                                    intent="back", record=False)
            return self._say(text, "back", "This is the first step of the testimony.", self.choices)
        if len(self.history) < 2:
            return self._say(text, "back", "There is nothing to go back to yet.", self.choices)
        self.history.pop()
        previous = self.history.pop()
        return self.goto(previous, text, intent="back")

    def _cmd_chapters(self, text: str, lead: str = "") -> Reply:
        lines = [f"{lead}The tour has {len(self.tour.chapters)} chapters:"]
        choices = self._chapter_choices()
        if self.sequence is not None:
            choices = (self._resume_choice(),) + choices
        return self._say(text, "chapters", "\n".join(lines), choices)

    def _cmd_restart(self, text: str) -> Reply:
        reply = self.restart()
        return _replace(reply, input=text, intent="restart")

    def _cmd_help(self, text: str) -> Reply:
        intent = self.tour.chat_intent("help")
        body = f"{intent.say}\n\n{HELP_TEXT}" if intent else HELP_TEXT
        return self._say(text, "help", body, self.choices)

    def _acknowledge(self, text: str) -> Reply:
        """"ok", "yes": in the testimony, go on; elsewhere, say what can be done."""
        if self.sequence is not None:
            return self._cmd_next(text)
        return self._say(text, "ack", "Ask another question, type `more` to follow this topic, "
                         "or pick one of the choices.", self.choices)

    def _cmd_more(self, text: str) -> Reply:
        if self.sequence is not None:
            return self._cmd_next(text)
        if self.last is None:
            return self._cmd_chapters(text, lead="Let's begin somewhere. ")
        node = self.tour.nodes[self.last]
        for target in node.next:
            if target not in self.visited:
                return self.goto(target, text, intent="more")
        return self._cmd_next(text)

    def _cmd_leave(self, text: str) -> Reply:
        if self.sequence is None:
            return self._say(text, "leave", "Ask anything, or pick a chapter.", self._chapter_choices())
        chapter = self.tour.chapter(self.sequence.chapter)
        self.sequence = None
        return self._say(text, "leave", f"We have left **{chapter.title}**. Ask anything about the "
                         "article, or pick a chapter.", self._chapter_choices())

    # -- routing -------------------------------------------------------------------
    def _route(self, text: str) -> Reply:
        route = self.routing().route(text, last=self.last)
        if route.decision == "chat":
            return self._chat(text, route)
        if route.decision == "answer":
            best = route.candidates[0]
            rivals = tuple(
                self._node_choice(c.node) for c in route.candidates[1:3]
                if best.score - c.score <= self.tour.routing.margin / 2 and c.node != best.node
            )
            return self.goto(best.node, text, intent="question", score=best.score, extra=rivals)
        if route.elsewhere and self.last is not None:
            return self._cmd_more(text)  # "what else did they build?": the topic's next step
        if route.decision == "clarify":
            return self._clarify(text, route)
        return self._fallback(text, route)

    def _chat(self, text: str, route: Route) -> Reply:
        intent = self.tour.chat_intent(route.chat or "")
        say = intent.say if intent else ""
        choices = self.choices
        if route.chat == "topics":
            choices = self._chapter_choices()
            say = say + "\n\n" + "\n".join(f"- {c.title}" for c in self.tour.chapters)
        elif route.chat == "help":
            say = f"{say}\n\n{HELP_TEXT}"
        return self._say(text, route.chat or "chat", say, choices, score=route.chat_score)

    def _clarify(self, text: str, route: Route) -> Reply:
        top = route.candidates[0].score
        close = [c for c in route.candidates if top - c.score <= self.tour.routing.margin][:3]
        choices = tuple(self._node_choice(c.node) for c in close)
        self.choices = choices
        body = "I can answer that in more than one way. Which did you mean?"
        return Reply(text, "clarify", body, score=top, say=body, choices=choices,
                     intent="clarify", node=None)

    def _fallback(self, text: str, route: Route) -> Reply:
        near = [c.node for c in route.candidates if c.score > 0][:3]
        choices = tuple(self._node_choice(n) for n in near)
        if near and route.unanswered:
            # A question the author foresaw: the text is silent on it, near a topic it has.
            title = self.tour.nodes[near[0]].title
            body = (f"The article does not say, as far as I can tell. Its passage on *{title}* "
                    "comes nearest, but it does not answer that. These passages come closest:")
        elif near and route.candidates[0].score >= self.tour.routing.clarify - NEAR_MISS:
            # Close, but not close enough to answer: most often the first choice is it.
            body = ("I am not sure the article answers that. These passages come closest; "
                    "the first may be what you are looking for:")
        elif near:
            body = ("The article does not answer that, as far as I can tell. "
                    "These passages come closest:")
        else:
            body = (f"The article does not cover that. This tour is about {self.tour.title}; "
                    "here are good places to start:")
            choices = tuple(self._node_choice(n) for n in self.tour.start) or self._chapter_choices()
        if self.sequence is not None:
            choices = (self._resume_choice(),) + choices
        self.choices = choices
        score = route.candidates[0].score if route.candidates else 0.0
        return Reply(text, "fallback", body, score=score, say=body, choices=choices,
                     intent="unanswered" if route.unanswered else "fallback")

    # -- building replies ----------------------------------------------------------
    def _answer(self, node: Node, text: str, *, intent: str, score: float = 100.0,
                detour: bool = False, record: bool = True, extra: tuple[Choice, ...] = ()) -> Reply:
        chapter = self.tour.chapter_of(node.id)
        step = None
        if chapter.sequence:
            step = Step(chapter.id, chapter.nodes.index(node.id) + 1, len(chapter.nodes))
        citations = tuple(self._citation(q) for q in node.quotes)
        choices: list[Choice] = []
        if detour and self.sequence is not None:
            choices.append(self._resume_choice())
        elif step is not None and step.index < step.total:
            choices.append(Choice(f"Next: {self.tour.nodes[chapter.nodes[step.index]].title}", "@next"))
        choices += [self._node_choice(n) for n in node.next if n != node.id]
        choices += [c for c in extra if c not in choices]
        if step is not None and not detour:
            choices.append(Choice(f"Leave {chapter.title}", "@leave"))
        self.choices = tuple(dict.fromkeys(choices))
        self.last = node.id
        self.visited.add(node.id)
        if record:
            self.history.append(node.id)
        return Reply(
            input=text, kind="answer", text=_markdown(node, citations), node=node.id, score=score,
            say=node.say, after=node.after, citations=citations, choices=self.choices,
            intent="detour" if detour else intent, title=node.title, chapter=chapter.id,
            step=step, detour=detour, content_note=node.content_note,
        )

    def _say(self, text: str, intent: str, body: str, choices: tuple[Choice, ...],
             score: float = 0.0) -> Reply:
        self.choices = tuple(choices)
        return Reply(text, "chat", body, say=body, choices=self.choices, intent=intent, score=score)

    def _citation(self, quote) -> Citation:
        info = self.tour.source.info
        return Citation(quote.text, quote.paragraph, quote.section, quote.start, quote.end,
                        info.title, info.publisher, info.url, quote.footnote, quote.voice)

    def _node_choice(self, node_id: str) -> Choice:
        return Choice(self.tour.nodes[node_id].title, node_id)

    def _chapter_choices(self) -> tuple[Choice, ...]:
        return tuple(Choice(c.title, f"@chapter:{c.id}") for c in self.tour.chapters)

    def _resume_choice(self) -> Choice:
        seq = self.sequence
        chapter = self.tour.chapter(seq.chapter)
        return Choice(f"Resume {chapter.title} (step {min(seq.index + 2, len(chapter.nodes))} "
                      f"of {len(chapter.nodes)})", "@next")

    def _after_sequence_choices(self, chapter_id: str) -> tuple[Choice, ...]:
        ids = [c.id for c in self.tour.chapters]
        i = ids.index(chapter_id)
        rest = [c for c in self._chapter_choices() if c.target != f"@chapter:{chapter_id}"]
        return tuple(rest[i:] + rest[:i])

    def _following(self, node_id: str | None) -> str | None:
        """The node after this one in reading order (chapters, then nodes)."""
        order = [n for c in self.tour.chapters for n in c.nodes]
        if node_id is None:
            return order[0] if order else None
        i = order.index(node_id)
        return order[i + 1] if i + 1 < len(order) else None

    def _asks_for_next(self, key: str) -> bool:
        """'what happened to him next?': a request to go on, not a new topic."""
        words = set(key.split())
        if not words & _NEXT_WORDS or self.last is None:
            return False
        words = self.routing().understand(key)
        return not words or set(words) <= {"next"}


def _markdown(node: Node, citations: tuple[Citation, ...]) -> str:
    parts = [node.say] if node.say else []
    for c in citations:
        parts.append(quote_block(c.quote, c.label()))
        if c.footnote:
            parts.append(f"*{FOOTNOTE_NOTE}*")
    if node.after:
        parts.append(node.after)
    return "\n\n".join(parts)


def _clean(text: str) -> str:
    """Drop control characters (terminal escapes among them); keep all printable text."""
    return "".join(ch for ch in text if ch.isprintable() or ch in " \t").strip()


def _replace(reply: Reply, **changes) -> Reply:
    from dataclasses import replace

    return replace(reply, **changes)
