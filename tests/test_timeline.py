"""The timeline page: what the HTML file holds (no browser), then the page in real
headless Chromium on the ingested example articles."""

from __future__ import annotations

import base64
import copy
import hashlib
import subprocess
import sys
from pathlib import Path

import networkx as nx

from browser import Element, needs_chromium, open_page, parse_html, read_png
from kgraph.select import filter_graph
from kgraph.timeline import render_timeline, timeline_events
from kgraph.view import TYPE_COLOURS
from test_view import CANARY, HOSTILE_EVIDENCE, HOSTILE_SOURCE, HOSTILE_TITLE, MARK

#: Tags a timeline page may have (the template's, nothing else).
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "span", "label",
             "select", "option", "p", "main", "table", "thead", "tbody", "tr", "th", "td",
             "div", "ul", "li", "blockquote", "script", "a"}


def talks() -> nx.MultiGraph:
    """Three actors; four events: two in November, one in December (planned), one
    undated."""
    G = nx.MultiGraph()
    G.add_node("rubio", kind="actor", type="Person", label="Marco Rubio", aliases=["Rubio"])
    G.add_node("umerov", kind="actor", type="Person", label="Rustem Umerov")
    G.add_node("us", kind="actor", type="Country", label="United States")
    G.add_node("geneva", kind="place", type="Place", label="Geneva")
    G.add_node("m1", kind="event", type="Meeting", label="Meeting in Geneva", date="2025-11-23",
               place="Geneva", status="happened", evidence="Rubio met Umerov in Geneva.",
               sources=["Geneva report", "Second report"])
    G.add_node("s1", kind="event", type="Statement", label="Statement by Marco Rubio",
               date="2025-11-30", status="happened", evidence="Rubio said talks went well.",
               sources=["Florida report"])
    G.add_node("v1", kind="event", type="Visit", label="Visit to Moscow", date="2025-12-02",
               status="planned", sources=["Florida report"])
    G.add_node("c1", kind="event", type="Call", label="Call between Rubio and Umerov")
    for actor, event, role in [("rubio", "m1", "head of delegation"),
                               ("umerov", "m1", "head of delegation"), ("us", "m1", "participant"),
                               ("rubio", "s1", "speaker"), ("umerov", "v1", "participant"),
                               ("rubio", "c1", "participant"), ("umerov", "c1", "participant")]:
        G.add_edge(actor, event, kind="role", label=role)
    G.add_edge("m1", "geneva", kind="place", label="at")
    G.add_edge("rubio", "us", kind="relation", label="represents")
    return G


def render(G: nx.Graph, tmp_path: Path, **kwargs: object) -> tuple[str, list[Element]]:
    out = render_timeline(G, tmp_path / "timeline.html", **kwargs)  # type: ignore[arg-type]
    text = out.read_text(encoding="utf-8")
    return text, parse_html(text)


def rows(elements: list[Element]) -> list[Element]:
    return [e for e in elements if e.tag == "tr" and e.attrs.get("class") == "event"]


def cells(elements: list[Element], row: Element) -> list[Element]:
    """The ``td`` elements of one row (the elements after it, up to the next row)."""
    start = elements.index(row) + 1
    out = []
    for e in elements[start:]:
        if e.tag == "tr":
            break
        out.append(e)
    return out


def texts(elements: list[Element]) -> list[str]:
    return [" ".join(e.text.split()) for e in elements if e.text.strip()]


# --- content -------------------------------------------------------------------------


def test_events_in_date_order_with_undated_last(tmp_path: Path) -> None:
    _, elements = render(talks(), tmp_path)
    assert [r.attrs.get("data-date") for r in rows(elements)] == [
        "2025-11-23", "2025-11-30", "2025-12-02", None]
    groups = [" ".join(e.text.split()) for e in elements if e.tag == "th" and
              e.attrs.get("colspan") == "5"]
    assert groups == ["November 2025", "December 2025", "Undated"]
    (counts,) = [e for e in elements if e.attrs.get("class") == "counts"]
    assert counts.text == "4 events (1 undated, at the end)"


