"""Identity at scale: the clustering's candidate pruning gives the same clusters as
comparing every pair that shares a look-up key, and a load resolves its articles as
``kgraph resolve`` would."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kgraph.resolve.rules import (
    ActorNode,
    EventNode,
    cluster_actors,
    cluster_events,
    link_actors,
    link_events,
)

KG = "https://kgraph.example/ns#"
GIVEN = ["Steve", "Stephen", "Marco", "Rustem", "Andriy", "Donald", "Melania", "Iryna", "Yulia", "Ali"]
SURNAMES = ["Witkoff", "Witkof", "Wittkoff", "Umerov", "Umarov", "Yermak", "Iermak", "Trump", "Rubio",
            "Zelensky", "Zelenskyy", "Al", "Kyslytsya", "Kislitsa"]


def _reference_actors(nodes, must=(), cannot=()):
    """cluster_actors as first written: every pair of heads sharing a key compared."""
    from kgraph.resolve import rules

    nodes = sorted(set(nodes), key=lambda x: x.iri)
    sets = rules._constrained(nodes, must, cannot)
    profiles: dict = {}
    for x in nodes:
        sets.find(x.iri)
        profiles.setdefault((x.type, x.names, x.wikidata), []).append(x)
    for group in profiles.values():
        for x in group[1:]:
            sets.union(group[0].iri, x.iri)
    heads = [g[0] for g in profiles.values()]
    by_key: dict = {}
    for x in heads:
        for k in x.lookup_keys():
            by_key.setdefault(f"{x.type}|{k}", []).append(x)
    seen, weak = set(), []
    for group in by_key.values():
        for i, x in enumerate(group):
            for y in group[i + 1:]:
                pair = tuple(sorted((id(x), id(y))))
                if pair in seen:
                    continue
                seen.add(pair)
                link = link_actors(x, rules._elsewhere(y, x))
                if link is None:
                    continue
                if link.strong:
                    sets.union(x.iri, y.iri)
                else:
                    weak.append((x, y))
    targets: dict = {}
    for x, y in weak:
        single, full = (x, y) if not x.full else (y, x)
        targets.setdefault(sets.find(single.iri), set()).add(sets.find(full.iri))
    for root, found in targets.items():
        roots = {sets.find(f) for f in found}
        if len(roots) == 1:
            sets.union(root, next(iter(roots)))
    return sorted(sorted(g) for g in sets.groups())


def _reference_events(nodes, must=(), cannot=()):
    """cluster_events as first written: every event of a key's block compared."""
    from kgraph.resolve import rules

    nodes = sorted(set(nodes), key=lambda x: x.iri)
    sets = rules._constrained(nodes, must, cannot)
    stored: dict = {}
    for x in nodes:
        for k in x.lookup_keys():
            stored.setdefault(k, []).append(x)
    for x in nodes:
        for y in {id(y): y for k in x.query_keys() for y in stored.get(k, ())}.values():
            if y is not x and sets.find(x.iri) != sets.find(y.iri) and link_events(x, y):
                sets.union(x.iri, y.iri)
    return sorted(sorted(g) for g in sets.groups())


def _random_actor(rng: random.Random, iri: str, graph: str) -> ActorNode:
    kind = rng.choice(["Person"] * 6 + ["Organization", "Country"])
    last = rng.choice(SURNAMES)
    names = {rng.choice([f"{rng.choice(GIVEN)} {last}", last, f"Sheikh {last}", "..."])
             for _ in range(rng.randint(1, 2))}
    wd = frozenset({rng.choice(["Q1", "Q2", "Q3"])}) if rng.random() < 0.15 else frozenset()
    label = sorted(names)[0]
    return ActorNode(iri, graph, kind, label, frozenset(names), wd)


def _random_store(seed: int, articles: int = 30):
    rng = random.Random(seed)
    actors, events = [], []
    for a in range(articles):
        graph = f"http://x/graph/{a:03d}"
        mine = [_random_actor(rng, f"http://x/actor/{a:03d}-{i}", graph) for i in range(rng.randint(1, 4))]
        actors += mine
        for e in range(rng.randint(0, 3)):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(4))
            dated = rng.random() < 0.8
            events.append(EventNode(
                f"http://x/event/{a:03d}-{e}", graph, rng.choice(["Meeting", "Statement"]), "talks",
                date=day.isoformat() if dated else None, precision="day" if dated else None,
                place=rng.choice([None, "http://x/place/geneva", "http://x/place/rome"]),
                place_label=None, status=rng.choice(["happened", "planned"]),
                participants=tuple(rng.sample(mine, rng.randint(1, min(2, len(mine))))),
                published=(day + dt.timedelta(days=1)).isoformat()))
    return actors, events


