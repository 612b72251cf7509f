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

__all__ = ["NETWORK_FORMATS", "RDF_FORMATS", "curated", "export", "export_network", "flat", "rdf_format",
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


def curated(store: GraphStore, minter: Any, fmt: str = "turtle", graph: str | None = None, *,
            curation: bool = True) -> bytes:
    """Like :func:`export`, with an analyst's rejects applied: every quad of a rejected
    fact (its node, its evidence, an event's participations, the plain triple a
    relation or a participation adds) is left out; ``curation``: with the curation
    graph itself (the log of corrections), else without it."""
    from kgraph.curate import read_state

    target = rdf_format(fmt)
    cgraph = minter.curation()
    if cgraph not in store.graphs():
        return store.dump(target, graph)
    rejected = read_state(store, minter).rejected
    drop, extra = _rejected_nodes(store, rejected)
    data = store.dump(ox.RdfFormat.N_QUADS, graph)
    quads = [q for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)
             if q.subject.value not in drop and q.object.value not in drop
             and (q.subject.value, q.predicate.value, q.object.value, q.graph_name.value) not in extra
             and (curation or q.graph_name.value != cgraph)]
    from kgraph.namespace import PREFIXES

    if target.supports_datasets:
        return ox.serialize(dict.fromkeys(quads), format=target, prefixes=PREFIXES)
    return ox.serialize(dict.fromkeys(q.triple for q in quads), format=target, prefixes=PREFIXES)


def _rejected_nodes(store: GraphStore, rejected: Any) -> tuple[set[str], set[tuple[str, ...]]]:
    """The nodes a set of rejected fact IDs hides (the facts', and the relations,
    participations and positions of a rejected actor or event; their evidence; a
    rejected event's participations), and the plain triples they add (a relation's
    ``s p o``, a participation's ``sem:hasActor``), as (s, p, o, graph)."""
    if not rejected:
        return set(), set()
    values = " ".join(str(ox.Literal(f)) for f in sorted(rejected))
    drop: set[str] = set()
    extra: set[tuple[str, ...]] = set()
    for found in ("?n kg:factId ?f",  # the fact, and what stands on a rejected actor or event
                  "?a kg:factId ?f . ?n rdf:subject|rdf:object|rdf:value ?a",
                  "?a kg:factId ?f . ?a org:holds ?n"):
        rows = store.query(f"""PREFIX kg: <https://kgraph.example/ns#>
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> PREFIX org: <http://www.w3.org/ns/org#>
            SELECT ?g ?n ?x ?s ?p ?o WHERE {{ VALUES ?f {{ {values} }} GRAPH ?g {{ {found} .
              OPTIONAL {{ ?n kg:evidence|kg:participation ?x }}
              OPTIONAL {{ ?n rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
              OPTIONAL {{ ?n a kg:Participation ; rdf:value ?v . ?e kg:participation ?n .
                          BIND (?e AS ?s) BIND (sem:hasActor AS ?p) BIND (?v AS ?o) }} }} }}""")
        for r in rows:  # type: ignore[attr-defined]
            drop.add(r["n"].value)
            if r["x"] is not None:
                drop.add(r["x"].value)
            if r["s"] is not None:
                extra.add((r["s"].value, r["p"].value, r["o"].value, r["g"].value))
    return drop, extra


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
