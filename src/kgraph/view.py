"""The interactive relationship map: a networkx graph to ONE self-contained HTML file.

pyvis builds the network (nodes, edges, options); the page itself comes from
kgraph's own template, which inlines pyvis's bundled vis-network 9.1.2 and loads
nothing remote. Every text in the graph comes from untrusted articles, so:

- the data travels as JSON in a non-executed ``<script type="application/json">``
  block with ``<``, ``>`` and ``&`` written as ``\\u003c`` ``\\u003e`` ``\\u0026``;
- tooltips are HTML-escaped in the data and shown with ``textContent`` (never
  ``innerHTML``); labels are drawn on the canvas as text;
- a Content-Security-Policy forbids every network load and allows only the page's
  own two scripts, by hash.

>>> import networkx as nx, tempfile, pathlib
>>> G = nx.Graph()
>>> G.add_node("urn:a", kind="actor", type="Person", label="Ann")
>>> G.add_node("urn:m", kind="event", type="Meeting", label="Talks", date="2025-11-30")
>>> G.add_edge("urn:a", "urn:m", label="host")
>>> out = render_map(G, pathlib.Path(tempfile.mkdtemp()) / "map.html")
>>> html = out.read_text(encoding="utf-8")
>>> "https://" in html.split("<script")[0], 'id="kgraph-status"' in html
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DEFAULT_MAX_NODES",
    "KIND_SHAPES",
    "TYPE_COLOURS",
    "colour_for",
    "json_for_html",
    "node_size",
    "render_map",
    "shape_for",
]

#: Fixed colour per node type (actors cool, events warm). Unknown types get a stable
#: colour from :data:`_FALLBACK_COLOURS`, chosen by a hash of the type name.
TYPE_COLOURS: dict[str, str] = {
    # actors
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Country": "#59a14f",
    "Group": "#b07aa1",
    # places
    "Place": "#76b7b2",
    # events
    "Meeting": "#e15759",
    "Visit": "#ff9da7",
    "Statement": "#edc948",
    "Proposal": "#9c755f",
    "Attack": "#8b0000",
    "Agreement": "#2e8b57",
    "Call": "#d37295",
    "Other": "#bab0ac",
}
_FALLBACK_COLOURS = (
    "#a0cbe8", "#ffbe7d", "#8cd17d", "#86bcb6", "#f1ce63",
    "#d4a6c8", "#499894", "#fabfd2", "#79706e", "#b6992d",
)
#: vis-network shape per node kind: actors are dots, events diamonds, places squares.
KIND_SHAPES: dict[str, str] = {"actor": "dot", "event": "diamond", "place": "square"}
#: Above this many nodes only the highest-degree ones are drawn (physics on thousands
#: of nodes takes minutes); the header says how many were left out.
DEFAULT_MAX_NODES = 500

_STABILIZATION_ITERATIONS = 300
_MAX_LABEL = 40
_MAX_EVIDENCE = 300
_MAX_ALIASES = 5
_MAX_SOURCES = 3
_VIS_DIR = ("lib", "vis-9.1.2")
# control characters and bidi overrides: dropped from every text (they can reorder or
# hide what a label appears to say)
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def colour_for(type_: str) -> str:
    """The fill colour for a node type: fixed for known types, stable for others.

    >>> colour_for("Person")
    '#4e79a7'
    >>> colour_for("Spaceship") == colour_for("Spaceship") in _FALLBACK_COLOURS
    True
    """
    if type_ in TYPE_COLOURS:
        return TYPE_COLOURS[type_]
    index = zlib.crc32(type_.encode("utf-8")) % len(_FALLBACK_COLOURS)
    return _FALLBACK_COLOURS[index]


def shape_for(kind: str) -> str:
    """The vis-network shape for a node kind (``dot`` when unknown).

    >>> shape_for("event"), shape_for("actor"), shape_for("???")
    ('diamond', 'dot', 'dot')
    """
    return KIND_SHAPES.get(kind, "dot")


def node_size(degree: int) -> float:
    """Node radius in pixels: grows with the square root of the degree, capped at 60.

    >>> node_size(0), node_size(1), node_size(4)
    (10.0, 16.0, 22.0)
    >>> node_size(10_000)
    60.0
    """
    return round(min(60.0, 10.0 + 6.0 * math.sqrt(max(degree, 0))), 2)


def json_for_html(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: ``<``, ``>`` and ``&``
    (and the JS line separators) become ``\\u`` escapes, so no text can close the tag.

    >>> json_for_html({"label": "</script><b>&"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(json_for_html(["</script>"]))
    ['</script>']
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def render_map(
    G: nx.Graph,
    path: str | Path,
    *,
    title: str = "kgraph map",
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> Path:
    """Write the interactive map of ``G`` to ``path`` as one self-contained HTML file.

    Nodes need ``kind``, ``type`` and ``label`` (missing ones fall back to
    ``actor``, the kind and the node id); ``date``, ``place``, ``aliases``,
    ``evidence`` and ``sources`` (or ``source``) go into the tooltip, and events with
    ``status="planned"`` get a dashed border. Edges need ``label``; ``date``,
    ``evidence`` and ``source(s)`` are optional.
    Parallel edges of a MultiGraph are drawn as separate curves. When ``G`` has more
    than ``max_nodes`` nodes only the ``max_nodes`` of highest degree are drawn
    (``None`` draws all: pyvis's bookkeeping is quadratic and the browser's layout
    slow beyond a few thousand nodes). ``G`` is not modified. Returns the path written.
    """
    from pyvis.network import Network  # lazy: keeps ``import kgraph.view`` instant

    out = Path(path)
    shown = _nodes_to_draw(G, max_nodes)
    degree = dict(G.degree())

    # directed=True always: pyvis's undirected add_edge drops parallel edges and scans
    # every edge per call; arrows are set per edge instead
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.set_options(json.dumps(_vis_options(G.number_of_edges())))
    type_counts: Counter[tuple[str, str]] = Counter()
    planned = 0
    for node in shown:
        attrs = G.nodes[node]
        kind = _text(attrs.get("kind")) or "actor"
        type_ = _text(attrs.get("type")) or kind.capitalize()
        label = _text(attrs.get("label")) or _text(node)
        type_counts[(type_, kind)] += 1
        extra: dict[str, Any] = {}
        if _is_planned(attrs):
            extra = {"shapeProperties": {"borderDashes": [4, 3]}, "borderWidth": 2}
            planned += 1
        net.add_node(
            _node_id(node),
            label=_shorten(label, _MAX_LABEL),
            shape=shape_for(kind),
            color=colour_for(type_),
            size=node_size(degree[node]),
            title=html.escape(_node_tooltip(attrs, label, type_, kind, degree[node])),
            **extra,
        )
    edges = _edges_to_draw(G, shown)
    for index, (u, v, attrs, smooth) in enumerate(edges):
        label = _text(attrs.get("label"))
        options: dict[str, Any] = {
            "id": f"e{index}",
            "label": _shorten(label, _MAX_LABEL),
            "title": html.escape(_edge_tooltip(G, u, v, attrs)),
            "arrows": {"to": {"enabled": G.is_directed(), "scaleFactor": 0.6}},
        }
        if smooth is not None:
            options["smooth"] = smooth
        net.add_edge(_node_id(u), _node_id(v), **options)

    nodes, edges_data, _heading, _h, _w, options_json = net.get_network_data()
    data = {"nodes": nodes, "edges": edges_data, "options": json.loads(options_json)}
    legend = [
        {"type": t, "kind": k, "colour": colour_for(t), "shape": shape_for(k), "count": n}
        for (t, k), n in sorted(type_counts.items(), key=lambda item: (item[0][1], item[0][0]))
    ]
    page = _render_page(
        title=title,
        data_json=json_for_html(data),
        legend=legend,
        n_nodes=len(nodes),
        n_planned=planned,
        n_edges=len(edges_data),
        total_nodes=G.number_of_nodes(),
        total_edges=G.number_of_edges(),
    )
    out.write_text(page, encoding="utf-8")
    return out


# --- graph to drawing ------------------------------------------------------------


def _nodes_to_draw(G: nx.Graph, max_nodes: int | None) -> list[Hashable]:
    """All nodes in graph order, or the ``max_nodes`` of highest degree (ties by
    graph order), still in graph order."""
    nodes = list(G.nodes)
    if max_nodes is None or len(nodes) <= max_nodes:
        return nodes
    order = {node: i for i, node in enumerate(nodes)}
    keep = sorted(nodes, key=lambda n: (-G.degree(n), order[n]))[: max(max_nodes, 0)]
    return sorted(keep, key=order.__getitem__)


def _edges_to_draw(
    G: nx.Graph, shown: Iterable[Hashable]
) -> list[tuple[Hashable, Hashable, Mapping[str, Any], dict[str, Any] | None]]:
    """Edges between drawn nodes, each with a ``smooth`` option that fans out
    parallel edges (the first of a bundle stays straight-ish, the next curve left
    and right, further out each time)."""
    keep = set(shown)
    by_pair: defaultdict[tuple[Any, ...], list[tuple[Any, Any, Mapping[str, Any]]]] = (
        defaultdict(list)
    )
    for u, v, attrs in G.edges(data=True):
        if u not in keep or v not in keep:
            continue
        if G.is_directed():
            key: tuple[Any, ...] = (u, v)
        else:
            # draw every edge of an undirected pair in one orientation, so
            # curvedCW/curvedCCW mean the same side for all of them
            u, v = sorted((u, v), key=_node_id)
            key = (u, v)
        by_pair[key].append((u, v, attrs))
    drawn = []
    for bundle in by_pair.values():
        for i, (u, v, attrs) in enumerate(bundle):
            smooth = None
            if len(bundle) > 1 and u != v:
                smooth = {
                    "enabled": True,
                    "type": "curvedCW" if i % 2 else "curvedCCW",
                    "roundness": 0.25 * ((i + 1) // 2),
                }
            drawn.append((u, v, attrs, smooth))
    return drawn


def _vis_options(n_edges: int) -> dict[str, Any]:
    """vis-network options: bounded stabilisation (the page turns physics off when
    it is done), hover tooltips, small edge labels."""
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": "sans-serif", "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "color": {"color": "#9aa0a6", "highlight": "#444444", "hover": "#444444"},
            "font": {"size": 10, "face": "sans-serif", "color": "#555555",
                     "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
            "smooth": {"enabled": n_edges <= 2000, "type": "continuous", "roundness": 0.3},
            "width": 1.2,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_edges > 1000},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140,
                          "springConstant": 0.03, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": _STABILIZATION_ITERATIONS,
                              "updateInterval": 50, "fit": True},
        },
    }


def _node_id(node: Hashable) -> str:
    return node if isinstance(node, str) else str(node)


def _text(value: Any) -> str:
    """A one-line string from an attribute value (lists give their first item),
    without control characters or bidi overrides.

    >>> _text(["first  line\\nnext", "second"]), _text("evil\\u202egnp.exe"), _text(None)
    ('first line next', 'evilgnp.exe', '')
    """
    if value is None:
        return ""
    if isinstance(value, set | frozenset):
        value = sorted(map(str, value))
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return " ".join(_INVISIBLE.sub("", str(value)).split())


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis.

    >>> _shorten("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node_tooltip(
    attrs: Mapping[str, Any], label: str, type_: str, kind: str, degree: int
) -> str:
    """Plain-text tooltip lines: label, type, date, place, aliases, evidence, sources."""
    lines = [label, f"{type_} ({kind}) · {degree} link{'s' if degree != 1 else ''}"]
    when = [f"Date: {date}"] if (date := _text(attrs.get("date"))) else []
    if _is_planned(attrs):
        when.append("planned")
    if when:
        lines.append(" · ".join(when))
    if place := _text(attrs.get("place")):
        lines.append(f"Place: {_shorten(place, 80)}")
    names = [n for n in _texts(attrs.get("aliases")) if n != label]
    if names:
        lines.append("Also: " + _some(names, _MAX_ALIASES, ", "))
    lines.extend(_evidence_and_sources(attrs))
    return "\n".join(lines)


def _edge_tooltip(G: nx.Graph, u: Hashable, v: Hashable, attrs: Mapping[str, Any]) -> str:
    """Plain-text tooltip of an edge: ``A — label — B``, date, evidence, sources."""

    def name(n: Hashable) -> str:
        return _shorten(_text(G.nodes[n].get("label")) or _text(n), _MAX_LABEL)

    label = _text(attrs.get("label")) or "related to"
    lines = [f"{name(u)} — {label} — {name(v)}"]
    if date := _text(attrs.get("date")):
        lines.append(f"Date: {date}")
    lines.extend(_evidence_and_sources(attrs))
    return "\n".join(lines)


def _is_planned(attrs: Mapping[str, Any]) -> bool:
    return _text(attrs.get("status")).lower() == "planned"


def _evidence_and_sources(attrs: Mapping[str, Any]) -> list[str]:
    """One evidence sentence, then the source title(s): ``sources`` (a list, as the
    projection gives) when present, else ``source``."""
    lines = []
    if evidence := _text(attrs.get("evidence")):
        lines.append(f"“{_shorten(evidence, _MAX_EVIDENCE)}”")
    sources = [_shorten(s, 120) for s in _texts(attrs.get("sources") or attrs.get("source"))]
    if sources:
        label = "Source" if len(sources) == 1 else "Sources"
        lines.append(f"{label}: " + _some(sources, _MAX_SOURCES, "; "))
    return lines


def _texts(value: Any) -> list[str]:
    """Distinct non-empty strings from a string or a collection, in order.

    >>> _texts(["b", "a", "b", ""]), _texts("x"), _texts(None)
    (['b', 'a'], ['x'], [])
    """
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if isinstance(items, set | frozenset):
        items = sorted(map(str, items))
    out: list[str] = []
    for item in items:
        text = _text(item)
        if text and text not in out:
            out.append(text)
    return out


def _some(items: list[str], limit: int, sep: str) -> str:
    """The first ``limit`` items joined, with a count of the rest.

    >>> _some(["a", "b", "c"], 2, ", ")
    'a, b (+1 more)'
    """
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return sep.join(items[:limit]) + more


# --- page -----------------------------------------------------------------------


def _render_page(**context: Any) -> str:
    """Fill the template: inline vis-network and the page script, pin both by hash
    in the Content-Security-Policy."""
    from importlib import resources

    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup

    templates = resources.files("kgraph") / "templates"
    vis = resources.files("pyvis").joinpath(*_VIS_DIR)
    vis_js = _script_text(vis.joinpath("vis-network.min.js").read_text(encoding="utf-8"))
    vis_css = _style_text(vis.joinpath("vis-network.css").read_text(encoding="utf-8"))
    app_js = _script_text(templates.joinpath("map.js").read_text(encoding="utf-8"))
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    template = env.from_string(templates.joinpath("map.html").read_text(encoding="utf-8"))
    return template.render(
        csp=csp,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        app_js=Markup(app_js),
        data_json=Markup(context.pop("data_json")),
        **context,
    )


def _script_text(js: str) -> str:
    """Script text as the HTML parser will see it (newlines normalised, so the CSP
    hash matches) that cannot end its ``<script>`` element early."""
    js = js.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"</script|<!--", js, re.IGNORECASE):
        raise ValueError("inline script contains '</script' or '<!--'")
    return js


def _style_text(css: str) -> str:
    css = css.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"</style", css, re.IGNORECASE):
        raise ValueError("inline style contains '</style'")
    return css


def _csp_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script.

    >>> _csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
