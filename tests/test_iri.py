import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.errors import KGraphError
from kgraph.iri import Minter, article_id, slug
from tests.factories import sample_extraction


def test_minting_is_deterministic_and_uses_the_base():
    m = Minter("http://example.org/kg")
    assert m.actor("a1", "Marco Rubio") == "http://example.org/kg/actor/a1/marco-rubio"
    assert m.actor("a1", "Marco Rubio") == Minter("http://example.org/kg/").actor("a1", "marco-rubio")


def test_base_from_environment(monkeypatch):
    monkeypatch.setenv("KGRAPH_BASE", "urn:test:")
    assert Minter().place("Geneva") == "urn:test:place/geneva"


def test_invalid_base_is_refused():
    with pytest.raises(KGraphError):
        Minter("not a base <iri>")


def test_actors_and_events_are_minted_per_article():
    """Identity across articles is a judgement (kgraph.resolve), never an IRI
    collision: the same event and actor in two articles get two IRIs."""
    event = sample_extraction().events[0]
    m = Minter("http://x/")
    assert m.event("article-a", event.key) != m.event("article-b", event.key)
    assert m.actor("article-a", "Marco Rubio") != m.actor("article-b", "Marco Rubio")
    assert m.is_member(m.event("article-a", event.key))
    assert not m.is_member(m.canonical("event", "talks", m.event("article-a", event.key)))


def test_canonical_iris_depend_on_the_first_member_only():
    m = Minter("http://x/")
    assert m.canonical("actor", "Marco Rubio", "http://x/actor/a/marco-rubio") == m.canonical(
        "actor", "Marco Rubio", "http://x/actor/a/marco-rubio")
    assert m.canonical("actor", "Marco Rubio", "http://x/actor/a/marco-rubio") != m.canonical(
        "actor", "Marco Rubio", "http://x/actor/b/marco-rubio")


def test_article_id_depends_on_text_only():
    assert article_id("same") == article_id("same") != article_id("other")


@given(st.text())
def test_hostile_names_give_valid_iris(name):
    iri = Minter("http://x/").actor("a1", name)
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert slug(name) == slug(name)
    assert all(c.isalnum() or c == "-" for c in slug(name))
