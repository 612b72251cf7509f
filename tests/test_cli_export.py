import json

import pyoxigraph as ox
import pytest

from tests.cli import run


def _count(data: bytes, fmt) -> int:
    return len(list(ox.parse(data, format=fmt)))


@pytest.mark.parametrize("name,fmt", [("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG),
                                      ("nquads", ox.RdfFormat.N_QUADS),
                                      ("ntriples", ox.RdfFormat.N_TRIPLES),
                                      ("jsonld", ox.RdfFormat.JSON_LD)])
def test_formats_parse_back(ingested_store, name, fmt):
    result = run("--store", str(ingested_store), "export", "-f", name)
    assert result.exit_code == 0
    assert _count(result.stdout_bytes, fmt) > 300


def test_turtle_has_the_distinct_triple_count(ingested_store):
    counts = json.loads(run("--store", str(ingested_store), "stats", "--json").stdout)
    data = run("--store", str(ingested_store), "export").stdout_bytes
    assert _count(data, ox.RdfFormat.TURTLE) == counts["triples"]
    assert b"@prefix kg: <https://kgraph.example/ns#>" in data


def test_one_article_by_title_and_to_a_file(ingested_store, tmp_path, examples_dir):
    out = tmp_path / "moscow.ttl"
    result = run("--store", str(ingested_store), "export", "-a",
                 str(examples_dir / "moscow-meeting.txt"), "-o", str(out))
    assert result.exit_code == 0 and out.is_file()
    whole = run("--store", str(ingested_store), "export").stdout_bytes
    assert 0 < _count(out.read_bytes(), ox.RdfFormat.TURTLE) < _count(whole, ox.RdfFormat.TURTLE)


def test_unknown_article_and_format(ingested_store):
    assert "no article" in run("--store", str(ingested_store), "export", "-a", "nope").stderr
    assert "unknown export format" in run("--store", str(ingested_store), "export", "-f", "xml").stderr


def test_one_article_as_trig_keeps_its_graph_name(ingested_store, examples_dir):
    result = run("--store", str(ingested_store), "export", "-a",
                 str(examples_dir / "geneva-talks.txt"), "-f", "trig")
    quads = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.TRIG))
    assert len({q.graph_name for q in quads}) == 1
    assert quads[0].graph_name.value.startswith("https://kgraph.example/id/graph/")
