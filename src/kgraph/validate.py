"""Check each article's named graph against kgraph's SHACL shapes: those written in
``graph/shapes.ttl`` plus those derived from the schema (every closed list of types,
roles, statuses, predicates and date precisions; see
:func:`kgraph.schema.vocabulary.shapes`).

>>> from kgraph.store import open_store
>>> report = validate(open_store("memory"))
>>> report.conforms, report.graphs
(True, 0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kgraph.store import GraphStore

__all__ = ["Report", "Violation", "validate"]


@dataclass(frozen=True)
class Violation:
    graph: str
    focus: str
    path: str
    message: str
    severity: str


@dataclass
class Report:
    graphs: int = 0
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self) -> str:
        """A readable report, one line per violation.

        >>> print(Report(2).text())
        2 article graphs checked: all conform to the shapes.
        """
        head = f"{self.graphs} article graphs checked: "
        if self.conforms:
            return head + "all conform to the shapes."
        lines = [head + f"{len(self.violations)} violations."]
        for v in self.violations:
            lines.append(f"{v.severity}: {v.focus}  {v.path}: {v.message}  (graph {v.graph})")
        return "\n".join(lines)


def _path(results: object, node: object) -> str:
    """A result path for the report: a property, or a sequence ``a/b``."""
    from rdflib import BNode
    from rdflib.collection import Collection

    if isinstance(node, BNode):
        try:
            return "/".join(_short(p) for p in Collection(results, node))  # type: ignore[arg-type]
        except Exception:  # not a list: some other path expression
            return "(path)"
    return _short(node or "")


def _short(term: object) -> str:
    from kgraph.namespace import PREFIXES

    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def validate(store: GraphStore, graphs: list[str] | None = None) -> Report:
    """Validate the given named graphs, or every one in the store."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    from kgraph.schema.vocabulary import shapes as all_shapes

    shapes = all_shapes()
    report = Report()
    for name in store.graphs() if graphs is None else graphs:
        data = rdflib.Graph().parse(data=store.dump(ox.RdfFormat.N_TRIPLES, name), format="nt")
        report.graphs += 1
        conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
        if conforms:
            continue
        for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
            message = results.value(result, SH.resultMessage)
            report.violations.append(
                Violation(
                    graph=name,
                    focus=_short(results.value(result, SH.focusNode)),
                    path=_path(results, results.value(result, SH.resultPath)),
                    message=str(message) if message else "violates its shape",
                    severity=_short(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                )
            )
    report.violations.sort(key=lambda v: (v.graph, v.focus, v.path))
    return report
