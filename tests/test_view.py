"""Unit tests of the relationship map (no browser): what the HTML file contains."""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import itertools
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from browser import Element, parse_html
from kgraph.view import (
    TYPE_COLOURS,
    _mix,
    colour_for,
    json_for_html,
    node_size,
    render_map,
)

#: Tags of the map page as written (before its scripts run).
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "span", "ul",
             "li", "main", "script", "div", "input", "label", "output", "button", "aside"}

ACTOR = "https://kgraph.example/id/actor/"
EVENT = "https://kgraph.example/id/event/"
PLACE = "https://kgraph.example/id/place/"
SOURCE = "US and Ukraine hold talks in Florida"


def talks_graph() -> nx.MultiGraph:
    """10 nodes, 10 edges (two parallel ones between Umerov and the NSDC).

    Degrees: Umerov 4, Rubio 3, Meeting 5, the rest 1 or 2.
    """
    G = nx.MultiGraph()
    G.add_node(ACTOR + "marco-rubio", kind="actor", type="Person", label="Marco Rubio",
               aliases=["Rubio", "Secretary Rubio"], source=SOURCE,
               evidence="Secretary of State Marco Rubio led the U.S. delegation.")
    G.add_node(ACTOR + "rustem-umerov", kind="actor", type="Person", label="Rustem Umerov",
               evidence="Rustem Umerov headed Ukraine's team.", source=SOURCE)
    G.add_node(ACTOR + "steve-witkoff", kind="actor", type="Person", label="Steve Witkoff")
    G.add_node(ACTOR + "united-states", kind="actor", type="Country", label="United States")
    G.add_node(ACTOR + "ukraine", kind="actor", type="Country", label="Ukraine")
    G.add_node(ACTOR + "nsdc", kind="actor", type="Organization",
               label="National Security and Defense Council")
    G.add_node(ACTOR + "delegation", kind="actor", type="Group", label="Ukrainian delegation")
    G.add_node(EVENT + "talks", kind="event", type="Meeting", label="Talks in Hallandale Beach",
               date="2025-11-30", evidence="The delegations met on Sunday in Florida.",
               source=SOURCE)
    G.add_node(EVENT + "statement", kind="event", type="Statement", label="Rubio's statement",
               date="2025-11-30")
    G.add_node(PLACE + "florida", kind="place", type="Place", label="Florida")
    for actor, role in [("marco-rubio", "head of delegation"),
                        ("rustem-umerov", "head of delegation"),
                        ("steve-witkoff", "member"), ("delegation", "participant")]:
        G.add_edge(ACTOR + actor, EVENT + "talks", label=role, evidence="They met.")
    G.add_edge(EVENT + "talks", PLACE + "florida", label="located in")
    G.add_edge(ACTOR + "marco-rubio", ACTOR + "united-states", label="represents")
    G.add_edge(ACTOR + "rustem-umerov", ACTOR + "ukraine", label="represents")
    G.add_edge(ACTOR + "rustem-umerov", ACTOR + "nsdc", label="leads")
    G.add_edge(ACTOR + "rustem-umerov", ACTOR + "nsdc", label="member of")
    G.add_edge(ACTOR + "marco-rubio", EVENT + "statement", label="speaker")
    return G


#: A script that would leave a mark the browser test can see if it ever ran.
MARK = "document.body.setAttribute('data-pwned','1');document.title='PWNED'"
CANARY = "http://kgraph-canary.invalid"
HOSTILE_TITLE = f"</title><script>{MARK}</script>"
HOSTILE_LABELS = {
    "urn:x:script": f"</script><script>{MARK}</script>",
    "urn:x:img": "<img src=x onerror=alert(1)>",
    "urn:x:entities": "&lt;b&gt; &amp; <!-- x",
    f"'\"></script><script>{MARK}</script>": "hostile node id",
}
HOSTILE_EVIDENCE = f'<img src="{CANARY}/e.png" onerror="{MARK}"> href'
HOSTILE_TYPE = f'<svg onload="{MARK}">'
HOSTILE_SOURCE = f"<a href=\"javascript:{MARK}\">href</a>"
HOSTILE_EDGE = f"<b onmouseover=\"{MARK}\">role</b>"
HOSTILE_EDGE_EVIDENCE = f"href <iframe src=\"{CANARY}/i\"></iframe>\u2028</script>"


