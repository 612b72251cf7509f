"""Analytics on small named graphs with hand-checked answers."""

import networkx as nx
import pytest

from kgraph.analysis import (
    betweenness,
    betweenness_sample,
    brokers,
    communities,
    degree,
    explain_path,
    pagerank,
    rank_actors,
    weighted_degree,
)


@pytest.fixture
def two_camps():
    """Two triangles, a-b-c and x-y-z, joined only through the bridge c - m - x."""
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"),
                  ("c", "m"), ("m", "x")])
    nx.set_edge_attributes(G, 1, "weight")
    G["a"]["b"]["weight"] = 3
    return G


def test_degree_and_weighted_degree(two_camps):
    assert degree(two_camps) == {"a": 2, "b": 2, "c": 3, "x": 3, "y": 2, "z": 2, "m": 2}
    assert weighted_degree(two_camps)["a"] == 4 and weighted_degree(two_camps)["m"] == 2


def test_betweenness_of_the_bridge(two_camps):
    btw = betweenness(two_camps)
    # m lies on all 9 shortest paths between {a,b,c} and {x,y,z}: 9 / C(6,2) = 0.6
    assert btw["m"] == pytest.approx(0.6)
    # c lies on the 8 paths from a and b to m, x, y, z: 8 / 15
    assert btw["c"] == pytest.approx(8 / 15)
    assert btw["a"] == btw["b"] == 0


def test_betweenness_is_sampled_above_the_threshold_and_says_so():
    G = nx.path_graph(50)
    assert betweenness_sample(G) is None
    assert betweenness_sample(G, max_exact=10, k=5) == 5
    exact = betweenness(G)
    sampled = betweenness(G, max_exact=10, k=25, seed=1)
    assert sampled != exact and sampled == betweenness(G, max_exact=10, k=25, seed=1)
    # sampling every source is the exact value: the estimate is scaled right
    every = betweenness(G, max_exact=10, k=50)
    assert every == pytest.approx(exact)
    # and it agrees with networkx's own definition
    assert exact == pytest.approx(nx.betweenness_centrality(G))
    assert sampled[25] == pytest.approx(exact[25], rel=0.25)


def test_pagerank_agrees_with_networkx(two_camps):
    assert pagerank(two_camps) == pytest.approx(nx.pagerank(two_camps, weight="weight"), abs=1e-4)


def test_pagerank_favours_the_hub():
    pr = pagerank(nx.star_graph(4))
    assert max(pr, key=pr.get) == 0 and sum(pr.values()) == pytest.approx(1)


def test_communities_split_the_camps_and_the_bridge_brokers(two_camps):
    comm = communities(two_camps)
    assert comm["a"] == comm["b"] == comm["c"]
    assert comm["x"] == comm["y"] == comm["z"] != comm["a"]
    # the bridge m joins one camp; the brokers are the two ends of the edge that
    # crosses between communities: m and c (m with the x camp) or m and x
    brk = brokers(two_camps, comm)
    crossing = {"c", "m"} if comm["m"] == comm["x"] else {"m", "x"}
    assert set(brk) == crossing
    assert all(b["communities"] == 1 for b in brk.values())


def test_brokers_hand_checked():
    G = nx.Graph([("a", "b"), ("b", "c"), ("b", "d")])
    comm = {"a": 0, "b": 0, "c": 1, "d": 2}
    # b's ties: one to its own community, one each to two others
    assert brokers(G, comm) == {"b": {"communities": 2, "participation": round(1 - 3 / 9, 4)}}


def test_path_is_shortest_and_explained(two_camps):
    for u, v in two_camps.edges:
        two_camps[u][v]["links"] = [{"kind": "event", "label": f"{u}+{v}", "date": "2025-11-30"}]
    hops = explain_path(two_camps, "a", "z")
    assert [(h["from"], h["to"]) for h in hops] == [("a", "c"), ("c", "m"), ("m", "x"), ("x", "z")]
    assert hops[1]["links"][0]["label"] in ("c+m", "m+c")
    with pytest.raises(nx.NetworkXNoPath):
        explain_path(nx.Graph([("a", "b"), ("c", "d")]), "a", "d")


def test_functions_do_not_modify_the_graph(two_camps):
    before = nx.node_link_data(two_camps, edges="links")
    rank_actors(two_camps)
    assert nx.node_link_data(two_camps, edges="links") == before
