"""The interactive relationship map: a networkx graph to ONE self-contained HTML file.

pyvis builds the network (nodes, edges, options); the page itself comes from
kgraph's own template, which inlines pyvis's bundled vis-network 9.1.2 and loads
nothing remote. Every text in the graph comes from untrusted articles, so:

- the data travels as JSON in a non-executed ``<script type="application/json">``
  block with ``<``, ``>`` and ``&`` written as ``\\u003c`` ``\\u003e`` ``\\u0026``;
- tooltips are HTML-escaped in the data and shown with ``textContent`` (never
  ``innerHTML``); labels are drawn on the canvas as text; the evidence panel, the
  search's matches and the counts are built with ``textContent`` too, and the only
  links are relative paths made here (:func:`file_link`);
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

from kgraph.errors import KGraphError
from kgraph.outfile import write_output
from kgraph.schema import date_text, show_date
from kgraph.schema import schema as _schema

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "COLOUR_SCHEMES",
    "COMMUNITY_COLOURS",
    "DEFAULT_MAX_NODES",
    "KIND_SHAPES",
    "PLANNED_DASHES",
    "READABLE_LABELS",
    "SIZE_METRICS",
    "TYPE_COLOURS",
    "colour_for",
    "file_link",
    "json_for_html",
    "node_size",
    "render_map",
    "shape_for",
]

#: Fixed colour per node type: actor and event types from the schema (actors cool,
#: events warm), and places. Unknown types get a stable colour from
#: :data:`_FALLBACK_COLOURS`, chosen by a hash of the type name.
TYPE_COLOURS: dict[str, str] = {
    **{a.name: a.colour for a in _schema().actor_types},
    "Place": "#76b7b2",
    **{e.name: e.colour for e in _schema().event_types},
}
_FALLBACK_COLOURS = (
    "#a0cbe8", "#ffbe7d", "#8cd17d", "#86bcb6", "#f1ce63",
    "#d4a6c8", "#499894", "#fabfd2", "#79706e", "#b6992d",
)
#: vis-network shape per node kind: actors are dots, events diamonds, places squares.
KIND_SHAPES: dict[str, str] = {"actor": "dot", "event": "diamond", "place": "square"}
#: Above this many nodes only the most central actors and their events are drawn
#: (physics on thousands of nodes takes minutes); the header says what was left out.
DEFAULT_MAX_NODES = 500
#: What node size can show (``degree``: links on the map; the others are measures of
#: the actor-actor graph from :mod:`kgraph.analysis`).
SIZE_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank")
#: How nodes can be coloured.
COLOUR_SCHEMES = ("type", "community")
#: One colour per community, the largest first; the rest share
#: :data:`NO_COMMUNITY_COLOUR`.
COMMUNITY_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#edc948",
    "#76b7b2", "#ff9da7", "#9c755f", "#499894", "#d37295", "#8cd17d",
)
NO_COMMUNITY_COLOUR = "#c8c8c8"

_STABILIZATION_ITERATIONS = 300
# Layout time in the browser: physics stops this many milliseconds after the page
# started loading, and the map is drawn and interactive (vis-network needs ~15-40 ms
# an iteration at 1,000 nodes on a 2-core machine); big graphs also get fewer
# iterations, checked every 5, and a coarser Barnes-Hut approximation.
_LAYOUT_BUDGET_MS = 3500
# vis-network's Kamada-Kawai start layout ("improvedLayout") clusters and lays out
# big graphs first, which costs more than it saves above a few hundred nodes
_IMPROVED_LAYOUT_MAX = 300
_MAX_LABEL = 40
_MAX_EVIDENCE = 300
_MAX_ALIASES = 5
_MAX_SOURCES = 3
_MAX_ROLES = 6
_MAX_PARTICIPANTS = 8
_MAX_PANEL_ITEMS = 25
_MAX_PANEL_SENTENCE = 1000
#: At most this many labels are drawn at once, each at least ``_LABEL_PX`` pixels
#: high and clear of the others (the biggest nodes' first); the others appear as the
#: map is zoomed in.
READABLE_LABELS = 300
_LABEL_PX = 13
#: The border of planned events: dashes and gaps in pixels.
PLANNED_DASHES = (5, 4)
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
    size_by: str = "degree",
    colour_by: str = "type",
    max_nodes: int | None = DEFAULT_MAX_NODES,
    notes: Iterable[str] = (),
    focus: Hashable | None = None,
) -> Path:
    """Write the interactive map of ``G`` to ``path`` as one self-contained HTML file.

    Nodes need ``kind``, ``type`` and ``label`` (missing ones fall back to
    ``actor``, the kind and the node id); ``date`` (with ``date_precision``),
    ``place``, ``aliases``, ``evidence`` and ``sources`` (or ``source``) go into the
    tooltip, with each actor's roles in events (and their dates) and each event's
    participants; events with ``status="planned"`` are drawn with a pale fill and a
    dashed border. Edges need ``label``; ``kind`` (role, relation, place; guessed
    from the two ends when missing), ``date``, ``evidence`` and ``source(s)`` are
    optional. Parallel edges of a MultiGraph are drawn as separate curves.

    The page is a workbench: a search box finds a node by its label or any alias
    and centres the map on it; filters by type, date range (events whose date, at
    its precision, overlaps it), planned or happened, and minimum confidence hide
    what they leave out and update the counts; nodes left without a visible link
    are hidden unless the "isolated" box is ticked. Clicking a node or an edge
    opens a panel with its evidence: each sentence with the article's title,
    outlet, published date, a link to its file (:func:`file_link`) and the fact's
    ID, from ``evidence_items`` (:func:`kgraph.project.bipartite` with
    ``evidence_items=True``) or else ``evidence`` and the sources. At any zoom each
    label drawn is at least 13 px high and overlaps no other: the biggest nodes'
    first, at most :data:`READABLE_LABELS` at once; the rest appear as the map is
    zoomed in.

    ``size_by``: ``degree`` (every node by its links on the map) or one of
    ``weighted_degree``, ``betweenness``, ``pagerank`` (actors by that measure of
    :mod:`kgraph.analysis` on :func:`kgraph.project.actor_graph`; events and places
    by degree). ``colour_by``: ``type`` (a fixed colour per type) or ``community``
    (Louvain communities of the actor graph; an event takes the community of most of
    its participants; places grey). The legend explains the colours.

    When ``G`` has more than ``max_nodes`` nodes the map keeps the most central
    actors by ``size_by`` (ties by graph order), each with its events, until
    ``max_nodes`` nodes are drawn (the last actor may keep only some of its events;
    then the places of kept events, while room is left), and the page says how many
    actors, events and places were left out. ``None`` draws all (pyvis's bookkeeping
    is quadratic and the browser's layout slow beyond a few thousand nodes).

    ``notes`` are extra header lines; the filters :func:`kgraph.select.filter_graph`
    recorded on ``G`` are listed too, and its focus actor (or ``focus``) is drawn
    with a heavy border. ``G`` is not modified. Returns the path written.
    """
    from pyvis.network import Network  # lazy: keeps ``import kgraph.view`` instant

    from kgraph.select import describe

    if size_by not in SIZE_METRICS:
        raise KGraphError(f"unknown size metric {size_by!r} (choose from {', '.join(SIZE_METRICS)})")
    if colour_by not in COLOUR_SCHEMES:
        raise KGraphError(f"unknown colouring {colour_by!r} (choose from {', '.join(COLOUR_SCHEMES)})")
    out = Path(path)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    kinds = {n: (_text(d.get("kind")) or "actor") for n, d in G.nodes(data=True)}
    degree = dict(G.degree())
    measures = _Measures(G, kinds, size_by, colour_by)
    rank = measures.metric if size_by != "degree" else {
        n: float(degree[n]) for n, k in kinds.items() if k not in ("event", "place")}
    shown = _nodes_to_draw(U, kinds, rank, max_nodes)
    if focus is None:
        focus = (G.graph.get("filter") or {}).get("focus")

    # directed=True always: pyvis's undirected add_edge drops parallel edges and scans
    # every edge per call; arrows are set per edge instead
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    edges = _edges_to_draw(G, shown)
    net.set_options(json.dumps(_vis_options(len(shown), len(edges))))
    linked = {n for u, v, _, _ in edges for n in (u, v)}
    # nodes with no link on the map start hidden (and out of the layout), unless
    # nothing is linked at all
    hide_isolated = bool(linked)
    keys: Counter[tuple[str, str]] = Counter()
    types: Counter[tuple[str, str]] = Counter()
    articles = _Articles(out)
    info: dict[str, dict[str, dict[str, Any]]] = {"nodes": {}, "edges": {}}
    planned = 0
    for node in shown:
        attrs = G.nodes[node]
        kind = kinds[node]
        type_ = _text(attrs.get("type")) or kind.capitalize()
        label = _text(attrs.get("label")) or _text(node)
        colour, key = measures.colour(node, kind, type_)
        keys[key] += 1
        types[(type_, kind)] += 1
        extra: dict[str, Any] = {}
        if _is_planned(attrs):
            extra = {"shapeProperties": {"borderDashes": list(PLANNED_DASHES)}, "borderWidth": 3,
                     "color": _planned_colour(colour)}
            planned += 1
        if node == focus:
            extra["borderWidth"] = 5
            colour = {"background": colour, "border": "#111111",
                      "highlight": {"background": colour, "border": "#111111"}}
            extra.pop("color", None)
        if hide_isolated and node not in linked:
            extra.update(hidden=True, physics=False)
        if size_by == "degree" or kind in ("event", "place"):
            size = node_size(degree[node])
        else:
            size = measures.size(node)
        tip = _node_tooltip(attrs, label, type_, kind, degree[node],
                            measures.describe(node, kind), _links_of(U, kinds, node, kind))
        net.add_node(_node_id(node), label=_shorten(label, _MAX_LABEL), shape=shape_for(kind),
                     **{"color": colour, **extra}, size=size, title=html.escape(tip))
        info["nodes"][_node_id(node)] = _node_info(attrs, label, type_, kind, articles,
                                                   isolated=node not in linked)
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
        info["edges"][f"e{index}"] = _edge_info(G, u, v, attrs, articles)

    nodes, edges_data, _heading, _h, _w, options_json = net.get_network_data()
    data = {"nodes": nodes, "edges": edges_data, "options": json.loads(options_json),
            "layout_budget_ms": _LAYOUT_BUDGET_MS, "readable_labels": READABLE_LABELS,
            "label_px": _LABEL_PX, "info": info, "articles": articles.rows}
    left_out = Counter(
        kinds[n] if kinds[n] in ("event", "place") else "actor" for n in set(G) - set(shown)
    )
    spans = [d for n in info["nodes"].values() for d in (n.get("from"), n.get("to")) if d]
    statuses = Counter(n["status"] for n in info["nodes"].values() if n.get("status"))
    page = _render_page(
        title=title,
        data_json=json_for_html(data),
        legend=measures.legend(keys),
        types=_type_items(types, colour_by),
        n_nodes=len(nodes),
        n_planned=planned,
        n_happened=statuses.get("happened", 0),
        n_isolated=len(shown) - len(linked & set(shown)),
        hide_isolated=hide_isolated,
        first_date=min(spans, default=""),
        last_date=max(spans, default=""),
        n_edges=len(edges_data),
        total_nodes=G.number_of_nodes(),
        total_edges=G.number_of_edges(),
        max_nodes=max_nodes,
        size_by=size_by.replace("_", " "),
        colour_by=colour_by,
        left_out={k: left_out.get(k, 0) for k in ("actor", "event", "place")},
        kept_actors=sum(1 for n in shown if kinds[n] not in ("event", "place")),
        notes=[*describe(G), *(_text(n) for n in notes)],
    )
    write_output(out, page)  # a device is written into, a file replaced whole
    return out


# --- the workbench's data ------------------------------------------------------------


def file_link(file: str | None, page: str | Path) -> str | None:
    """A link from the HTML file ``page`` to an article's source file (a path as
    ingested, read from the current folder): relative to the page's folder, each
    part percent-encoded, so it works wherever the two are moved together; None
    when there is no such file.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "news").mkdir(); _ = (root / "news" / "a b:c.txt").write_text("x")
    >>> file_link(str(root / "news" / "a b:c.txt"), root / "out" / "map.html")
    '../news/a%20b%3Ac.txt'
    >>> file_link(str(root / "nowhere.txt"), root / "map.html") is None
    True
    """
    import os
    from urllib.parse import quote

    if not file:
        return None
    target = Path(file).expanduser()
    try:
        target = (target if target.is_absolute() else Path.cwd() / target).resolve()
        if not target.is_file():
            return None
        relative = os.path.relpath(target, Path(page).resolve().parent)
    except (OSError, ValueError):  # unreadable, or on another drive
        return None
    href = "/".join(quote(part, safe="") for part in Path(relative).parts)
    # "./" keeps a first part such as "javascript%3A..." a path, never a scheme
    return href if href.startswith("../") else "./" + href


class _Articles:
    """The articles the evidence cites, once each: ``[title, outlet, published,
    href, file]`` rows, referred to by index."""

    def __init__(self, page: Path) -> None:
        self.page = page
        self.rows: list[list[str | None]] = []
        self._index: dict[tuple, int] = {}
        self._links: dict[str, str | None] = {}

    def index(self, item: Mapping[str, Any]) -> int:
        file = _text(item.get("file")) or None
        key = (_text(item.get("title")), _text(item.get("outlet")),
               _text(item.get("published")), file)
        if key not in self._index:
            if file is not None and file not in self._links:
                self._links[file] = file_link(file, self.page)
            href = self._links.get(file) if file else None
            self._index[key] = len(self.rows)
            self.rows.append([key[0], key[1] or None, key[2] or None, href, file])
        return self._index[key]


def _evidence_rows(attrs: Mapping[str, Any], articles: _Articles) -> tuple[list[list], int, float | None]:
    """The panel's evidence of a node or edge, ``[sentence, confidence, fact ID,
    article index]`` each (at most :data:`_MAX_PANEL_ITEMS`), how many more there
    are, and the highest confidence. From ``evidence_items`` when given, else from
    ``evidence`` and the source titles."""
    items = attrs.get("evidence_items")
    if not isinstance(items, list):
        sources = _texts(attrs.get("sources") or attrs.get("source"))
        evidence = _text(attrs.get("evidence"))
        items = [{"sentence": evidence or None, "title": title} for title in sources[:1]] or (
            [{"sentence": evidence, "title": ""}] if evidence else [])
        items += [{"sentence": None, "title": title} for title in sources[1:]]
    rows = []
    best: float | None = None
    for item in items:
        if not isinstance(item, Mapping):
            continue
        conf = item.get("confidence")
        conf = float(conf) if isinstance(conf, int | float) and math.isfinite(conf) else None
        if conf is not None:
            best = conf if best is None else max(best, conf)
        if len(rows) < _MAX_PANEL_ITEMS:
            sentence = _shorten(_text(item.get("sentence")), _MAX_PANEL_SENTENCE) or None
            rows.append([sentence, conf, _text(item.get("fact_id")) or None, articles.index(item)])
    return rows, max(0, len(items) - len(rows)), best


def _node_info(attrs: Mapping[str, Any], label: str, type_: str, kind: str,
               articles: _Articles, *, isolated: bool) -> dict[str, Any]:
    """What the page's search, filters and panel know of a node."""
    from kgraph.resolve.rules import date_span

    rows, more, best = _evidence_rows(attrs, articles)
    names = [label, *[n for n in _texts(attrs.get("aliases")) if n != label]]
    info: dict[str, Any] = {"kind": kind, "type": type_, "label": label, "names": names,
                            "evidence": rows, "more": more, "confidence": best,
                            "isolated": isolated}
    if place := _text(attrs.get("place")):
        info["place"] = place
    if kind == "event":
        info["status"] = "planned" if _is_planned(attrs) else "happened"
        precision = _text(attrs.get("date_precision")) or None
        day = date_text(_text(attrs.get("date")) or None, precision)
        span = date_span(day, precision) if day else None
        if day:
            info["when"] = show_date(day, precision)
        if span:
            info["from"], info["to"] = span[0].isoformat(), span[1].isoformat()
    return info


