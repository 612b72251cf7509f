"""Read the source: an article's text with each extracted fact marked where its evidence
lies, and the facts with their IDs (``kgraph show ARTICLE``), so an analyst can check
a report against the graph and curate from there.

The text is read again from the article's file when it is still there and unchanged
(the article's ID is a hash of its text); otherwise only the evidence sentences, which
the graph holds, are shown.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.output import plain, visible
from kgraph.schema import term_label as _label
from kgraph.schema import term_name as _name

__all__ = ["Fact", "Shown", "article_facts", "render"]


# (kg:, sem:, skos:, rdf:, org: and dct: are predefined by the store: kgraph.namespace.PREFIXES)
# One query per kind of fact, in the article's graph ($g): its ID, what it says, and
# the evidence that states it (a participation, its event's).
_FACTS = {
    "actor": """SELECT ?id ?cls ?label ?start ?end ?conf ?sentence WHERE { GRAPH $g {
        ?n a kg:Actor ; a ?cls ; kg:factId ?id ; skos:prefLabel ?label .
        FILTER (?cls != kg:Actor)
        ?n kg:evidence ?ev } $evidence }""",
    "event": """SELECT ?id ?cls ?label ?date ?status ?start ?end ?conf ?sentence WHERE { GRAPH $g {
        ?n a sem:Event ; a ?cls ; kg:factId ?id ; skos:prefLabel ?label .
        FILTER (STRSTARTS(STR(?cls), STR(kg:)))
        OPTIONAL { ?n sem:hasTimeStamp ?date } OPTIONAL { ?n kg:status ?status }
        ?n kg:evidence ?ev } $evidence }""",
    "participation": """SELECT ?id ?label ?role ?who ?start ?end ?conf ?sentence WHERE { GRAPH $g {
        ?e kg:participation ?p ; skos:prefLabel ?label ; kg:evidence ?ev .
        ?p kg:factId ?id ; rdf:value ?a ; sem:roleType ?role . ?a skos:prefLabel ?who } $evidence }""",
    "relation": """SELECT ?id ?sl ?p ?ol ?start ?end ?conf ?sentence WHERE { GRAPH $g {
        ?r a kg:RelationStatement ; kg:factId ?id ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        ?s skos:prefLabel ?sl . ?o skos:prefLabel ?ol . ?r kg:evidence ?ev } $evidence }""",
    "position": """SELECT ?id ?title ?who ?start ?end ?conf ?sentence WHERE { GRAPH $g {
        ?post a org:Post ; kg:factId ?id ; skos:prefLabel ?title ; org:heldBy ?a ; kg:evidence ?ev .
        ?a skos:prefLabel ?who } $evidence }""",
}
_EVIDENCE = ("GRAPH $g { ?ev kg:startOffset ?start ; kg:endOffset ?end ; kg:confidence ?conf ; "
             "kg:sentence ?sentence }")


@dataclass
class Fact:
    """One fact of an article at one evidence sentence."""

    id: str
    kind: str
    says: str
    start: int
    end: int
    confidence: float
    sentence: str
    rejected: bool = False


@dataclass
class Shown:
    """An article, its text (None when its file is gone or changed) and its facts."""

    title: str
    article: str
    outlet: str | None
    published: str | None
    file: str | None
    text: str | None
    offset: int
    facts: list[Fact] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "article": self.article, "outlet": self.outlet,
                "published": self.published, "file": self.file,
                "facts": [vars(f) for f in self.facts]}


def _says(kind: str, r: dict[str, Any]) -> str:
    if kind == "actor":
        return f"{_name(r['cls'])} {r['label']}"
    if kind == "event":
        status = _name(r["status"]) if r.get("status") else None
        extra = ", ".join(str(x) for x in (r.get("date"), status) if x)
        return f"{_name(r['cls'])} \"{r['label']}\"" + (f" ({extra})" if extra else "")
    if kind == "participation":
        return f"{r['who']}: {_label(r['role'])} in \"{r['label']}\""
    if kind == "relation":
        return f"{r['sl']} {_label(r['p'])} {r['ol']}"
    return f"{r['who']} holds {r['title']}"


def article_facts(kg: Any, ref: str) -> Shown:
    """The article ``ref`` (its id, file, graph IRI or exact title) of a
    :class:`~kgraph.api.KGraph`, with every fact at every evidence sentence (an
    actor at its first), ordered by where they are in the text."""
    from kgraph.iri import article_id
    from kgraph.sources import read_file

    graph = kg.article_graph(ref)
    g = f"<{graph}>"
    head = kg.query(text=f"""SELECT ?id ?title ?outlet ?published ?file WHERE {{ GRAPH {g} {{
        {g} <http://www.w3.org/ns/prov#wasDerivedFrom> ?art . ?art dct:identifier ?id ; dct:title ?title .
        OPTIONAL {{ ?art dct:source ?outlet }} OPTIONAL {{ ?art dct:issued ?published }}
        OPTIONAL {{ ?art kg:sourceFile ?file }} }} }}""").dicts()[0]
    text, offset = None, 0
    for candidate in (ref, head.get("file")):
        if candidate and Path(str(candidate)).is_file():
            try:
                art = read_file(Path(str(candidate)))
            except Exception:  # a file that no longer reads: the sentences only
                continue
            if article_id(art.text) == head["id"]:
                text, offset = art.text, art.offset
                break
    rejected = {str(r["f"]) for r in kg.query(
        text="SELECT ?f WHERE { GRAPH ?c { ?x kg:rejects ?f } }").dicts()}
    facts: list[Fact] = []
    seen: set[str] = set()
    for kind, sparql in _FACTS.items():
        q = sparql.replace("$evidence", _EVIDENCE).replace("$g", g)
        rows = sorted(kg.query(text=q).dicts(), key=lambda r: (r["start"], r["id"]))
        for r in rows:
            fid = str(r["id"])
            if kind in ("actor", "participation") and fid in seen:
                continue  # at its first sentence only
            seen.add(fid)
            facts.append(Fact(fid, kind, _says(kind, r), int(r["start"]), int(r["end"]),
                              float(r["conf"]), str(r["sentence"]), fid in rejected))
    order = list(_FACTS)
    facts = list({(f.id, f.start): f for f in facts}.values())
    facts.sort(key=lambda f: (f.start, f.end, order.index(f.kind), f.id))
    return Shown(str(head["title"]), str(head["id"]), plain(head.get("outlet")),
                 plain(head.get("published")), plain(head.get("file")), text, offset, facts)


def render(shown: Shown, width: int = 100) -> str:
    """The text with a numbered mark ``[n]`` after each sentence that states facts,
    then the facts under each number.

    >>> s = Shown("Talks", "ab12", "Wire", "2025-11-23", "t.txt", "Rubio met Umerov.", 0,
    ...           [Fact("e-0000000000", "event", 'Meeting "talks"', 0, 17, 0.9, "Rubio met Umerov.")])
    >>> print(render(s))
    Talks
    Wire, 2025-11-23, t.txt, article ab12
    <BLANKLINE>
    Rubio met Umerov. [1]
    <BLANKLINE>
    [1] Rubio met Umerov.
        e-0000000000  event  Meeting "talks"  0.9
    <BLANKLINE>
    """
    spans = sorted({(f.start, f.end) for f in shown.facts})
    number = {span: i + 1 for i, span in enumerate(spans)}
    out = [visible(shown.title),
           visible(", ".join(x for x in (shown.outlet, shown.published, shown.file,
                                         f"article {shown.article}") if x)), ""]
    if shown.text is not None:
        marks: dict[int, list[int]] = {}
        for (_start, end), n in number.items():
            marks.setdefault(end, []).append(n)
        body, pos = [], shown.offset
        for end in sorted(e for e in marks if e >= shown.offset):
            body.append(shown.text[pos:end] + "".join(f" [{n}]" for n in sorted(marks[end])))
            pos = end
        body.append(shown.text[pos:])
        for line in "".join(body).strip("\n").splitlines():
            out.append(textwrap.fill(visible(line.strip()), width=width) if line.strip() else "")
        out.append("")
    else:
        out += ["(the article's file is gone or changed: only the sentences that state facts)", ""]
    kind_width = max((len(f.kind) for f in shown.facts), default=0)
    for span in spans:
        n = number[span]
        sentence = next(f.sentence for f in shown.facts if (f.start, f.end) == span)
        out.append(textwrap.fill(visible(f"[{n}] {' '.join(sentence.split())}"), width=width,
                                 subsequent_indent="    "))
        for f in (f for f in shown.facts if (f.start, f.end) == span):
            mark = "  (rejected)" if f.rejected else ""
            out.append(visible(f"    {f.id}  {f.kind:<{kind_width}}  {f.says}  {f.confidence:g}{mark}"))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
