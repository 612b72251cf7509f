"""The relationship map in real headless Chromium: it draws, it stays offline, and
hostile names run no script. Skipped only when Chromium is not installed."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from browser import Element, needs_chromium, open_page, parse_html, read_png
from kgraph.view import COMMUNITY_COLOURS, TYPE_COLOURS, render_map
from test_view import (
    CANARY,
    HOSTILE_EVIDENCE,
    HOSTILE_LABELS,
    HOSTILE_SOURCE,
    HOSTILE_TITLE,
    MARK,
    hostile_graph,
    talks_graph,
)
from test_view import PAGE_TAGS as VIEW_TAGS

pytestmark = needs_chromium

#: Tags the map page may have after its scripts ran: the template's, plus the
#: ``div``/``canvas`` vis-network creates.
PAGE_TAGS = {*VIEW_TAGS, "p", "canvas"}
#: ... and what the evidence panel and the search's list of matches are made of.
PANEL_TAGS = {"h2", "h3", "p", "ol", "li", "blockquote", "code", "a", "button"}


def map_top(elements: list[Element]) -> int:
    """Where the map starts on the page (px): pixels below are the map, not the header."""
    return int(status_of(elements)["data-map-top"] or 0)


def status_of(elements: list[Element]) -> dict[str, str | None]:
    (status,) = [e for e in elements if e.attrs.get("id") == "kgraph-status"]
    return status.attrs


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def assert_no_script_ran(elements: list[Element], title: str) -> None:
    """No sign of :data:`test_view.MARK` and no element the text could have made."""
    assert not [e for e in elements if "data-pwned" in e.attrs]
    (title_element,) = [e for e in elements if e.tag == "title"]
    assert title_element.text == title
    assert {e.tag for e in elements} <= PAGE_TAGS
    assert not [(e.tag, a) for e in elements for a in e.attrs if a.startswith("on")]


def test_map_draws_every_node_and_edge_offline(tmp_path: Path) -> None:
    page = render_map(talks_graph(), tmp_path / "talks.html", title="Florida talks")
    run = open_page(page, workdir=tmp_path)

    elements = parse_html(run.dom)
    status = status_of(elements)
    assert (status["data-nodes"], status["data-edges"]) == ("10", "10")
    assert status["data-drawn"] == "true"
    assert (status["data-state"], status["data-physics"]) == ("stable", "off")
    assert run.requests == []

    assert run.screenshot is not None
    png = read_png(run.screenshot)
    assert (png.width, png.height) == (1000, 700)
    colours = png.colours(top=map_top(elements))
    white = colours[(255, 255, 255)]
    assert white < 0.98 * sum(colours.values()), "the map area is blank"
    # every node type is on the canvas, filled with its legend colour
    for type_ in ("Person", "Country", "Organization", "Group", "Meeting", "Statement",
                  "Place"):
        assert colours[hex_rgb(TYPE_COLOURS[type_])] > 150, type_


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_hostile_names_run_no_script(tmp_path: Path, csp: bool) -> None:
    page = render_map(hostile_graph(), tmp_path / "hostile.html", title=HOSTILE_TITLE)
    if not csp:
        # take the policy away: escaping alone must keep the page inert
        text, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                          page.read_text(encoding="utf-8"))
        assert n == 1
        page.write_text(text, encoding="utf-8")
    run = open_page(page, workdir=tmp_path, screenshot=False)

    elements = parse_html(run.dom)
    status = status_of(elements)
    assert (status["data-nodes"], status["data-edges"], status["data-state"]) == ("4", "3",
                                                                                  "stable")
    assert_no_script_ran(elements, HOSTILE_TITLE)
    assert run.requests == []  # an injected <img>/<iframe> would have hit CANARY


#: Test-only driver appended to a copy of the page: once the layout is stable, move
#: the mouse over one node (first brought to the middle of the canvas) so vis-network
#: shows its tooltip (again, at the node's current place, until the tooltip shows: a
#: loaded machine may still be moving it). Each try draws the network first: vis-network
#: finds the node under the pointer by the box its last drawing left, and under virtual
#: time on a loaded machine no animation frame may have drawn it since the layout moved
#: it (CI saw 21 tries with no tooltip). The tries are counted on the body.
HOVER = """<script>
(function hover(tries) {
  var status = document.getElementById("kgraph-status");
  if (status.getAttribute("data-state") !== "stable") {
    setTimeout(function () { hover(tries); }, 50);
    return;
  }
  var tip = document.querySelector(".vis-tooltip");
  document.body.setAttribute("data-hover-tries", String(tries));
  if ((tip && tip.style.visibility === "visible") || tries > 20) {
    document.body.setAttribute("data-hovered", "1");
    return;
  }
  var net = window.kgraphNetwork, id = %s;
  if (tries === 0) {
    net.focus(id, {animation: false});  // in the middle of the canvas, whatever the layout did
  }
  net.redraw();  // node boxes where the node is now (see above)
  var at = net.canvasToDOM(net.getPositions([id])[id]);
  var canvas = document.querySelector("#kgraph-map canvas");
  var box = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new MouseEvent("mousemove",
    {clientX: box.left + at.x, clientY: box.top + at.y, bubbles: true}));
  setTimeout(function () { hover(tries + 1); }, 400);
})(0);
</script></body>"""


def test_hostile_tooltip_shows_as_text(tmp_path: Path) -> None:
    """The tooltip of a node whose texts are markup (and contain "href", pyvis's
    innerHTML trigger) shows that markup as text. The policy is removed so the
    driver can run: escaping alone must hold."""
    page = render_map(hostile_graph(), tmp_path / "hover.html", title=HOSTILE_TITLE)
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                  page.read_text(encoding="utf-8"))
    page.write_text(text.replace("</body>", HOVER % json.dumps("urn:x:script")),
                    encoding="utf-8")
    run = open_page(page, workdir=tmp_path, screenshot=False, budget_ms=15000)

    elements = parse_html(run.dom)
    (body,) = [e for e in elements if e.tag == "body"]
    assert body.attrs.get("data-hovered") == "1"
    popups = [e for e in elements if e.attrs.get("class") == "vis-tooltip"]
    assert len(popups) == 1, f"no tooltip after {body.attrs.get('data-hover-tries')} tries"
    (popup,) = popups
    assert "visibility: visible" in (popup.attrs.get("style") or "")
    (tip,) = [e for e in elements if e.attrs.get("class") == "kgraph-tip"]
    lines = tip.text.splitlines()
    assert lines[0] == HOSTILE_LABELS["urn:x:script"]
    assert f"“{HOSTILE_EVIDENCE}”" in lines and f"Source: {HOSTILE_SOURCE}" in lines
    assert_no_script_ran(elements, HOSTILE_TITLE)
    assert run.requests == []


def test_csp_blocks_injected_markup(tmp_path: Path) -> None:
    """If escaping ever failed, the policy still stops inline code and remote loads,
    while the page's own scripts (allowed by hash) run."""
    page = render_map(talks_graph(), tmp_path / "injected.html", title="t")
    injected = (f'<img src="{CANARY}/csp.png" onerror="{MARK}">'
                f"<script>{MARK}</script>"
                f'<link rel="stylesheet" href="{CANARY}/csp.css"></body>')
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", injected),
                    encoding="utf-8")
    run = open_page(page, workdir=tmp_path, screenshot=False)

    elements = parse_html(run.dom)
    assert status_of(elements)["data-state"] == "stable"
    assert not [e for e in elements if "data-pwned" in e.attrs]
    assert [e.text for e in elements if e.tag == "title"] == ["t"]
    assert run.requests == []


