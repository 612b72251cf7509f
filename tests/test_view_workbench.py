"""The map as an analyst's workbench: the evidence the projection carries (and the
facts a curation rejected, which it leaves out), then the page in real headless
Chromium: search, filters with live counts, the evidence panel, readable labels."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pytest

from browser import Element, needs_chromium, open_page, parse_html
from kgraph.project import bipartite
from kgraph.view import READABLE_LABELS, file_link, render_map
from test_browser import PAGE_TAGS, PANEL_TAGS, status_of, with_driver
from test_view import HOSTILE_TITLE, MARK
from tests.factories import sample_store

CURATION = "https://kgraph.example/id/curation/"


def embedded(path: Path) -> dict:
    elements = parse_html(path.read_text(encoding="utf-8"))
    (block,) = [e for e in elements if e.attrs.get("id") == "kgraph-data"]
    return json.loads(block.text)


def reject(store: object, *facts: str) -> None:
    """What ``kgraph curate reject`` leaves in the store: ``kg:rejects`` triples."""
    triples = " ".join(f'<urn:test:reject:{f}> <https://kgraph.example/ns#rejects> "{f}" .'
                       for f in facts)
    store.update(f"INSERT DATA {{ GRAPH <{CURATION}> {{ {triples} }} }}")  # type: ignore[attr-defined]


# --- the projection's evidence -------------------------------------------------------


def test_every_node_and_edge_carries_its_evidence_items() -> None:
    """Two articles report one meeting: the canonical meeting, Rubio and the
    relation each cite both, with the fact's ID, title, outlet, date and file."""
    kg = sample_store()
    B = bipartite(kg.store, evidence_items=True)
    ids = {d["label"]: n for n, d in B.nodes(data=True)}
    meeting = B.nodes[ids["Meeting in Geneva"]]
    items = meeting["evidence_items"]
    assert [(i["title"], i["outlet"], i["published"], i["file"]) for i in items] == [
        ("Envoys meet in Geneva", "test", "2025-11-24", "geneva.txt"),
        ("Second report on Geneva", None, "2025-11-25", "geneva.txt"),
    ]
    assert {i["sentence"] for i in items} == {
        "Secretary of State Marco Rubio met Rustem Umerov in Geneva on Sunday."}
    assert {i["confidence"] for i in items} == {0.85}
    assert all(re.fullmatch(r"e-[0-9a-z]{10}", i["fact_id"]) for i in items)
    assert len({i["fact_id"] for i in items}) == 2  # one fact per article
    # a role's evidence is its event's sentence; its fact is the participation
    (role,) = B.get_edge_data(ids["Marco Rubio"], ids["Meeting in Geneva"]).values()
    assert role["label"] == "head of delegation"
    assert {i["fact_id"][:2] for i in role["evidence_items"]} == {"p-"}
    assert len(role["evidence_items"]) == 2
    (relation,) = B.get_edge_data(ids["Rustem Umerov"], ids["Ukraine"]).values()
    assert {i["fact_id"][:2] for i in relation["evidence_items"]} == {"r-"}
    assert relation["evidence"] == relation["evidence_items"][0]["sentence"]
    # without the flag the graph is as before: nothing export or analysis would carry
    plain = bipartite(kg.store)
    assert not any("evidence_items" in d for _, d in plain.nodes(data=True))
    assert not any("evidence_items" in d for _, _, d in plain.edges(data=True))
    assert plain.nodes[ids["Meeting in Geneva"]]["evidence"] == meeting["evidence"]


def test_aliases_gather_every_name() -> None:
    kg = sample_store()
    B = bipartite(kg.store)
    rubio = next(d for _, d in B.nodes(data=True) if d["label"] == "Marco Rubio")
    assert rubio["aliases"] == ["Rubio"]
    assert "Marco Rubio" not in rubio["aliases"]


