"""Store-level network analysis: project, measure, explain, write back.

Sits between the store and the pure functions of :mod:`kgraph.analysis`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kgraph.analysis import betweenness_sample, explain_path, rank_actors
from kgraph.errors import KGraphError
from kgraph.project import actor_graph, bipartite
from kgraph.store import GraphStore

__all__ = ["Analysis", "analyze", "find_actor", "metrics_quads", "path"]


@dataclass
class Analysis:
    """Ranked actors plus what the reader must know about how they were measured."""

    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    actors: int = 0
    edges: int = 0


def analyze(store: GraphStore, *, seed: int = 0) -> Analysis:
    """Rank the actors of the actor-actor projection."""
    G = actor_graph(bipartite(store))
    rows = rank_actors(G, seed=seed)
    notes = []
    sample = betweenness_sample(G)
    if sample:
        notes.append(f"betweenness estimated from {sample} sampled sources "
                     f"({G.number_of_nodes()} actors)")
    return Analysis(rows, notes, G.number_of_nodes(), G.number_of_edges())


def find_actor(G: nx.Graph, name: str) -> Any:
    """The node whose label, alias or surname is ``name`` (any case); one-line errors
    when there is none or several.

    >>> G = nx.Graph()
    >>> G.add_node("x", label="Steve Witkoff", aliases=["Witkoff"], kind="actor")
    >>> find_actor(G, "steve witkoff"), find_actor(G, "WITKOFF")
    ('x', 'x')
    """
    from kgraph.names import look_up_keys, norm, part_keys

    want = norm(name)  # as the stored queries find a name: its key, a whole name's or a part's
    exact, surname = [], []
    for n, d in G.nodes(data=True):
        names = [d.get("label") or "", *(d.get("aliases") or [])]
        if want in look_up_keys(names):
            exact.append(n)
        elif want in part_keys(names, "actor"):
            surname.append(n)
    found = exact or surname
    if not found:
        raise KGraphError(f"no actor named {name!r} in the graph")
    if len(found) > 1:
        labels = ", ".join(sorted(G.nodes[n].get("label", str(n)) for n in found))
        raise KGraphError(f"{name!r} names several actors ({labels}); be more precise")
    return found[0]


def path(store: GraphStore, source: str, target: str) -> list[dict[str, Any]]:
    """How two actors (by name, alias or surname) are connected: the shortest chain,
    each hop with its events and relations, their dates and evidence."""
    G = actor_graph(bipartite(store))
    a, b = find_actor(G, source), find_actor(G, target)
    if a == b:
        raise KGraphError(f"{source!r} and {target!r} are the same actor")
    try:
        hops = explain_path(G, a, b)
    except nx.NetworkXNoPath:
        raise KGraphError(f"no chain of events or relations links {source!r} and {target!r}") from None
    for hop in hops:
        hop["from_label"] = G.nodes[hop["from"]].get("label", hop["from"])
        hop["to_label"] = G.nodes[hop["to"]].get("label", hop["to"])
    return hops


def metrics_quads(rows: list[dict[str, Any]], graph: str) -> list:
    """The metrics as quads in their own named graph, for SPARQL."""
    from pyoxigraph import Literal, NamedNode, Quad

    from kgraph.namespace import KG, XSD

    g = NamedNode(graph)
    quads = []

    def lit(value: Any, dtype: Any) -> Literal:
        return Literal(str(value), datatype=NamedNode(str(dtype)))

    for r in rows:
        node = NamedNode(r["id"])
        quads += [
            Quad(node, NamedNode(str(KG.degree)), lit(r["degree"], XSD.integer), g),
            Quad(node, NamedNode(str(KG.weightedDegree)), lit(r["weighted_degree"], XSD.decimal), g),
            Quad(node, NamedNode(str(KG.betweenness)), lit(r["betweenness"], XSD.decimal), g),
            Quad(node, NamedNode(str(KG.pagerank)), lit(r["pagerank"], XSD.decimal), g),
            Quad(node, NamedNode(str(KG.community)), lit(r["community"], XSD.integer), g),
            Quad(node, NamedNode(str(KG.brokerage)), lit(r["broker"], XSD.integer), g),
        ]
    return quads
