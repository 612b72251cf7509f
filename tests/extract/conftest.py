"""Fixtures for extraction tests: the real spaCy model, loaded once per session."""

from __future__ import annotations

import datetime as dt

import pytest

from kgraph.extract import Extractor
from kgraph.iri import article_id
from kgraph.model import Article, Extraction

PUBLISHED = dt.date(2025, 11, 30)  # a Sunday


def make_article(body: str, published: dt.date | None = PUBLISHED) -> Article:
    """An article file with front matter, so body offsets are not zero."""
    head = f"---\ntitle: Test article\npublished: {published}\n---\n"
    text = head + body
    return Article(
        id=article_id(text), text=text, title="Test article", published=published,
        offset=len(head),
    )


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    ex = Extractor(gazetteer=True)
    ex.nlp  # load once  # noqa: B018
    return ex


@pytest.fixture(scope="session")
def plain_extractor(extractor: Extractor) -> Extractor:
    """Without the known-actors gazetteer (shares the loaded model)."""
    ex = Extractor(gazetteer=False, model=extractor.model)
    ex._nlp = extractor.nlp
    return ex


@pytest.fixture(scope="session")
def run(extractor: Extractor):
    """``run(body, published=...)`` -> Extraction, checking every evidence offset."""

    def _run(body: str, published: dt.date | None = PUBLISHED, ex: Extractor | None = None):
        art = make_article(body, published)
        x = (ex or extractor).extract(art)
        check_offsets(x)
        return x

    return _run


def check_offsets(x: Extraction) -> None:
    text = x.article.text
    evs = [ev for a in x.actors.values() for ev in a.evidence]
    evs += [ev for p in x.places.values() for ev in p.evidence]
    evs += [ev for p in x.positions for ev in p.evidence]
    evs += [ev for e in x.events for ev in e.evidence]
    evs += [ev for r in x.relations for ev in r.evidence]
    for ev in evs:
        assert text[ev.start : ev.end] == ev.sentence
        assert 0.0 <= ev.confidence <= 1.0


def actor_by_label(x: Extraction, label: str):
    hits = [a for a in x.actors.values() if a.label == label]
    assert hits, f"no actor {label!r} in {[a.label for a in x.actors.values()]}"
    return hits[0]


def events_of(x: Extraction, etype: str):
    return [e for e in x.events if e.type == etype]