def _edge_info(G: nx.Graph, u: Hashable, v: Hashable, attrs: Mapping[str, Any],
               articles: _Articles) -> dict[str, Any]:
    """What the page's filters and panel know of an edge."""
    rows, more, best = _evidence_rows(attrs, articles)

    def name(n: Hashable) -> str:
        return _text(G.nodes[n].get("label")) or _text(n)

    info = {"kind": _text(attrs.get("kind")) or None, "label": _text(attrs.get("label")),
            "ends": [name(u), name(v)], "evidence": rows, "more": more, "confidence": best}
    if date := show_date(_text(attrs.get("date")) or None):
        info["when"] = date
    return info


def _type_items(types: Counter[tuple[str, str]], colour_by: str) -> list[dict[str, Any]]:
    """The type filter's items, actors then events then places, each by name; with
    the type colour when the map is coloured by type."""
    order = {"actor": 0, "event": 1, "place": 2}
    return [
        {"label": t, "kind": k, "shape": shape_for(k), "count": n, "key": t,
         "colour": colour_for(t) if colour_by == "type" else "#ffffff"}
        for (t, k), n in sorted(types.items(), key=lambda i: (order.get(i[0][1], 0), i[0][0]))
    ]


def _planned_colour(colour: str) -> dict[str, Any]:
    """A planned event's colours: its colour, pale, as the fill; the colour itself as
    the (dashed) border."""
    pale = _mix(colour, 0.3)
    return {"background": pale, "border": colour,
            "highlight": {"background": pale, "border": "#444444"},
            "hover": {"background": pale, "border": "#444444"}}