def test_each_row_has_type_place_status_participants_evidence_and_sources(tmp_path: Path) -> None:
    _, elements = render(talks(), tmp_path)
    meeting, _statement, visit, call = rows(elements)
    assert meeting.attrs["data-type"] == "Meeting" and meeting.attrs["data-status"] == "happened"
    assert texts(cells(elements, meeting)) == [
        "2025-11-23", "Meeting in Geneva", "Meeting", "happened", "Geneva",
        "Marco Rubio", "head of delegation", "Rustem Umerov", "head of delegation",
        "United States", "participant",
        "“Rubio met Umerov in Geneva.”", "Geneva report", "Second report",
    ]
    (what,) = [e for e in cells(elements, meeting) if e.attrs.get("class") == "what"]
    assert what.attrs["style"] == f"border-left-color: {TYPE_COLOURS['Meeting']}"
    assert texts(cells(elements, visit)) == [
        "2025-12-02", "Visit to Moscow", "Visit", "planned", "Rustem Umerov", "participant",
        "Florida report"]
    assert [e.attrs["class"] for e in cells(elements, visit) if e.text == "planned"] == [
        "status planned"]
    assert texts(cells(elements, call))[:4] == ["undated", "Call between Rubio and Umerov", "Call",
                                                "happened"]


def test_actor_menu_lists_participants_with_their_event_counts(tmp_path: Path) -> None:
    _, elements = render(talks(), tmp_path)
    options = [(e.attrs["value"], e.text) for e in elements if e.tag == "option"]
    assert options == [("", "all actors"), ("a0", "Marco Rubio (3)"), ("a1", "Rustem Umerov (3)"),
                       ("a2", "United States (1)")]
    assert [r.attrs["data-actors"] for r in rows(elements)] == ["a0 a1 a2", "a0", "a1", "a0 a1"]
    assert not [e for e in elements if "selected" in e.attrs]


def test_filtered_by_actor_and_dates(tmp_path: Path) -> None:
    G = filter_graph(talks(), focus="Umerov", depth=1, until="2025-11-30")
    _, elements = render(G, tmp_path)
    # the actor's dated events up to the end of November, with all their participants
    (row,) = rows(elements)
    assert row.attrs["data-date"] == "2025-11-23" and row.attrs["data-actors"] == "a0 a1 a2"
    (notes,) = [e for e in elements if e.attrs.get("id") == "kgraph-filters"]
    assert notes.text == "events of Rustem Umerov · until 2025-11-30 (undated events left out)"
    (selected,) = [e for e in elements if "selected" in e.attrs]
    assert selected.text == "Rustem Umerov (1)"


def test_no_events(tmp_path: Path) -> None:
    _, elements = render(nx.MultiGraph(), tmp_path)
    assert not rows(elements)
    assert [e.text for e in elements if e.attrs.get("class") == "empty"] == ["No events."]


def test_timeline_events_reads_partial_and_odd_dates() -> None:
    G = nx.MultiGraph()
    G.add_node("a", kind="event", label="b", date="2025-11-30T10:00:00")
    G.add_node("b", kind="event", label="a", date="2025-11")
    G.add_node("c", kind="actor", label="not an event")
    assert [(e.id, e.date, e.group) for e in timeline_events(G)] == [
        ("b", "2025-11", "November 2025"), ("a", "2025-11-30", "November 2025")]


# --- the file --------------------------------------------------------------------------


def test_loads_nothing_remote_and_pins_its_script(tmp_path: Path) -> None:
    text, elements = render(talks(), tmp_path)
    assert {e.tag for e in elements} <= PAGE_TAGS
    for element in elements:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            assert name not in element.attrs, (element.tag, element.attrs)
    assert "http://" not in text and "https://" not in text
    (meta,) = [e for e in elements if e.attrs.get("http-equiv") == "Content-Security-Policy"]
    csp = dict(d.strip().split(" ", 1) for d in (meta.attrs["content"] or "").split(";"))
    assert csp["default-src"] == "'none'"
    (script,) = [e for e in elements if e.tag == "script"]
    digest = base64.b64encode(hashlib.sha256(script.text.encode()).digest()).decode()
    assert csp["script-src"] == f"'sha256-{digest}'"
    assert elements.index(meta) < elements.index(script)


