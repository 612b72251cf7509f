"""Every vocabulary kgraph writes, in one place.

Terms are attributes of closed namespaces: a typo fails at once instead of
minting a wrong IRI.

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
    """kgraph's own terms; each is declared in ``graph/ontology.ttl``."""

    _fail = True
    _NS = Namespace("https://kgraph.example/ns#")

    # classes
    Actor: URIRef
    Group: URIRef
    Meeting: URIRef
    Visit: URIRef
    Statement: URIRef
    Proposal: URIRef
    Attack: URIRef
    Agreement: URIRef
    Call: URIRef
    OtherEvent: URIRef
    Participation: URIRef
    Evidence: URIRef
    RelationStatement: URIRef
    Extraction: URIRef
    Extractor: URIRef
    # role types (SKOS concepts)
    RoleScheme: URIRef
    HeadOfDelegation: URIRef
    DelegationMember: URIRef
    Host: URIRef
    Speaker: URIRef
    Target: URIRef
    Attacker: URIRef
    Proposer: URIRef
    Participant: URIRef
    # event status (SKOS concepts)
    StatusScheme: URIRef
    Happened: URIRef
    Planned: URIRef
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
    sourceFile: URIRef
    # relations between actors, places and events
    leads: URIRef
    memberOf: URIRef
    represents: URIRef
    owns: URIRef
    relativeOf: URIRef
    excludedFrom: URIRef
    inContactWith: URIRef
    locatedIn: URIRef
    # network measures (written by `kgraph analyze --write`)
    degree: URIRef
    weightedDegree: URIRef
    betweenness: URIRef
    pagerank: URIRef
    community: URIRef
    brokerage: URIRef


def local_name(iri: object) -> str:
    """The last segment of an IRI, after ``#`` or ``/``.

    >>> local_name("https://kgraph.example/ns#Meeting"), local_name("https://schema.org/Person")
    ('Meeting', 'Person')
    """
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class SEM(DefinedNamespace):
    """The Simple Event Model terms kgraph uses."""

    _fail = True
    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

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
    _NS = Namespace("https://schema.org/")

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
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "sem": str(SEM),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}