def test_rejected_facts_are_left_out() -> None:
    """A rejected event goes with its edges and evidence; a rejected participation
    takes its edge away and leaves both ends; a rejected article node of a canonical
    actor takes away only that article's evidence."""
    kg = sample_store()
    B = bipartite(kg.store, evidence_items=True)
    ids = {d["label"]: n for n, d in B.nodes(data=True)}
    statement = ids["Rubio: We made progress."]
    (role,) = B.get_edge_data(ids["Rustem Umerov"], ids["Meeting in Geneva"]).values()
    rubio = B.nodes[ids["Marco Rubio"]]["evidence_items"]
    assert len(rubio) == 2
    reject(kg.store, *{i["fact_id"] for i in B.nodes[statement]["evidence_items"]},
           *{i["fact_id"] for i in role["evidence_items"]}, rubio[1]["fact_id"])

    after = bipartite(kg.store, evidence_items=True)
    assert statement not in after
    assert not after.has_edge(ids["Rustem Umerov"], ids["Meeting in Geneva"])
    assert after.has_edge(ids["Marco Rubio"], ids["Meeting in Geneva"])
    assert ids["Rustem Umerov"] in after and ids["Meeting in Geneva"] in after
    assert after.nodes[ids["Marco Rubio"]]["evidence_items"] == rubio[:1]
    assert set(after) == set(B) - {statement}


# --- the page's data -------------------------------------------------------------------


