"""The extractor's fingerprint: one short hash that changes whenever extraction could
give a different answer for the same text, so ``kgraph ingest`` knows to re-extract.

It covers the kgraph version, the bytes of every file of the language data
(``kgraph/extract/lang/en/``) and of the gazetteer (``kgraph/extract/gazetteer/``),
read through :mod:`importlib.resources` so an installed wheel hashes what it ships,
the gazetteer switch, the confidence threshold, and the spaCy pipeline's name and
installed version (read from the package metadata: the model is not loaded).

>>> a = fingerprint("no_such_pipeline", gazetteer=True, min_confidence=0.5)
>>> a == fingerprint("no_such_pipeline", gazetteer=True, min_confidence=0.5)
True
>>> a == fingerprint("no_such_pipeline", gazetteer=False, min_confidence=0.5)
False
>>> len(a)
16
"""

from __future__ import annotations

import hashlib
from importlib import metadata, resources
from importlib.resources.abc import Traversable

__all__ = ["DATA_FOLDERS", "fingerprint", "model_version", "tree_digest"]

#: Package folders (under ``kgraph.extract``) whose files steer extraction.
DATA_FOLDERS = ("lang/en", "gazetteer")
_SKIP = {"__pycache__"}


def tree_digest(root: Traversable | None) -> str:
    """A hash of every file under ``root`` (relative path and bytes, in path order);
    ``"missing"`` when the folder does not exist. Bytecode caches are left out.

    >>> tree_digest(None)
    'missing'
    """
    if root is None or not root.is_dir():
        return "missing"
    h = hashlib.sha256()
    stack: list[tuple[str, Traversable]] = [("", root)]
    files: list[tuple[str, Traversable]] = []
    while stack:
        prefix, folder = stack.pop()
        for item in folder.iterdir():
            if item.name in _SKIP or item.name.endswith(".pyc"):
                continue
            rel = f"{prefix}{item.name}"
            if item.is_dir():
                stack.append((rel + "/", item))
            elif item.is_file():
                files.append((rel, item))
    for rel, item in sorted(files, key=lambda f: f[0]):
        h.update(rel.encode("utf-8") + b"\0")
        data = item.read_bytes()
        h.update(str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()


def _package_folder(relative: str) -> Traversable | None:
    try:
        node: Traversable = resources.files("kgraph.extract")
    except ModuleNotFoundError:  # pragma: no cover - the package itself is missing
        return None
    for part in relative.split("/"):
        node = node / part
    return node


def _kgraph_version() -> str:
    try:
        return metadata.version("kgraph")
    except metadata.PackageNotFoundError:  # running from a source tree
        import kgraph

        return kgraph.__version__


def model_version(name: str) -> str:
    """The installed version of the spaCy pipeline package ``name``, from its package
    metadata (no model is loaded); ``"unknown"`` when it is not an installed package.

    >>> model_version("no_such_pipeline")
    'unknown'
    """
    try:
        return metadata.version(name)
    except (metadata.PackageNotFoundError, ValueError):
        pass
    for dist in metadata.packages_distributions().get(name, []):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:  # pragma: no cover
            continue
    return "unknown"


def fingerprint(model_name: str, *, gazetteer: bool, min_confidence: float) -> str:
    """16 hex digits that change with any input of extraction (see the module doc)."""
    from kgraph.extract import VERSION

    parts = [
        f"kgraph={_kgraph_version()}",
        f"extractor={VERSION}",
        *(f"{folder}={tree_digest(_package_folder(folder))}" for folder in DATA_FOLDERS),
        f"gazetteer={bool(gazetteer)}",
        f"min_confidence={float(min_confidence):.4f}",
        f"model={model_name}",
        f"model_version={model_version(model_name)}",
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]
