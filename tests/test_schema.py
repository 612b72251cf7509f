"""The one schema: its content, its validation at load, and that everything derived
from it follows a change of the file with no code edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kgraph import schema as schema_mod
from kgraph.schema import (
    DATE_PRECISIONS,
    EVENT_TYPES,
    KG_NS,
    PREDICATES,
    SchemaError,
    load_schema,
    parse_schema,
    precision_rank,
    role_rank,
    schema,
    show_date,
)
from kgraph.schema.vocabulary import schema_ontology, schema_shapes, shapes

ROOT = Path(__file__).resolve().parents[1]
TEXT = resources.files("kgraph.schema").joinpath("schema.yaml").read_text(encoding="utf-8")


def data() -> dict:
    return yaml.safe_load(TEXT)


def parse(d: dict) -> schema_mod.Schema:
    return parse_schema(yaml.safe_dump(d, sort_keys=False), "test.yaml")


# --- content ------------------------------------------------------------------------


def test_event_types_in_order_with_their_classes():
    assert EVENT_TYPES == ("Meeting", "Visit", "Statement", "Proposal", "Attack", "Agreement",
                           "Call", "Other")
    s = schema()
    assert [e.term for e in s.event_types] == [*EVENT_TYPES[:-1], "OtherEvent"]
    assert all(e.description and e.colour.startswith("#") and e.roles for e in s.event_types)
    assert s.event_type("Attack").roles == ("attacker", "target", "participant")
    assert set(s.event_type("Other").roles) == {r.name for r in s.roles}


def test_roles_with_concepts_and_the_extractors_ranks():
    s = schema()
    assert {r.name: (r.term, r.rank) for r in s.roles} == {
        "head_of_delegation": ("HeadOfDelegation", 6), "member": ("DelegationMember", 3),
        "host": ("Host", 4), "speaker": ("Speaker", 5), "target": ("Target", 4),
        "attacker": ("Attacker", 5), "proposer": ("Proposer", 5), "participant": ("Participant", 1),
    }
    assert role_rank("speaker") == 5
    with pytest.raises(SchemaError, match="unknown role 'speakr'"):
        role_rank("speakr")


def test_statuses_predicates_actor_types_and_date_precisions():
    s = schema()
    assert [(t.name, t.iri) for t in s.statuses] == [("happened", KG_NS + "Happened"),
                                                     ("planned", KG_NS + "Planned")]
    assert PREDICATES == ("leads", "member_of", "represents", "owns", "relative_of",
                          "excluded_from", "in_contact_with", "located_in")
    assert {p.name: p.subproperty_of for p in s.predicates if p.subproperty_of} == {
        "member_of": "org:memberOf", "owns": "schema:owns", "relative_of": "schema:relatedTo",
        "located_in": "schema:containedInPlace"}
    assert s.predicate("in_contact_with").symmetric and s.predicate("member_of").term == "memberOf"
    assert {a.name: a.iri for a in s.actor_types} == {
        "Person": "https://schema.org/Person", "Organization": "https://schema.org/Organization",
        "Country": "https://schema.org/Country", "Group": KG_NS + "Group"}
    assert DATE_PRECISIONS == ("day", "week", "month", "year")
    assert {p.name: p.datatype for p in s.date_precisions} == {
        "day": "xsd:date", "week": "xsd:date", "month": "xsd:gYearMonth", "year": "xsd:gYear"}
    assert [precision_rank(p) for p in ("day", "week", "month", "year")] == [3, 2, 1, 0]


def test_dates_are_shown_at_their_precision():
    assert show_date("2025-10") == "Oct 2025" and show_date("2025") == "2025"
    assert show_date("2025-10-01", "month") == "Oct 2025"  # never the first of the month
    assert show_date("2025-01-01", "year") == "2025"
    assert show_date("2025-10-06", "week") == "week of 2025-10-06"
    assert show_date("2025-10-06", "day") == show_date("2025-10-06") == "2025-10-06"


def test_loaded_once_and_frozen():
    assert schema() is schema()
    assert load_schema() == schema()
    with pytest.raises(AttributeError):
        schema().event_types[0].colour = "#000000"  # type: ignore[misc]


def test_importing_the_schema_and_the_model_is_cheap():
    code = ("import sys, kgraph.schema, kgraph.model\n"
            "heavy = {'spacy', 'pyvis', 'rdflib', 'pyoxigraph', 'networkx', 'pyshacl'}\n"
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- validation at load ---------------------------------------------------------------


def _mutations():
    def misspelt_section(d):
        d["event_type"] = d.pop("event_types")

    def misspelt_key(d):
        d["event_types"][0]["colur"] = d["event_types"][0].pop("colour")

    def missing_field(d):
        del d["roles"][2]["rank"]

    def duplicate_name(d):
        d["event_types"].append(dict(d["event_types"][0], term="Meeting2"))

    def duplicate_name_other_case(d):
        d["statuses"].append({"name": "Planned", "term": "Planned2", "label": "x"})

    def duplicate_term(d):
        d["roles"][0]["term"] = "Meeting"

    def unknown_role(d):
        d["event_types"][1]["roles"].append("visitor")

    def bad_rank(d):
        d["roles"][0]["rank"] = "high"

    def bad_colour(d):
        d["actor_types"][0]["colour"] = "blue"

    def bad_datatype(d):
        d["date_precisions"][2]["datatype"] = "xsd:string"

    def bad_prefix(d):
        d["predicates"][1]["subproperty_of"] = "foaf:member"

    def missing_section(d):
        del d["statuses"]

    def bad_term(d):
        d["event_types"][0]["term"] = "Big Meeting"

    return [
        (misspelt_section, "unknown key 'event_type'; did you mean 'event_types'"),
        (misspelt_key, "event type 'Meeting': unknown key 'colur'; did you mean 'colour'"),
        (missing_field, "role 'host': missing field 'rank'"),
        (duplicate_name, "duplicate event type name 'Meeting'"),
        (duplicate_name_other_case, "duplicate status name 'Planned'"),
        (duplicate_term, "term 'Meeting' is also used by"),
        (unknown_role, "event type 'Visit' admits unknown role 'visitor'"),
        (bad_rank, "rank must be an integer"),
        (bad_colour, "colour must look like #a1b2c3"),
        (bad_datatype, "datatype must be one of"),
        (bad_prefix, "unknown prefix 'foaf'"),
        (missing_section, "missing section 'statuses'"),
        (bad_term, "is not a local name or a CURIE"),
    ]


@pytest.mark.parametrize("mutate,message", _mutations(), ids=lambda x: getattr(x, "__name__", ""))
def test_a_malformed_schema_is_refused_with_a_clear_error(mutate, message):
    d = data()
    parse(d)  # the unchanged copy loads
    mutate(d)
    with pytest.raises(SchemaError, match="^test.yaml: .*" + message.replace("(", r"\(")):
        parse(d)


def test_a_schema_file_that_cannot_be_read(tmp_path):
    with pytest.raises(SchemaError, match="cannot read schema"):
        load_schema(tmp_path / "missing.yaml")
    (tmp_path / "bad.yaml").write_text("event_types: [\n")
    with pytest.raises(SchemaError, match="not valid YAML"):
        load_schema(tmp_path / "bad.yaml")


# --- one more event type: one edit of the file --------------------------------------


SUMMIT = {"name": "Summit", "term": "Summit", "label": "Summit",
          "description": "Heads of state meet.", "colour": "#123456",
          "roles": ["head_of_delegation", "host", "participant"]}


def with_summit(tmp_path: Path) -> Path:
    d = data()
    d["event_types"].insert(1, SUMMIT)
    path = tmp_path / "schema.yaml"
    path.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    return path


def test_an_extra_event_type_gets_its_class_shape_and_colour(tmp_path):
    s = load_schema(with_summit(tmp_path))
    summit = URIRef(KG_NS + "Summit")
    assert [e.name for e in s.event_types][:2] == ["Meeting", "Summit"]
    assert s.colours["Summit"] == "#123456"
    onto = schema_ontology(s)
    assert (summit, RDF.type, OWL.Class) in onto
    assert (summit, RDFS.comment, Literal("Heads of state meet.")) in onto
    assert (summit, RDF.type, OWL.Class) not in schema_ontology()
    # the event shape's list of event types, and the shape for the roles it admits
    g = shapes(s)
    kinds = [list(Collection(g, g.value(q, SH["in"])))
             for p in g.objects(URIRef("https://kgraph.example/shapes#Event"), SH.property)
             if (q := g.value(p, SH.qualifiedValueShape)) is not None]
    assert kinds == [[URIRef(e.iri) for e in s.event_types]] and summit in kinds[0]
    roles_shape = URIRef("https://kgraph.example/shapes#SummitRoles")
    assert g.value(roles_shape, SH.targetClass) == summit
    (prop,) = g.objects(roles_shape, SH.property)
    assert [str(r) for r in Collection(g, g.value(prop, SH["in"]))] == [
        KG_NS + "HeadOfDelegation", KG_NS + "Host", KG_NS + "Participant"]
    assert roles_shape not in set(schema_shapes().subjects())


def test_an_extra_event_type_flows_through_every_module(tmp_path):
    """With KGRAPH_SCHEMA naming the edited copy: the namespace, the writer, the map
    colours and the type filter know the new type, and an article with a summit is
    written, stored and validated with no code edit."""
    code = r"""