def _mix(colour: str, share: float) -> str:
    """``share`` of ``colour`` on white.

    >>> _mix("#4e79a7", 0.3)
    '#cad7e5'
    """
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


# --- measures and colours ---------------------------------------------------------


class _Measures:
    """The actors' size metric and communities, computed once, on
    :func:`kgraph.project.actor_graph` of ``G`` (only when asked for)."""

    def __init__(self, G: nx.Graph, kinds: dict[Hashable, str], size_by: str,
                 colour_by: str) -> None:
        self.G, self.kinds, self.size_by, self.colour_by = G, kinds, size_by, colour_by
        self.metric: dict[Hashable, float] = {}
        self.community: dict[Hashable, int] = {}
        self.event_community: dict[Hashable, int | None] = {}
        if size_by == "degree" and colour_by == "type":
            return
        from kgraph import analysis
        from kgraph.project import actor_graph

        A = actor_graph(_with_kinds(G, kinds))
        if size_by != "degree":
            compute = {"betweenness": analysis.betweenness, "pagerank": analysis.pagerank,
                       "weighted_degree": analysis.weighted_degree}[size_by]
            self.metric = {n: float(v) for n, v in compute(A).items()}
            self.top = max(self.metric.values(), default=0.0)
        if colour_by == "community":
            self.community = analysis.communities(A)
            U = G.to_undirected(as_view=True) if G.is_directed() else G
            from kgraph.select import event_participants

            for n, kind in kinds.items():
                if kind == "event":
                    votes = Counter(self.community[a] for a, _ in event_participants(U, n)
                                    if a in self.community)
                    best = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
                    self.event_community[n] = best[0][0] if best else None

    def size(self, node: Hashable) -> float:
        """Actor radius from the metric: 10 px for 0, 50 px for the top actor."""
        value = self.metric.get(node, 0.0)
        if self.top <= 0:
            return 10.0
        return round(10.0 + 40.0 * math.sqrt(max(value, 0.0) / self.top), 2)

    def group(self, node: Hashable, kind: str) -> int | None:
        if kind == "event":
            return self.event_community.get(node)
        if kind == "place":
            return None
        return self.community.get(node)

    def colour(self, node: Hashable, kind: str, type_: str) -> tuple[str, tuple[str, str]]:
        """The fill colour and the legend key (``(type, kind)`` or
        ``("community", number)``)."""
        if self.colour_by == "type":
            return colour_for(type_), (type_, kind)
        if kind == "place":
            return NO_COMMUNITY_COLOUR, ("place", "")
        group = self.group(node, kind)
        if group is None or group >= len(COMMUNITY_COLOURS):
            return NO_COMMUNITY_COLOUR, ("community", "other")
        return COMMUNITY_COLOURS[group], ("community", str(group))

    def describe(self, node: Hashable, kind: str) -> str:
        """The measures for the tooltip's type line."""
        parts = []
        if self.size_by != "degree" and kind not in ("event", "place"):
            value = self.metric.get(node, 0.0)
            shown = f"{value:g}" if self.size_by == "weighted_degree" else f"{value:.4f}"
            parts.append(f"{self.size_by.replace('_', ' ')} {shown}")
        if self.colour_by == "community":
            group = self.group(node, kind)
            if group is not None:
                parts.append(f"community {group + 1}")
        return " · ".join(parts)

    def legend(self, keys: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
        """Legend items for what is drawn: one per type, or one per community (named
        after its two most central actors) plus the shapes."""
        if self.colour_by == "type":
            return [
                {"label": t, "kind": k, "colour": colour_for(t), "shape": shape_for(k),
                 "count": n, "key": t}
                for (t, k), n in sorted(keys.items(), key=lambda item: (item[0][1], item[0][0]))
            ]
        members: defaultdict[int, list[Hashable]] = defaultdict(list)
        for n, c in self.community.items():
            members[c].append(n)
        order = {n: i for i, n in enumerate(self.G)}
        weight = self.metric or {n: float(self.G.degree(n)) for n in self.community}
        items = []
        groups = sorted(((g, n) for (k, g), n in keys.items() if k == "community"),
                        key=lambda item: (item[0] == "other", _int(item[0])))
        for group, n in groups:
            if group == "other":
                items.append({"label": "smaller communities, or none", "kind": "", "shape": "dot",
                              "colour": NO_COMMUNITY_COLOUR, "count": n, "key": "other"})
                continue
            number = int(group)
            leaders = sorted(members[number], key=lambda m: (-weight.get(m, 0.0), order[m]))
            names = [_shorten(_text(self.G.nodes[m].get("label")) or _text(m), 30)
                     for m in leaders[:2]]
            more = ", …" if len(leaders) > 2 else ""
            items.append({"label": f"Community {number + 1}: {', '.join(names)}{more}",
                          "kind": "", "shape": "dot", "colour": COMMUNITY_COLOURS[number],
                          "count": n, "key": str(number + 1)})
        drawn = {k for (k, _) in keys} | {"actor", "event"}
        for kind in ("actor", "event", "place"):
            if any(k == kind for k in self.kinds.values()) and kind in drawn:
                fill = NO_COMMUNITY_COLOUR if kind == "place" else "#ffffff"
                items.append({"label": f"{kind}s", "kind": kind, "shape": shape_for(kind),
                              "colour": fill, "count": None, "key": f"shape-{kind}"})
        return items


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 1 << 30


def _with_kinds(G: nx.Graph, kinds: dict[Hashable, str]) -> nx.MultiGraph:
    """A copy of ``G`` for :func:`kgraph.project.actor_graph`: every node has a
    ``kind`` and every edge one (actor-event: role, event-place: place, else
    relation) when the input left it out."""
    import networkx as nx

    H = nx.MultiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **{**d, "kind": kinds[n]})
    for u, v, d in G.edges(data=True):
        kind = d.get("kind")
        if not kind:
            pair = {kinds[u], kinds[v]}
            kind = "role" if pair == {"actor", "event"} else (
                "place" if pair == {"event", "place"} else "relation")
        H.add_edge(u, v, **{**d, "kind": kind})
    return H