def _pairs(rng: random.Random, nodes: list, n: int) -> list[tuple[str, str]]:
    return [(rng.choice(nodes).iri, rng.choice(nodes).iri) for _ in range(n)]


def _iris(groups) -> list[list[str]]:
    return sorted(sorted(x.iri for x in g) for g in groups)


@pytest.mark.parametrize("seed", range(12))
def test_pruned_candidates_give_the_clusters_of_every_pair_compared(seed):
    actors, events = _random_store(seed)
    rng = random.Random(seed)
    must, cannot = (_pairs(rng, actors, 3), _pairs(rng, actors, 3)) if seed % 2 else ((), ())
    assert _iris(cluster_actors(actors, must, cannot)) == _reference_actors(actors, must, cannot)
    must, cannot = (_pairs(rng, events, 2), _pairs(rng, events, 2)) if seed % 2 else ((), ())
    assert _iris(cluster_events(events, must, cannot)) == _reference_events(events, must, cannot)


def test_the_random_stores_join_actors_and_events():
    """The data above exercises the rules: many actors and events are joined."""
    joined = {"actors": 0, "events": 0}
    for seed in range(12):
        actors, events = _random_store(seed)
        joined["actors"] += len(actors) - len(cluster_actors(actors))
        joined["events"] += len(events) - len(cluster_events(events))
    assert joined["actors"] > 100 and joined["events"] > 10, joined


# ---------------------------------------------------------------- identity at load
def _nquads(extractions) -> bytes:
    import pyoxigraph as ox

    from kgraph.rdf import to_quads
    from tests.test_identity import M

    return b"".join(ox.serialize(to_quads(x, M), format=ox.RdfFormat.N_QUADS) for x in extractions)


def _fresh():
    from kgraph.api import KGraph
    from tests.test_identity import M

    return KGraph(KGraph.open("memory").store, M)


@pytest.fixture(scope="module")
def reference():
    """The identity graph built article by article (what ``kgraph resolve`` does)."""
    from tests.test_identity import GENEVA, clusters, summaries, write

    kg = _fresh()
    for x in GENEVA:
        write(kg, x)
    kg.resolve()
    return clusters(kg), summaries(kg)


def test_a_load_resolves_its_articles_as_kgraph_resolve_does(reference):
    from tests.test_identity import GENEVA, clusters, summaries

    kg = _fresh()
    loaded = kg.load(_nquads(GENEVA), "nquads", batch=40)  # many bulk writes
    assert loaded.identity["events"] == 10 and loaded.identity["real_events"] == 6
    assert (clusters(kg), summaries(kg)) == reference
    assert kg.identity.unresolved(kg.article_graphs()) == []
    kg.resolve()
    assert (clusters(kg), summaries(kg)) == reference


@pytest.mark.parametrize("first", [7, 3])
def test_a_load_into_a_resolved_store_gives_the_same_identity(reference, first):
    """7 articles then 3: the 3 are resolved one by one against the store; 3 then 7:
    the load brings more articles than the store had, and all are resolved again at
    once. Either way, the identity of all ten."""
    from tests.test_identity import GENEVA, clusters, summaries

    kg = _fresh()
    kg.load(_nquads(GENEVA[:first]), "nquads")
    loaded = kg.load(_nquads(GENEVA[first:]), "nquads")
    assert bool(loaded.identity) == (first == 3)
    assert (clusters(kg), summaries(kg)) == reference


def test_a_load_that_replaces_articles_gives_the_same_identity(reference):
    from tests.test_identity import GENEVA, clusters, summaries

    kg = _fresh()
    kg.load(_nquads(GENEVA), "nquads")
    kg.load(_nquads(GENEVA[:2]), "nquads")  # replaced, resolved again one by one
    assert (clusters(kg), summaries(kg)) == reference


def test_the_identity_graph_in_the_input_is_left_out_and_made_again(reference):
    """An export of a whole store holds its identity graph: loading it elsewhere
    resolves the articles again instead of taking that graph as data."""
    from tests.test_identity import GENEVA, clusters, summaries

    source = _fresh()
    source.load(_nquads(GENEVA), "nquads")
    kg = _fresh()
    loaded = kg.load(source.export("nquads", curation=False), "nquads")
    assert loaded.skipped > 0 and kg.minter.identity() not in loaded
    assert (clusters(kg), summaries(kg)) == reference