def hostile_graph() -> nx.Graph:
    """Four nodes and three edges whose every text tries to break out of the page;
    the tooltips contain "href" (pyvis's innerHTML trap)."""
    G = nx.Graph()
    ids = list(HOSTILE_LABELS)
    G.add_node(ids[0], kind="actor", type="Person", label=HOSTILE_LABELS[ids[0]],
               evidence=HOSTILE_EVIDENCE, source=HOSTILE_SOURCE,
               aliases=[f'<iframe src="{CANARY}/a">'])
    G.add_node(ids[1], kind="event", type=HOSTILE_TYPE, label=HOSTILE_LABELS[ids[1]],
               date=f"<script>{MARK}</script>")
    G.add_node(ids[2], kind="place", type="Place", label=HOSTILE_LABELS[ids[2]])
    G.add_node(ids[3], kind="actor", type="Group", label=HOSTILE_LABELS[ids[3]])
    G.add_edge(ids[0], ids[1], label=HOSTILE_EDGE, evidence=HOSTILE_EDGE_EVIDENCE)
    G.add_edge(ids[1], ids[2], label="</script>")
    G.add_edge(ids[2], ids[3], label="href")
    return G


# --- helpers ----------------------------------------------------------------------


def render(G: nx.Graph, tmp_path: Path, **kwargs: object) -> tuple[str, list[Element]]:
    out = render_map(G, tmp_path / "map.html", **kwargs)  # type: ignore[arg-type]
    text = out.read_text(encoding="utf-8")
    return text, parse_html(text)


def embedded(elements: list[Element]) -> dict:
    """The JSON data block the page draws from."""
    (block,) = [e for e in elements if e.attrs.get("id") == "kgraph-data"]
    assert block.tag == "script" and block.attrs.get("type") == "application/json"
    return json.loads(block.text)


def by_id(data: dict) -> dict[str, dict]:
    return {node["id"]: node for node in data["nodes"]}


@pytest.fixture
def talks(tmp_path: Path) -> tuple[str, list[Element], dict]:
    text, elements = render(talks_graph(), tmp_path, title="Florida talks")
    return text, elements, embedded(elements)


# --- the file ---------------------------------------------------------------------


def test_writes_one_file_and_returns_its_path(tmp_path: Path) -> None:
    out = render_map(talks_graph(), str(tmp_path / "m.html"))
    assert out == tmp_path / "m.html"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_loads_nothing_remote(talks: tuple[str, list[Element], dict]) -> None:
    text, elements, _ = talks
    for element in elements:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            assert name not in element.attrs, (element.tag, element.attrs)
    assert not [e for e in elements if e.tag in {"link", "img", "iframe", "object", "embed"}]
    head = text.split('<script type="application/json"')[0]
    assert "http://" not in head and "https://" not in head
    # the vis-network code is inlined, not fetched
    scripts = [e for e in elements if e.tag == "script"]
    assert len(scripts) == 3 and "vis-network" in text
    assert len(scripts[1].text) > 400_000


def test_content_security_policy_forbids_network_and_pins_scripts(
    talks: tuple[str, list[Element], dict],
) -> None:
    _, elements, _ = talks
    (meta,) = [e for e in elements if e.attrs.get("http-equiv") == "Content-Security-Policy"]
    csp = dict(d.strip().split(" ", 1) for d in (meta.attrs["content"] or "").split(";"))
    assert csp["default-src"] == "'none'"
    assert csp["img-src"] == "data:"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    # the two executable scripts are allowed by hash, and nothing else is
    code = [e for e in elements if e.tag == "script" and "type" not in e.attrs]
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(e.text.encode()).digest()).decode() + "'"
        for e in code
    }
    assert len(code) == 2
    assert set(csp["script-src"].split()) == hashes
    # meta must come before any script to apply to it
    assert elements.index(meta) < elements.index(code[0])