# --- graph to drawing ------------------------------------------------------------


def _nodes_to_draw(G: nx.Graph, kinds: dict[Hashable, str], rank: Mapping[Hashable, float],
                   max_nodes: int | None) -> list[Hashable]:
    """All nodes in graph order or, over ``max_nodes``, the most central actors by
    ``rank`` (ties by graph order) each with its events (the best-connected first),
    then places of kept events while room is left; in graph order."""
    nodes = list(G.nodes)
    if max_nodes is None or len(nodes) <= max_nodes:
        return nodes
    budget = max(max_nodes, 0)
    order = {node: i for i, node in enumerate(nodes)}
    actors = [n for n in nodes if kinds[n] not in ("event", "place")]
    actors.sort(key=lambda n: (-rank.get(n, 0.0), order[n]))
    keep: set[Hashable] = set()
    for actor in actors:
        if len(keep) >= budget:
            break
        keep.add(actor)
        events = [m for m in G.neighbors(actor) if kinds[m] == "event" and m not in keep]
        # events shared with actors already kept first, then the best-connected
        events.sort(key=lambda m: (-sum(1 for x in G.neighbors(m) if x in keep),
                                   -G.degree(m), order[m]))
        keep.update(events[: budget - len(keep)])
    if len(keep) < budget:
        places = Counter(m for n in keep if kinds[n] == "event" for m in G.neighbors(n)
                         if kinds[m] == "place")
        ranked = sorted(places, key=lambda m: (-places[m], order[m]))
        keep.update(ranked[: budget - len(keep)])
    return sorted(keep, key=order.__getitem__)


