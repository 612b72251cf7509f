"""kgraph: turn news reports into a knowledge graph of actors and events.

>>> from kgraph import KGraph
>>> with KGraph.open("memory") as kg:
...     kg.stats()["triples"]
0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.api import IngestReport, KGraph
    from kgraph.errors import KGraphError

__all__ = ["IngestReport", "KGraph", "KGraphError"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Imported on first use, so `kgraph --help` does not load rdflib or Oxigraph.
    if name in ("IngestReport", "KGraph"):
        from kgraph import api

        return getattr(api, name)
    if name == "KGraphError":
        from kgraph.errors import KGraphError

        return KGraphError
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")
