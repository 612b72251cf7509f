"""Where kgraph finds its curated data (``graph/``: ontology, shapes) and its stored
queries (``queries/``).

The files one edits are the top-level folders ``graph/`` and ``queries/`` of the
repository. A wheel carries them inside the package as ``kgraph/data/graph`` and
``kgraph/data/queries`` (pyproject.toml maps them), read here with
:mod:`importlib.resources`; a source tree or an editable install has no
``kgraph/data`` and reads the top-level folders. ``KGRAPH_GRAPH_DIR`` and
``KGRAPH_QUERIES`` point elsewhere. The rest of the package data (schema, lexicon,
gazetteer, templates) lives under ``src/kgraph`` and is read with
:mod:`importlib.resources` where it is used.

>>> (graph_dir() / "ontology.ttl").is_file()
True
>>> (queries_dir() / "who-met-whom.rq").is_file()
True
>>> data_dir("nothing")
Traceback (most recent call last):
...
kgraph.errors.KGraphError: kgraph's nothing/ folder is missing from the package; reinstall kgraph
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

from kgraph.errors import KGraphError

__all__ = ["SOURCE_ROOT", "data_dir", "graph_dir", "queries_dir"]

#: The top of the source tree when kgraph runs from one (a checkout, an editable install).
SOURCE_ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def data_dir(name: str) -> Path:
    """The data folder ``name`` (``"graph"`` or ``"queries"``): the one packaged in the
    wheel, else the source tree's top-level folder; a clear error when neither exists.
    Found once per process (a stored query is read on every call)."""
    packaged = resources.files("kgraph") / "data" / name
    if isinstance(packaged, Path) and packaged.is_dir():  # pip installs wheels unpacked
        return packaged
    source = SOURCE_ROOT / name
    if (SOURCE_ROOT / "pyproject.toml").is_file() and source.is_dir():
        return source
    raise KGraphError(f"kgraph's {name}/ folder is missing from the package; reinstall kgraph")


def graph_dir() -> Path:
    """The folder with the ontology, shapes and curated reference data
    (``KGRAPH_GRAPH_DIR`` overrides it)."""
    env = os.environ.get("KGRAPH_GRAPH_DIR")
    return Path(env) if env else data_dir("graph")


def queries_dir() -> Path:
    """The folder of stored ``.rq`` queries (``KGRAPH_QUERIES`` overrides it)."""
    env = os.environ.get("KGRAPH_QUERIES")
    return Path(env) if env else data_dir("queries")
