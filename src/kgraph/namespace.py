"""Every vocabulary kgraph writes, in one place.

Terms are attributes of closed namespaces: a typo fails at once instead of
minting a wrong IRI. The ``kg:`` terms of the schema (event classes, role and
status concepts, relation properties, kgraph's own actor classes) are taken from
:mod:`kgraph.schema`; the rest are written out below.

>>> str(KG.Meeting)
'https://kgraph.example/ns#Meeting'
>>> KG.Meting
Traceback (most recent call last):
...
AttributeError: term 'Meting' not in namespace 'https://kgraph.example/ns#'
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace

from kgraph import schema as _schema

__all__ = [
    "DCTERMS",
    "KG",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEM",
    "SKOS",
    "WD",
    "XSD",
    "local_name",
]


class KG(DefinedNamespace):
    """kgraph's own terms: those written out here are declared in
    ``graph/ontology.ttl``, the schema's (``_extras``) by
    :func:`kgraph.schema.vocabulary.schema_ontology`."""

    _fail = True
    _NS = Namespace(_schema.KG_NS)
    #: event classes, role and status concepts, relation properties, kg: actor classes
    _extras = list(_schema.schema().kg_terms)  # noqa: RUF012 (an annotation would make it a term)

    # classes
    Actor: URIRef
    Participation: URIRef
    Evidence: URIRef
    RelationStatement: URIRef
    Extraction: URIRef
    Extractor: URIRef
    Canonical: URIRef
    IdentityJudgement: URIRef
    Resolution: URIRef
    Curation: URIRef
    # concept schemes of roles and statuses
    RoleScheme: URIRef
    StatusScheme: URIRef
    # properties of events, roles and evidence
    participation: URIRef
    status: URIRef
    datePrecision: URIRef
    quote: URIRef
    evidence: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    mentionText: URIRef
    confidence: URIRef
    extractorVersion: URIRef
    extractorFingerprint: URIRef
    minConfidence: URIRef
    sourceFile: URIRef
    factId: URIRef
    key: URIRef
    partKey: URIRef
    # cross-article identity (the identity graph, kgraph.resolve)
    nameKey: URIRef
    matchKey: URIRef
    record: URIRef
    sources: URIRef
    eventId: URIRef
    actorId: URIRef
    eventType: URIRef
    placeName: URIRef
    reportedParticipant: URIRef
    canonical: URIRef
    judges: URIRef
    reason: URIRef
    rule: URIRef
    resolvedBy: URIRef
    # an analyst's corrections (the curation graph, kgraph.curate)
    operation: URIRef
    target: URIRef
    otherTarget: URIRef
    field: URIRef
    newValue: URIRef
    rejects: URIRef
    sequence: URIRef
    withdrawnBy: URIRef
    # network measures (written by `kgraph analyze --write`)
    degree: URIRef
    weightedDegree: URIRef
    betweenness: URIRef
    pagerank: URIRef
    community: URIRef
    brokerage: URIRef


_clash = set(KG._extras) & set(KG.__annotations__)
if _clash:  # a schema term would shadow a hand-written one
    raise _schema.SchemaError(f"schema terms clash with kg: terms: {', '.join(sorted(_clash))}")


def local_name(iri: object) -> str:
    """The last segment of an IRI, after ``#`` or ``/``.

    >>> local_name("https://kgraph.example/ns#Meeting"), local_name("https://schema.org/Person")
    ('Meeting', 'Person')
    """
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class SEM(DefinedNamespace):
    """The Simple Event Model terms kgraph uses."""

    _fail = True
    _NS = Namespace(_schema.PREFIXES["sem"])

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Role: URIRef
    RoleType: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTimeStamp: URIRef
    roleType: URIRef


class SCHEMA(DefinedNamespace):
    """The schema.org terms kgraph uses."""

    _fail = True
    _NS = Namespace(_schema.PREFIXES["schema"])

    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Place: URIRef
    Event: URIRef
    NewsArticle: URIRef
    containedInPlace: URIRef
    owns: URIRef
    memberOf: URIRef
    relatedTo: URIRef
    location: URIRef


#: Wikidata entities (open: any Q-number is a term).
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefixes used in exports and stored queries.
PREFIXES: dict[str, str] = {**_schema.PREFIXES, "wd": str(WD)}
