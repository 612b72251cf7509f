import json

from tests.cli import run


def test_ranks_actors_with_every_measure(ingested_store):
    result = run("--store", str(ingested_store), "analyze", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    rows = data["actors"]
    assert set(rows[0]) == {"id", "actor", "type", "degree", "weighted_degree", "betweenness",
                            "pagerank", "community", "broker"}
    btw = [r["betweenness"] for r in rows]
    assert btw == sorted(btw, reverse=True)
    assert {r["actor"] for r in rows[:6]} & {"Steve Witkoff", "Marco Rubio", "Rustem Umerov"}
    assert abs(sum(r["pagerank"] for r in rows) - 1) < 0.01
    assert data["notes"] == []  # small graph: exact betweenness


def test_top_and_table(ingested_store):
    lines = run("--store", str(ingested_store), "analyze", "--top", "3").stdout.splitlines()
    assert lines[0].split() == ["actor", "type", "degree", "weighted_degree", "betweenness",
                                "pagerank", "community", "broker"]
    assert len(lines) == 5


def test_write_back_makes_the_measures_queryable(store_copy):
    result = run("--store", str(store_copy), "analyze", "--write", "--csv")
    assert result.exit_code == 0 and "wrote the measures" in result.stderr
    top = result.stdout.splitlines()[1].split(",")[0]
    rows = json.loads(run("--store", str(store_copy), "query", "-e",
                          "SELECT ?label ?b WHERE { GRAPH ?m { ?a kg:betweenness ?b } "
                          "GRAPH ?g { ?a skos:prefLabel ?label } } ORDER BY DESC(?b) LIMIT 1",
                          "--json").stdout)
    assert rows[0]["label"] == top
    # the metrics graph is not an article: counts and validation stay on articles
    stats = json.loads(run("--store", str(store_copy), "stats", "--json").stdout)
    assert stats["graphs"] == stats["articles"] == 4
    assert run("--store", str(store_copy), "validate").stdout.startswith("4 article graphs")
    # writing again replaces the graph instead of adding to it
    before = stats["triples"]
    run("--store", str(store_copy), "analyze", "--write")
    assert json.loads(run("--store", str(store_copy), "stats", "--json").stdout)["triples"] == before
