"""The listings that take an optional name (``who-met-whom``, ``positions``) read a
named actor's rows from its key instead of filtering the whole listing (issue 12):
with a name, they give exactly the rows of the whole listing whose actor the name
denotes, also after an analyst rejected a participation and a position."""

from __future__ import annotations

from pathlib import Path

from kgraph.api import KGraph
from kgraph.names import norm


def _denoted(kg: KGraph, name: str) -> set[str]:
    """The labels of the real-world actors whose keys include the name's (read here
    with a query of its own, not the stored ones)."""
    key = norm(name).replace('"', "")
    rows = kg.query(text=f'SELECT ?l WHERE {{ GRAPH ?i {{ ?c a kg:Canonical ; kg:key|kg:partKey "{key}" ; '
                         "skos:prefLabel ?l } }")
    return {r["l"] for r in rows.dicts()}


def _rows(kg: KGraph, name: str, params: dict[str, str]) -> list[tuple]:
    return sorted(map(tuple, kg.query(name, params).rows), key=repr)


def _check(kg: KGraph) -> int:
    checked = 0
    for extra in ({}, {"all": "true"}):
        listing = kg.query("who-met-whom", extra).dicts()
        names = {r[k] for r in listing for k in ("actor1", "actor2")}
        for name in sorted(names | {n.split()[-1] for n in names}):
            labels = _denoted(kg, name)
            expected = sorted((tuple(r.values()) for r in listing
                               if r["actor1"] in labels or r["actor2"] in labels), key=repr)
            assert _rows(kg, "who-met-whom", {**extra, "actor": name}) == expected, name
            checked += bool(expected)
    listing = kg.query("positions").dicts()
    for name in sorted({r["holder"] for r in listing}):
        labels = _denoted(kg, name)
        expected = sorted((tuple(r.values()) for r in listing if r["holder"] in labels), key=repr)
        assert expected and _rows(kg, "positions", {"actor": name}) == expected, name
        checked += 1
    return checked


def test_a_name_gives_the_rows_of_the_whole_listing_it_denotes(ingested_store: Path) -> None:
    with KGraph.open(str(ingested_store), read_only=True) as kg:
        assert _check(kg) > 10
        assert kg.query("who-met-whom", {"actor": "nobody at all"}).rows == []
        assert kg.query("positions", {"actor": "nobody at all"}).rows == []


def test_the_same_after_rejects(store_copy: Path) -> None:
    with KGraph.open(str(store_copy)) as kg:
        part = kg.query(text="SELECT ?f WHERE { GRAPH ?g { ?m a kg:Meeting ; kg:participation ?p . "
                             "?p kg:factId ?f } } ORDER BY ?f LIMIT 1").rows[0][0]
        post = kg.query(text="SELECT ?f WHERE { GRAPH ?g { ?a org:holds ?p . ?p kg:factId ?f } } "
                             "ORDER BY ?f LIMIT 1").rows[0][0]
        before = (kg.query("who-met-whom", {"all": "true"}).rows, kg.query("positions").rows)
        c = kg.curator()
        c.reject(part)
        c.reject(post)
        after = (kg.query("who-met-whom", {"all": "true"}).rows, kg.query("positions").rows)
        assert after[0] != before[0] and len(after[1]) == len(before[1]) - 1
        assert _check(kg) > 10