def _links_of(G: nx.Graph, kinds: dict[Hashable, str], node: Hashable,
              kind: str) -> list[tuple[str, str, str]]:
    """``(role, other label, date)`` for each role edge of an actor or event, sorted
    by date (undated last) then label; dates as stored, cut to their precision."""
    if kind == "place":
        return []
    want = "event" if kind != "event" else "actor"
    links = set()
    for _, other, attrs in G.edges(node, data=True):
        if attrs.get("kind") in ("relation", "place") or kinds.get(other) != want:
            continue
        ev = other if want == "event" else node
        date = _text(G.nodes[ev].get("date")) or _text(attrs.get("date"))
        # the stored form at its precision: a month is 2025-10, never its first day
        date = date_text(date or None, _text(G.nodes[ev].get("date_precision")) or None) or ""
        label = _text(G.nodes[other].get("label")) or _text(other)
        links.add((_text(attrs.get("label")) or "participant", label, date))
    return sorted(links, key=lambda x: (x[2] or "9999", x[1], x[0]))


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


def _vis_options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    """vis-network options: bounded stabilisation (the page turns physics off when
    it is done), hover tooltips, small edge labels; big maps drop curves and hide
    edges while dragging."""
    big = n_nodes > _IMPROVED_LAYOUT_MAX
    iterations = _STABILIZATION_ITERATIONS
    if n_nodes > 200:
        iterations = max(100, round(_STABILIZATION_ITERATIONS * math.sqrt(200 / n_nodes)))
    return {
        "autoResize": True,
        # a fixed seed: the same file always gets the same layout
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= _IMPROVED_LAYOUT_MAX},
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
            # an edge label smaller than 7 px on the screen is not drawn
            "scaling": {"label": {"drawThreshold": 8}},
            "width": 1.2,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_edges > 1000},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140,
                          "springConstant": 0.03, "avoidOverlap": 0.2,
                          "theta": 0.9 if big else 0.5},
            "stabilization": {"enabled": True, "iterations": iterations,
                              "updateInterval": 5 if big else 50, "fit": True},
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
    attrs: Mapping[str, Any], label: str, type_: str, kind: str, degree: int,
    measures: str = "", links: Iterable[tuple[str, str, str]] = (),
) -> str:
    """Plain-text tooltip lines: label; type, links and measures; date; place;
    aliases; an actor's roles in events with their dates (or an event's
    participants with their roles); evidence; sources."""
    head = f"{type_} ({kind}) · {degree} link{'s' if degree != 1 else ''}"
    lines = [label, f"{head} · {measures}" if measures else head]
    date = show_date(_text(attrs.get("date")) or None, _text(attrs.get("date_precision")) or None)
    when = [f"Date: {date}"] if date else []
    if _is_planned(attrs):
        when.append("planned")
    if when:
        lines.append(" · ".join(when))
    if place := _text(attrs.get("place")):
        lines.append(f"Place: {_shorten(place, 80)}")
    names = [n for n in _texts(attrs.get("aliases")) if n != label]
    if names:
        lines.append("Also: " + _some(names, _MAX_ALIASES, ", "))
    links = list(links)
    if links and kind == "event":
        people = [f"{_shorten(name, _MAX_LABEL)} ({role})" for role, name, _ in
                  sorted(links, key=lambda x: (x[1], x[0]))]
        lines.append("Participants: " + _some(people, _MAX_PARTICIPANTS, ", "))
    elif links:
        dates = [show_date(d) for d in sorted({d for _, _, d in links if d})]
        if dates:
            lines.append(f"Dates: {dates[0]}" if len(dates) == 1
                         else f"Dates: {dates[0]} to {dates[-1]}")
        lines.append("Roles:")
        for role, event, day in links[:_MAX_ROLES]:
            lines.append(f"  {role} in {_shorten(event, 60)}" + (f", {show_date(day)}" if day else ""))
        if len(links) > _MAX_ROLES:
            lines.append(f"  (+{len(links) - _MAX_ROLES} more)")
    lines.extend(_evidence_and_sources(attrs))
    return "\n".join(lines)