def test_counts_and_data(talks: tuple[str, list[Element], dict]) -> None:
    _, elements, data = talks
    G = talks_graph()
    assert len(data["nodes"]) == G.number_of_nodes() == 10
    assert len(data["edges"]) == G.number_of_edges() == 10
    assert {n["id"] for n in data["nodes"]} == set(G.nodes)
    (counts,) = [e for e in elements if e.attrs.get("class") == "counts"]
    assert counts.text.strip() == "10 nodes · 10 edges"
    (status,) = [e for e in elements if e.attrs.get("id") == "kgraph-status"]
    assert status.attrs["data-state"] == "loading"  # the page's script fills it in


def test_parallel_edges_are_kept_and_fanned_out(talks: tuple[str, list[Element], dict]) -> None:
    _, _, data = talks
    nsdc = [e for e in data["edges"] if ACTOR + "nsdc" in (e["from"], e["to"])]
    assert sorted(e["label"] for e in nsdc) == ["leads", "member of"]
    assert {e["smooth"]["type"] for e in nsdc} == {"curvedCCW", "curvedCW"}
    assert all(not e["arrows"]["to"]["enabled"] for e in data["edges"])
    assert len({e["id"] for e in data["edges"]}) == 10


def test_directed_graphs_get_arrows(tmp_path: Path) -> None:
    G = nx.DiGraph([("a", "b")])
    _, elements = render(G, tmp_path)
    (edge,) = embedded(elements)["edges"]
    assert edge["arrows"]["to"]["enabled"] is True


def test_colour_per_type_and_shape_per_kind(talks: tuple[str, list[Element], dict]) -> None:
    _, elements, data = talks
    nodes = by_id(data)
    G = talks_graph()
    for node, attrs in G.nodes(data=True):
        assert nodes[node]["color"] == TYPE_COLOURS[attrs["type"]]
        assert nodes[node]["shape"] == {"actor": "dot", "event": "diamond",
                                        "place": "square"}[attrs["kind"]]
    assert len({TYPE_COLOURS[t] for t in ("Person", "Country", "Organization", "Group",
                                          "Meeting", "Statement", "Place")}) == 7
    # the legend shows each type present, in its colour, with a box to filter by it
    legend = {e.attrs["data-key"]: e for e in elements if e.tag == "li"}
    assert set(legend) == {"Person", "Country", "Organization", "Group", "Meeting",
                           "Statement", "Place"}
    assert {t: legend[t].attrs["data-colour"] for t in legend} == {t: TYPE_COLOURS[t] for t in legend}
    boxes = [e for e in elements if e.tag == "input" and "data-type" in e.attrs]
    assert [b.attrs["data-type"] for b in boxes] == [
        "Country", "Group", "Organization", "Person", "Meeting", "Statement", "Place"]
    assert all("checked" in b.attrs for b in boxes)
    assert [e.text for e in elements if e.tag == "label" and e.text in legend] == [
        b.attrs["data-type"] for b in boxes]
    swatches = [e for e in elements if "swatch" in (e.attrs.get("class") or "")]
    assert "background: #4e79a7" in {s.attrs.get("style") for s in swatches}


