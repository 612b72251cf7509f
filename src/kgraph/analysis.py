"""Network measures of actors, as pure functions ``f(G, ...) -> dict`` that never
modify ``G``.

>>> G = nx.path_graph(["a", "b", "c"])
>>> degree(G)["b"], betweenness(G)["b"]
(2, 1.0)
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import networkx as nx

__all__ = [
    "MAX_EXACT_BETWEENNESS",
    "betweenness",
    "betweenness_sample",
    "brokers",
    "communities",
    "degree",
    "explain_path",
    "pagerank",
    "rank_actors",
    "weighted_degree",
]

#: Above this many nodes betweenness is estimated from a sample of source nodes.
MAX_EXACT_BETWEENNESS = 2000
#: How many source nodes the estimate uses.
BETWEENNESS_SAMPLE = 200


def degree(G: nx.Graph) -> dict[Any, int]:
    """Number of distinct neighbours of each node.

    >>> degree(nx.star_graph(2))
    {0: 2, 1: 1, 2: 1}
    """
    return {n: G.degree(n) for n in G}


def weighted_degree(G: nx.Graph, weight: str = "weight") -> dict[Any, float]:
    """Sum of the weights of each node's edges (missing weights count 1).

    >>> G = nx.Graph(); G.add_edge("a", "b", weight=3); G.add_edge("a", "c")
    >>> weighted_degree(G)
    {'a': 4, 'b': 3, 'c': 1}
    """
    return {n: d for n, d in G.degree(weight=weight)}


def betweenness_sample(G: nx.Graph, max_exact: int = MAX_EXACT_BETWEENNESS,
                       k: int = BETWEENNESS_SAMPLE) -> int | None:
    """How many source nodes :func:`betweenness` samples, or None when it is exact.

    >>> betweenness_sample(nx.path_graph(10), max_exact=5, k=3)
    3
    """
    n = G.number_of_nodes()
    return min(k, n) if n > max_exact else None


def betweenness(G: nx.Graph, *, max_exact: int = MAX_EXACT_BETWEENNESS,
                k: int = BETWEENNESS_SAMPLE, seed: int = 0) -> dict[Any, float]:
    """Normalised betweenness centrality: how often a node lies on shortest paths
    between others. Exact up to ``max_exact`` nodes; above, estimated from ``k``
    sampled sources (seeded, so repeatable) — see :func:`betweenness_sample`.
    """
    sample = betweenness_sample(G, max_exact, k)
    return nx.betweenness_centrality(G, k=sample, normalized=True, seed=seed if sample else None)


def pagerank(G: nx.Graph, weight: str = "weight") -> dict[Any, float]:
    """PageRank over the (weighted) graph; an empty graph gives {}.

    >>> pr = pagerank(nx.star_graph(3))
    >>> max(pr, key=pr.get)
    0
    """
    if G.number_of_nodes() == 0:
        return {}
    return nx.pagerank(G, weight=weight)


def communities(G: nx.Graph, weight: str = "weight", seed: int = 0) -> dict[Any, int]:
    """Louvain communities: node -> community number, 0 for the largest.

    >>> G = nx.barbell_graph(4, 0)
    >>> c = communities(G)
    >>> c[0] == c[1] != c[7]
    True
    """
    if G.number_of_nodes() == 0:
        return {}
    parts = nx.community.louvain_communities(G, weight=weight, seed=seed)
    parts = sorted(parts, key=lambda p: (-len(p), sorted(map(str, p))))
    return {n: i for i, part in enumerate(parts) for n in part}


def brokers(G: nx.Graph, community: dict[Any, int]) -> dict[Any, dict[str, float]]:
    """Actors that link communities: for each node whose neighbours span two
    communities or more, how many besides its own it reaches and its participation
    coefficient (0 when all ties stay inside one community, towards 1 when they are
    spread evenly).

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> brokers(G, {"a": 0, "b": 0, "c": 1})
    {'b': {'communities': 1, 'participation': 0.5}}
    """
    out: dict[Any, dict[str, float]] = {}
    for n in G:
        counts = Counter(community[m] for m in G.neighbors(n) if m in community)
        others = [c for c in counts if c != community.get(n)]
        if not others or len(counts) < 2:  # a broker's ties span two communities or more
            continue
        total = sum(counts.values())
        participation = 1 - sum((v / total) ** 2 for v in counts.values())
        out[n] = {"communities": len(others), "participation": round(participation, 4)}
    return out


def explain_path(G: nx.Graph, source: Any, target: Any) -> list[dict[str, Any]]:
    """The shortest chain of actors from ``source`` to ``target`` (fewest hops), each
    hop with the events and relations that tie the two, their dates and evidence.
    Raises ``nx.NetworkXNoPath`` when they are not connected.

    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", links=[{"kind": "event", "label": "talks", "date": "2025-11-30"}])
    >>> [(h["from"], h["to"], h["links"][0]["label"]) for h in explain_path(G, "a", "b")]
    [('a', 'b', 'talks')]
    """
    nodes = nx.shortest_path(G, source, target)
    hops = []
    for u, v in itertools.pairwise(nodes):
        links = sorted(G[u][v].get("links", []), key=lambda x: (x.get("date") or "9999", x["label"]))
        hops.append({"from": u, "to": v, "links": links})
    return hops


def rank_actors(G: nx.Graph, *, seed: int = 0) -> list[dict[str, Any]]:
    """One row per actor with every measure, most central first.

    >>> G = nx.star_graph(2)
    >>> [r["degree"] for r in rank_actors(G)]
    [2, 1, 1]
    """
    deg, wdeg = degree(G), weighted_degree(G)
    btw, pr = betweenness(G, seed=seed), pagerank(G)
    comm = communities(G, seed=seed)
    brk = brokers(G, comm)
    rows = [
        {
            "id": n,
            "actor": G.nodes[n].get("label", str(n)),
            "type": G.nodes[n].get("type", ""),
            "degree": deg[n],
            "weighted_degree": wdeg[n],
            "betweenness": round(btw.get(n, 0.0), 4),
            "pagerank": round(pr.get(n, 0.0), 4),
            "community": comm.get(n),
            "broker": brk.get(n, {}).get("communities", 0),
        }
        for n in G
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["actor"]))
    return rows