def test_the_page_carries_evidence_articles_and_links(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "talks.txt").write_text("Talks.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # files are as ingested: relative to the current folder
    item = {"sentence": "Ann met Bob.", "confidence": 0.8, "fact_id": "e-0123456789",
            "title": "Talks", "outlet": "Wire", "published": "2025-11-30",
            "file": "news/talks.txt"}
    G = nx.MultiGraph()
    G.add_node("a", kind="actor", type="Person", label="Ann", aliases=["Annie"],
               evidence_items=[{**item, "fact_id": "a-0123456789", "confidence": 0.9}])
    G.add_node("m", kind="event", type="Meeting", label="Talks", date="2025-10",
               date_precision="month", status="planned", evidence_items=[item])
    G.add_node("b", kind="actor", type="Person", label="Bob", evidence="Bob spoke.",
               sources=["Old report", "Other report"])
    G.add_edge("a", "m", kind="role", label="host",
               evidence_items=[{**item, "fact_id": "p-0123456789"}])
    (tmp_path / "out").mkdir()
    data = embedded(render_map(G, tmp_path / "out" / "map.html"))

    assert data["articles"] == [
        ["Talks", "Wire", "2025-11-30", "../news/talks.txt", "news/talks.txt"],
        ["Old report", None, None, None, None],
        ["Other report", None, None, None, None],
    ]
    nodes, edges = data["info"]["nodes"], data["info"]["edges"]
    assert nodes["a"]["names"] == ["Ann", "Annie"]
    assert nodes["a"]["evidence"] == [["Ann met Bob.", 0.9, "a-0123456789", 0]]
    assert nodes["a"]["confidence"] == 0.9 and nodes["a"]["isolated"] is False
    assert {k: nodes["m"][k] for k in ("when", "from", "to", "status")} == {
        "when": "Oct 2025", "from": "2025-10-01", "to": "2025-10-31", "status": "planned"}
    # a graph without evidence items: its sentence and sources
    assert nodes["b"]["evidence"] == [["Bob spoke.", None, None, 1], [None, None, None, 2]]
    assert nodes["b"]["confidence"] is None and nodes["b"]["isolated"] is True
    assert edges["e0"] == {"kind": "role", "label": "host", "ends": ["Ann", "Talks"],
                           "evidence": [["Ann met Bob.", 0.8, "p-0123456789", 0]], "more": 0,
                           "confidence": 0.8}
    (bob,) = [n for n in data["nodes"] if n["id"] == "b"]
    assert (bob["hidden"], bob["physics"]) == (True, False)  # isolated: hidden, out of the layout


def test_file_links_are_relative_paths_never_schemes(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("javascript:alert(1).txt", "a#b?c.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert file_link("javascript:alert(1).txt", tmp_path / "map.html") == (
        "./javascript%3Aalert%281%29.txt")
    assert file_link("a#b?c.txt", tmp_path / "sub" / "map.html") == "../a%23b%3Fc.txt"
    assert file_link("missing.txt", tmp_path / "map.html") is None
    assert file_link(None, tmp_path / "map.html") is None
    assert file_link(str(tmp_path), tmp_path / "map.html") is None  # a folder


def test_nothing_isolated_hides_nothing(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_nodes_from(["a", "b"], kind="actor", type="Person")
    data = embedded(render_map(G, tmp_path / "m.html"))
    assert [n.get("hidden") for n in data["nodes"]] == [None, None]
    elements = parse_html((tmp_path / "m.html").read_text(encoding="utf-8"))
    (box,) = [e for e in elements if e.attrs.get("id") == "kgraph-isolated"]
    assert "checked" in box.attrs


def test_rejected_facts_leave_the_map_and_the_timeline(store_copy: Path, tmp_path: Path) -> None:
    from kgraph.api import KGraph

    with KGraph.open(str(store_copy)) as kg:
        B = bipartite(kg.store, evidence_items=True)
        ids = {d["label"]: n for n, d in B.nodes(data=True)}
        attack = ids["Attack by Russia in Kyiv"]
        event_facts = {i["fact_id"] for i in B.nodes[attack]["evidence_items"]}
        edge = next(d for u, v, d in B.edges(data=True) if d["kind"] == "role"
                    and {u, v} == {ids["Steve Witkoff"], ids["Meeting in Shell Bay"]})
        role_facts = {i["fact_id"] for i in edge["evidence_items"]}
        assert len(event_facts) == len(role_facts) == 1
        before = (kg.view(tmp_path / "before.html"), kg.timeline(tmp_path / "before-t.html"))
        reject(kg.store, *event_facts, *role_facts)
        after = (kg.view(tmp_path / "after.html"), kg.timeline(tmp_path / "after-t.html"))

    # the map shows every fact's ID, the timeline its events'
    for fact, pages in [*[(f, (0, 1)) for f in event_facts], *[(f, (0,)) for f in role_facts]]:
        assert all(fact in before[i].read_text(encoding="utf-8") for i in pages)
        assert not any(fact in page.read_text(encoding="utf-8") for page in after)
    data = embedded(after[0])
    assert attack not in {n["id"] for n in data["nodes"]}
    pairs = {(e["from"], e["to"]) for e in data["edges"]} | {
        (e["to"], e["from"]) for e in data["edges"]}
    assert (ids["Steve Witkoff"], ids["Meeting in Shell Bay"]) not in pairs
    assert {ids["Steve Witkoff"], ids["Meeting in Shell Bay"]} <= {n["id"] for n in data["nodes"]}
    timeline = after[1].read_text(encoding="utf-8")
    assert "Attack by Russia in Kyiv" in before[1].read_text(encoding="utf-8")
    assert "Attack by Russia in Kyiv" not in timeline


# --- in headless Chromium -------------------------------------------------------------

#: Helpers for the drivers below, appended to a copy of the page. Every wait retries
#: until its condition holds (a loaded machine is slow), and a click that opened
#: nothing is tried again at the element's current place.
HARNESS = """
var status = document.getElementById("kgraph-status");
var net = window.kgraphNetwork;
function note(key, value) {
  document.body.setAttribute("data-t-" + key, JSON.stringify(value));
}
function until(test, then, what, tries) {
  tries = tries || 0;
  if (test()) { then(); return; }
  if (tries > 300) { note("timeout", what); return; }
  setTimeout(function () { until(test, then, what, tries + 1); }, 50);
}
function clickAt(point) {
  var canvas = document.querySelector("#kgraph-map canvas");
  var box = canvas.getBoundingClientRect();
  var opts = {clientX: box.left + point.x, clientY: box.top + point.y, bubbles: true,
              cancelable: true, pointerId: 1, pointerType: "mouse", isPrimary: true,
              button: 0, buttons: 1};
  canvas.dispatchEvent(new PointerEvent("pointerdown", opts));
  opts.buttons = 0;
  canvas.dispatchEvent(new PointerEvent("pointerup", opts));
}
function nodePoint(id) { return net.canvasToDOM(net.getPositions([id])[id]); }
function edgePoint(id) { return net.canvasToDOM(net.body.edges[id].edgeType.getPoint(0.5)); }
function clickUntil(point, test, then, what, tries) {
  tries = tries || 0;
  clickAt(point());
  var waited = 0;
  (function wait() {
    if (test()) { then(); return; }
    if (waited++ < 20) { setTimeout(wait, 50); return; }
    if (tries > 10) { note("timeout", what); return; }
    clickUntil(point, test, then, what, tries + 1);
  })();
}
function tick(input, checked) {
  if (input.checked !== checked) { input.click(); }
}
function shown() {
  return [status.getAttribute("data-shown-nodes"), status.getAttribute("data-shown-edges")];
}
function stable(then) {
  until(function () { return status.getAttribute("data-state") === "stable"; }, then, "stable");
}
"""


def drive(page: Path, steps: str, tmp_path: Path, **kwargs: object) -> tuple[list[Element], dict]:
    """Open ``page`` with ``steps`` (JS using :data:`HARNESS`, ending with
    ``note("done", 1)``) run once the layout is stable; the parsed DOM and the
    notes the steps left."""
    copy = tmp_path / f"driven-{page.name}"
    copy.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    with_driver(copy, f"(function () {{\n{HARNESS}\nstable(function () {{\n{steps}\n}});\n}})();")
    run = open_page(copy, workdir=tmp_path, screenshot=False, budget_ms=30_000, timeout=90,
                    **kwargs)  # type: ignore[arg-type]
    assert run.requests == []
    elements = parse_html(run.dom)
    (body,) = [e for e in elements if e.tag == "body"]
    notes = {k.removeprefix("data-t-"): json.loads(v or "null") for k, v in body.attrs.items()
             if k.startswith("data-t-")}
    assert "timeout" not in notes, notes
    assert notes.get("done") == 1, notes
    return elements, notes


def panel(elements: list[Element]) -> list[Element]:
    """The elements of the evidence panel."""
    start = next(i for i, e in enumerate(elements) if e.attrs.get("id") == "kgraph-panel")
    end = next(i for i, e in enumerate(elements) if e.attrs.get("id") == "kgraph-data")
    return elements[start:end]


def evidence_items(elements: list[Element]) -> list[dict]:
    """Each evidence item of the panel: its fact, sentence, title, outlet, date, file."""
    items: list[dict] = []
    for e in panel(elements):
        if e.tag == "li" and "data-fact" in e.attrs:
            items.append({"fact": e.attrs["data-fact"]})
        elif items and e.tag == "blockquote":
            items[-1]["sentence"] = e.text.strip("“”")
        elif items and e.attrs.get("class") in ("title", "outlet", "published", "file"):
            items[-1][e.attrs["class"]] = e.text
            if e.tag == "a":
                items[-1]["href"] = e.attrs["href"]
        elif items and e.tag == "code":
            items[-1]["code"] = e.text
    return items


def in_chromium(test):  # type: ignore[no-untyped-def]
    for mark in needs_chromium:
        test = mark(test)
    return test


@in_chromium
def test_find_an_alias_open_its_evidence_and_untick_a_type(ingested_store: Path,
                                                             tmp_path: Path) -> None:
    """The issue's test: type an actor's alias into the search box, see the node
    focused, click it and find its evidence sentence and outlet in the panel;
    unticking a type changes the visible count."""
    from kgraph.api import KGraph

    with KGraph.open(str(ingested_store), read_only=True) as kg:
        B = bipartite(kg.store, evidence_items=True)
        page = kg.view(tmp_path / "map.html")
    (dmitriev,) = [n for n, d in B.nodes(data=True) if "Dmitriev" in d["aliases"]]
    assert B.nodes[dmitriev]["label"] == "Kirill Dmitriev"
    expected = B.nodes[dmitriev]["evidence_items"]
    people = sum(1 for _, d in B.nodes(data=True) if d["type"] == "Person")

    elements, notes = drive(page, """
      var search = document.getElementById("kgraph-search");
      search.focus();
      search.value = "dmitriev";
      search.dispatchEvent(new InputEvent("input", {bubbles: true, data: "dmitriev"}));
      until(function () { return status.getAttribute("data-focused"); }, function () {
        var id = status.getAttribute("data-focused");
        var view = net.getViewPosition(), at = net.getPositions([id])[id];
        note("focused", id);
        note("offset", Math.round(Math.hypot(view.x - at.x, view.y - at.y)));
        note("selected", net.getSelectedNodes());
        note("scale", net.getScale());
        clickUntil(function () { return nodePoint(id); },
                   function () { return status.getAttribute("data-panel") === "node:" + id; },
                   function () {
          note("before", shown());
          tick(document.querySelector('#kgraph-types input[data-type="Person"]'), false);
          note("unticked", shown());
          note("people", document.querySelector('#kgraph-types li[data-key="Person"] .n').textContent);
          tick(document.querySelector('#kgraph-types input[data-type="Person"]'), true);
          note("ticked", shown());
          note("done", 1);
        }, "panel");
      }, "focus");
    """, tmp_path, window=(1300, 850))

    # focused: selected and at the centre of the view
    assert notes["focused"] == dmitriev and notes["selected"] == [dmitriev]
    assert notes["offset"] <= 2
    # the panel: the actor's name, other names and every evidence item
    texts = [e.text for e in panel(elements)]
    assert "Kirill Dmitriev" in texts and "Also: Dmitriev" in texts
    shown = evidence_items(elements)
    assert [(i["fact"], i["sentence"], i["title"], i["outlet"], i["published"]) for i in shown] == [
        (x["fact_id"], x["sentence"], x["title"], x["outlet"], f"published {x['published']}")
        for x in expected]
    assert {i["code"] for i in shown} == {x["fact_id"] for x in expected}
    assert any("Dmitriev" in i["sentence"] for i in shown)
    assert {i["outlet"] for i in shown} == {"kgraph example article (written for the project)"}
    for item in shown:  # each file link leads from the page to the article
        target = (tmp_path / unquote(item["href"])).resolve()
        assert target.is_file() and target.name == Path(item["file"]).name
    # unticking Person hides people (the focused one stays) and what only they linked
    before, unticked, ticked = notes["before"], notes["unticked"], notes["ticked"]
    assert int(unticked[0]) < int(before[0]) - 5 and int(unticked[1]) < int(before[1])
    assert ticked == before
    assert notes["people"] == f"1/{people}"
    assert {e.tag for e in elements} <= PAGE_TAGS | PANEL_TAGS


def filters_graph() -> nx.MultiGraph:
    """Two people and a group; a meeting in October (month), a planned visit on 30
    November, an undated statement; one relation of low confidence; a lone place."""
    G = nx.MultiGraph()

    def item(conf: float, fact: str) -> list[dict]:
        return [{"sentence": f"Sentence of {fact}.", "confidence": conf, "fact_id": fact,
                 "title": "Report", "outlet": "Wire", "published": "2025-12-01", "file": None}]

    G.add_node("ann", kind="actor", type="Person", label="Ann Lee", aliases=["Lee"],
               evidence_items=item(0.9, "a-ann"))
    G.add_node("bob", kind="actor", type="Person", label="Bob Roe", evidence_items=item(0.9, "a-bob"))
    G.add_node("crew", kind="actor", type="Group", label="The Crew", evidence_items=item(0.4, "a-crew"))
    G.add_node("oct", kind="event", type="Meeting", label="October talks", date="2025-10",
               date_precision="month", status="happened", evidence_items=item(0.9, "e-oct"))
    G.add_node("visit", kind="event", type="Visit", label="Planned visit", date="2025-11-30",
               date_precision="day", status="planned", evidence_items=item(0.6, "e-visit"))
    G.add_node("said", kind="event", type="Statement", label="Undated statement",
               status="happened", evidence_items=item(0.9, "e-said"))
    G.add_node("kyiv", kind="place", type="Place", label="Kyiv")
    for a, e in [("ann", "oct"), ("bob", "oct"), ("ann", "visit"), ("crew", "said")]:
        G.add_edge(a, e, kind="role", label="participant", evidence_items=item(0.9, f"p-{a}{e}"))
    G.add_edge("bob", "crew", kind="relation", label="member of", evidence_items=item(0.3, "r-bob"))
    return G


@in_chromium
def test_filters_update_the_visible_counts(tmp_path: Path) -> None:
    page = render_map(filters_graph(), tmp_path / "filters.html")
    _, notes = drive(page, """
      var c = {from: document.getElementById("kgraph-from"), to: document.getElementById("kgraph-to"),
               planned: document.getElementById("kgraph-planned"),
               happened: document.getElementById("kgraph-happened"),
               conf: document.getElementById("kgraph-confidence"),
               isolated: document.getElementById("kgraph-isolated")};
      function set(input, value) {
        input.value = value;
        input.dispatchEvent(new Event(input.type === "range" ? "input" : "change", {bubbles: true}));
      }
      note("start", shown().concat([status.getAttribute("data-isolated")]));
      tick(c.isolated, true); note("isolated", shown());
      tick(c.isolated, false);
      tick(c.planned, false); note("no-planned", shown());
      tick(c.planned, true);
      tick(c.happened, false); note("no-happened", shown());
      tick(c.happened, true);
      set(c.from, "2025-10-15"); note("from-mid-october", shown());
      set(c.from, "2025-11-01"); note("from-november", shown());
      set(c.to, "2025-11-29"); note("nothing-in-range", shown());
      set(c.from, ""); set(c.to, "");
      set(c.conf, "0.5"); note("confidence", shown());
      note("confidence-text", document.getElementById("kgraph-confidence-value").textContent);
      document.getElementById("kgraph-reset").click(); note("reset", shown());
      note("done", 1);
    """, tmp_path)
    # 7 nodes, 5 edges; the lone place is hidden until "isolated" is ticked
    assert notes["start"] == ["6", "5", "1"] and notes["isolated"] == ["7", "5"]
    # without the planned visit Ann keeps the meeting
    assert notes["no-planned"] == ["5", "4"]
    # without happened events: the visit with Ann, and Bob and the group, whose
    # relation still links them
    assert notes["no-happened"] == ["4", "2"]
    # an event at month precision overlaps a range from mid-October; undated ones go
    assert notes["from-mid-october"] == ["5", "4"]
    assert notes["from-november"] == ["4", "2"]
    assert notes["nothing-in-range"] == ["2", "1"]
    # confidence 0.5: the group (0.4) and the relation (0.3) go, and with them the
    # statement that had only the group
    assert notes["confidence"] == ["4", "3"] and notes["confidence-text"] == "0.50"
    assert notes["reset"] == ["6", "5"]


@in_chromium
def test_clicking_an_edge_shows_its_facts_and_an_empty_spot_closes(tmp_path: Path) -> None:
    page = render_map(filters_graph(), tmp_path / "edge.html")
    data = embedded(page)
    (edge,) = [e for e in data["edges"] if e["label"] == "member of"]
    elements, notes = drive(page, """
      var id = ID;
      clickUntil(function () { return edgePoint(id); },
                 function () { return status.getAttribute("data-panel") === "edge:" + id; },
                 function () {
        note("panel", document.getElementById("kgraph-panel").textContent);
        clickUntil(function () { return {x: 3, y: 3}; },
                   function () { return document.getElementById("kgraph-panel").hidden; },
                   function () { note("closed", 1); note("done", 1); }, "close");
      }, "edge");
    """.replace("ID", json.dumps(edge["id"])), tmp_path)
    assert notes["panel"].startswith("×Bob Roe — member of — The Crewrelation")
    assert "“Sentence of r-bob.”" in notes["panel"] and "fact r-bob" in notes["panel"]
    assert "Wire" in notes["panel"] and "published 2025-12-01" in notes["panel"]
    assert notes["closed"] == 1
    assert "data-panel" not in status_of(elements)


@in_chromium
def test_a_search_reveals_a_hidden_node_and_lists_its_matches(tmp_path: Path) -> None:
    page = render_map(filters_graph(), tmp_path / "search.html")
    _, notes = drive(page, """
      var search = document.getElementById("kgraph-search");
      function find(text) {
        search.value = text;
        search.dispatchEvent(new Event("input", {bubbles: true}));
      }
      find("KYIV");
      note("kyiv", [status.getAttribute("data-focused"), shown()[0]]);
      find("o");
      note("o", [status.getAttribute("data-focused"), status.getAttribute("data-matches")]);
      note("listed", Array.prototype.map.call(document.querySelectorAll("#kgraph-matches button"),
                                             function (b) { return b.textContent; }));
      find("zzz");
      note("none", [status.getAttribute("data-focused"), shown()[0],
                    document.getElementById("kgraph-found").textContent]);
      find("lee");
      search.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
      note("enter", status.getAttribute("data-panel"));
      note("done", 1);
    """, tmp_path)
    # the lone place is isolated, so hidden: found, it is shown (7 nodes)
    assert notes["kyiv"] == ["kyiv", "7"]
    # "o" is in two names: the one that starts with it first
    assert notes["o"] == ["oct", "2"]
    assert notes["listed"][0].startswith("October talks")
    assert notes["none"] == [None, "6", "no match"]
    assert notes["enter"] == "node:ann"


@in_chromium
def test_labels_are_readable_and_apart_at_300_nodes(tmp_path: Path) -> None:
    """At the default zoom every label drawn is at least 13 px high and none overlaps
    another (measured with vis-network's own label boxes); many are drawn."""
    import random

    rng = random.Random(3)
    G = nx.MultiGraph()
    for i in range(120):
        G.add_node(f"a{i}", kind="actor", type=rng.choice(["Person", "Country", "Group"]),
                   label=f"Actor number {i}")
    for i in range(180):
        G.add_node(f"e{i}", kind="event", type=rng.choice(["Meeting", "Statement", "Visit"]),
                   label=f"Event {i} in {rng.choice(['Geneva', 'Kyiv', 'Abu Dhabi'])}")
        for a in rng.sample(range(120), 2):
            G.add_edge(f"a{a}", f"e{i}", kind="role", label="participant")
    assert G.number_of_nodes() == 300 <= READABLE_LABELS
    page = render_map(G, tmp_path / "big.html", max_nodes=None)
    elements, notes = drive(page, """
      // every label drawn, by vis-network's own boxes: how many, the smallest, overlaps
      function measure() {
        var scale = net.getScale(), boxes = [];
        Object.keys(net.body.nodes).forEach(function (id) {
          var node = net.body.nodes[id], label = node.labelModule, px = label.fontOptions.size * scale;
          if (node.options.hidden || !label.elementOptions.label || px < 4) { return; }
          var s = label.size;
          var a = net.canvasToDOM({x: s.left, y: s.top});
          var b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
          var box = canvas.getBoundingClientRect();
          if (b.x < 0 || a.x > box.width || b.y < 0 || a.y > box.height) { return; }
          boxes.push([a.x, a.y, b.x, b.y, px]);
        });
        var overlaps = 0;
        for (var i = 0; i < boxes.length; i++) {
          for (var j = i + 1; j < boxes.length; j++) {
            var p = boxes[i], q = boxes[j];
            if (!(p[2] <= q[0] || q[2] <= p[0] || p[3] <= q[1] || q[3] <= p[1])) { overlaps++; }
          }
        }
        return {drawn: boxes.length, overlaps: overlaps, status: Number(status.getAttribute("data-labels")),
                smallest: Math.min.apply(null, boxes.map(function (b) { return b[4]; }))};
      }
      var canvas = document.querySelector("#kgraph-map canvas");
      setTimeout(function () {
        note("default", measure());
        // zoom in with the mouse wheel: labels that had no room get some
        var box = canvas.getBoundingClientRect();
        for (var i = 0; i < 3; i++) {
          canvas.dispatchEvent(new WheelEvent("wheel", {clientX: box.left + box.width / 2,
            clientY: box.top + box.height / 2, deltaY: -120, bubbles: true, cancelable: true}));
        }
        setTimeout(function () { note("zoomed", measure()); note("done", 1); }, 800);
      }, 300);
    """, tmp_path, window=(1400, 900))
    default, zoomed = notes["default"], notes["zoomed"]
    assert default["overlaps"] == zoomed["overlaps"] == 0
    assert default["smallest"] >= 12.9 and zoomed["smallest"] >= 12.9
    assert default["drawn"] == default["status"] >= 40
    assert zoomed["drawn"] == zoomed["status"] > default["drawn"]
    assert int(status_of(elements)["data-labels"]) == zoomed["drawn"]


@in_chromium
def test_the_panel_shows_hostile_text_as_text(tmp_path: Path) -> None:
    """Every text in the panel comes from articles: markup in it stays text."""
    hostile = f"<img src=x onerror=\"{MARK}\"> said <script>{MARK}</script>"
    item = {"sentence": hostile, "confidence": 0.7, "fact_id": "e-<b>x</b>", "title": hostile,
            "outlet": f"<iframe src=x onload=\"{MARK}\">", "published": "<i>2025</i>",
            "file": "javascript:alert(1)"}
    G = nx.MultiGraph()
    G.add_node("x", kind="actor", type="Person", label=hostile, aliases=[hostile + " alias"],
               evidence_items=[item])
    G.add_node("y", kind="event", type="Meeting", label="talks", evidence_items=[item])
    G.add_edge("x", "y", kind="role", label=hostile, evidence_items=[item])
    page = render_map(G, tmp_path / "hostile.html", title=HOSTILE_TITLE)
    elements, _ = drive(page, """
      clickUntil(function () { return nodePoint("x"); },
                 function () { return status.getAttribute("data-panel") === "node:x"; },
                 function () { note("done", 1); }, "panel");
    """, tmp_path)
    assert not [e for e in elements if "data-pwned" in e.attrs]
    assert not [(e.tag, a) for e in elements for a in e.attrs if a.startswith("on")]
    assert [e.text for e in elements if e.tag == "title"] == [HOSTILE_TITLE]
    assert {e.tag for e in elements} <= PAGE_TAGS | PANEL_TAGS
    assert not [e for e in elements if e.tag in ("img", "iframe", "i", "b", "a")]
    (item_,) = evidence_items(elements)
    assert item_["sentence"] == hostile and item_["title"] == hostile
    assert item_["outlet"] == f"<iframe src=x onload=\"{MARK}\">"
    assert item_["file"] == "javascript:alert(1)" and "href" not in item_
    assert item_["fact"] == item_["code"] == "e-<b>x</b>"
    (h2,) = [e for e in panel(elements) if e.tag == "h2"]
    assert h2.text == hostile