def hostile() -> nx.MultiGraph:
    G = nx.MultiGraph()
    G.add_node("x", kind="actor", type="Person", label=f"</script><script>{MARK}</script>")
    G.add_node("e", kind="event", type=f'<svg onload="{MARK}">', label="<img src=x onerror=alert(1)>",
               date=f"<script>{MARK}</script>", place=f'<iframe src="{CANARY}/p">',
               status='"><b>', evidence=HOSTILE_EVIDENCE, sources=[HOSTILE_SOURCE])
    G.add_edge("x", "e", kind="role", label='<b onmouseover="x">role</b>')
    return G


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    text, elements = render(hostile(), tmp_path, title=HOSTILE_TITLE)
    assert {e.tag for e in elements} <= PAGE_TAGS
    assert not [e for e in elements if e.tag in {"img", "svg", "iframe", "b", "a"}]
    assert not [(e.tag, a) for e in elements for a in e.attrs if a.startswith("on")]
    assert len([e for e in elements if e.tag == "script"]) == 1
    for raw in ["<img", "<svg", "<iframe", "<b ", "<script>document", "<a href"]:
        assert raw not in text
    (row,) = rows(elements)
    shown = texts(cells(elements, row))
    # a date is cut to its first ten characters (YYYY-MM-DD)
    assert shown[:3] == ["<script>do", "<img src=x onerror=alert(1)>", f'<svg onload="{MARK}">']
    assert f'<iframe src="{CANARY}/p">' in shown and '"><b>' in shown
    assert f"“{HOSTILE_EVIDENCE}”" in shown and HOSTILE_SOURCE in shown
    assert [e.text for e in elements if e.tag == "title"] == [HOSTILE_TITLE]
    assert [e.text for e in elements if e.tag == "option"][1] == f"</script><script>{MARK}</script> (1)"


def test_input_not_modified_and_same_bytes(tmp_path: Path) -> None:
    G = talks()
    before = copy.deepcopy((list(G.nodes(data=True)), list(G.edges(keys=True, data=True))))
    a = render_timeline(G, tmp_path / "a.html").read_bytes()
    assert (list(G.nodes(data=True)), list(G.edges(keys=True, data=True))) == before
    assert render_timeline(talks(), tmp_path / "b.html").read_bytes() == a


