"""The schema as RDF: its part of the ontology and of the SHACL shapes.

``graph/ontology.ttl`` and ``graph/shapes.ttl`` hold only what is written by hand;
the event classes, role and status concepts, relation properties, kgraph's own actor
classes and every closed list of the shapes (``sh:in``) are built here from
:func:`kgraph.schema.schema`. :func:`ontology` and :func:`shapes` give the whole of
each. Imports rdflib: load this module only when RDF is needed.

>>> from kgraph.schema import KG_NS
>>> g = schema_ontology()
>>> (URIRef(KG_NS + "OtherEvent"), RDFS.label, Literal("Other event")) in g
True
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kgraph.schema import KG_NS, PREFIXES, Schema, expand, schema

__all__ = ["ontology", "schema_ontology", "schema_shapes", "shapes"]

_KG = KG_NS
_SEM = PREFIXES["sem"]
_SHAPES = "https://kgraph.example/shapes#"


def _kg(local: str) -> URIRef:
    return URIRef(_KG + local)


def _graph_file(name: str) -> Path:
    from kgraph.resources import graph_dir

    return graph_dir() / name


def schema_ontology(s: Schema | None = None) -> Graph:
    """The ontology's triples that come from the schema ``s`` (kgraph's by default)."""
    s = s or schema()
    g = Graph()
    g.bind("kg", _KG)
    for et in s.event_types:
        c = URIRef(et.iri)
        g.add((c, RDF.type, OWL.Class))
        g.add((c, RDFS.subClassOf, URIRef(_SEM + "Event")))
        g.add((c, RDFS.subClassOf, URIRef(expand("schema:Event"))))
        g.add((c, RDFS.label, Literal(et.label)))
        g.add((c, RDFS.comment, Literal(et.description)))
    for at in s.actor_types:
        if not at.in_kg:
            continue  # schema.org's classes are declared by schema.org
        c = URIRef(at.iri)
        g.add((c, RDF.type, OWL.Class))
        g.add((c, RDFS.subClassOf, _kg("Actor")))
        g.add((c, RDFS.label, Literal(at.label)))
        if at.description:
            g.add((c, RDFS.comment, Literal(at.description)))
    for role in s.roles:
        r = URIRef(role.iri)
        g.add((r, RDF.type, SKOS.Concept))
        g.add((r, RDF.type, URIRef(_SEM + "RoleType")))
        g.add((r, SKOS.inScheme, _kg("RoleScheme")))
        g.add((r, SKOS.prefLabel, Literal(role.label)))
    for status in s.statuses:
        t = URIRef(status.iri)
        g.add((t, RDF.type, SKOS.Concept))
        g.add((t, SKOS.inScheme, _kg("StatusScheme")))
        g.add((t, SKOS.prefLabel, Literal(status.label)))
    for pred in s.predicates:
        p = URIRef(pred.iri)
        g.add((p, RDF.type, OWL.ObjectProperty))
        if pred.symmetric:
            g.add((p, RDF.type, OWL.SymmetricProperty))
        g.add((p, RDFS.label, Literal(pred.label)))
        if pred.description:
            g.add((p, RDFS.comment, Literal(pred.description)))
        if pred.subproperty_of:
            g.add((p, RDFS.subPropertyOf, URIRef(expand(pred.subproperty_of))))
    names = ", ".join(p.name for p in s.date_precisions)
    g.add((_kg("datePrecision"), RDFS.comment, Literal(f"One of: {names}.")))
    return g


def ontology(s: Schema | None = None) -> Graph:
    """The whole ontology: ``graph/ontology.ttl`` plus :func:`schema_ontology`."""
    g = Graph().parse(_graph_file("ontology.ttl"), format="turtle")
    g += schema_ontology(s)
    return g


def _list(g: Graph, items: list) -> BNode:
    head = BNode()
    Collection(g, head, items)
    return head


def _property(g: Graph, shape: URIRef, path: object, **constraints: object) -> BNode:
    node = BNode()
    g.add((shape, SH.property, node))
    g.add((node, SH.path, path))  # type: ignore[arg-type]
    for key, value in constraints.items():
        g.add((node, SH[key], value))  # type: ignore[arg-type]
    return node


def schema_shapes(s: Schema | None = None) -> Graph:
    """The shapes' constraints that come from the schema ``s``: added to the node
    shapes of ``graph/shapes.ttl`` (``kgsh:Event`` and the others) and one shape per
    event type for the roles it admits."""
    s = s or schema()
    g = Graph()
    g.bind("kgsh", _SHAPES)
    g.bind("kg", _KG)
    sh = _SHAPES

    def one_of(shape: URIRef, classes: list[URIRef], message: str) -> None:
        inner = BNode()
        g.add((inner, SH["in"], _list(g, classes)))
        _property(g, shape, RDF.type, qualifiedValueShape=inner,
                  qualifiedMinCount=Literal(1), qualifiedMaxCount=Literal(1),
                  message=Literal(message))

    actor, event = URIRef(sh + "Actor"), URIRef(sh + "Event")
    one_of(actor, [URIRef(a.iri) for a in s.actor_types],
           "an actor has exactly one actor type: " + ", ".join(a.name for a in s.actor_types))
    one_of(event, [URIRef(e.iri) for e in s.event_types],
           "an event has exactly one event type: " + ", ".join(e.name for e in s.event_types))
    _property(g, event, _kg("status"), minCount=Literal(1), maxCount=Literal(1),
              **{"in": _list(g, [URIRef(t.iri) for t in s.statuses])},
              message=Literal("an event has one status: " + ", ".join(s_.name for s_ in s.statuses)))
    _property(g, event, _kg("datePrecision"), maxCount=Literal(1),
              **{"in": _list(g, [Literal(p.name) for p in s.date_precisions])},
              message=Literal("a date precision is one of: "
                              + ", ".join(p.name for p in s.date_precisions)))
    datatypes = list(dict.fromkeys(p.datatype_iri for p in s.date_precisions))
    alternatives = []
    for datatype in datatypes:
        alt = BNode()
        g.add((alt, SH.datatype, URIRef(datatype)))
        alternatives.append(alt)
    _property(g, event, URIRef(_SEM + "hasTimeStamp"), maxCount=Literal(1),
              **{"or": _list(g, alternatives)},
              message=Literal("an event has at most one date, written as one of "
                              + ", ".join(expand_back(d) for d in datatypes)))
    # the date's datatype is the one its precision asks for
    # (SHACL forbids VALUES in a constraint: the pairs are a disjunction)
    pairs = " || ".join(f'(?precision = "{p.name}" && DATATYPE(?value) = <{p.datatype_iri}>)'
                        for p in s.date_precisions)
    check = BNode()
    g.add((event, SH.sparql, check))
    g.add((check, SH.message, Literal("the date's datatype does not match its precision")))
    g.add((check, SH.select, Literal(
        "SELECT $this ?path ?value WHERE {\n"
        f"  BIND (<{_SEM}hasTimeStamp> AS ?path)\n"
        f"  $this <{_KG}datePrecision> ?precision ; ?path ?value .\n"
        f"  FILTER (!({pairs}))\n}}")))

    _property(g, URIRef(sh + "Participation"), URIRef(_SEM + "roleType"),
              minCount=Literal(1), maxCount=Literal(1),
              **{"in": _list(g, [URIRef(r.iri) for r in s.roles])},
              message=Literal("a role is one of: " + ", ".join(r.name for r in s.roles)))
    _property(g, URIRef(sh + "Relation"), RDF.predicate, minCount=Literal(1), maxCount=Literal(1),
              **{"in": _list(g, [URIRef(p.iri) for p in s.predicates])},
              message=Literal("a relation's predicate is one of: "
                              + ", ".join(p.name for p in s.predicates)))
    roles = {r.name: r for r in s.roles}
    for et in s.event_types:
        shape = URIRef(sh + et.local + "Roles")
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, URIRef(et.iri)))
        path = _list(g, [_kg("participation"), URIRef(_SEM + "roleType")])
        _property(g, shape, path, **{"in": _list(g, [URIRef(roles[r].iri) for r in et.roles])},
                  message=Literal(f"a {et.name} admits the roles: {', '.join(et.roles)}"))
    return g


def expand_back(iri: str) -> str:
    """A CURIE for an IRI in a known namespace (the IRI itself otherwise).

    >>> expand_back("http://www.w3.org/2001/XMLSchema#gYear")
    'xsd:gYear'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def shapes(s: Schema | None = None) -> Graph:
    """All SHACL shapes: ``graph/shapes.ttl`` plus :func:`schema_shapes`."""
    g = Graph().parse(_graph_file("shapes.ttl"), format="turtle")
    g += schema_shapes(s)
    return g
