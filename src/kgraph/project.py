"""The one projection from the RDF store to networkx. Analysis and view see only
the graphs built here, never RDF.

:func:`bipartite` gives actors, events and places as nodes; actor-event edges carry
the role, relation edges the predicate. :func:`actor_graph` folds it into an
actor-actor graph weighted by shared events plus stated relations.

Types, roles, statuses and predicates are read back by their schema names
(:mod:`kgraph.schema`); an event's ``date`` is kept at its precision (``2025-10``
for a month, ``2025`` for a year, whatever the literal's datatype) with
``date_precision`` beside it.

Facts an analyst rejected (``?curation kg:rejects "FACT-ID"`` in any graph, see
:func:`kgraph.iri.fact_id`) are left out: a rejected actor or event with its
edges, a rejected participation or relation statement as an edge, and their
evidence.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

import networkx as nx

from kgraph.output import plain
from kgraph.schema import date_text, term_label, term_name
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


# The fact IDs an analyst's curations reject (in whatever graph they are kept); rows
# of rejected facts are dropped as they are read.
_REJECTED = _PREFIXES + """
SELECT DISTINCT ?f WHERE { GRAPH ?cg { ?c kg:rejects ?f } }"""

# One row per article (its named graph): what every evidence item cites.
_ARTICLES = _PREFIXES + """
SELECT ?g ?title ?outlet ?published ?file WHERE {
  GRAPH ?g {
    ?g prov:wasDerivedFrom ?a . ?a dct:title ?title .
    OPTIONAL { ?a dct:source ?outlet }
    OPTIONAL { ?a dct:issued ?published }
    OPTIONAL { ?a kg:sourceFile ?file }
  }
}"""

# Every node is read through its canonical node (kgraph.resolve): one real-world actor
# or event is one node however many articles report it. A node not yet resolved
# stands for itself.
_ACTORS = _PREFIXES + """
SELECT ?n ?m ?g ?label ?cls ?fact ?sentence ?conf ?start WHERE {
  GRAPH ?g {
    ?m a kg:Actor ; a ?own_cls ; skos:prefLabel ?own .
    FILTER (?own_cls != kg:Actor)
    ?g prov:wasDerivedFrom ?article .
    OPTIONAL { ?m kg:factId ?fact }
    OPTIONAL { ?m kg:evidence ?ev . ?ev kg:sentence ?sentence ; kg:confidence ?conf ; kg:startOffset ?start }
  }
  OPTIONAL {
    GRAPH ?i {
      ?m kg:canonical ?c . ?c skos:prefLabel ?clabel .
      # the real-world actor's type (an analyst may have set it)
      OPTIONAL { ?c a ?ccls FILTER (?ccls NOT IN (kg:Actor, kg:Canonical)) }
    }
  }
  BIND (COALESCE(?ccls, ?own_cls) AS ?cls)
  BIND (COALESCE(?c, ?m) AS ?n)
  BIND (COALESCE(?clabel, ?own) AS ?label)
}"""

_EVENTS = _PREFIXES + """
SELECT ?n ?m ?g ?label ?cls ?date ?prec ?pl ?place ?status ?own_date ?own_prec ?fact ?sentence
       ?conf ?start
