"""The one projection from the RDF store to networkx. Analysis and view see only
the graphs built here, never RDF.

:func:`bipartite` gives actors, events and places as nodes; actor-event edges carry
the role, relation edges the predicate. :func:`actor_graph` folds it into an
actor-actor graph weighted by shared events plus stated relations.

Types, roles, statuses and predicates are read back by their schema names
(:mod:`kgraph.schema`); an event's ``date`` is kept at its precision (``2025-10``
for a month, ``2025`` for a year, whatever the literal's datatype) with
``date_precision`` beside it.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from kgraph.namespace import local_name
from kgraph.output import plain
from kgraph.schema import date_text, schema
from kgraph.store import GraphStore

__all__ = ["actor_graph", "bipartite"]

_PREFIXES = """
PREFIX kg: <https://kgraph.example/ns#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""

# Every node is read through its canonical node (kgraph.resolve): one real-world actor
# or event is one node however many articles report it. A node not yet resolved
# stands for itself.
_ACTORS = _PREFIXES + """
SELECT ?n ?label ?cls ?alias ?sentence ?conf ?start ?source WHERE {
  GRAPH ?g {
    ?m a kg:Actor ; a ?cls ; skos:prefLabel ?own .
    FILTER (?cls != kg:Actor)
    OPTIONAL { ?m skos:altLabel ?alias }
    OPTIONAL { ?m kg:evidence ?ev . ?ev kg:sentence ?sentence ; kg:confidence ?conf ; kg:startOffset ?start }
    ?g prov:wasDerivedFrom/dct:title ?source .
  }
  OPTIONAL { GRAPH ?i { ?m kg:canonical ?c . ?c skos:prefLabel ?clabel } }
  BIND (COALESCE(?c, ?m) AS ?n)
  BIND (COALESCE(?clabel, ?own) AS ?label)
}"""

_EVENTS = _PREFIXES + """
SELECT ?n ?label ?cls ?date ?prec ?pl ?place ?status ?own_date ?own_prec ?sentence ?conf ?start ?source
WHERE {
  GRAPH ?g {
    ?m a sem:Event ; a ?cls ; skos:prefLabel ?own .
    FILTER (STRSTARTS(STR(?cls), STR(kg:)))
    OPTIONAL { ?m sem:hasTimeStamp ?own_date }
    OPTIONAL { ?m kg:datePrecision ?own_prec }
    OPTIONAL { ?m sem:hasPlace ?own_pl . ?own_pl skos:prefLabel ?own_place }
    OPTIONAL { ?m kg:status ?own_status }
    OPTIONAL { ?m kg:evidence ?ev . ?ev kg:sentence ?sentence ; kg:confidence ?conf ; kg:startOffset ?start }
    ?g prov:wasDerivedFrom/dct:title ?source .
  }
  OPTIONAL {
    GRAPH ?i {
      ?m kg:canonical ?c . ?c skos:prefLabel ?clabel .
      OPTIONAL { ?c sem:hasTimeStamp ?cdate }
      OPTIONAL { ?c kg:datePrecision ?cprec }
      OPTIONAL { ?c kg:status ?cstatus }
    }
    OPTIONAL { GRAPH ?ip { ?c sem:hasPlace ?cpl } GRAPH ?gp { ?cpl skos:prefLabel ?cplace } }
  }
  BIND (COALESCE(?c, ?m) AS ?n)
  BIND (COALESCE(?clabel, ?own) AS ?label)
  BIND (IF(BOUND(?c), ?cdate, ?own_date) AS ?date)
  BIND (IF(BOUND(?c), ?cprec, ?own_prec) AS ?prec)
  BIND (IF(BOUND(?c), ?cpl, ?own_pl) AS ?pl)
  BIND (IF(BOUND(?c), ?cplace, ?own_place) AS ?place)
  BIND (COALESCE(?cstatus, ?own_status) AS ?status)
}"""

_PLACES = _PREFIXES + """
SELECT ?n ?label ?sentence ?conf ?start ?source WHERE {
  GRAPH ?g {
    ?n a schema:Place ; skos:prefLabel ?label .
    FILTER NOT EXISTS { ?n a kg:Actor }
    OPTIONAL { ?n kg:evidence ?ev . ?ev kg:sentence ?sentence ; kg:confidence ?conf ; kg:startOffset ?start }
    ?g prov:wasDerivedFrom/dct:title ?source .
  }
}"""

