"""kgraph sorts the embedded store's solutions itself for a final ORDER BY
(kgraph.ordering): every stored query must come out in the order Oxigraph's own
ORDER BY gives, with the same rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode

from kgraph.ordering import sort_rows, split_order

XSD = "http://www.w3.org/2001/XMLSchema#"


def _keys(rows, columns, keys):
    out = []
    for row in rows:
        d = dict(zip(columns, row, strict=True))
        out.append(tuple(("" if d[k] is None else str(d[k])) for k, _, _ in keys))
    return out


@pytest.mark.parametrize("name", ["events", "who-met-whom", "relations", "positions", "actor-events",
                                  "connected-actors", "event-participants", "event-reports", "evidence"])
def test_stored_queries_come_out_as_oxigraph_orders_them(ingested_store: Path, name: str) -> None:
    from kgraph.api import KGraph, _select
    from kgraph.output import from_result

    with KGraph.open(str(ingested_store), read_only=True) as kg:
        query = kg.queries()[name]
        params = {p.name: "Umerov" for p in query.params if p.required}
        sparql = query.bind(params)
        order = split_order(sparql)
        assert order is not None, "a stored query's ORDER BY is one kgraph sorts"
        ours = _select(kg.store, sparql, union=True)
        engine = from_result(kg.store.query(sparql, union=True))
    assert ours.columns == engine.columns
    assert sorted(map(repr, ours.rows)) == sorted(map(repr, engine.rows))
    assert _keys(ours.rows, ours.columns, order[1]) == _keys(engine.rows, engine.columns, order[1])
    if name in ("events", "who-met-whom", "relations"):
        assert len(ours.rows) > 3  # (something to order)


def test_sparql_order_of_terms() -> None:
    """Unbound first, then blank nodes, IRIs, literals; numbers by value; DESC; ties
    in the order given."""
    rows = [[Literal("10", datatype=NamedNode(XSD + "integer")), 1],
            [Literal("9", datatype=NamedNode(XSD + "integer")), 2],
            [None, 3],
            [Literal("9", datatype=NamedNode(XSD + "integer")), 4]]
    assert [r[1] for r in sort_rows(["x", "y"], rows, [("x", False, False)])] == [3, 2, 4, 1]
    assert [r[1] for r in sort_rows(["x", "y"], rows, [("x", True, False)])] == [1, 2, 4, 3]
    mixed = [[Literal("a")], [NamedNode("http://x/a")], [BlankNode("b")]]
    assert [type(r[0]).__name__ for r in sort_rows(["x"], mixed, [("x", False, False)])] == \
        ["BlankNode", "NamedNode", "Literal"]


def test_what_it_cannot_order_is_left_to_the_engine() -> None:
    numbers_and_strings = [[Literal("a")], [Literal("1", datatype=NamedNode(XSD + "integer"))]]
    assert sort_rows(["x"], numbers_and_strings, [("x", False, False)]) is None
    tagged = [[Literal("a", language="en")]]
    assert sort_rows(["x"], tagged, [("x", False, False)]) is None
    assert split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY LCASE(?a)") is None
    assert split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a OFFSET 2") is None
    assert split_order("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a } }") is None
