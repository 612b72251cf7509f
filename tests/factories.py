"""Hand-built extractions for tests of the stages after extraction."""

from __future__ import annotations

import datetime as dt

from kgraph.model import (
    Actor,
    Event,
    Evidence,
    Extraction,
    Participant,
    Place,
    Position,
    Relation,
)
from kgraph.sources import parse_article

TEXT = """---
title: Envoys meet in Geneva
published: 2025-11-24
source: test
---
Secretary of State Marco Rubio met Rustem Umerov in Geneva on Sunday.
Rubio said: "We made progress."
"""


def ev(article, sentence: str, confidence: float = 0.9, mention: str | None = None) -> Evidence:
    start = article.text.index(sentence)
    return Evidence(sentence, start, start + len(sentence), confidence, mention)


def sample_extraction(text: str = TEXT) -> Extraction:
    """Two actors, a country, a place, a meeting, a statement, a position, two relations."""
    article = parse_article(text, "geneva.txt", "geneva.txt")
    s1 = "Secretary of State Marco Rubio met Rustem Umerov in Geneva on Sunday."
    s2 = 'Rubio said: "We made progress."'
    x = Extraction(article, "kgraph.extract", "0.1.0")
    x.actors["marco-rubio"] = Actor(
        "marco-rubio", "Marco Rubio", "Person", {"Rubio", "Marco Rubio"}, "Q324546",
        [ev(article, s1, 0.95, "Marco Rubio")],
    )
    x.actors["rustem-umerov"] = Actor(
        "rustem-umerov", "Rustem Umerov", "Person", {"Umerov"}, None,
        [ev(article, s1, 0.9, "Rustem Umerov")],
    )
    x.actors["ukraine"] = Actor("ukraine", "Ukraine", "Country", {"Ukrainian"}, "Q212",
                                [ev(article, s1, 0.6)])
    x.places["geneva"] = Place("geneva", "Geneva", set(), None, None, [ev(article, s1, 0.9)])
    x.positions.append(Position("marco-rubio", "Secretary of State", [ev(article, s1)]))
    x.events.append(
        Event(
            "meeting-1", "Meeting", "Meeting in Geneva",
            [Participant("marco-rubio", "head_of_delegation"), Participant("rustem-umerov", "participant")],
            place="geneva", date=dt.date(2025, 11, 23), date_precision="day",
            evidence=[ev(article, s1, 0.85)],
        )
    )
    x.events.append(
        Event(
            "statement-1", "Statement", "Rubio: We made progress.",
            [Participant("marco-rubio", "speaker")],
            quote="We made progress.", evidence=[ev(article, s2, 0.8)],
        )
    )
    x.relations.append(Relation("rustem-umerov", "represents", "ukraine", [ev(article, s1, 0.7)]))
    x.relations.append(Relation("rustem-umerov", "located_in", "geneva", [ev(article, s1, 0.5)]))
    return x


TEXT2 = """---
title: Second report on Geneva
published: 2025-11-25
---
Secretary of State Marco Rubio met Rustem Umerov in Geneva on Sunday.
Rubio said: "We made progress."
Later reports added detail.
"""


def sample_store(location: str = "memory"):
    """A KGraph holding the sample extraction of two articles that report one meeting,
    resolved across the two (one meeting, one Rubio)."""
    from kgraph.api import KGraph
    from kgraph.rdf import to_quads

    kg = KGraph.open(location, base="http://x/")
    for text in (TEXT, TEXT2):
        x = sample_extraction(text)
        kg.store.replace_graph(kg.minter.graph(x.article.id), to_quads(x, kg.minter))
        kg.identity.add([kg.minter.graph(x.article.id)])
    return kg
