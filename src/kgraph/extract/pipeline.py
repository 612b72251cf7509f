"""The extraction pipeline: one ordered list of named stages (like spaCy's
``pipe_names``), each a pure function from the frozen output of the stage before to
its own frozen output (:mod:`kgraph.extract.types`):

``segment`` (sentences, headlines, credits, quotations) -> ``mentions`` (NER, lexicon,
gazetteer, rules) -> ``actors`` (actors and places, aliases, outlets dropped) ->
``events`` (triggers with their sense and arguments, participants and roles,
modality and status) -> ``dates`` (each event's own date phrase) -> ``assemble`` (one
node per happening) -> ``relations`` (positions and relations) -> ``finish`` (model
objects with evidence and confidence, above the minimum confidence).

>>> pipe_names()
['segment', 'mentions', 'actors', 'events', 'dates', 'assemble', 'relations', 'finish']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kgraph.extract import DEFAULT_MIN_CONFIDENCE, NAME, VERSION
from kgraph.extract.lexicon import Lexicon, load_lexicon
from kgraph.extract.stages.actors import actors
from kgraph.extract.stages.assemble import assemble
from kgraph.extract.stages.dates import dates
from kgraph.extract.stages.events import events
from kgraph.extract.stages.mentions import mentions
from kgraph.extract.stages.relations import relations
from kgraph.extract.stages.segment import mask_datelines, segment
from kgraph.model import Article, Extraction


@dataclass(frozen=True)
class Stage:
    """A named stage: ``run(value, lexicon) -> next value``."""

    name: str
    run: Callable[[Any, Lexicon], Any]


#: The stages between the parsed article and the last one, in order.
STAGES: tuple[Stage, ...] = (
    Stage("mentions", mentions),
    Stage("actors", actors),
    Stage("events", events),
    Stage("dates", dates),
    Stage("assemble", assemble),
    Stage("relations", relations),
)


def pipe_names() -> list[str]:
    """The names of the stages, in order."""
    return ["segment", *(s.name for s in STAGES), "finish"]


class Extractor:
    """Turns articles into :class:`~kgraph.model.Extraction` objects.

    ``gazetteer`` switches the known actors and places on or off (the English
    lexicons are always used); ``model`` names a spaCy pipeline (default:
    :func:`kgraph.extract.nlp.default_model_name`), loaded at first use;
    facts under ``min_confidence`` are not kept.

    >>> ex = Extractor(gazetteer=False)
    >>> ex.gazetteer, ex.min_confidence == DEFAULT_MIN_CONFIDENCE
    (False, True)
    """

    name = NAME
    version = VERSION

    def __init__(self, gazetteer: bool = True, model: str | None = None,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> None:
        self.gazetteer = gazetteer
        self.model = model
        self.min_confidence = min_confidence
        self._nlp: Any = None
        self._fingerprint: tuple[tuple[str, bool, float], str] | None = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from kgraph.extract.nlp import load

            self._nlp = load(self.model)
        return self._nlp

    @property
    def lexicon(self) -> Lexicon:
        return load_lexicon(self.gazetteer)

    @property
    def model_name(self) -> str:
        from kgraph.extract.nlp import default_model_name

        return self.model or default_model_name()

    @property
    def fingerprint(self) -> str:
        """What the output depends on: version, resources, model, settings (hashed once
        per extractor and settings, not once per article)."""
        from kgraph.extract.fingerprint import fingerprint

        key = (self.model_name, self.gazetteer, self.min_confidence)
        if self._fingerprint is None or self._fingerprint[0] != key:
            self._fingerprint = key, fingerprint(key[0], gazetteer=key[1], min_confidence=key[2])
        return self._fingerprint[1]

    def extract(self, article: Article) -> Extraction:
        """Extract one article."""
        return self.run(article, self.nlp(mask_datelines(article.body)))

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Extraction]:
        """Extract many articles with one model and batched parsing."""
        pending: list[Article] = []
        for art in articles:
            pending.append(art)
            if len(pending) >= batch_size:
                yield from self._batch(pending, batch_size)
                pending = []
        if pending:
            yield from self._batch(pending, batch_size)

    def _batch(self, arts: list[Article], batch_size: int) -> Iterator[Extraction]:
        docs = self.nlp.pipe((mask_datelines(a.body) for a in arts), batch_size=batch_size)
        for art, doc in zip(arts, docs, strict=True):
            yield self.run(art, doc)

    def run(self, article: Article, doc: Any, *, upto: str | None = None) -> Any:
        """Run the stages over a parsed body (a real or hand-built ``Doc``); with
        ``upto``, stop after that stage and return its output."""
        from kgraph.extract.stages.finish import finish

        lex = self.lexicon
        value: Any = segment(article, doc, lex)
        if upto == "segment":
            return value
        for stage in STAGES:
            value = stage.run(value, lex)
            if upto == stage.name:
                return value
        return finish(value, lex, name=self.name, version=self.version,
                      min_confidence=self.min_confidence, fingerprint=self.fingerprint)
