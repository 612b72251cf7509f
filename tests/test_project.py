import networkx as nx

from kgraph.analysis import betweenness, degree, rank_actors
from kgraph.project import actor_graph, bipartite
from tests.factories import sample_store


def test_bipartite_projection_of_the_sample():
    B = bipartite(sample_store().store)
    kinds = nx.get_node_attributes(B, "kind")
    labels = {d["label"]: n for n, d in B.nodes(data=True)}
    assert sorted(kinds.values()).count("actor") == 3
    assert sorted(kinds.values()).count("event") == 3  # one shared meeting + two statements
    meeting = B.nodes[labels["Meeting in Geneva"]]
    assert meeting["date"] == "2025-11-23" and len(meeting["sources"]) == 2
    roles = {d["label"] for _, _, d in B.edges(data=True) if d["kind"] == "role"}
    assert roles == {"head of delegation", "participant", "speaker"}
    rels = {d["label"] for _, _, d in B.edges(data=True) if d["kind"] == "relation"}
    assert rels == {"represents", "located in"}


def test_actor_graph_weights_shared_events_and_relations():
    B = bipartite(sample_store().store)
    G = actor_graph(B)
    ids = {d["label"]: n for n, d in G.nodes(data=True)}
    rubio, umerov, ukraine = ids["Marco Rubio"], ids["Rustem Umerov"], ids["Ukraine"]
    assert G[rubio][umerov]["weight"] == 1 and G[rubio][umerov]["events"] == ["Meeting in Geneva"]
    assert G[umerov][ukraine]["relations"] == ["represents"]
    assert not G.has_edge(rubio, ukraine)


def test_analytics_on_a_hand_checked_graph():
    # a - b - c - d, plus b - d: b and c are on paths, b most of all
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("b", "d")])
    assert degree(G) == {"a": 1, "b": 3, "c": 2, "d": 2}
    btw = betweenness(G)
    assert btw["b"] > btw["c"] == btw["d"] == 0 and btw["a"] == 0
    assert rank_actors(G)[0]["actor"] == "b"
    G2 = G.copy()
    rank_actors(G)
    assert nx.utils.graphs_equal(G, G2)


def test_event_places_are_at_edges_not_participants():
    B = bipartite(sample_store().store)
    ids = {d["label"]: n for n, d in B.nodes(data=True)}
    meeting, geneva = ids["Meeting in Geneva"], ids["Geneva"]
    assert B.nodes[geneva]["kind"] == "place"
    assert [d["label"] for d in B.get_edge_data(meeting, geneva).values()] == ["at"]
    assert geneva not in actor_graph(B)


def test_types_statuses_and_roles_are_read_back_by_their_schema_names():
    from kgraph.iri import Minter
    from kgraph.rdf import to_quads
    from kgraph.store import open_store
    from tests.factories import sample_extraction

    x = sample_extraction()
    x.events[1].type, x.events[1].planned = "Other", True  # written as kg:OtherEvent, kg:Planned
    x.events[0].participants[1].role = "member"  # kg:DelegationMember
    store, minter = open_store("memory"), Minter("http://x/")
    store.replace_graph(minter.graph(x.article.id), to_quads(x, minter))
    B = bipartite(store)
    events = {d["label"]: (d["type"], d["status"]) for _, d in B.nodes(data=True)
              if d["kind"] == "event"}
    assert events == {"Meeting in Geneva": ("Meeting", "happened"),
                      "Rubio: We made progress.": ("Other", "planned")}
    roles = {d["label"] for _, _, d in B.edges(data=True) if d["kind"] == "role"}
    assert roles == {"head of delegation", "delegation member", "speaker"}
    actors = {d["label"]: d["type"] for _, d in B.nodes(data=True) if d["kind"] == "actor"}
    assert actors["Ukraine"] == "Country"
