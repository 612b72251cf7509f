"""Plain data passed between stages: what an article says, before it is RDF.

Extraction produces an :class:`Extraction`; :mod:`kgraph.rdf` turns it into quads.
Actors, places and events are referred to by *key*: a normalised name (see
:func:`kgraph.iri.slug`) that :mod:`kgraph.iri` turns into an IRI.

>>> ev = Evidence(sentence="Rubio met Umerov.", start=0, end=17, confidence=0.8)
>>> ev.end - ev.start
17
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kgraph.schema import EVENT_TYPES, PREDICATES

__all__ = [
    "EVENT_TYPES",
    "PREDICATES",
    "Actor",
    "ActorType",
    "Article",
    "DatePrecision",
    "Event",
    "EventType",
    "Evidence",
    "Extraction",
    "Participant",
    "Place",
    "Position",
    "Predicate",
    "Relation",
    "Role",
]

# The names these stand for are defined once, in kgraph's schema
# (:mod:`kgraph.schema`): ``EVENT_TYPES``, ``PREDICATES`` and its other listings.
#: An actor type name (``schema().actor_types``).
ActorType = str
#: An event type name (``EVENT_TYPES``).
EventType = str
#: A participant's role in an event (``schema().roles``).
Role = str
#: A relation predicate, the gold format's name (``PREDICATES``).
Predicate = str
#: How precise an event's date is (``schema().date_precisions``).
DatePrecision = str


@dataclass(frozen=True)
class Article:
    """One source text. ``body`` is the text after the front matter; ``offset`` is
    where the body starts in the file, so evidence offsets point into the file.

    >>> Article(id="ab12", text="Hi.", title="T", published=None).body
    'Hi.'
    """

    id: str
    text: str
    title: str
    published: dt.date | None
    source: str | None = None
    path: str | None = None
    offset: int = 0

    @property
    def body(self) -> str:
        return self.text[self.offset :]


@dataclass(frozen=True)
class Evidence:
    """The sentence that states a fact: ``start``/``end`` are character offsets of the
    sentence in the article file (``Article.text``); ``mention`` is the wording used."""

    sentence: str
    start: int
    end: int
    confidence: float
    mention: str | None = None


@dataclass
class Actor:
    """A person, organisation, country or group named in the article."""

    key: str
    label: str
    type: ActorType
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Place:
    """A named place; ``within`` is the key of the place that contains it."""

    key: str
    label: str
    aliases: set[str] = field(default_factory=set)
    within: str | None = None
    wikidata: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Position:
    """A title an article gives an actor ("Secretary of State")."""

    actor: str
    title: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Participant:
    """An actor's part in an event."""

    actor: str
    role: Role = "participant"


@dataclass
class Event:
    """Something that happened or is planned. ``key`` is unique within the article."""

    key: str
    type: EventType
    label: str
    participants: list[Participant] = field(default_factory=list)
    place: str | None = None
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    planned: bool = False
    quote: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def actor_keys(self) -> list[str]:
        return [p.actor for p in self.participants]


@dataclass
class Relation:
    """``subject predicate object``; subject and object are actor, place or event keys."""

    subject: str
    predicate: Predicate
    object: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one article. ``fingerprint`` identifies what the
    extraction ran with (extractor version, lexicon hash, model); ``min_confidence``
    is the threshold below which facts were left out."""

    article: Article
    extractor: str
    version: str
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    positions: list[Position] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    fingerprint: str | None = None
    min_confidence: float | None = None
