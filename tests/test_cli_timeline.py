import re

import pytest

from browser import parse_html
from tests.cli import run


def rows(path):
    elements = parse_html(path.read_text(encoding="utf-8"))
    return elements, [e for e in elements if e.tag == "tr" and e.attrs.get("class") == "event"]


def events_of(store, **filters):
    """The events the timeline should show, straight from the projection."""
    from kgraph.api import KGraph
    from kgraph.project import bipartite
    from kgraph.select import filter_graph

    with KGraph.open(str(store), read_only=True) as kg:
        G = filter_graph(bipartite(kg.store), **filters)
    return {n: d for n, d in G.nodes(data=True) if d["kind"] == "event"}


def test_every_event_in_date_order(ingested_store, tmp_path):
    out = tmp_path / "timeline.html"
    result = run("--store", str(ingested_store), "timeline", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"
    html = out.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)
    elements, found = rows(out)
    events = events_of(ingested_store)
    assert len(found) == len(events) > 20  # every event of the four examples
    dates = [r.attrs.get("data-date") for r in found]
    dated = [d for d in dates if d]
    assert dated == sorted(dated)
    assert dates[len(dated):] == [None] * (len(dates) - len(dated))  # undated at the end
    headings = [e.text for e in elements if e.tag == "th" and e.attrs.get("colspan")]
    assert headings[-1] == "Undated" if len(dated) < len(dates) else "Undated" not in headings
    assert "Meeting in Shell Bay" in html and "head of delegation" in html


def test_actor_and_dates(ingested_store, tmp_path):
    out = tmp_path / "witkoff.html"
    result = run("--store", str(ingested_store), "timeline", "--actor", "Witkoff", "--since",
                 "2025-11-01", "--until", "2025-12-31", "-o", str(out))
    assert result.exit_code == 0, result.output
    elements, found = rows(out)
    events = events_of(ingested_store, focus="Witkoff", depth=1, since="2025-11-01",
                       until="2025-12-31")
    assert len(found) == len(events) >= 3
    assert all("2025-11-01" <= r.attrs["data-date"] <= "2025-12-31" for r in found)
    (notes,) = [e for e in elements if e.attrs.get("id") == "kgraph-filters"]
    assert notes.text == ("events of Steve Witkoff · from 2025-11-01 to 2025-12-31"
                          " (undated events left out)")
    (selected,) = [e for e in elements if e.tag == "option" and "selected" in e.attrs]
    assert selected.text == f"Steve Witkoff ({len(found)})"


def test_default_file_name_and_open(ingested_store, tmp_path, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    monkeypatch.chdir(tmp_path)
    result = run("--store", str(ingested_store), "timeline", "--open", "--title", "Talks")
    assert result.exit_code == 0, result.output
    out = tmp_path / "kgraph-timeline.html"
    assert opened == [out.resolve().as_uri()]
    assert "<title>Talks</title>" in out.read_text()


@pytest.mark.parametrize("args, message", [
    (["--actor", "Nobody"], "Error: no actor named 'Nobody' in the graph"),
    (["--until", "2025-11-31"], "Error: until: '2025-11-31' is not a date (use YYYY-MM-DD)"),
])
def test_bad_input_is_a_one_line_error(ingested_store, tmp_path, args, message):
    out = tmp_path / "bad.html"
    result = run("--store", str(ingested_store), "timeline", *args, "-o", str(out))
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert not out.exists()


def test_an_empty_store(tmp_path):
    out = tmp_path / "empty.html"
    result = run("--store", "memory", "timeline", "-o", str(out))
    assert result.exit_code == 0, result.output
    elements, found = rows(out)
    assert found == [] and "No events." in [e.text for e in elements]
