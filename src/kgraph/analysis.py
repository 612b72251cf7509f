"""Network measures of actors, as pure functions ``f(G, ...) -> dict`` that never
modify ``G``.

Graphs are networkx graphs; the heavy measures (betweenness, PageRank, Louvain)
run on igraph's C core, which keeps a 20k-actor, 200k-edge network within seconds
(networkx alone: minutes, see ``benchmarks/analytics.py``).

>>> G = nx.path_graph(["a", "b", "c"])
>>> degree(G)["b"], betweenness(G)["b"]
(2, 1.0)
"""

from __future__ import annotations

import itertools
import random
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


def _igraph(G: nx.Graph, weight: str | None = "weight") -> tuple[Any, list]:
    """``G`` as an undirected igraph graph with a ``weight`` per edge (missing: 1;
    parallel edges folded, their weights summed) and the node list giving each
    igraph vertex its networkx node."""
    import igraph

    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    if G.is_multigraph() or G.is_directed() or nx.number_of_selfloops(G):
        folded: dict[tuple[int, int], float] = {}
        for u, v, w in G.edges(data=weight, default=1):
            if u != v:
                key = (min(index[u], index[v]), max(index[u], index[v]))
                folded[key] = folded.get(key, 0) + float(w if weight else 1)
        edges, weights = list(folded), list(folded.values())
    else:
        edges = [(index[u], index[v]) for u, v in G.edges()]
        weights = [float(w) for _, _, w in G.edges(data=weight, default=1)] if weight else []
    H = igraph.Graph(n=len(nodes), edges=edges, directed=False)
    H.es["weight"] = weights or [1.0] * len(edges)
    return H, nodes


def _betweenness(H: Any, nodes: list, sample: int | None, seed: int) -> dict[Any, float]:
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    if sample:
        sources = random.Random(seed).sample(range(n), sample)
        # paths from the sampled sources to every node, scaled up to all n sources
        # (an unbiased estimate of the full count: benchmarks and tests check it)
        raw = [x * n / sample for x in H.betweenness(directed=False, sources=sources, targets=None)]
    else:
        raw = H.betweenness(directed=False)
    scale = 2.0 / ((n - 1) * (n - 2))  # over the (n-1)(n-2)/2 pairs of other nodes
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}


def _pagerank(H: Any, nodes: list) -> dict[Any, float]:
    if not nodes:
        return {}
    values = H.pagerank(weights="weight" if H.ecount() else None, directed=False)
    return dict(zip(nodes, values, strict=True))


def _communities(H: Any, nodes: list, seed: int) -> dict[Any, int]:
    import igraph

    if not nodes:
        return {}
    igraph.set_random_number_generator(random.Random(seed))
    try:
        clusters = H.community_multilevel(weights="weight" if H.ecount() else None)
    finally:
        igraph.set_random_number_generator(random)
    parts = [[nodes[i] for i in members] for members in clusters]
    parts.sort(key=lambda p: (-len(p), sorted(map(str, p))))
    return {n: i for i, part in enumerate(parts) for n in part}


def betweenness(G: nx.Graph, *, max_exact: int = MAX_EXACT_BETWEENNESS,
                k: int = BETWEENNESS_SAMPLE, seed: int = 0) -> dict[Any, float]:
    """Normalised betweenness centrality (hop distance): the share of shortest paths
    between other nodes that run through a node. Exact up to ``max_exact`` nodes;
    above, estimated from ``k`` sampled sources (seeded, so repeatable) and scaled
    up — see :func:`betweenness_sample`.

    >>> round(betweenness(nx.path_graph(["a", "b", "c", "d"]))["b"], 4)
    0.6667
    """
    H, nodes = _igraph(G, None)
    return _betweenness(H, nodes, betweenness_sample(G, max_exact, k), seed)


def pagerank(G: nx.Graph, weight: str = "weight") -> dict[Any, float]:
    """PageRank over the (weighted) graph; an empty graph gives {}.

    >>> pr = pagerank(nx.star_graph(3))
    >>> max(pr, key=pr.get)
    0
    """
    return _pagerank(*_igraph(G, weight))


def communities(G: nx.Graph, weight: str = "weight", seed: int = 0) -> dict[Any, int]:
    """Louvain communities (seeded, so repeatable): node -> community number, 0 for
    the largest.

    >>> G = nx.barbell_graph(4, 0)
    >>> c = communities(G)
    >>> c[0] == c[1] != c[7]
    True
    """
    H, nodes = _igraph(G, weight)
    return _communities(H, nodes, seed)


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
    H, nodes = _igraph(G)  # converted once for the three heavy measures
    btw = _betweenness(H, nodes, betweenness_sample(G), seed)
    pr, comm = _pagerank(H, nodes), _communities(H, nodes, seed)
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
