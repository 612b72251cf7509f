"""Shared fixtures. Real components throughout: the embedded Oxigraph store, the real
spaCy model (loaded once per session), headless Chromium where a test needs it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="session")
def ingested_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store with every example article ingested once (real extractor).
    Tests must not write to it; copy it first (see ``store_copy``)."""
    from kgraph.api import KGraph
    from kgraph.sources import read_articles

    path = tmp_path_factory.mktemp("ingested") / "store"
    with KGraph.open(str(path)) as kg:
        kg.ingest(read_articles([str(EXAMPLES)]))
    return path


@pytest.fixture
def store_copy(ingested_store: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the ingested store."""
    dest = tmp_path / "store"
    shutil.copytree(ingested_store, dest)
    return dest