_ROLES = _PREFIXES + """
SELECT DISTINCT ?a ?e ?role ?date ?prec ?source WHERE {
  GRAPH ?g {
    ?me kg:participation ?p . ?p rdf:value ?ma ; sem:roleType ?role .
    OPTIONAL { ?me sem:hasTimeStamp ?date }
    OPTIONAL { ?me kg:datePrecision ?prec }
    ?g prov:wasDerivedFrom/dct:title ?source .
  }
  OPTIONAL { GRAPH ?i { ?ma kg:canonical ?ca } }
  OPTIONAL { GRAPH ?j { ?me kg:canonical ?ce } }
  BIND (COALESCE(?ca, ?ma) AS ?a)
  BIND (COALESCE(?ce, ?me) AS ?e)
}"""

_RELATIONS = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?sentence ?source WHERE {
  GRAPH ?g {
    ?r a kg:RelationStatement ; rdf:subject ?ms ; rdf:predicate ?p ; rdf:object ?mo .
    OPTIONAL { ?r kg:evidence/kg:sentence ?sentence }
    ?g prov:wasDerivedFrom/dct:title ?source .
  }
  OPTIONAL { GRAPH ?i { ?ms kg:canonical ?cs } }
  OPTIONAL { GRAPH ?j { ?mo kg:canonical ?co } }
  BIND (COALESCE(?cs, ?ms) AS ?s)
  BIND (COALESCE(?co, ?mo) AS ?o)
}"""


def _rows(store: GraphStore, sparql: str) -> Iterator[dict]:
    result = store.query(sparql)
    columns = [v.value for v in result.variables]  # type: ignore[attr-defined]
    for solution in result:  # type: ignore[attr-defined]
        yield {c: plain(solution[c]) for c in columns}



def _words(name: str) -> str:
    """``HeadOfDelegation`` -> ``head of delegation`` (for terms not in the schema)."""
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()


def _name(iri: str | None) -> str | None:
    """The schema name of a type, status or predicate IRI: ``kg:OtherEvent`` ->
    ``Other``, ``kg:Planned`` -> ``planned``; else its local name.

    >>> _name("https://kgraph.example/ns#OtherEvent"), _name("https://x/ns#Summit")
    ('Other', 'Summit')
    """
    if iri is None:
        return None
    term = schema().by_iri.get(iri)
    return term.name if term is not None else local_name(iri)


def _label(iri: str) -> str:
    """The schema label of a role or predicate IRI (``head of delegation``,
    ``member of``); unknown terms in words."""
    term = schema().by_iri.get(iri)
    return term.label if term is not None else _words(local_name(iri))


def _merge(G: nx.Graph, node: str, row: dict | None = None, **attrs: object) -> None:
    """Add a node, keeping the first value of each attribute, every source, and the
    evidence sentence of highest confidence (the earliest on a tie) from ``row``."""
    data = G.nodes[node] if node in G else None
    if data is None:
        G.add_node(node, sources=[], aliases=[])
        data = G.nodes[node]
    if row and row.get("sentence"):
        rank = (float(row.get("conf") or 0), -int(row.get("start") or 0))
        if rank > data.get("_evidence_rank", (-1.0, 0)):
            data["_evidence_rank"] = rank
            data["evidence"] = row["sentence"]
    for key, value in attrs.items():
        if value is None:
            continue
        if key == "source":
            if value not in data["sources"]:
                data["sources"].append(value)
            data.setdefault("source", value)
        elif key == "alias":
            if value not in data["aliases"]:
                data["aliases"].append(value)
        else:
            data.setdefault(key, value)


def bipartite(store: GraphStore) -> nx.MultiGraph:
    """Actors, events and places as nodes (keyed by IRI) with ``kind``, ``type``,
    ``label``, ``date`` (and ``date_precision``) and ``status`` of events, ``evidence``,
    ``source``/``sources`` and ``aliases``;
    edges carry ``kind`` (role, relation or place), ``label`` (the role, the predicate
    or "at") and ``date``/``source``/``evidence``."""
    G = nx.MultiGraph()
    for r in _rows(store, _ACTORS):
        _merge(G, r["n"], r, kind="actor", type=_name(r["cls"]), label=r["label"],
               alias=r["alias"], source=r["source"])
    at = set()
    for r in _rows(store, _EVENTS):
        if r["pl"]:
            at.add((r["n"], r["pl"]))
        _merge(G, r["n"], r, kind="event", type=_name(r["cls"]), label=r["label"],
               date=date_text(r["date"], r["prec"]), date_precision=r["prec"] if r["date"] else None,
               place=r["place"], status=_name(r["status"]), source=r["source"])
        reported = G.nodes[r["n"]].setdefault("reports", {})
        reported.setdefault(date_text(r["own_date"], r["own_prec"]) or "", set()).add(r["source"])
    for r in _rows(store, _PLACES):
        _merge(G, r["n"], r, kind="place", type="Place", label=r["label"], source=r["source"])
    for _, data in G.nodes(data=True):
        data.pop("_evidence_rank", None)
        if "reports" in data:  # each reported date (at its precision) with its sources
            data["reports"] = {d: sorted(s) for d, s in sorted(data["reports"].items())}
    for event, place in sorted(at):
        if place in G:
            G.add_edge(event, place, kind="place", label="at")
    seen: set[tuple] = set()
    for r in _rows(store, _ROLES):
        key = (r["a"], r["e"], r["role"])
        if key in seen or r["a"] not in G or r["e"] not in G:
            continue
        seen.add(key)
        G.add_edge(r["a"], r["e"], kind="role", label=_label(r["role"]),
                   date=date_text(r["date"], r["prec"]), source=r["source"])
    for r in _rows(store, _RELATIONS):
        key = (r["s"], r["p"], r["o"])
        if key in seen or r["s"] not in G or r["o"] not in G:
            continue
        seen.add(key)
        G.add_edge(r["s"], r["o"], kind="relation", label=_label(r["p"]),
                   evidence=r["sentence"], source=r["source"])
    return G


def actor_graph(B: nx.MultiGraph) -> nx.Graph:
    """Actor-actor graph: an edge per pair sharing events or a stated relation.

    Each edge keeps ``weight`` (shared events plus relations), ``events`` and
    ``relations`` (labels), ``dates`` and ``sources`` (sorted, unique), and ``links``:
    one dict per event or relation with its label, date, place, evidence and source.

    >>> B = nx.MultiGraph()
    >>> B.add_nodes_from(["a", "b"], kind="actor")
    >>> B.add_node("e", kind="event", label="talks", date="2025-11-30", sources=["R"])
    >>> B.add_edge("a", "e", kind="role"); B.add_edge("b", "e", kind="role")
    0
    0
    >>> G = actor_graph(B)
    >>> G["a"]["b"]["weight"], G["a"]["b"]["events"], G["a"]["b"]["dates"]
    (1, ['talks'], ['2025-11-30'])
    """
    G = nx.Graph()
    for n, d in B.nodes(data=True):
        if d.get("kind") == "actor":
            G.add_node(n, **d)
    for e, d in B.nodes(data=True):
        if d.get("kind") != "event":
            continue
        actors = sorted({a for _, a, k in B.edges(e, data="kind") if k == "role"})
        link = {"kind": "event", "id": e, "label": d.get("label", e), "type": d.get("type"),
                "date": d.get("date"), "place": d.get("place"), "evidence": d.get("evidence"),
                "sources": list(d.get("sources") or [])}
        for i, a in enumerate(actors):
            for b in actors[i + 1 :]:
                _link(G, a, b)["links"].append(link)
    for u, v, d in B.edges(data=True):
        if d.get("kind") == "relation" and u in G and v in G and u != v:
            _link(G, u, v)["links"].append({
                "kind": "relation", "label": d["label"], "subject": u, "object": v,
                "evidence": d.get("evidence"), "date": None,
                "sources": [d["source"]] if d.get("source") else [],
            })
    for _, _, d in G.edges(data=True):
        links = d["links"]
        d["events"] = [x["label"] for x in links if x["kind"] == "event"]
        d["relations"] = [x["label"] for x in links if x["kind"] == "relation"]
        d["weight"] = len(links)
        d["dates"] = sorted({x["date"] for x in links if x.get("date")})
        d["sources"] = sorted({s for x in links for s in x["sources"]})
    return G


def _link(G: nx.Graph, a: str, b: str) -> dict:
    if not G.has_edge(a, b):
        G.add_edge(a, b, links=[])
    return G[a][b]
