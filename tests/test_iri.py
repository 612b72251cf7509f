import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.errors import KGraphError
from kgraph.iri import Minter, article_id, slug
from tests.factories import sample_extraction


def test_minting_is_deterministic_and_uses_the_base():
    m = Minter("http://example.org/kg")
    assert m.actor("Marco Rubio") == "http://example.org/kg/actor/marco-rubio"
    assert m.actor("Marco Rubio") == Minter("http://example.org/kg/").actor("marco-rubio")


def test_base_from_environment(monkeypatch):
    monkeypatch.setenv("KGRAPH_BASE", "urn:test:")
    assert Minter().place("Geneva") == "urn:test:place/geneva"


def test_invalid_base_is_refused():
    with pytest.raises(KGraphError):
        Minter("not a base <iri>")


def test_events_with_day_and_place_are_shared_across_articles():
    event = sample_extraction().events[0]
    m = Minter("http://x/")
    assert m.event(event, "article-a") == m.event(event, "article-b")
    undated = sample_extraction().events[1]
    assert m.event(undated, "article-a") != m.event(undated, "article-b")


def test_article_id_depends_on_text_only():
    assert article_id("same") == article_id("same") != article_id("other")


@given(st.text())
def test_hostile_names_give_valid_iris(name):
    iri = Minter("http://x/").actor(name)
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert slug(name) == slug(name)
    assert all(c.isalnum() or c == "-" for c in slug(name))


def test_statements_in_one_place_on_one_day_by_different_speakers_are_two_events():
    import datetime as dt

    from kgraph.model import Event, Participant

    def statement(speaker):
        return Event("s", "Statement", "said", [Participant(speaker, "speaker")], place="berlin",
                     date=dt.date(2025, 12, 15), date_precision="day")

    m = Minter("http://x/")
    assert m.event(statement("merz"), "a1") != m.event(statement("zelensky"), "a1")
    assert m.event(statement("merz"), "a1") == m.event(statement("merz"), "a2")
