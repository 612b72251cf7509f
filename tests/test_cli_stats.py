import json

from tests.cli import run


def test_counts_of_the_examples(ingested_store):
    counts = json.loads(run("--store", str(ingested_store), "stats", "--json").stdout)
    assert counts["articles"] == 4 and counts["graphs"] == 4
    assert counts["actors"] >= 10 and counts["events"] >= 8 and counts["relations"] >= 4
    assert counts["triples"] > 300


def test_table_and_empty_store():
    result = run("--store", "memory", "stats")
    assert result.exit_code == 0
    assert [line.split() for line in result.stdout.splitlines()[2:]] == [
        ["articles", "0"], ["actors", "0"], ["events", "0"], ["relations", "0"], ["triples", "0"],
        ["graphs", "0"]]