import datetime as dt, json
from kgraph.iri import Minter
from kgraph.model import EVENT_TYPES, Event, Participant
from kgraph.namespace import KG
from kgraph.rdf import EVENT_CLASSES
from kgraph.select import EVENT_TYPES as FILTER_TYPES
from kgraph.store import open_store
from kgraph.validate import validate
from kgraph.view import TYPE_COLOURS
from tests.factories import sample_extraction
from kgraph.rdf import to_quads

x = sample_extraction()
x.events.append(Event("summit-1", "Summit", "Summit in Geneva",
                      [Participant("marco-rubio", "head_of_delegation")],
                      date=dt.date(2025, 12, 1), date_precision="month",
                      evidence=x.events[0].evidence))
store, minter = open_store("memory"), Minter()
store.replace_graph(minter.graph(x.article.id), to_quads(x, minter))
report = validate(store)
print(json.dumps({"kg": str(KG.Summit), "class": str(EVENT_CLASSES["Summit"]),
                  "colour": TYPE_COLOURS["Summit"], "model": "Summit" in EVENT_TYPES,
                  "filter": "Summit" in FILTER_TYPES, "conforms": report.conforms,
                  "violations": report.text()}))
"""
    env = dict(os.environ, KGRAPH_SCHEMA=str(with_summit(tmp_path)))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=env)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["kg"] == got["class"] == KG_NS + "Summit"
    assert got["colour"] == "#123456" and got["model"] and got["filter"]
    assert got["conforms"], got["violations"]
