import json
import re

import pytest

from browser import parse_html
from tests.cli import run, run_process


def page(path):
    """The parsed page and its embedded graph data."""
    elements = parse_html(path.read_text(encoding="utf-8"))
    (block,) = [e for e in elements if e.attrs.get("id") == "kgraph-data"]
    return elements, json.loads(block.text)


def by_id(elements, id_):
    (element,) = [e for e in elements if e.attrs.get("id") == id_]
    return element


def bipartite_of(store):
    from kgraph.api import KGraph
    from kgraph.project import bipartite

    with KGraph.open(str(store), read_only=True) as kg:
        return bipartite(kg.store)


def test_writes_one_offline_html_file(ingested_store, tmp_path):
    out = tmp_path / "map.html"
    result = run("--store", str(ingested_store), "view", "-o", str(out))
    assert result.exit_code == 0 and out.is_file()
    assert result.stderr == f"wrote {out}\n"
    html = out.read_text()
    assert "Marco Rubio" in html and "Shell Bay" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
    elements, data = page(out)
    B = bipartite_of(ingested_store)
    assert len(data["nodes"]) == B.number_of_nodes() and len(data["edges"]) == B.number_of_edges()
    assert by_id(elements, "kgraph-status").attrs["data-state"] == "loading"
    assert not [e for e in elements if e.attrs.get("id") in ("kgraph-filters", "kgraph-omitted")]


def test_focus_and_depth(ingested_store, tmp_path):
    from kgraph.select import filter_graph

    B = bipartite_of(ingested_store)
    for depth in (1, 2):
        out = tmp_path / f"focus{depth}.html"
        result = run("--store", str(ingested_store), "view", "--focus", "witkoff",
                     "--depth", str(depth), "-o", str(out))
        assert result.exit_code == 0, result.output
        elements, data = page(out)
        expected = filter_graph(B, focus="Witkoff", depth=depth)
        assert {n["id"] for n in data["nodes"]} == set(expected)
        hops = "1 hop" if depth == 1 else "2 hops"
        assert by_id(elements, "kgraph-filters").text == f"focus: Steve Witkoff, {hops}"
        witkoff = [n for n in data["nodes"] if n["label"] == "Steve Witkoff"]
        assert witkoff[0]["borderWidth"] == 5
    assert len(page(tmp_path / "focus1.html")[1]["nodes"]) < len(page(tmp_path / "focus2.html")[1]["nodes"])


def test_dates_and_event_types(ingested_store, tmp_path):
    out = tmp_path / "filtered.html"
    result = run("--store", str(ingested_store), "view", "--since", "2025-11-24", "--until",
                 "2025-11-30", "--event-type", "meeting", "--event-type", "Statement,visit",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    elements, data = page(out)
    B = bipartite_of(ingested_store)
    events = [n for n in data["nodes"] if n["shape"] == "diamond"]
    assert events
    for node in events:
        attrs = B.nodes[node["id"]]
        assert "2025-11-24" <= attrs["date"] <= "2025-11-30"
        assert attrs["type"] in ("Meeting", "Statement", "Visit")
    assert by_id(elements, "kgraph-filters").text == (
        "from 2025-11-24 to 2025-11-30 (undated events left out) · "
        "event types: Meeting, Statement, Visit")


def test_size_and_colour(ingested_store, tmp_path):
    out = tmp_path / "measures.html"
    result = run("--store", str(ingested_store), "view", "--size-by", "pagerank",
                 "--color-by", "community", "-o", str(out))
    assert result.exit_code == 0, result.output
    elements, data = page(out)
    (encoding,) = [e for e in elements if e.attrs.get("class") == "encoding"]
    assert encoding.text == "size: pagerank · colour: community"
    keys = [e.attrs["data-key"] for e in elements if e.tag == "li"]
    assert keys[:2] == ["1", "2"] and "shape-event" in keys
    assert max(n["size"] for n in data["nodes"] if n["shape"] == "dot") == 50


def test_max_nodes(ingested_store, tmp_path):
    out = tmp_path / "capped.html"
    result = run("--store", str(ingested_store), "view", "--max-nodes", "20", "-o", str(out))
    assert result.exit_code == 0, result.output
    elements, data = page(out)
    assert len(data["nodes"]) == 20
    omitted = by_id(elements, "kgraph-omitted")
    B = bipartite_of(ingested_store)
    left = sum(int(omitted.attrs[f"data-{k}"]) for k in ("actors", "events", "places"))
    assert left == B.number_of_nodes() - 20
    assert "More than 20 nodes: showing the " in omitted.text
    result = run("--store", str(ingested_store), "view", "--max-nodes", "0", "-o", str(out))
    assert len(page(out)[1]["nodes"]) == B.number_of_nodes()


def test_title_is_escaped(ingested_store, tmp_path):
    out = tmp_path / "title.html"
    title = "<script>document.title='PWNED'</script>"
    assert run("--store", str(ingested_store), "view", "--title", title, "-o", str(out)).exit_code == 0
    elements, _ = page(out)
    assert [e.text for e in elements if e.tag == "title"] == [title]
    assert title not in out.read_text()


def test_open_opens_the_file_in_the_browser(ingested_store, tmp_path, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    out = tmp_path / "open.html"
    assert run("--store", str(ingested_store), "view", "--focus", "Umerov", "--open", "-o",
               str(out)).exit_code == 0
    assert opened == [out.resolve().as_uri()]


@pytest.mark.parametrize("args, message", [
    (["--focus", "Nobody"], "Error: no actor named 'Nobody' in the graph"),
    (["--since", "yesterday"], "Error: since: 'yesterday' is not a date (use YYYY-MM-DD)"),
    (["--since", "2025-12-01", "--until", "2025-11-01"],
     "Error: since (2025-12-01) is after until (2025-11-01)"),
    (["--event-type", "Meating"], "Error: unknown event type 'meating' (known: Meeting, Visit,"
     " Statement, Proposal, Attack, Agreement, Call, Other)"),
])
def test_bad_input_is_a_one_line_error(ingested_store, tmp_path, args, message):
    out = tmp_path / "bad.html"
    result = run("--store", str(ingested_store), "view", *args, "-o", str(out))
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert not out.exists()


def test_a_real_process_prints_one_line(ingested_store, tmp_path):
    proc = run_process("--store", str(ingested_store), "view", "--focus", "Nobody", "-o",
                       str(tmp_path / "x.html"))
    assert proc.returncode == 1
    assert proc.stderr.decode() == "Error: no actor named 'Nobody' in the graph\n"


def test_usage_errors(ingested_store, tmp_path):
    for args, message in ((["--depth", "2"], "--depth needs --focus"),
                          (["--focus", "Umerov", "--depth", "0"], "0 is not in the range x>=1"),
                          (["--size-by", "closeness"], "'closeness' is not one of"),
                          (["--max-nodes", "-1"], "-1 is not in the range x>=0")):
        result = run("--store", str(ingested_store), "view", *args, "-o", str(tmp_path / "x.html"))
        assert result.exit_code == 2 and message in result.stderr, (args, result.stderr)