def test_net_log_sees_remote_loads(tmp_path: Path) -> None:
    """The helper's check is real: a page that does load remote things is caught."""
    page = tmp_path / "canary.html"
    page.write_text(f'<img src="{CANARY}/x.png"><script>fetch("{CANARY}/y")</script>',
                    encoding="utf-8")
    run = open_page(page, workdir=tmp_path, screenshot=False, budget_ms=2000)
    assert f"{CANARY}/x.png" in run.requests
    assert f"{CANARY}/y" in run.requests


def test_empty_graph_is_drawn(tmp_path: Path) -> None:
    page = render_map(nx.Graph(), tmp_path / "empty.html")
    run = open_page(page, workdir=tmp_path, screenshot=False)
    status = status_of(parse_html(run.dom))
    assert (status["data-nodes"], status["data-edges"], status["data-state"]) == ("0", "0",
                                                                                  "stable")
    assert run.requests == []


def test_large_graph_is_capped_and_physics_stops(tmp_path: Path) -> None:
    G = nx.gnm_random_graph(300, 900, seed=7)
    for n in G:
        G.nodes[n].update(kind="actor", type=("Person", "Country", "Group")[n % 3],
                          label=f"actor {n}")
    page = render_map(G, tmp_path / "large.html", max_nodes=120)
    run = open_page(page, workdir=tmp_path, screenshot=False, budget_ms=10_000)
    status = status_of(parse_html(run.dom))
    assert status["data-nodes"] == "120"
    assert (status["data-state"], status["data-physics"]) == ("stable", "off")


