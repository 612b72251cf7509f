import json

from kgraph.queries import load_queries
from tests.cli import run


def test_lists_every_stored_query_with_title_and_parameters():
    result = run("queries", "--json")
    assert result.exit_code == 0
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert set(rows) == set(load_queries())
    assert rows["actor-events"]["parameters"] == "actor (name), since? (date), until? (date)"
    assert rows["who-met-whom"]["parameters"] == "actor? (name), all? (boolean), since? (date), until? (date)"
    assert rows["who-met-whom"]["title"] == "Who met whom"


def test_table_output():
    lines = run("queries").stdout.splitlines()
    assert lines[0].split()[:3] == ["name", "title", "parameters"]
    assert any(line.startswith("evidence") for line in lines)