WHERE {
  GRAPH ?g {
    ?m a sem:Event ; a ?own_cls ; skos:prefLabel ?own .
    FILTER (STRSTARTS(STR(?own_cls), STR(kg:)))
    ?g prov:wasDerivedFrom ?article .
    OPTIONAL { ?m kg:factId ?fact }
    OPTIONAL { ?m sem:hasTimeStamp ?own_date }
    OPTIONAL { ?m kg:datePrecision ?own_prec }
    OPTIONAL { ?m sem:hasPlace ?own_pl . ?own_pl skos:prefLabel ?own_place }
    OPTIONAL { ?m kg:status ?own_status }
    OPTIONAL { ?m kg:evidence ?ev . ?ev kg:sentence ?sentence ; kg:confidence ?conf ; kg:startOffset ?start }
  }
  OPTIONAL {
    GRAPH ?i {
      ?m kg:canonical ?c . ?c skos:prefLabel ?clabel .
      # the real-world event's type (an analyst may have set it)
      OPTIONAL { ?c a ?ccls FILTER (STRSTARTS(STR(?ccls), STR(kg:)) && ?ccls != kg:Canonical) }
      OPTIONAL { ?c sem:hasTimeStamp ?cdate }
      OPTIONAL { ?c kg:datePrecision ?cprec }
      OPTIONAL { ?c kg:status ?cstatus }
    }
    OPTIONAL { GRAPH ?ip { ?c sem:hasPlace ?cpl } GRAPH ?gp { ?cpl skos:prefLabel ?cplace } }
  }
  BIND (COALESCE(?c, ?m) AS ?n)
  BIND (COALESCE(?clabel, ?own) AS ?label)
  BIND (COALESCE(?ccls, ?own_cls) AS ?cls)
  BIND (IF(BOUND(?c), ?cdate, ?own_date) AS ?date)
  BIND (IF(BOUND(?c), ?cprec, ?own_prec) AS ?prec)
  BIND (IF(BOUND(?c), ?cpl, ?own_pl) AS ?pl)
  BIND (IF(BOUND(?c), ?cplace, ?own_place) AS ?place)
  BIND (COALESCE(?cstatus, ?own_status) AS ?status)
}"""

# Every name of an actor or event: each article's label and aliases, and the names
# its canonical node gathered.
_NAMES = _PREFIXES + """
SELECT DISTINCT ?n ?m ?g ?name WHERE {
  {
    GRAPH ?g {
      ?m a ?kind ; skos:prefLabel|skos:altLabel ?name .
      VALUES ?kind { kg:Actor sem:Event }
      ?g prov:wasDerivedFrom ?article .
    }
    OPTIONAL { GRAPH ?i { ?m kg:canonical ?c } }
    BIND (COALESCE(?c, ?m) AS ?n)
  } UNION {
    GRAPH ?i { ?c a kg:Canonical ; skos:prefLabel|skos:altLabel ?name }
    BIND (?c AS ?n)
  }
}"""

_PLACES = _PREFIXES + """
SELECT ?n ?g ?label ?alias ?sentence ?conf ?start WHERE {
  GRAPH ?g {
    ?n a schema:Place ; skos:prefLabel ?label .
    FILTER NOT EXISTS { ?n a kg:Actor }
    ?g prov:wasDerivedFrom ?article .
    OPTIONAL { ?n skos:altLabel ?alias }
    OPTIONAL { ?n kg:evidence ?ev . ?ev kg:sentence ?sentence ; kg:confidence ?conf ; kg:startOffset ?start }
  }
}"""

# A role's evidence is its event's, in the same article; its fact is the participation.
_ROLES = _PREFIXES + """
SELECT ?a ?e ?ma ?me ?role ?date ?prec ?g ?fact WHERE {
  GRAPH ?g {
    ?me kg:participation ?p . ?p rdf:value ?ma ; sem:roleType ?role .
    ?g prov:wasDerivedFrom ?article .
    OPTIONAL { ?p kg:factId ?fact }
    OPTIONAL { ?me sem:hasTimeStamp ?date }
    OPTIONAL { ?me kg:datePrecision ?prec }
  }
  OPTIONAL { GRAPH ?i { ?ma kg:canonical ?ca } }
  OPTIONAL { GRAPH ?j { ?me kg:canonical ?ce } }
  BIND (COALESCE(?ca, ?ma) AS ?a)
  BIND (COALESCE(?ce, ?me) AS ?e)
}"""

_RELATIONS = _PREFIXES + """
SELECT ?s ?p ?o ?ms ?mo ?g ?fact ?sentence ?conf ?start WHERE {
  GRAPH ?g {
    ?r a kg:RelationStatement ; rdf:subject ?ms ; rdf:predicate ?p ; rdf:object ?mo .
    ?g prov:wasDerivedFrom ?article .
    OPTIONAL { ?r kg:factId ?fact }
    OPTIONAL { ?r kg:evidence ?ev . ?ev kg:sentence ?sentence ; kg:confidence ?conf ; kg:startOffset ?start }
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


def _name(iri: str | None) -> str | None:
    """The schema name of a type, status or predicate IRI (:func:`kgraph.schema.term_name`)."""
    return None if iri is None else term_name(iri)


class _Evidence:
    """Evidence items gathered per node or edge: one per sentence of each article
    fact (or one without a sentence for a fact that has none), citing its article
    (title, outlet, published date, file) and the fact's ID."""

    def __init__(self, articles: dict[str, dict[str, Any]]) -> None:
        self.articles = articles
        self.said: dict[Hashable, dict[tuple, dict[str, Any]]] = {}
        self.bare: dict[Hashable, dict[tuple, dict[str, Any]]] = {}

    def add(self, key: Hashable, row: dict) -> None:
        """Record the fact and sentence of ``row`` (columns ``g``, ``fact``,
        ``sentence``, ``conf``, ``start``) under ``key``."""
        article = self.articles.get(row["g"])
        if article is None:
            return
        fact, sentence, conf = row.get("fact"), row.get("sentence"), row.get("conf")
        item = {"sentence": sentence, "confidence": float(conf) if conf is not None else None,
                "fact_id": fact, **article, "_g": row["g"]}
        if sentence is None:
            self.bare.setdefault(key, {}).setdefault((row["g"], fact), item)
            return
        start = int(row.get("start") or 0)
        self.said.setdefault(key, {}).setdefault((row["g"], fact, start, sentence),
                                                 {**item, "_start": start})

    def _said(self, key: Hashable) -> list[dict[str, Any]]:
        """The items of ``key`` with a sentence: the most confident first, then by
        published date, article title and place in the article."""
        return sorted(self.said.get(key, {}).values(), key=lambda x: (
            -(x["confidence"] or 0.0), x["published"] or "", x["title"], x["_start"]))

    def items(self, key: Hashable) -> list[dict[str, Any]]:
        """The items of ``key`` in :meth:`_said`'s order; facts without a sentence last."""
        said = self._said(key)
        cited = {(x["_g"], x["fact_id"]) for x in said}
        bare = [x for x in self.bare.get(key, {}).values() if (x["_g"], x["fact_id"]) not in cited]
        return [{k: v for k, v in x.items() if not k.startswith("_")} for x in [*said, *bare]]

    def best(self, key: Hashable) -> dict[str, Any] | None:
        """The first item with a sentence (see :meth:`_said`), or None."""
        said = self._said(key)
        return said[0] if said else None


def _articles(store: GraphStore) -> dict[str, dict[str, Any]]:
    """What each article graph cites: title, outlet, published date, source file."""
    out = {}
    for r in _rows(store, _ARTICLES):
        published = r["published"]
        out.setdefault(r["g"], {
            "title": r["title"], "outlet": r["outlet"],
            "published": date_text(published) if published is not None else None,
            "file": r["file"],
        })
    return out


def _node(G: nx.MultiGraph, node: str, **attrs: object) -> dict:
    """Add a node (with empty ``sources`` and ``aliases``) or update it, keeping the
    first value of each attribute and every distinct source."""
    if node not in G:
        G.add_node(node, sources=[], aliases=[])
    data = G.nodes[node]
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
    return data


def bipartite(store: GraphStore, *, evidence_items: bool = False) -> nx.MultiGraph:
    """Actors, events and places as nodes (keyed by IRI) with ``kind``, ``type``,
    ``label``, ``date`` (and ``date_precision``) and ``status`` of events, ``evidence``
    (the most confident sentence), ``source``/``sources`` (article titles) and
    ``aliases`` (every other name the articles and the identity graph give);
    edges carry ``kind`` (role, relation or place), ``label`` (the role, the predicate
    or "at") and ``date``/``source``/``evidence``.

    With ``evidence_items`` every node and role or relation edge also gets
    ``evidence_items``: one dict per evidence sentence of each article fact behind
    it, with ``sentence``, ``confidence``, ``fact_id`` (the participation's for a
    role, whose sentence is its event's), ``title``, ``outlet``, ``published`` and
    ``file`` of the article; a node that several articles report has several.

    Facts rejected by a curation are left out (see the module's docstring).
    """
    G = nx.MultiGraph()
    articles = _articles(store)
    evidence = _Evidence(articles)
    rejected = {r["f"] for r in _rows(store, _REJECTED)}
    dropped: set[tuple[str, str]] = set()  # (graph, node) of rejected article nodes
    said: dict[tuple[str, str], list[dict]] = {}  # (graph, event node) -> its evidence rows

    def source(row: dict) -> str | None:
        article = articles.get(row["g"])
        return article["title"] if article else None

    def kept(row: dict) -> bool:
        if row["fact"] in rejected:
            dropped.add((row["g"], row["m"]))
            return False
        return True

    for r in _rows(store, _ACTORS):
        if kept(r):
            _node(G, r["n"], kind="actor", type=_name(r["cls"]), label=r["label"],
                  source=source(r))
            evidence.add(r["n"], r)
    at = set()
    reports: dict[str, dict[str, set[str]]] = {}
    for r in _rows(store, _EVENTS):
        if not kept(r):
            continue
        if r["pl"]:
            at.add((r["n"], r["pl"]))
        _node(G, r["n"], kind="event", type=_name(r["cls"]), label=r["label"],
              date=date_text(r["date"], r["prec"]), date_precision=r["prec"] if r["date"] else None,
              place=r["place"], status=_name(r["status"]), source=source(r))
        evidence.add(r["n"], r)
        said.setdefault((r["g"], r["m"]), []).append(r)
        reported = reports.setdefault(r["n"], {})
        reported.setdefault(date_text(r["own_date"], r["own_prec"]) or "", set()).add(source(r) or "")
    for r in _rows(store, _PLACES):
        _node(G, r["n"], kind="place", type="Place", label=r["label"], alias=r["alias"],
              source=source(r))
        evidence.add(r["n"], r)
    for r in _rows(store, _NAMES):
        if r["n"] in G and (r["g"], r["m"]) not in dropped:
            _node(G, r["n"], alias=r["name"])
    for node, data in G.nodes(data=True):
        data["aliases"] = [a for a in data["aliases"] if a != data.get("label")]
        if best := evidence.best(node):
            data["evidence"] = best["sentence"]
        if evidence_items:
            data["evidence_items"] = evidence.items(node)
        if node in reports:  # each reported date (at its precision) with its sources
            data["reports"] = {d: sorted(s) for d, s in sorted(reports[node].items())}
    for event, place in sorted(at):
        if place in G:
            G.add_edge(event, place, kind="place", label="at")
    edges: dict[tuple, dict] = {}
    for r in _rows(store, _ROLES):
        if (r["a"] not in G or r["e"] not in G or r["fact"] in rejected
                or (r["g"], r["me"]) in dropped or (r["g"], r["ma"]) in dropped):
            continue
        key = (r["a"], r["e"], r["role"])
        edges.setdefault(key, {"kind": "role", "label": term_label(r["role"]),
                               "date": date_text(r["date"], r["prec"]), "source": source(r)})
        for sentence in said.get((r["g"], r["me"]), [{}]):
            evidence.add(key, {**sentence, "g": r["g"], "fact": r["fact"]})
    for r in _rows(store, _RELATIONS):
        if (r["s"] not in G or r["o"] not in G or r["fact"] in rejected
                or (r["g"], r["ms"]) in dropped or (r["g"], r["mo"]) in dropped):
            continue
        key = (r["s"], r["o"], r["p"])
        edges.setdefault(key, {"kind": "relation", "label": term_label(r["p"]), "source": source(r)})
        evidence.add(key, r)
    for key, attrs in edges.items():  # (actor, event, role) or (subject, object, predicate)
        if attrs["kind"] == "relation":  # the best sentence, and the article it is from
            best = evidence.best(key)
            attrs["evidence"] = best["sentence"] if best else None
            attrs["source"] = best["title"] if best else attrs["source"]
        if evidence_items:
            attrs["evidence_items"] = evidence.items(key)
        G.add_edge(key[0], key[1], **attrs)
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
