"""Named export formats for the stored graph, with aliases, as in rdflib's registry.

>>> rdf_format("ttl").name
'Turtle'
"""

from __future__ import annotations

import pyoxigraph as ox

from kgraph.errors import KGraphError
from kgraph.store import GraphStore

__all__ = ["RDF_FORMATS", "export", "rdf_format"]

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


def rdf_format(name: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[name.lower()]
    except KeyError:
        names = "turtle, trig, nquads, ntriples, jsonld"
        raise KGraphError(f"unknown export format {name!r}; choose one of {names}") from None


def export(store: GraphStore, fmt: str = "turtle", graph: str | None = None) -> bytes:
    """Serialise the whole store (graph formats get the union of all articles) or one
    article's named graph."""
    return store.dump(rdf_format(fmt), graph)
