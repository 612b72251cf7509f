"""The typed, frozen values the extraction stages pass on (see
:mod:`kgraph.extract.pipeline`). A stage reads one of these and returns the next; none
is changed after it is made, so no stage can alter what another produced.

>>> from kgraph.model import Article
>>> s = Sentence(0, 0, 3, 10, 27, "Rubio met Umerov.", False, 0)
>>> s.evidence(0.8, "met").start
10
>>> m = Mention(0, 1, 10, 15, "Rubio", 0, "Person", "Rubio", frozenset({"ner"}))
>>> m.confidence()
0.65
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from kgraph.model import Article, Evidence


@dataclass(frozen=True)
class Sentence:
    """One sentence: tokens ``[tok_start, tok_end)`` of the doc; ``start``/``end`` are
    offsets into ``Article.text``. ``skip``: a headline, byline, credit or caption,
    which gives no facts."""

    index: int
    tok_start: int
    tok_end: int
    start: int
    end: int
    text: str
    headline: bool
    paragraph: int
    skip: bool = False

    def evidence(self, confidence: float, mention: str | None = None) -> Evidence:
        return Evidence(
            sentence=self.text, start=self.start, end=self.end,
            confidence=round(min(max(confidence, 0.0), 1.0), 2), mention=mention,
        )


@dataclass(frozen=True)
class Parsed:
    """Stage ``segment``: the article, its spaCy ``Doc`` (over the body) and its
    sentences, with the tokens inside quotations."""

    article: Article
    doc: Any
    sentences: tuple[Sentence, ...]
    sent_of: tuple[int, ...]  # token index -> sentence index
    quoted: frozenset[int]

    @property
    def base(self) -> int:
        return self.article.offset

    def char(self, token_i: int) -> int:
        return self.base + self.doc[token_i].idx

    def span(self, sentence: Sentence | int) -> Any:
        s = self.sentences[sentence] if isinstance(sentence, int) else sentence
        return self.doc[s.tok_start : s.tok_end]

    def sentence_of(self, token_i: int) -> Sentence:
        return self.sentences[self.sent_of[token_i]]


@dataclass(frozen=True)
class Mention:
    """A name in the text: tokens ``[i, j)``, offsets ``start``/``end`` in
    ``Article.text``; ``name`` is what resolution clusters on (a country's canonical
    name for "Ukrainian"); ``kind`` an actor type or ``Place``; ``key`` is set by the
    ``actors`` stage."""

    i: int
    j: int
    start: int
    end: int
    text: str
    sent: int
    kind: str
    name: str
    cues: frozenset[str] = frozenset()
    title: str | None = None
    key: str | None = None

    def confidence(self) -> float:
        """More agreeing cues, more confidence."""
        score = 0.45
        score += 0.2 if "ner" in self.cues else 0.0
        score += 0.25 if "gazetteer" in self.cues else 0.0
        score += 0.2 if "lexicon" in self.cues else 0.0
        score += 0.1 if {"title", "pattern", "propagated"} & self.cues else 0.0
        score -= 0.1 if "relabelled" in self.cues else 0.0
        return round(min(score, 0.98), 2)

    def but(self, **changes: Any) -> Mention:
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Mentions:
    """Stage ``mentions``: every name found, sorted by position."""

    parsed: Parsed
    items: tuple[Mention, ...]


@dataclass(frozen=True)
class Cluster:
    """Mentions that name one actor or place."""

    kind: str
    key: str
    label: str
    mentions: tuple[Mention, ...]
    wikidata: str | None = None
    within: str | None = None  # places: the containing place's name
    country: str | None = None  # people: the country the gazetteer says they serve


@dataclass(frozen=True)
class Entities:
    """Stage ``actors``: mentions with keys, clustered into actors and places."""

    parsed: Parsed
    mentions: tuple[Mention, ...]
    clusters: tuple[Cluster, ...]


@dataclass(frozen=True)
class Frame:
    """What one sentence (or a merged group of sentences) says about one event:
    its trigger, participants with roles, place and date candidates, status cues."""

    type: str
    trigger: int
    sents: tuple[int, ...]
    anchors: frozenset[int]
    participants: tuple[tuple[str, str], ...] = ()  # (actor key, role)
    places: tuple[tuple[str, int], ...] = ()  # (key, score)
    dates: tuple[tuple[dt.date, str, int], ...] = ()  # (date, precision, strength)
    planned: bool = False
    quotes: tuple[str, ...] = ()
    definite: bool = False
    distinct: bool = False
    evidence_sents: tuple[tuple[int, str], ...] = ()  # (sentence, trigger wording)
    cues: frozenset[str] = frozenset()  # what licensed the frame (see assemble)
    occasions: frozenset[int] = frozenset()  # nouns it happened at ("said at the signing")

    def roles(self) -> dict[str, str]:
        return dict(self.participants)

    def speaker(self) -> str | None:
        return next((a for a, r in self.participants if r == "speaker"), None)

    def but(self, **changes: Any) -> Frame:
        return replace(self, **changes)


@dataclass(frozen=True)
class Delegation:
    """One sentence's report of who led or joined a country's delegation."""

    sent: int
    country: str | None
    heads: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    tokens: frozenset[int] = frozenset()
    visit_to: str | None = None


@dataclass(frozen=True)
class Fact:
    """A relation cue: ``subject predicate object`` read in one sentence."""

    subject: str
    predicate: str
    object: str
    sent: int
    mention: str
    confidence: float


@dataclass(frozen=True)
class Frames:
    """Stage ``events``: the event frames of each sentence, and what delegation
    reports say about the people in them."""

    entities: Entities
    per_sentence: tuple[tuple[Frame, ...], ...]
    facts: tuple[Fact, ...] = ()  # relations read off delegations
    serves: tuple[tuple[str, str], ...] = ()  # (person, country) from delegations


@dataclass(frozen=True)
class Happenings:
    """Stage ``assemble``: one frame per happening in the article, with its chosen
    place and date, and the relations events imply (a call's parties in contact)."""

    frames: Frames
    events: tuple[Frame, ...]
    implied: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Position:
    """A title an article gives an actor, read in one sentence."""

    actor: str
    title: str
    sent: int
    mention: str
    confidence: float


@dataclass(frozen=True)
class Relations:
    """Stage ``relations``: positions and relation cues."""

    happenings: Happenings
    positions: tuple[Position, ...]
    facts: tuple[Fact, ...]