def test_importing_the_module_is_light() -> None:
    code = ("import sys, kgraph.timeline; "
            "print(sorted({'jinja2', 'networkx', 'pyvis'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- in headless Chromium --------------------------------------------------------------


def in_chromium(test):  # type: ignore[no-untyped-def]
    """The browser marks of :data:`browser.needs_chromium`, on one test."""
    for mark in needs_chromium:
        test = mark(test)
    return test


def status_of(elements: list[Element]) -> dict[str, str | None]:
    (status,) = [e for e in elements if e.attrs.get("id") == "kgraph-status"]
    return status.attrs


@in_chromium
def test_timeline_of_the_examples_in_chromium(ingested_store: Path, tmp_path: Path) -> None:
    from kgraph.api import KGraph
    from kgraph.project import bipartite

    with KGraph.open(str(ingested_store), read_only=True) as kg:
        events = sum(1 for _, k in bipartite(kg.store).nodes(data="kind") if k == "event")
        page = kg.timeline(tmp_path / "timeline.html")
    run = open_page(page, workdir=tmp_path, window=(1200, 900))

    elements = parse_html(run.dom)
    status = status_of(elements)
    assert status["data-state"] == "ready"
    assert len(rows(elements)) == events > 20  # every event of the four examples
    assert status["data-shown"] == status["data-events"] == str(events)
    assert not [r for r in rows(elements) if "hidden" in r.attrs]
    assert run.requests == []
    assert run.screenshot is not None
    png = read_png(run.screenshot)
    colours = png.colours(top=60)
    assert colours[(255, 255, 255)] < 0.97 * sum(colours.values()), "the page is blank"
    # the type colours of the rows' left borders are drawn
    assert colours[tuple(int(TYPE_COLOURS["Meeting"][i:i + 2], 16) for i in (1, 3, 5))] > 100


@in_chromium
def test_the_page_filters_by_actor(tmp_path: Path) -> None:
    page = render_timeline(talks(), tmp_path / "filter.html")
    run = open_page(page, workdir=tmp_path, screenshot=False, fragment="actor=United%20States")

    elements = parse_html(run.dom)
    status = status_of(elements)
    assert (status["data-state"], status["data-events"], status["data-shown"]) == ("ready", "4", "1")
    assert [r.attrs.get("data-date") for r in rows(elements) if "hidden" not in r.attrs] == [
        "2025-11-23"]
    # headings of months with nothing shown are hidden too
    groups = [e for e in elements if e.tag == "tr" and e.attrs.get("class") == "group"]
    assert ["hidden" in g.attrs for g in groups] == [False, True, True]
    assert status_of(elements) and "1 of 4 events shown" in run.dom
    assert run.requests == []


def test_dates_show_at_their_precision(tmp_path: Path) -> None:
    """A month shows as ``Oct 2025`` and a year as ``2025``, under their own
    headings and before the days they contain; a month stored as its first day is
    still the month."""
    G = nx.MultiGraph()
    for key, date, precision in [("d", "2025-10-05", "day"), ("m", "2025-10-01", "month"),
                                 ("y", "2025", "year"), ("w", "2025-10-13", "week")]:
        G.add_node(key, kind="event", type="Meeting", label=f"event {key}", date=date,
                   date_precision=precision)
    assert [(e.id, e.date, e.when, e.group) for e in timeline_events(G)] == [
        ("y", "2025", "2025", "2025"),
        ("m", "2025-10", "Oct 2025", "October 2025"),
        ("d", "2025-10-05", "2025-10-05", "October 2025"),
        ("w", "2025-10-13", "week of 2025-10-13", "October 2025"),
    ]
    _, elements = render(G, tmp_path)
    assert [texts(cells(elements, r))[0] for r in rows(elements)] == [
        "2025", "Oct 2025", "2025-10-05", "week of 2025-10-13"]
    assert [r.attrs.get("data-date") for r in rows(elements)] == [
        "2025", "2025-10", "2025-10-05", "2025-10-13"]


# --- a real article: dates at their precision, status, outlet, published, file ---------

RECALLED = """---
title: Old talks recalled
published: 2025-11-30
source: Example Wire
---
Rustem Umerov met Marco Rubio in Istanbul in 2022, officials said.

Umerov is scheduled to visit Washington in October 2026, his office said.
"""


@in_chromium
def test_an_ingested_article_on_the_timeline(tmp_path: Path) -> None:
    """A year stored as ``xsd:gYear`` shows as ``2022`` (never 1 January) and a month
    as ``Oct 2026``; planned and happened are marked; each event cites the article's
    title, outlet and published date, its fact ID and a link to its file that leads
    there from the page."""
    from urllib.parse import unquote

    from kgraph.api import KGraph
    from kgraph.project import bipartite
    from kgraph.sources import read_articles

    (tmp_path / "news").mkdir()
    (tmp_path / "out").mkdir()
    article = tmp_path / "news" / "old talks.txt"
    article.write_text(RECALLED, encoding="utf-8")
    with KGraph.open("memory") as kg:
        kg.ingest(read_articles([str(article)]))
        datatypes = {str(r[0]) for r in kg.store.query(  # type: ignore[attr-defined]
            "SELECT (DATATYPE(?d) AS ?t) WHERE { GRAPH ?g { ?e "
            "<http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp> ?d } }")}
        facts = {d["label"]: d["evidence_items"][0]["fact_id"]
                 for _, d in bipartite(kg.store, evidence_items=True).nodes(data=True)
                 if d["kind"] == "event"}
        page = kg.timeline(tmp_path / "out" / "timeline.html")
    assert datatypes == {"<http://www.w3.org/2001/XMLSchema#gYear>",
                         "<http://www.w3.org/2001/XMLSchema#gYearMonth>"}
    run = open_page(page, workdir=tmp_path, screenshot=False)
    assert run.requests == []
    elements = parse_html(run.dom)
    assert status_of(elements)["data-state"] == "ready"
    meeting, visit = rows(elements)
    assert (meeting.attrs["data-date"], meeting.attrs["data-status"]) == ("2022", "happened")
    assert (visit.attrs["data-date"], visit.attrs["data-status"]) == ("2026-10", "planned")
    groups = [e.text for e in elements if e.tag == "th" and e.attrs.get("colspan") == "5"]
    assert groups == ["2022", "October 2026"]
    for row, label, when, status in [(meeting, "Meeting in Istanbul", "2022", "happened"),
                                     (visit, "Visit by Rustem Umerov", "Oct 2026", "planned")]:
        shown = cells(elements, row)
        assert texts(shown)[:4] == [when, label, row.attrs["data-type"], status]
        cited = {e.attrs.get("class"): e for e in shown if e.tag in ("span", "a")}
        assert cited["title"].text == "Old talks recalled"
        assert cited["outlet"].text == "Example Wire"
        assert cited["published"].text == "published 2025-11-30"
        assert cited["fact"].text == f"fact {facts[label]}"
        link = cited["file"]
        assert link.tag == "a" and link.text == str(article)
        assert link.attrs["href"] == "../news/old%20talks.txt"
        assert (page.parent / unquote(link.attrs["href"] or "")).resolve() == article.resolve()
