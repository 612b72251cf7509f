"""Extraction: news text -> :class:`kgraph.model.Extraction` (actors, places,
positions, events, relations, each with evidence and confidence), through the named
stages of :mod:`kgraph.extract.pipeline`.

Importing this package is cheap: spaCy, dateparser and rapidfuzz load at first use.

>>> from kgraph.extract import NAME, VERSION
>>> NAME, VERSION
('kgraph.extract', '0.4.0')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

NAME = "kgraph.extract"
VERSION = "0.4.0"  # 0.4: look-up keys (kg:key, kg:partKey) of names; 0.3: fact IDs
#: Facts under this confidence are not stored (chosen from the reliability table of
#: ``kgraph eval``; see the README).
DEFAULT_MIN_CONFIDENCE = 0.5

__all__ = ["DEFAULT_MIN_CONFIDENCE", "NAME", "VERSION", "Extractor", "pipe_names"]

if TYPE_CHECKING:
    from kgraph.extract.pipeline import Extractor, pipe_names


def __getattr__(name: str) -> Any:
    if name in ("Extractor", "pipe_names"):
        from kgraph.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
