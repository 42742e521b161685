"""A conversation over a tour: one input in, one Reply out.

The Session holds the little state a guided conversation needs: the last topic (for
follow-up questions), the choices on offer (for "2"), the way back, the place in a
sequence chapter (a testimony, a diary), and which topics were seen. Every input is
read once by the router's analyser into a Query, which commands, small talk and
routing all read. Same inputs in the same order give the same replies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec

from .language import Command, Language, language_of
from .reply import Choice, Intent, Reply, Step, Target, answer_markdown
from .script import Chapter, Node, Tour

if TYPE_CHECKING:  # routing is imported with the router, at the first question
    from .routing import Focus, Query, Route, Router

DEFAULT_NOUN = "story"
"""What a sequence chapter is called when the script names nothing."""

_P = ParamSpec("_P")


def _heard(method: Callable[Concatenate[Session, _P], Reply]) -> Callable[Concatenate[Session, _P], Reply]:
    """Hand the Reply a public method returns to every listener before returning it.

    A listener (the session recorder, for one) sees each turn before any front-end
    shows it, so nothing on screen is missing from the record.
    """

    @wraps(method)
    def wrapper(self: Session, /, *args: _P.args, **kwargs: _P.kwargs) -> Reply:
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
    """Where the reader stands in a sequence chapter."""

    chapter: str
    index: int
    """0-based index of the step last shown."""


@dataclass
class Session:
    """One conversation over a loaded Tour. It needs its router, or a factory that
    builds it at the first question (front-ends pass `tour.cache.router`, the one place
    a router comes from: the English word list and the compiled index)."""

    tour: Tour
    router: Router | None = None
    last: str | None = None
    choices: tuple[Choice, ...] = ()
    history: list[str] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
    sequence: SequencePlace | None = None
    ended: set[str] = field(default_factory=set)
    """The topic chapters whose every topic has been seen (each ends once)."""
    listeners: list[Callable[[Reply], None]] = field(default_factory=list)
    """Called with every Reply, before it is returned (e.g. to record the session)."""
    router_factory: Callable[[Tour], Router] | None = field(default=None, repr=False)
    """Builds the router at the first question (a welcome or a choice needs none)."""
    _busy: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        if self.router is None and self.router_factory is None:
            raise TypeError("a Session needs its router or a router factory (tour.cache.router): "
                            "one built here would not know the English word list")

    def routing(self) -> Router:
        """The router, built by the factory at the first question where none was given."""
        if self.router is None:
            assert self.router_factory is not None  # __post_init__ holds one of the two
            self.router = self.router_factory(self.tour)
        return self.router

    @property
    def language(self) -> Language:
        """The tour's language (the shipped English one where the tour has none)."""
        return language_of(self.tour)

    def say(self, key: str, **values: object) -> str:
        """The guide's sentence `key`, in the tour's language ({tour} is its title)."""
        return self.language.message(key, tour=self.tour.title, **values)

    # -- the public surface --------------------------------------------------------
    @_heard
    def welcome(self) -> Reply:
        """The opening message, with the tour's first choices."""
        choices = tuple(self._node_choice(n) for n in self.tour.start) or self._chapter_choices()
        self.choices = choices
        return Reply("", "chat", self.tour.welcome, intent=Intent.WELCOME, say=self.tour.welcome,
                     choices=choices, content_note=self.tour.content_note)

    @_heard
    def ask(self, text: str) -> Reply:
        """Take one input (a question, a command or a choice number) and reply."""
        q = self.routing().analyse(text)
        if not q.folded and not q.text.strip("?"):
            return self._say(q.text, Intent.EMPTY, self.say("empty"), self.choices)
        if q.choice is not None:
            return self.choose(q.choice, q.text)
        command = q.command
        if command is None and q.asks_next and self.last is not None:
            command = Command.NEXT
        if command is not None:
            return self._commands[command](q.text)
        if q.acknowledges:
            return self._acknowledge(q.text)
        return self._route(q)

    @_heard
    def choose(self, number: int, text: str | None = None) -> Reply:
        """Pick the numbered choice (1-based) of the last reply."""
        text = text if text is not None else str(number)
        if not 1 <= number <= len(self.choices):
            span = (self.say("choices_span", count=len(self.choices)) if self.choices
                    else self.say("no_choices"))
            return self._say(text, Intent.NO_SUCH_CHOICE, self.say("no_such_choice", number=number, span=span),
                             self.choices)
        return self.follow(self.choices[number - 1], text)

    @_heard
    def follow(self, choice: Choice, text: str | None = None) -> Reply:
        """Go where a choice leads."""
        text = choice.label if text is None else text
        target = choice.target
        match target.kind:
            case "next":
                return self._cmd_next(text)
            case "back":
                return self._cmd_back(text)
            case "chapters":
                return self._cmd_chapters(text)
            case "leave":
                return self._cmd_leave(text)
            case "chapter":
                return self.open_chapter(target.id, text)
        return self.goto(target.id, text, intent=Intent.CHOICE)

    @_heard
    def goto(self, node_id: str, text: str = "", *, intent: Intent = Intent.GOTO, score: float = 100.0,
             extra: tuple[Choice, ...] = (), say: str = "", focus: Focus | None = None) -> Reply:
        """Show a node (a topic or a step) as an answer.

        Going to a step of a sequence moves the reader's place there, except for a
        question: a question answered by another step, or by a topic outside the
        sequence, is a detour, and `next` resumes where the reader was.
        """
        node = self.tour.nodes[node_id]
        chapter = self.tour.chapter_of(node_id)
        detour = False
        place = self.sequence
        if chapter.sequence:
            index = chapter.nodes.index(node_id)
            if place is None or (place.chapter == chapter.id and intent not in (Intent.QUESTION, Intent.AGAIN)):
                self.sequence = SequencePlace(chapter.id, index)
            elif place.chapter != chapter.id or index != place.index:
                detour = True
        elif place is not None:
            detour = True
        return self._answer(node, text, intent=intent, score=score, detour=detour, extra=extra, say=say,
                            focus=focus)

    @_heard
    def open_chapter(self, chapter_id: str, text: str = "") -> Reply:
        """Start a chapter at its first node, with its intro."""
        chapter = self.tour.chapter(chapter_id)
        if chapter.sequence:
            self.sequence = None
        reply = self.goto(chapter.nodes[0], text, intent=Intent.CHAPTER)
        if chapter.intro:
            body = f"**{chapter.title}**\n\n{chapter.intro}\n\n{reply.text}"
            reply = replace(reply, text=body, say=f"{chapter.intro}\n\n{reply.say}".strip())
        return reply

    @_heard
    def restart(self) -> Reply:
        """Forget the conversation so far and welcome the reader again."""
        self.last, self.sequence, self.choices = None, None, ()
        self.history.clear()
        self.visited.clear()
        self.ended.clear()
        return self.welcome()

    @property
    def progress(self) -> tuple[int, int]:
        """(topics seen, topics in all)."""
        return len(self.visited), len(self.tour.nodes)

    def noun(self, chapter: Chapter | None = None) -> str:
        """What a sequence chapter calls itself ("testimony"), for the guide's sentences."""
        if chapter is None and self.sequence is not None:
            chapter = self.tour.chapter(self.sequence.chapter)
        if chapter is None:
            chapter = next(iter(self.tour.sequences), None)
        return (chapter.noun if chapter is not None and chapter.noun else DEFAULT_NOUN)

    # -- commands ------------------------------------------------------------------
    @property
    def _commands(self) -> dict[Command, Callable[[str], Reply]]:
        return {Command.NEXT: self._cmd_next, Command.BACK: self._cmd_back, Command.CHAPTERS: self._cmd_chapters,
                Command.RESTART: self._cmd_restart, Command.HELP: self._cmd_help, Command.MORE: self._cmd_more,
                Command.LEAVE: self._cmd_leave}

    def _cmd_next(self, text: str) -> Reply:
        if self.sequence is not None:
            chapter = self.tour.chapter(self.sequence.chapter)
            index = self.sequence.index + 1
            if index >= len(chapter.nodes):
                self.sequence = None
                end = self._say(text, Intent.SEQUENCE_END, self.say("sequence_end", chapter=chapter.title),
                                self._after_sequence_choices(chapter.id))
                return replace(end, chapter=chapter.id, chapter_ended=chapter.id)
            self.sequence.index = index
            return self._answer(self.tour.nodes[chapter.nodes[index]], text, intent=Intent.NEXT)
        following = self._following(self.last)
        if following is None:
            return self._cmd_chapters(text, lead=self.say("end_of_tour"))
        return self.goto(following, text, intent=Intent.NEXT)

    def _cmd_back(self, text: str) -> Reply:
        if self.sequence is not None and self.last in self.tour.chapter(self.sequence.chapter).nodes:
            chapter = self.tour.chapter(self.sequence.chapter)
            if self.sequence.index > 0:
                self.sequence.index -= 1
                return self._answer(self.tour.nodes[chapter.nodes[self.sequence.index]], text,
                                    intent=Intent.BACK, record=False)
            return self._say(text, Intent.BACK, self.say("first_step", noun=self.noun(chapter)), self.choices)
        if len(self.history) < 2:
            return self._say(text, Intent.BACK, self.say("nothing_back"), self.choices)
        self.history.pop()
        previous = self.history.pop()
        return self.goto(previous, text, intent=Intent.BACK)

    def _cmd_chapters(self, text: str, lead: str = "") -> Reply:
        body = lead + self.say("chapters", count=len(self.tour.chapters))
        choices = self._chapter_choices()
        if self.sequence is not None:
            choices = (self._resume_choice(),) + choices
        return self._say(text, Intent.CHAPTERS, body, choices)

    def _cmd_restart(self, text: str) -> Reply:
        reply = self.restart()
        return replace(reply, input=text, intent=Intent.RESTART)

    def _cmd_help(self, text: str) -> Reply:
        return self._say(text, Intent.HELP, self._help(), self.choices)

    def _help(self) -> str:
        """The help: the script's `help` small talk introducing the language's."""
        intent = self.tour.chat_intent("help")
        body = self.say("help", noun=self.noun())
        return f"{intent.say}\n\n{body}" if intent and intent.say else body

    def _acknowledge(self, text: str) -> Reply:
        """"ok", "yes": in a sequence, go on; elsewhere, say what can be done."""
        if self.sequence is not None:
            return self._cmd_next(text)
        return self._say(text, Intent.ACK, self.say("acknowledge"), self.choices)

    def _cmd_more(self, text: str) -> Reply:
        if self.sequence is not None:
            return self._cmd_next(text)
        if self.last is None:
            return self._cmd_chapters(text, lead=self.say("begin"))
        node = self.tour.nodes[self.last]
        for target in node.next:
            if target not in self.visited:
                return self.goto(target, text, intent=Intent.MORE)
        return self._cmd_next(text)

    def _cmd_leave(self, text: str) -> Reply:
        if self.sequence is None:
            return self._say(text, Intent.LEAVE, self.say("leave_nothing"), self._chapter_choices())
        chapter = self.tour.chapter(self.sequence.chapter)
        self.sequence = None
        return self._say(text, Intent.LEAVE, self.say("left", chapter=chapter.title), self._chapter_choices())

    # -- routing -------------------------------------------------------------------
    def _route(self, q: Query) -> Reply:
        """The router's verdict (routing/decision.py), turned into a Reply."""
        from .routing import Decision  # loaded with the router: a session that only shows
        # its welcome, or `tour ask` with nothing to ask, never imports the ranking machinery
        router = self.routing()
        route = router.route(q, last=self.last)
        match route.decision:
            case Decision.CHAT:
                return self._chat(q.text, route)
            case Decision.ANSWER:
                return self._answered(q.text, route)
            case Decision.AGAIN:
                return self._answered(q.text, route, again=True)
            case Decision.ACKNOWLEDGE:
                return self._acknowledge(q.text)
            case Decision.MORE:
                return self._cmd_more(q.text)
            case Decision.CLARIFY:
                return self._clarify(q.text, route)
            case Decision.NOT_EXACTLY:
                return self._not_exactly(q.text, route)
        return self._fallback(q.text, route)

    def _answered(self, text: str, route: Route, *, again: bool = False) -> Reply:
        """A passage that answers, with the router's runners-up offered beside it; a
        follow-up that lands on the passage just shown says so."""
        assert route.best is not None  # an answer has a best candidate
        node = self.tour.nodes[route.best.node]
        extra = tuple(self._node_choice(n) for n in route.choices)
        if again:
            return self.goto(node.id, text, intent=Intent.AGAIN, score=route.confidence, extra=extra,
                             say=self.say("again", topic=node.title), focus=route.focus)
        return self.goto(node.id, text, intent=Intent.QUESTION, score=route.confidence, extra=extra,
                         focus=route.focus)

    def _chat(self, text: str, route: Route) -> Reply:
        intent = self.tour.chat_intent(route.chat or "")
        say = intent.say if intent else ""
        choices = self.choices
        if route.chat == Intent.TOPICS:
            choices = self._chapter_choices()
            say = say + "\n\n" + "\n".join(f"- {c.title}" for c in self.tour.chapters)
        elif route.chat == Intent.HELP:
            say = self._help()
        return self._say(text, Intent(route.chat) if route.chat else Intent.HELLO, say, choices,
                         score=route.confidence)

    def _clarify(self, text: str, route: Route) -> Reply:
        choices = tuple(self._node_choice(n) for n in route.choices)
        self.choices = choices
        body = self.say("clarify")
        return Reply(text, "clarify", body, score=route.confidence, say=body, choices=choices,
                     intent=Intent.CLARIFY, node=None)

    def _not_exactly(self, text: str, route: Route) -> Reply:
        """The text touches the question but does not say it: the guide says so, and
        quotes the nearest passage as what the text does say (a non-answer: kind
        'fallback', the passage in `citations`)."""
        assert route.best is not None  # a partial reply has a nearest passage
        node = self.tour.nodes[route.best.node]
        key = "unanswered" if route.unanswered else "lacks" if route.lacks else "not_exactly"
        say = self.say(key, topic=node.title, need=route.lacks or "")
        citations = self.tour.citations(node, route.focus)
        choices = tuple(self._node_choice(n) for n in route.choices)
        if self.sequence is not None:
            choices = (self._resume_choice(),) + choices
        self.choices = choices
        self.last = node.id  # "and when was that?" leans on the passage just read
        footnote_note = self.say("footnote") if any(c.footnote for c in citations) else ""
        body = answer_markdown(say, citations, "", footnote_note)
        return Reply(text, "fallback", body, node=node.id, score=route.confidence, say=say,
                     citations=citations, choices=choices, title=node.title, chapter=node.chapter,
                     intent=Intent.UNANSWERED if route.unanswered else Intent.NOT_EXACTLY,
                     footnote_note=footnote_note)

    def _fallback(self, text: str, route: Route) -> Reply:
        choices = tuple(self._node_choice(n) for n in route.choices)
        if choices and route.near:
            # Close, but not close enough to answer: most often the first choice is it.
            body = self.say("near_miss")
        elif choices:
            body = self.say("declined")
        else:
            body = self.say("off_topic")
            choices = tuple(self._node_choice(n) for n in self.tour.start) or self._chapter_choices()
        if self.sequence is not None:
            choices = (self._resume_choice(),) + choices
        self.choices = choices
        return Reply(text, "fallback", body, score=route.confidence, say=body, choices=choices,
                     intent=Intent.FALLBACK)

    # -- building replies ----------------------------------------------------------
    def _answer(self, node: Node, text: str, *, intent: Intent, score: float = 100.0,
                detour: bool = False, record: bool = True, extra: tuple[Choice, ...] = (),
                say: str = "", focus: Focus | None = None) -> Reply:
        chapter = self.tour.chapter_of(node.id)
        step = None
        if chapter.sequence:
            step = Step(chapter.id, chapter.nodes.index(node.id) + 1, len(chapter.nodes))
        citations = self.tour.citations(node, focus)
        choices: list[Choice] = []
        if detour and self.sequence is not None:
            choices.append(self._resume_choice())
        elif step is not None and step.index < step.total:
            following = self.tour.nodes[chapter.nodes[step.index]].title
            choices.append(Choice(self.say("next_choice", topic=following), Target.NEXT))
        choices += [self._node_choice(n) for n in node.next if n != node.id]
        choices += [c for c in extra if c not in choices and c.target != node.id]
        if step is not None and not detour:
            choices.append(Choice(self.say("leave_choice", chapter=chapter.title), Target.LEAVE))
        self.choices = tuple(dict.fromkeys(choices))
        self.last = node.id
        self.visited.add(node.id)
        if record:
            self.history.append(node.id)
        spoken = "\n\n".join(part for part in (say, node.say) if part)
        footnote_note = self.say("footnote") if any(c.footnote for c in citations) else ""
        body = answer_markdown(spoken, citations, node.after, footnote_note)
        return Reply(
            input=text, kind="answer", text=body, node=node.id,
            score=score, say=spoken, after=node.after, citations=citations, choices=self.choices,
            intent=Intent.DETOUR if detour else intent, title=node.title, chapter=chapter.id,
            step=step, detour=detour, content_note=node.content_note,
            chapter_ended=self._topics_end(chapter), footnote_note=footnote_note,
        )

    def _topics_end(self, chapter: Chapter) -> str | None:
        """The id of a topic chapter whose topics have all been seen now, the first time."""
        if chapter.sequence or chapter.id in self.ended or not set(chapter.nodes) <= self.visited:
            return None
        self.ended.add(chapter.id)
        return chapter.id

    def _say(self, text: str, intent: Intent, body: str, choices: tuple[Choice, ...],
             score: float = 0.0) -> Reply:
        self.choices = tuple(choices)
        return Reply(text, "chat", body, say=body, choices=self.choices, intent=intent, score=score)

    def _node_choice(self, node_id: str) -> Choice:
        return Choice(self.tour.nodes[node_id].title, Target.node(node_id))

    def _chapter_choices(self) -> tuple[Choice, ...]:
        return tuple(Choice(c.title, Target.chapter(c.id)) for c in self.tour.chapters)

    def _resume_choice(self) -> Choice:
        seq = self.sequence
        assert seq is not None  # offered only in a sequence
        chapter = self.tour.chapter(seq.chapter)
        return Choice(self.say("resume_choice", chapter=chapter.title,
                               step=min(seq.index + 2, len(chapter.nodes)), total=len(chapter.nodes)),
                      Target.NEXT)

    def _after_sequence_choices(self, chapter_id: str) -> tuple[Choice, ...]:
        ids = [c.id for c in self.tour.chapters]
        i = ids.index(chapter_id)
        rest = [c for c in self._chapter_choices() if c.target != Target.chapter(chapter_id)]
        return tuple(rest[i:] + rest[:i])

    def _following(self, node_id: str | None) -> str | None:
        """The node after this one in reading order (chapters, then nodes)."""
        order = [n for c in self.tour.chapters for n in c.nodes]
        if node_id is None:
            return order[0] if order else None
        i = order.index(node_id)
        return order[i + 1] if i + 1 < len(order) else None