# --- real stores ------------------------------------------------------------------


def test_focus_on_the_examples_via_the_cli(ingested_store: Path, tmp_path: Path) -> None:
    """``kgraph view --focus Witkoff`` on the four example articles: the page draws
    exactly the neighbourhood the filter keeps, offline."""
    from kgraph.api import KGraph
    from kgraph.project import bipartite
    from kgraph.select import filter_graph
    from tests.cli import run as run_cli

    with KGraph.open(str(ingested_store), read_only=True) as kg:
        expected = filter_graph(bipartite(kg.store), focus="Witkoff")
    out = tmp_path / "witkoff.html"
    result = run_cli("--store", str(ingested_store), "view", "--focus", "Witkoff", "-o", str(out))
    assert result.exit_code == 0, result.output
    run = open_page(out, workdir=tmp_path)

    elements = parse_html(run.dom)
    status = status_of(elements)
    assert 10 < expected.number_of_nodes() < 60
    assert (status["data-nodes"], status["data-edges"]) == (
        str(expected.number_of_nodes()), str(expected.number_of_edges()))
    assert (status["data-state"], status["data-physics"]) == ("stable", "off")
    (notes,) = [e for e in elements if e.attrs.get("id") == "kgraph-filters"]
    assert notes.text == "focus: Steve Witkoff, 1 hop"
    assert run.requests == []
    assert run.screenshot is not None
    colours = read_png(run.screenshot).colours(top=map_top(elements))
    assert colours[(255, 255, 255)] < 0.98 * sum(colours.values()), "the map area is blank"
    assert colours[(0x11, 0x11, 0x11)] > 30  # the focus actor's heavy border


def test_colour_by_community_on_the_examples(ingested_store: Path, tmp_path: Path) -> None:
    from kgraph.api import KGraph

    with KGraph.open(str(ingested_store), read_only=True) as kg:
        page = kg.view(tmp_path / "communities.html", colour_by="community", size_by="pagerank")
    run = open_page(page, workdir=tmp_path, window=(1200, 800))

    elements = parse_html(run.dom)
    assert status_of(elements)["data-state"] == "stable"
    legend = [e for e in elements if e.tag == "li" and (e.attrs.get("data-key") or "").isdigit()]
    assert len(legend) >= 2
    assert [e.attrs["data-colour"] for e in legend] == list(COMMUNITY_COLOURS[: len(legend)])
    assert all(e.text.startswith(f"Community {e.attrs['data-key']}: ") for e in legend)
    assert run.screenshot is not None
    colours = read_png(run.screenshot).colours(top=map_top(elements))
    # the two largest communities are on the canvas in their legend colours
    for item in legend[:2]:
        assert colours[hex_rgb(item.attrs["data-colour"] or "")] > 100, item.text
    assert run.requests == []


# --- a hostile article, ingested for real ------------------------------------------

#: A script in the article would set this title if it ever ran.
PWNED = "PWNED"
HOSTILE_IMG = "<img src=x onerror=document.title='PWNED'>"
HOSTILE_SCRIPT = "<script>document.title='PWNED'</script>"
HOSTILE_ARTICLE_TITLE = (f'Talks on <a href="javascript:document.title=\'PWNED\'">href</a> '
                         f"{HOSTILE_SCRIPT} plan")
