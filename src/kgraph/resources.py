"""Where kgraph finds its curated data (``graph/``) and stored queries (``queries/``).

Both live at the top of the project; ``KGRAPH_GRAPH_DIR`` and ``KGRAPH_QUERIES``
point elsewhere.

>>> (graph_dir() / "ontology.ttl").is_file()
True
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def graph_dir() -> Path:
    """The folder with the ontology, shapes and curated reference data."""
    return Path(os.environ.get("KGRAPH_GRAPH_DIR") or ROOT / "graph")


def queries_dir() -> Path:
    """The folder of stored ``.rq`` queries."""
    return Path(os.environ.get("KGRAPH_QUERIES") or ROOT / "queries")
