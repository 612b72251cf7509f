"""Network measures of actors, as pure functions ``f(G, ...) -> dict``.

>>> G = nx.path_graph(["a", "b", "c"])
>>> degree(G)["b"], betweenness(G)["b"]
(2, 1.0)
"""

from __future__ import annotations

import networkx as nx

__all__ = ["betweenness", "degree", "rank_actors"]


def degree(G: nx.Graph) -> dict[str, int]:
    """Number of distinct neighbours of each node."""
    return {n: G.degree(n) for n in G}


def betweenness(G: nx.Graph) -> dict[str, float]:
    """Normalised betweenness centrality: how often a node lies on shortest paths."""
    return nx.betweenness_centrality(G, normalized=True)


def rank_actors(G: nx.Graph) -> list[dict]:
    """Actors with label, type, degree and betweenness, most central first.

    >>> G = nx.star_graph(2)
    >>> [r["degree"] for r in rank_actors(G)]
    [2, 1, 1]
    """
    deg, btw = degree(G), betweenness(G)
    rows = [
        {
            "actor": G.nodes[n].get("label", str(n)),
            "type": G.nodes[n].get("type", ""),
            "degree": deg[n],
            "betweenness": round(btw[n], 4),
        }
        for n in G
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["actor"]))
    return rows
