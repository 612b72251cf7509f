import json

from tests.cli import run


def test_ranks_actors_with_degree_and_betweenness(ingested_store):
    result = run("--store", str(ingested_store), "analyze", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert set(rows[0]) == {"actor", "type", "degree", "betweenness"}
    btw = [r["betweenness"] for r in rows]
    assert btw == sorted(btw, reverse=True)
    top = {r["actor"] for r in rows[:6]}
    assert top & {"Steve Witkoff", "Marco Rubio", "Rustem Umerov"}


def test_table(ingested_store):
    lines = run("--store", str(ingested_store), "analyze").stdout.splitlines()
    assert lines[0].split() == ["actor", "type", "degree", "betweenness"]