def _edge_tooltip(G: nx.Graph, u: Hashable, v: Hashable, attrs: Mapping[str, Any]) -> str:
    """Plain-text tooltip of an edge: ``A — label — B``, date, evidence, sources."""

    def name(n: Hashable) -> str:
        return _shorten(_text(G.nodes[n].get("label")) or _text(n), _MAX_LABEL)

    label = _text(attrs.get("label")) or "related to"
    lines = [f"{name(u)} — {label} — {name(v)}"]
    if date := show_date(_text(attrs.get("date")) or None):
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

    from markupsafe import Markup

    vis = resources.files("pyvis").joinpath(*_VIS_DIR)
    vis_js = _script_text(vis.joinpath("vis-network.min.js").read_text(encoding="utf-8"))
    vis_css = _style_text(vis.joinpath("vis-network.css").read_text(encoding="utf-8"))
    return render_template("map.html", "map.js", [vis_js], vis_js=Markup(vis_js),
                           vis_css=Markup(vis_css), data_json=Markup(context.pop("data_json")),
                           **context)


def render_template(page: str, script: str, other_scripts: list[str], **context: Any) -> str:
    """Fill ``templates/<page>`` with its script ``templates/<script>`` inlined as
    ``app_js``; the Content-Security-Policy allows that script and ``other_scripts``
    (already inlined by the page) by hash, and no network load at all."""
    from importlib import resources

    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup

    templates = resources.files("kgraph") / "templates"
    app_js = _script_text(templates.joinpath(script).read_text(encoding="utf-8"))
    hashes = " ".join(_csp_hash(js) for js in [*other_scripts, app_js])
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {hashes}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    template = env.from_string(templates.joinpath(page).read_text(encoding="utf-8"))
    return template.render(csp=csp, app_js=Markup(app_js), **context)


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
