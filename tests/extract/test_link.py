"""Cross-article linking: one actor, one IRI, whatever the spelling of each article."""

from __future__ import annotations

import datetime as dt

from conftest import make_article
from kgraph.extract.link import KnownActor, key_from_iri, known_from, link_across
from kgraph.model import (
    Actor,
    Article,
    Event,
    Extraction,
    Participant,
    Position,
    Relation,
)

KNOWN = [
    KnownActor("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "Person", {"Zelenskyy"}),
    KnownActor("steve-witkoff", "Steve Witkoff", "Person", {"Witkoff"}),
    KnownActor("ukraine", "Ukraine", "Country", {"Ukrainian"}),
    KnownActor("anna-koval", "Anna Koval", "Person"),
    KnownActor("petro-koval", "Petro Koval", "Person"),
]


def _extraction(*actors: Actor) -> Extraction:
    x = Extraction(Article("a1", "", "t", dt.date(2025, 12, 1)), "kgraph.extract", "0")
    for a in actors:
        x.actors[a.key] = a
    return x


def test_transliteration_and_surname_link_to_known_keys():
    x = _extraction(
        Actor("volodymyr-zelensky", "Volodymyr Zelensky", "Person", {"Zelensky"}),
        Actor("witkoff", "Witkoff", "Person"),
        Actor("ukraine", "Ukraine", "Country"),
    )
    x.positions.append(Position("volodymyr-zelensky", "President"))
    x.events.append(Event("e1", "Meeting", "Meeting", [
        Participant("volodymyr-zelensky"), Participant("witkoff")]))
    x.relations.append(Relation("volodymyr-zelensky", "leads", "ukraine"))
    mapping = link_across(x, KNOWN)
    assert mapping == {"volodymyr-zelensky": "volodymyr-zelenskyy", "witkoff": "steve-witkoff"}
    assert set(x.actors) == {"volodymyr-zelenskyy", "steve-witkoff", "ukraine"}
    z = x.actors["volodymyr-zelenskyy"]
    assert z.label == "Volodymyr Zelenskyy" and "Volodymyr Zelensky" in z.aliases
    assert x.positions[0].actor == "volodymyr-zelenskyy"
    assert x.events[0].actor_keys() == ["volodymyr-zelenskyy", "steve-witkoff"]
    assert (x.relations[0].subject, x.relations[0].object) == ("volodymyr-zelenskyy", "ukraine")


def test_ambiguous_surname_and_other_types_are_not_linked():
    x = _extraction(
        Actor("koval", "Koval", "Person"),  # two known Kovals
        Actor("witkoff", "Witkoff", "Organization"),  # a type that does not agree
        Actor("maria-witkowska", "Maria Witkowska", "Person"),  # another person
    )
    assert link_across(x, KNOWN) == {}
    assert set(x.actors) == {"koval", "witkoff", "maria-witkowska"}


def test_two_local_actors_that_are_one_known_actor_merge():
    x = _extraction(
        Actor("steve-witkoff", "Steve Witkoff", "Person"),
        Actor("steven-witkoff", "Steven Witkoff", "Person"),
    )
    x.events.append(Event("e1", "Call", "Call", [
        Participant("steve-witkoff"), Participant("steven-witkoff")]))
    x.relations.append(Relation("steven-witkoff", "in_contact_with", "steve-witkoff"))
    link_across(x, KNOWN)
    assert list(x.actors) == ["steve-witkoff"]
    assert "Steven Witkoff" in x.actors["steve-witkoff"].aliases
    assert x.events[0].actor_keys() == ["steve-witkoff"]
    assert x.relations == []  # a relation of an actor with itself says nothing


def test_helpers():
    assert key_from_iri("https://kgraph.example/id/actor/steve-witkoff") == "steve-witkoff"
    x = _extraction(Actor("a-b", "A B", "Person", {"B"}))
    assert known_from(x) == [KnownActor("a-b", "A B", "Person", {"B"})]


def _actor_iris(kg, label_part: str) -> set[str]:
    rows = kg.query(text=(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "PREFIX schema: <https://schema.org/> "
        "SELECT DISTINCT ?a WHERE { GRAPH ?g { ?a a schema:Person ; skos:prefLabel ?l } "
        f'FILTER(CONTAINS(?l, "{label_part}")) }}'
    ))
    return {r["a"] for r in rows.dicts()}


def test_api_links_articles_naming_one_person_differently(plain_extractor):
    """Two ingest calls and one batch: "Serhiy Marchenko", "Sergiy Marchenko" and a bare
    "Marchenko" are one IRI (no gazetteer involved: these names are in no list)."""
    from kgraph.api import KGraph

    first = make_article("Finance Minister Serhiy Marchenko met donors in Kyiv on Friday.\n")
    second = make_article("Sergiy Marchenko said on Saturday that the budget was safe.\n")
    third = make_article("Marchenko told reporters on Sunday that aid would arrive.\n")
    with KGraph.open("memory") as kg:
        kg._extractor = plain_extractor
        kg.ingest([first])
        kg.ingest([second, third])
        iris = _actor_iris(kg, "Marchenko")
        assert len(iris) == 1, iris
        assert next(iter(iris)).endswith("/actor/serhiy-marchenko")
