"""The relationship map in real headless Chromium: it draws, it stays offline, and
hostile names run no script. Skipped only when Chromium is not installed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from browser import Element, needs_chromium, open_page, parse_html, read_png
from kgraph.view import TYPE_COLOURS, render_map
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

pytestmark = needs_chromium

#: Tags the map page may have after its scripts ran: the template's, plus the
#: ``div``/``canvas`` vis-network creates.
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "span", "ul",
             "li", "main", "script", "div", "canvas"}
HEADER_HEIGHT = 80  # px: pixels below this are the map, not the legend


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

    status = status_of(parse_html(run.dom))
    assert (status["data-nodes"], status["data-edges"]) == ("10", "10")
    assert status["data-drawn"] == "true"
    assert (status["data-state"], status["data-physics"]) == ("stable", "off")
    assert run.requests == []

    assert run.screenshot is not None
    png = read_png(run.screenshot)
    assert (png.width, png.height) == (1000, 700)
    colours = png.colours(top=HEADER_HEIGHT)
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
#: the mouse over one node so vis-network shows its tooltip.
HOVER = """<script>
(function hover() {
  var status = document.getElementById("kgraph-status");
  if (status.getAttribute("data-state") !== "stable") { setTimeout(hover, 50); return; }
  var net = window.kgraphNetwork, id = %s;
  var at = net.canvasToDOM(net.getPositions([id])[id]);
  var canvas = document.querySelector("#kgraph-map canvas");
  var box = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new MouseEvent("mousemove",
    {clientX: box.left + at.x, clientY: box.top + at.y, bubbles: true}));
  setTimeout(function () { document.body.setAttribute("data-hovered", "1"); }, 800);
})();
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
    run = open_page(page, workdir=tmp_path, screenshot=False)

    elements = parse_html(run.dom)
    (body,) = [e for e in elements if e.tag == "body"]
    assert body.attrs.get("data-hovered") == "1"
    (popup,) = [e for e in elements if e.attrs.get("class") == "vis-tooltip"]
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
