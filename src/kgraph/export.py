"""Named export formats, with aliases, as in rdflib's registry: RDF of the store
(Turtle, TriG, N-Quads, N-Triples, JSON-LD) and, for Gephi and spreadsheets, the
networkx projections (GraphML, GEXF, CSV of nodes or edges).

>>> rdf_format("ttl").name
'Turtle'
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from kgraph.errors import KGraphError
from kgraph.store import GraphStore

__all__ = ["NETWORK_FORMATS", "RDF_FORMATS", "export", "export_network", "flat", "rdf_format",
           "xml_text"]

#: Export format names and aliases -> Oxigraph format.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "text/turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
}


#: Formats of the networkx projections.
NETWORK_FORMATS = ("graphml", "gexf", "csv-nodes", "csv-edges")

#: What XML 1.0 cannot hold: C0 controls but tab, newline and carriage return; lone
#: surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: Any) -> Any:
    """A string XML can hold: each character XML 1.0 forbids becomes a visible escape
    (``\\x01``, ``\\ud800``); other values are returned as they are.

    >>> print(xml_text("talks\\x01 in\\x0b Geneva"), xml_text(3))
    talks\\x01 in\\x0b Geneva 3
    """
    if not isinstance(value, str):
        return value
    return _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}",
                        value)


def rdf_format(name: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[name.lower()]
    except KeyError:
        names = "turtle, trig, nquads, ntriples, jsonld, " + ", ".join(NETWORK_FORMATS)
        raise KGraphError(f"unknown export format {name!r}; choose one of {names}") from None


def export(store: GraphStore, fmt: str = "turtle", graph: str | None = None) -> bytes:
    """Serialise the whole store (graph formats get the union of all articles) or one
    article's named graph."""
    return store.dump(rdf_format(fmt), graph)


def flat(attrs: dict) -> dict:
    """Attributes as GraphML/GEXF/CSV can hold them: scalars, lists joined by ``; ``,
    nothing empty; the per-link details of actor edges are summarised by the lists.

    >>> flat({"label": "talks", "sources": ["A", "B"], "date": None, "links": [{}], "weight": 2})
    {'label': 'talks', 'sources': 'A; B', 'weight': 2}
    """
    out = {}
    for key, value in attrs.items():
        if key == "links" or value is None or value == [] or value == "":
            continue
        if isinstance(value, (list, tuple, set)):
            value = "; ".join(str(v) for v in value)
        elif not isinstance(value, (str, int, float, bool)):
            value = str(value)
        out[key] = value
    return out


def export_network(store: GraphStore, fmt: str, network: str = "actors") -> bytes:
    """A projection as GraphML, GEXF or CSV: ``actors`` (actor-actor, weighted by
    shared events and relations) or ``bipartite`` (actors, events and places)."""
    import csv
    import io

    import networkx as nx

    from kgraph.project import actor_graph, bipartite

    if fmt not in NETWORK_FORMATS:
        raise KGraphError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    if network not in ("actors", "bipartite"):
        raise KGraphError(f"unknown network {network!r}; choose actors or bipartite")
    B = bipartite(store)
    source = actor_graph(B) if network == "actors" else B
    G = nx.MultiGraph() if source.is_multigraph() else nx.Graph()
    clean = xml_text if fmt in ("graphml", "gexf") else (lambda value: value)
    G.add_nodes_from((clean(n), {k: clean(x) for k, x in flat(d).items()})
                     for n, d in source.nodes(data=True))
    G.add_edges_from((clean(u), clean(v), {k: clean(x) for k, x in flat(d).items()})
                     for u, v, d in source.edges(data=True))
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(G, buf, encoding="utf-8")
        return buf.getvalue()
    if fmt == "gexf":
        nx.write_gexf(G, buf, encoding="utf-8")
        return buf.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    if fmt == "csv-nodes":
        columns = sorted({k for _, d in G.nodes(data=True) for k in d})
        writer.writerow(["id", *columns])
        writer.writerows([n, *[d.get(c, "") for c in columns]] for n, d in G.nodes(data=True))
    else:
        columns = sorted({k for _, _, d in G.edges(data=True) for k in d})
        writer.writerow(["source", "target", *columns])
        writer.writerows([u, v, *[d.get(c, "") for c in columns]] for u, v, d in G.edges(data=True))
    return text.getvalue().encode("utf-8")
