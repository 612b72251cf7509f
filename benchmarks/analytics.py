"""Analytics on a synthetic actor network: figures and the goal ratio, printed.

    .venv/bin/python benchmarks/analytics.py [--actors 20000] [--edges 200000] [--json OUT]

The graph is a seeded Holme-Kim power-law cluster graph (hubs and triangles, like
actor networks), with a weight per edge. Goal from the issue: everything but exact
betweenness under 15 s at 20k actors and 200k edges.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kgraph import analysis

GOAL_SECONDS = 15.0


def synthetic(actors: int, edges: int, seed: int = 0) -> nx.Graph:
    """About ``edges`` edges among ``actors`` nodes, hubs and triangles, weighted."""
    m = max(1, round(edges / actors))
    G = nx.powerlaw_cluster_graph(actors, m, 0.3, seed=seed)
    rng = random.Random(seed)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.choice((1, 1, 1, 2, 2, 3, 5))
    for n in G:
        G.nodes[n]["label"] = f"Actor {n}"
        G.nodes[n]["type"] = "Person"
    return G


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--edges", type=int, default=200_000)
    parser.add_argument("--json", type=Path, help="save the figures here")
    args = parser.parse_args()

    build, G = timed(lambda: synthetic(args.actors, args.edges))
    print(f"graph: {G.number_of_nodes()} actors, {G.number_of_edges()} edges (built in {build:.1f} s)")
    sample = analysis.betweenness_sample(G)
    figures: dict[str, float] = {}
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("degree", lambda: analysis.degree(G)),
        ("weighted_degree", lambda: analysis.weighted_degree(G)),
        ("pagerank", lambda: analysis.pagerank(G)),
        ("communities (louvain)", lambda: analysis.communities(G)),
        (f"betweenness (sampled, k={sample})" if sample else "betweenness (exact)",
         lambda: analysis.betweenness(G)),
    ]
    comm: dict = {}
    for name, fn in steps:
        seconds, value = timed(fn)
        figures[name] = round(seconds, 3)
        if name.startswith("communities"):
            comm = value
            print(f"  {name:<34} {seconds:8.2f} s   ({len(set(value.values()))} communities)")
        else:
            print(f"  {name:<34} {seconds:8.2f} s")
    seconds, value = timed(lambda: analysis.brokers(G, comm))
    figures["brokers"] = round(seconds, 3)
    print(f"  {'brokers':<34} {seconds:8.2f} s   ({len(value)} brokers)")
    a, b = 0, G.number_of_nodes() - 1
    seconds, _ = timed(lambda: analysis.explain_path(G, a, b))
    figures["path"] = round(seconds, 3)
    print(f"  {'path (explained)':<34} {seconds:8.2f} s")
    separate = sum(figures.values())
    print(f"  {'sum of the separate calls':<34} {separate:8.2f} s   (each converts to igraph)")
    seconds, _ = timed(lambda: analysis.rank_actors(G))
    figures["rank_actors (kgraph analyze: all measures)"] = round(seconds, 3)
    print(f"  {'rank_actors (kgraph analyze)':<34} {seconds:8.2f} s   (one conversion)")
    total = seconds + figures["path"]
    ratio = total / GOAL_SECONDS
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "PASS" if total <= GOAL_SECONDS else "FAIL"
    print(f"kgraph analyze + path (all but exact betweenness): {total:.2f} s; goal {GOAL_SECONDS:.0f} s; "
          f"ratio {ratio:.2f} -> {verdict}; peak RSS {rss:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps({
            "actors": G.number_of_nodes(), "edges": G.number_of_edges(), "seconds": figures,
            "total_seconds": round(total, 3), "goal_seconds": GOAL_SECONDS,
            "ratio_to_goal": round(ratio, 3), "betweenness_sample": sample,
            "peak_rss_mb": round(rss), "pass": total <= GOAL_SECONDS,
        }, indent=2))


if __name__ == "__main__":
    main()