def test_unknown_types_get_a_stable_colour(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_node("a", kind="actor", type="Militia", label="A")
    G.add_node("b", kind="event", type="Militia", label="B")
    G.add_node("c", label="no kind or type")
    _, elements = render(G, tmp_path)
    nodes = by_id(embedded(elements))
    assert nodes["a"]["color"] == nodes["b"]["color"] == colour_for("Militia")
    assert nodes["a"]["color"] not in TYPE_COLOURS.values()
    assert nodes["c"]["shape"] == "dot" and nodes["c"]["label"] == "no kind or type"


def test_size_grows_with_degree(talks: tuple[str, list[Element], dict]) -> None:
    _, _, data = talks
    nodes = by_id(data)
    G = talks_graph()
    by_degree = sorted(G.nodes, key=G.degree)
    for small, big in itertools.pairwise(by_degree):
        if G.degree(small) < G.degree(big):
            assert nodes[small]["size"] < nodes[big]["size"]
        else:
            assert nodes[small]["size"] == nodes[big]["size"]
    assert nodes[EVENT + "talks"]["size"] == max(n["size"] for n in data["nodes"])
    sizes = [node_size(d) for d in range(0, 200)]
    assert sizes == sorted(sizes) and sizes[0] > 0 and sizes[-1] <= 60


def test_tooltips_carry_type_date_evidence_and_source(
    talks: tuple[str, list[Element], dict],
) -> None:
    _, _, data = talks
    tip = html.unescape(by_id(data)[EVENT + "talks"]["title"])
    assert tip.splitlines() == [
        "Talks in Hallandale Beach",
        "Meeting (event) · 5 links",
        "Date: 2025-11-30",
        "Participants: Marco Rubio (head of delegation), Rustem Umerov (head of delegation),"
        " Steve Witkoff (member), Ukrainian delegation (participant)",
        "“The delegations met on Sunday in Florida.”",
        f"Source: {SOURCE}",
    ]
    rubio = html.unescape(by_id(data)[ACTOR + "marco-rubio"]["title"]).splitlines()
    assert rubio[:2] == ["Marco Rubio", "Person (actor) · 3 links"]
    assert "Also: Rubio, Secretary Rubio" in rubio
    # an actor's roles in events, with their dates, and the span of those dates
    assert rubio[3:7] == [
        "Dates: 2025-11-30",
        "Roles:",
        "  speaker in Rubio's statement, 2025-11-30",
        "  head of delegation in Talks in Hallandale Beach, 2025-11-30",
    ]
    (edge,) = [e for e in data["edges"] if e["label"] == "member"]
    assert html.unescape(edge["title"]).splitlines() == [
        "Steve Witkoff — member — Talks in Hallandale Beach",
        "“They met.”",
    ]


def test_projection_extras_sources_place_and_planned(tmp_path: Path) -> None:
    """What the projection adds: ``sources`` (a list), ``place``, ``status``."""
    G = nx.MultiGraph()
    G.add_node("e", kind="event", type="Meeting", label="Next round", date="2025-12-07",
               place="Geneva", status="planned", sources=["A", "B", "C", "D"], source="A",
               aliases=[])
    G.add_node("a", kind="actor", type="Person", label="Ann", sources=["A"], aliases=["Ann"])
    G.add_edge("a", "e", kind="role", label="participant", date="2025-12-07", source="B")
    _, elements = render(G, tmp_path)
    data = embedded(elements)
    nodes = by_id(data)
    assert html.unescape(nodes["e"]["title"]).splitlines() == [
        "Next round",
        "Meeting (event) · 1 link",
        "Date: 2025-12-07 · planned",
        "Place: Geneva",
        "Participants: Ann (participant)",
        "Sources: A; B; C (+1 more)",
    ]
    assert html.unescape(nodes["a"]["title"]).splitlines()[2:] == [
        "Dates: 2025-12-07", "Roles:", "  participant in Next round, 2025-12-07", "Source: A",
    ]
    # planned: a dashed border in the type's colour around a pale fill
    assert nodes["e"]["shapeProperties"] == {"borderDashes": [5, 4]}
    assert nodes["e"]["color"]["border"] == TYPE_COLOURS["Meeting"]
    assert nodes["e"]["color"]["background"] == _mix(TYPE_COLOURS["Meeting"], 0.3)
    assert "shapeProperties" not in nodes["a"]
    (edge,) = data["edges"]
    assert html.unescape(edge["title"]).splitlines() == [
        "Ann — participant — Next round", "Date: 2025-12-07", "Source: B",
    ]
    (count,) = [e for e in elements if e.attrs.get("data-status") == "planned"]
    assert count.text == "1"


def test_long_labels_are_shortened_on_the_map_but_whole_in_the_tooltip(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_node("a", kind="actor", type="Organization", label="x" * 100)
    _, elements = render(G, tmp_path)
    (node,) = embedded(elements)["nodes"]
    assert node["label"] == "x" * 39 + "…"
    assert "x" * 100 in node["title"]


# --- hostile text -------------------------------------------------------------------


def test_hostile_text_cannot_become_markup(tmp_path: Path) -> None:
    text, elements = render(hostile_graph(), tmp_path, title=HOSTILE_TITLE)
    # the page's structure is exactly the template's: nothing injected
    assert {e.tag for e in elements} == PAGE_TAGS
    assert not [(e.tag, a) for e in elements for a in e.attrs if a.startswith("on")]
    assert len([e for e in elements if e.tag == "script"]) == 3
    for raw in [HOSTILE_TITLE, HOSTILE_EVIDENCE, HOSTILE_TYPE, HOSTILE_SOURCE, HOSTILE_EDGE,
                *HOSTILE_LABELS, *HOSTILE_LABELS.values(), "<img", "<svg", "<iframe",
                "<script>document", "<b "]:
        assert "<" not in raw or raw not in text
    # visible texts come out as the same text
    (title,) = [e for e in elements if e.tag == "title"]
    (h1,) = [e for e in elements if e.tag == "h1"]
    assert title.text == h1.text == HOSTILE_TITLE
    assert HOSTILE_TYPE in {e.text for e in elements if e.tag == "label"}


def test_embedded_json_cannot_close_its_script(tmp_path: Path) -> None:
    _, elements = render(hostile_graph(), tmp_path)
    (block,) = [e for e in elements if e.attrs.get("id") == "kgraph-data"]
    assert not set("<>&") & set(block.text)
    assert "\u2028" not in block.text
    assert "\\u003c/script\\u003e" in block.text
    data = embedded(elements)
    # the data survive the trip: labels are the original strings
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    for node, label in HOSTILE_LABELS.items():
        assert labels[node] == (label if len(label) <= 40 else label[:39] + "…")
    assert {e["label"] for e in data["edges"]} == {HOSTILE_EDGE[:39] + "…", "</script>", "href"}


def test_tooltips_are_html_escaped(tmp_path: Path) -> None:
    _, elements = render(hostile_graph(), tmp_path)
    data = embedded(elements)
    for item in data["nodes"] + data["edges"]:
        assert not set("<>\"'") & set(item["title"]), item["title"]
    tip = html.unescape(by_id(data)["urn:x:script"]["title"])
    assert HOSTILE_LABELS["urn:x:script"] in tip
    assert HOSTILE_EVIDENCE in tip and HOSTILE_SOURCE in tip
    # escaped once, not twice: the literal "&lt;b&gt;" label reads back as written
    entities = by_id(data)["urn:x:entities"]["title"]
    assert html.unescape(entities).startswith("&lt;b&gt; &amp; <!-- x\n")


def test_control_and_bidi_characters_are_dropped(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_node("a", kind="actor", type="Person", label="Ann\u202eeM\x00\nSmith")
    _, elements = render(G, tmp_path)
    (node,) = embedded(elements)["nodes"]
    assert node["label"] == "AnneM Smith"


def test_json_for_html_round_trips() -> None:
    value = {"a": "</script><!-- & \u2028 \u2029 ' \"", "b": [1, 2.5, None, True]}
    text = json_for_html(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


# --- size, input, import -------------------------------------------------------------


def test_large_graphs_are_capped_to_the_best_connected_nodes(tmp_path: Path) -> None:
    G = nx.star_graph(30)  # hub 0 and 30 leaves
    G.add_edge(1, 2)
    _, elements = render(G, tmp_path, max_nodes=3)
    data = embedded(elements)
    assert {n["id"] for n in data["nodes"]} == {"0", "1", "2"}
    assert len(data["edges"]) == 3
    (counts,) = [e for e in elements if e.attrs.get("class") == "counts"]
    assert counts.text.strip() == "3 nodes · 3 edges"
    (omitted,) = [e for e in elements if e.attrs.get("id") == "kgraph-omitted"]
    assert (omitted.attrs["data-actors"], omitted.attrs["data-events"],
            omitted.attrs["data-places"]) == ("28", "0", "0")
    assert " ".join(omitted.text.split()) == (
        "More than 3 nodes: showing the 3 most central actors (by degree) with their events."
        " Left out: 28 actors, 0 events and 0 places of 31 nodes (31 edges in the graph).")
    _, elements = render(G, tmp_path, max_nodes=None)
    assert len(embedded(elements)["nodes"]) == 31
    assert not [e for e in elements if e.attrs.get("id") == "kgraph-omitted"]


def test_input_graph_is_not_modified(tmp_path: Path) -> None:
    G = talks_graph()
    before = (copy.deepcopy(dict(G.nodes(data=True))), list(G.edges(keys=True, data=True)))
    render_map(G, tmp_path / "m.html")
    assert (dict(G.nodes(data=True)), list(G.edges(keys=True, data=True))) == before


def test_same_graph_same_bytes(tmp_path: Path) -> None:
    a = render_map(talks_graph(), tmp_path / "a.html").read_bytes()
    b = render_map(talks_graph(), tmp_path / "b.html").read_bytes()
    assert a == b


def test_empty_graph(tmp_path: Path) -> None:
    _, elements = render(nx.Graph(), tmp_path)
    assert embedded(elements)["nodes"] == [] and embedded(elements)["edges"] == []


def test_physics_is_bounded(talks: tuple[str, list[Element], dict]) -> None:
    _, _, data = talks
    stabilization = data["options"]["physics"]["stabilization"]
    assert stabilization["enabled"] is True and 0 < stabilization["iterations"] <= 1000


def test_importing_the_module_does_not_import_pyvis() -> None:
    code = (
        "import sys, kgraph.view; "
        "print(sorted({'pyvis', 'jinja2', 'networkx'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- size, colour, cap and focus --------------------------------------------------


def two_camps() -> nx.MultiGraph:
    """Two camps of three actors, each meeting twice, bridged by one relation
    (a1 -- b1); one place. Louvain splits them into two communities."""
    G = nx.MultiGraph()
    for camp in "ab":
        for i in (1, 2, 3):
            G.add_node(f"{camp}{i}", kind="actor", type="Person", label=f"{camp.upper()}{i}")
        G.add_node(f"{camp}-big", kind="event", type="Meeting", label=f"{camp} talks",
                   date="2025-11-01")
        G.add_node(f"{camp}-small", kind="event", type="Meeting", label=f"{camp} chat",
                   date="2025-11-02")
        for i in (1, 2, 3):
            G.add_edge(f"{camp}{i}", f"{camp}-big", kind="role", label="participant")
        for i in (1, 2):
            G.add_edge(f"{camp}{i}", f"{camp}-small", kind="role", label="participant")
    G.add_edge("a1", "b1", kind="relation", label="in contact with")
    G.add_node("geneva", kind="place", type="Place", label="Geneva")
    G.add_edge("a-big", "geneva", kind="place", label="at")
    return G


def test_colour_by_community_with_a_legend(tmp_path: Path) -> None:
    from kgraph.view import COMMUNITY_COLOURS, NO_COMMUNITY_COLOUR

    _, elements = render(two_camps(), tmp_path, colour_by="community")
    nodes = by_id(embedded(elements))
    first, second = COMMUNITY_COLOURS[:2]
    assert {nodes[n]["color"] for n in ("a1", "a2", "a3", "a-big", "a-small")} == {first}
    assert {nodes[n]["color"] for n in ("b1", "b2", "b3", "b-big", "b-small")} == {second}
    assert nodes["geneva"]["color"] == NO_COMMUNITY_COLOUR
    assert "community 1" in html.unescape(nodes["a1"]["title"]).splitlines()[1]
    legend, types = [e for e in elements if e.tag == "ul" and "legend" in e.attrs.get("class", "")]
    assert legend.attrs["data-colour-by"] == "community" and types.attrs["id"] == "kgraph-types"
    items = [e for e in elements if e.tag == "li" and "data-kind" not in e.attrs]
    assert [(i.attrs["data-key"], i.attrs["data-colour"], i.text.strip()) for i in items] == [
        ("1", first, "Community 1: A1, A2, …"),
        ("2", second, "Community 2: B1, B2, …"),
        ("shape-actor", "#ffffff", "actors"),
        ("shape-event", "#ffffff", "events"),
        ("shape-place", NO_COMMUNITY_COLOUR, "places"),
    ]
    counts = [e.text for e in elements if e.attrs.get("class") == "n" and not e.attrs.keys() - {"class"}]
    assert counts == ["5", "5"]  # three actors and two events each
    # the type filter: no type colours when the colours are the communities'
    assert {e.attrs["data-key"]: e.attrs["data-colour"] for e in elements
            if e.tag == "li" and "data-kind" in e.attrs} == {
        "Person": "#ffffff", "Meeting": "#ffffff", "Place": "#ffffff"}
    (encoding,) = [e for e in elements if e.attrs.get("class") == "encoding"]
    assert encoding.text == "size: degree · colour: community"


def test_many_small_communities_share_one_grey(tmp_path: Path) -> None:
    from kgraph.view import COMMUNITY_COLOURS, NO_COMMUNITY_COLOUR

    G = nx.Graph()
    for i in range(len(COMMUNITY_COLOURS) + 3):  # isolated actors: a community each
        G.add_node(f"x{i:02d}", kind="actor", type="Person", label=f"X{i}")
    _, elements = render(G, tmp_path, colour_by="community")
    colours = [n["color"] for n in embedded(elements)["nodes"]]
    assert colours.count(NO_COMMUNITY_COLOUR) == 3
    assert set(colours) == {*COMMUNITY_COLOURS, NO_COMMUNITY_COLOUR}
    items = {e.attrs["data-key"]: e.text.strip() for e in elements if e.tag == "li"}
    assert items["other"] == "smaller communities, or none"


@pytest.mark.parametrize("metric", ["pagerank", "betweenness", "weighted_degree"])
def test_size_by_an_actor_measure(tmp_path: Path, metric: str) -> None:
    from kgraph import analysis
    from kgraph.project import actor_graph

    G = two_camps()
    values = getattr(analysis, metric)(actor_graph(G))
    top = max(values.values())
    _, elements = render(G, tmp_path, size_by=metric)
    nodes = by_id(embedded(elements))
    for actor, value in values.items():
        assert nodes[actor]["size"] == round(10 + 40 * (value / top) ** 0.5, 2)
        assert metric.replace("_", " ") in html.unescape(nodes[actor]["title"]).splitlines()[1]
    assert max(nodes[a]["size"] for a in values) == 50
    # events and places keep their size by degree
    assert nodes["a-big"]["size"] == node_size(4) and nodes["geneva"]["size"] == node_size(1)
    (encoding,) = [e for e in elements if e.attrs.get("class") == "encoding"]
    assert encoding.text == f"size: {metric.replace('_', ' ')} · colour: type"


def test_bad_size_or_colour_is_a_one_line_error(tmp_path: Path) -> None:
    from kgraph.errors import KGraphError

    with pytest.raises(KGraphError, match="unknown size metric 'closeness'"):
        render_map(two_camps(), tmp_path / "m.html", size_by="closeness")
    with pytest.raises(KGraphError, match="unknown colouring 'kind'"):
        render_map(two_camps(), tmp_path / "m.html", colour_by="kind")
    assert not (tmp_path / "m.html").exists()


def busy_and_chain() -> nx.MultiGraph:
    """c1 - c2 - c3 meet in pairs (c2: degree 2, the only broker); ``busy`` has five
    events of its own (degree 5, betweenness 0); one event has no participant."""
    G = nx.MultiGraph()
    for c in ("c1", "c2", "c3"):
        G.add_node(c, kind="actor", type="Person", label=c.upper())
    for a, b in (("c1", "c2"), ("c2", "c3")):
        G.add_node(f"{a}{b}", kind="event", type="Meeting", label=f"{a} meets {b}")
        G.add_edge(a, f"{a}{b}", kind="role", label="participant")
        G.add_edge(b, f"{a}{b}", kind="role", label="participant")
    G.add_node("kyiv", kind="place", type="Place", label="Kyiv")
    G.add_edge("c1c2", "kyiv", kind="place", label="at")
    G.add_node("busy", kind="actor", type="Person", label="Busy")
    for i in range(5):
        G.add_node(f"solo{i}", kind="event", type="Statement", label=f"solo {i}")
        G.add_edge("busy", f"solo{i}", kind="role", label="speaker")
    G.add_node("lonely", kind="event", type="Attack", label="nobody's")
    return G


def omitted(elements: list[Element]) -> tuple[str | None, ...]:
    (p,) = [e for e in elements if e.attrs.get("id") == "kgraph-omitted"]
    return p.attrs["data-actors"], p.attrs["data-events"], p.attrs["data-places"]


def test_over_the_cap_the_most_central_actors_keep_their_events(tmp_path: Path) -> None:
    G = busy_and_chain()  # 4 actors, 8 events, 1 place
    _, elements = render(G, tmp_path, max_nodes=4)
    # by degree busy comes first, with its best three events (all tie: graph order)
    assert {n["id"] for n in embedded(elements)["nodes"]} == {"busy", "solo0", "solo1", "solo2"}
    assert omitted(elements) == ("3", "5", "1")
    _, elements = render(G, tmp_path, max_nodes=4, size_by="betweenness")
    # by betweenness c2 comes first, with both its meetings, then c1 (ties by order)
    assert {n["id"] for n in embedded(elements)["nodes"]} == {"c2", "c1c2", "c2c3", "c1"}
    assert omitted(elements) == ("2", "6", "1")
    (p,) = [e for e in elements if e.attrs.get("id") == "kgraph-omitted"]
    assert " ".join(p.text.split()) == (
        "More than 4 nodes: showing the 2 most central actors (by betweenness) with their"
        " events. Left out: 2 actors, 6 events and 1 place of 13 nodes (10 edges in the graph).")
    # with room left after every actor and its events, the places of kept events come;
    # an event with no participant never does
    _, elements = render(G, tmp_path, max_nodes=12)
    assert {n["id"] for n in embedded(elements)["nodes"]} == set(G) - {"lonely"}
    assert omitted(elements) == ("0", "1", "0")


def test_filters_and_focus_show_in_the_header(tmp_path: Path) -> None:
    from kgraph.select import filter_graph

    G = filter_graph(talks_graph(), focus="Umerov")
    _, elements = render(G, tmp_path, notes=[HOSTILE_TITLE])
    (notes,) = [e for e in elements if e.attrs.get("id") == "kgraph-filters"]
    assert notes.text == f"focus: Rustem Umerov, 1 hop · {HOSTILE_TITLE}"
    nodes = by_id(embedded(elements))
    assert set(nodes) == {ACTOR + a for a in ("rustem-umerov", "marco-rubio", "steve-witkoff",
                                              "delegation", "ukraine", "nsdc")} | {
        EVENT + "talks", PLACE + "florida"}
    umerov = nodes[ACTOR + "rustem-umerov"]
    assert umerov["borderWidth"] == 5 and umerov["color"]["border"] == "#111111"
    assert umerov["color"]["background"] == TYPE_COLOURS["Person"]
    assert nodes[ACTOR + "marco-rubio"]["color"] == TYPE_COLOURS["Person"]
    assert not [e for e in elements if e.attrs.get("id") == "kgraph-omitted"]


def test_type_colours_are_the_schemas() -> None:
    from kgraph.schema import schema

    s = schema()
    assert {t: c for t, c in TYPE_COLOURS.items() if t != "Place"} == s.colours
    assert [t for t in TYPE_COLOURS if t != "Place"] == [*s.colours]
    assert colour_for("Other") == s.event_type("Other").colour


def test_dates_show_at_their_precision_in_tooltips(tmp_path: Path) -> None:
    """A month is ``Oct 2025`` and a year ``2025`` (never their first day, even when
    stored as one), a week says so; roles list them the same way."""
    G = nx.MultiGraph()
    G.add_node("a", kind="actor", type="Person", label="Ann")
    for key, date, precision in [("m", "2025-10", "month"), ("y", "2025-01-01", "year"),
                                 ("w", "2025-11-24", "week"), ("d", "2025-11-30", "day")]:
        G.add_node(key, kind="event", type="Meeting", label=f"event {key}", date=date,
                   date_precision=precision)
        G.add_edge("a", key, kind="role", label="participant", date=date)
    nodes = by_id(embedded(render(G, tmp_path)[1]))
    dates = {k: html.unescape(nodes[k]["title"]).splitlines()[2] for k in "mywd"}
    assert dates == {"m": "Date: Oct 2025", "y": "Date: 2025", "w": "Date: week of 2025-11-24",
                     "d": "Date: 2025-11-30"}
    assert html.unescape(nodes["a"]["title"]).splitlines()[2:8] == [
        "Dates: 2025 to 2025-11-30", "Roles:",
        "  participant in event y, 2025", "  participant in event m, Oct 2025",
        "  participant in event w, 2025-11-24", "  participant in event d, 2025-11-30",
    ]