HOSTILE_ARTICLE = f"""---
title: {HOSTILE_ARTICLE_TITLE}
published: 2025-11-30
source: {HOSTILE_IMG} Wire
---
Secretary of State Marco Rubio met Rustem Umerov in Geneva on Sunday {HOSTILE_IMG}.

Rubio said: "We made progress {HOSTILE_SCRIPT} on the plan."
"""


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    """The hostile article ingested through the real API into a memory store, then
    its map and timeline; also the id of the meeting whose tooltip shows it all."""
    from kgraph.api import KGraph
    from kgraph.project import bipartite
    from kgraph.sources import parse_article

    folder = tmp_path_factory.mktemp("hostile")
    article = parse_article(HOSTILE_ARTICLE, "hostile.md", "hostile.md")
    with KGraph.open("memory") as kg:
        report = kg.ingest([article])
        assert report.added == [HOSTILE_ARTICLE_TITLE]
        B = bipartite(kg.store)
        (meeting,) = [n for n, d in B.nodes(data=True) if d.get("type") == "Meeting"]
        assert HOSTILE_IMG in B.nodes[meeting]["evidence"]
        assert B.nodes[meeting]["sources"] == [HOSTILE_ARTICLE_TITLE]
        return {"map": kg.view(folder / "map.html", title="hostile map"),
                "timeline": kg.timeline(folder / "timeline.html", title="hostile timeline"),
                "meeting": meeting}


def test_hostile_article_map_runs_no_script(hostile_pages: dict, tmp_path: Path) -> None:
    run = open_page(hostile_pages["map"], workdir=tmp_path, screenshot=False)
    elements = parse_html(run.dom)
    assert status_of(elements)["data-state"] == "stable"
    assert_no_script_ran(elements, "hostile map")
    assert PWNED not in [e.text for e in elements if e.tag == "title"]
    assert not [e for e in elements if e.tag in {"img", "a", "iframe"}]
    assert run.requests == []


def with_driver(page: Path, driver: str) -> None:
    """Append ``driver`` (a script) to the page and allow it in the page's own
    Content-Security-Policy by hash: the policy stays otherwise as it is."""
    digest = base64.b64encode(hashlib.sha256(driver.encode()).digest()).decode()
    text = page.read_text(encoding="utf-8")
    assert text.count("script-src ") == 1
    text = text.replace("script-src ", f"script-src 'sha256-{digest}' ")
    page.write_text(text.replace("</body>", f"<script>{driver}</script></body>"), encoding="utf-8")


def test_hostile_article_tooltip_shows_the_markup_as_text(hostile_pages: dict,
                                                          tmp_path: Path) -> None:
    page = tmp_path / "hover.html"
    page.write_text(Path(hostile_pages["map"]).read_text(encoding="utf-8"), encoding="utf-8")
    driver = HOVER.removeprefix("<script>").removesuffix("</script></body>")
    with_driver(page, driver % json.dumps(hostile_pages["meeting"]))
    run = open_page(page, workdir=tmp_path, screenshot=False)

    elements = parse_html(run.dom)
    (body,) = [e for e in elements if e.tag == "body"]
    assert body.attrs.get("data-hovered") == "1"
    (tip,) = [e for e in elements if e.attrs.get("class") == "kgraph-tip"]
    lines = tip.text.splitlines()
    assert lines[0] == "Meeting in Geneva"
    assert any(HOSTILE_IMG in line for line in lines)
    assert f"Source: {HOSTILE_ARTICLE_TITLE}" in lines
    assert_no_script_ran(elements, "hostile map")
    assert run.requests == []


def test_hostile_article_timeline_shows_the_markup_as_text(hostile_pages: dict,
                                                           tmp_path: Path) -> None:
    from test_timeline import PAGE_TAGS as TIMELINE_TAGS

    run = open_page(hostile_pages["timeline"], workdir=tmp_path, screenshot=False)
    elements = parse_html(run.dom)
    (status,) = [e for e in elements if e.attrs.get("id") == "kgraph-status"]
    assert status.attrs["data-state"] == "ready"
    assert [e.text for e in elements if e.tag == "title"] == ["hostile timeline"]
    assert {e.tag for e in elements} <= TIMELINE_TAGS
    assert len([e for e in elements if e.tag == "script"]) == 1
    assert not [(e.tag, a) for e in elements for a in e.attrs if a.startswith("on")]
    quotes = [e.text for e in elements if e.tag == "blockquote"]
    assert any(HOSTILE_IMG in q for q in quotes) and any(HOSTILE_SCRIPT in q for q in quotes)
    titles = {e.text for e in elements if e.attrs.get("class") == "title"}
    assert HOSTILE_ARTICLE_TITLE in titles
    assert {e.text for e in elements if e.attrs.get("class") == "outlet"} == {f"{HOSTILE_IMG} Wire"}
    assert run.requests == []