def test_a_load_that_stopped_while_writing_identity_is_finished_by_the_next(reference):
    """The marks of resolved articles are written last: an identity graph without
    them (a load stopped half way) is made again whole by the next load."""
    from tests.test_identity import GENEVA, KG, clusters, summaries

    kg = _fresh()
    kg.load(_nquads(GENEVA[:-1]), "nquads")
    kg.store.update(f"DELETE WHERE {{ GRAPH <{kg.minter.identity()}> {{ ?g <{KG}resolvedBy> ?r }} }}")
    kg.store.update(f"DELETE WHERE {{ GRAPH <{kg.minter.identity()}> {{ ?n <{KG}canonical> ?c }} }}")
    assert not kg.identity.resolved()
    kg.load(_nquads(GENEVA[-1:]), "nquads")
    assert (clusters(kg), summaries(kg)) == reference


def test_article_nodes_read_from_quads_are_those_the_store_queries_read():
    """ArticleNodes (a load's reading of the quads going by) and Identity.actors and
    .events (queries), with an analyst's curations in force."""
    from kgraph.curate import State
    from kgraph.rdf import to_quads
    from kgraph.resolve.identity import ArticleNodes
    from tests.test_identity import GENEVA, M

    kg = _fresh()
    for x in GENEVA:
        kg.store.replace_graph(M.graph(x.article.id), to_quads(x, M))
    plain = kg.identity.actors(graphs=kg.article_graphs())
    some = sorted(plain.values(), key=lambda a: a.iri)
    events = kg.identity.events(graphs=kg.article_graphs())
    part = next(iter(kg.store.query(f"SELECT ?f WHERE {{ GRAPH ?g {{ ?e <{KG}participation> ?p . "
                                    f"?p <{KG}factId> ?f }} }} LIMIT 1")))["f"].value
    kg.identity._state = State(rejected=frozenset({some[0].fid, part}),
                               aliases={some[1].fid: frozenset({"Someone Else"})},
                               sets={some[2].fid: {"type": "Organization"},
                                     next(iter(events.values())).fid: {"status": "planned"}})
    nodes = ArticleNodes(kg.identity)
    for x in GENEVA:
        nodes.add(M.graph(x.article.id), to_quads(x, M))
    graphs = kg.article_graphs()
    assert nodes.actors == kg.identity.actors(graphs=graphs) != plain
    assert nodes.events == kg.identity.events(graphs=graphs) != events
    assert sorted(nodes.graphs()) == sorted(graphs)


def test_a_load_into_a_sparql_server_gives_the_same_identity(reference, tmp_path):
    """On a store with no bulk loader (a real ``oxigraph serve``): each graph one PUT,
    a graph that comes again one update, the identity graph in updates."""
    from kgraph.api import KGraph
    from kgraph.store import open_store
    from tests.oxigraph_server import Server
    from tests.test_identity import GENEVA, M, clusters, summaries

    server = Server(tmp_path / "db").start()
    try:
        kg = KGraph(open_store(server.url), M)
        data = _nquads(GENEVA)
        lines = data.splitlines(keepends=True)
        loaded = kg.load(b"".join(lines[:5] + lines[10:] + lines[5:10]), "nquads")  # one graph in parts
        assert len(loaded.merged) == 1
        assert (clusters(kg), summaries(kg)) == reference
    finally:
        server.stop()


@pytest.mark.parametrize("seed", range(3))
def test_article_by_article_and_all_at_once_give_the_rules_clusters(seed):
    """Random articles naming people by full names and surnames alone that share
    look-up keys (surnames that look alike): resolved one by one (the shortcuts of
    the incremental path, which leave out clusters a surname alone cannot join) and
    by one load (all at once), the clusters are those of the rules over all nodes."""
    from tests.test_identity import article, clusters, write

    rng = random.Random(seed)
    people = [f"{g} {s}" for g in GIVEN[:6] for s in SURNAMES[:8]] + SURNAMES[:8]
    extractions = []
    for a in range(30):
        day = (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(5))).isoformat()
        who = rng.sample(people, rng.randint(1, 3))
        extractions.append(article(f"r{seed}-{a:02d}", day, [dict(label="Talks", who=who, date=day)]))
    one_by_one = _fresh()
    for x in extractions:
        write(one_by_one, x)
    graphs = one_by_one.article_graphs()
    actors = one_by_one.identity.actors(graphs=graphs)
    events = one_by_one.identity.events(graphs=graphs)
    expected = {frozenset(x.iri for x in g) for g in cluster_actors(actors.values())}
    expected |= {frozenset(x.iri for x in g) for g in cluster_events(events.values())}
    assert set(clusters(one_by_one).values()) == expected
    at_once = _fresh()
    at_once.load(_nquads(extractions), "nquads")
    assert clusters(at_once) == clusters(one_by_one)
