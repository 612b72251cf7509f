"""The one module that mints IRIs. Every IRI is a function of normalised parts, so
ingesting the same article twice mints the same IRIs.

>>> m = Minter("https://example.org/kg/")
>>> m.actor("3f2a", "marco-rubio")
'https://example.org/kg/actor/3f2a/marco-rubio'
>>> slug("Secretary of State Marco Rubio")
'secretary-of-state-marco-rubio'
>>> slug("Зеленський")
'zelenskii'
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable

DEFAULT_BASE = "https://kgraph.example/id/"

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщыэюяієїґ",
        [
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
            "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "y", "e", "yu", "ya", "i",
            "ye", "yi", "g",
        ],
        strict=True,
    )
) | {"ъ": "", "ь": ""}


def slug(text: str) -> str:
    """Lower-case ASCII words joined by ``-``: a safe, readable IRI segment.

    Accents are dropped, Cyrillic is transliterated, anything else that is not a
    letter or digit separates words. Text with nothing left gives a hash.

    >>> slug("U.S.")
    'us'
    >>> slug("Zelenskyy's")
    'zelenskyys'
    >>> slug("<script>") == slug("script")
    True
    >>> slug("北京")
    'h-deb47eb6ce'
    """
    lowered = text.casefold()
    lowered = "".join(_CYRILLIC.get(ch, ch) for ch in lowered).replace("-", " ")
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’.]", "", ascii_text)
    words = re.findall(r"[a-z0-9]+", ascii_text)
    if words:
        return "-".join(words)[:80]
    return "h-" + digest(text)[:10]


def digest(*parts: str) -> str:
    """A stable hex digest of the parts.

    >>> digest("a", "b") == digest("a", "b") != digest("ab")
    True
    """
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


#: The kinds of fact an analyst can point at, and the letter their IDs start with.
FACT_KINDS = {"actor": "a", "event": "e", "participation": "p", "relation": "r", "position": "h"}
_FACT_LETTERS = {v: k for k, v in FACT_KINDS.items()}
_BASE32 = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's: no i, l, o, u


def fact_id(kind: str, article_id: str, *says: str) -> str:
    """A fact's short stable ID: the kind's letter and 10 characters hashed from the
    article and what the fact says there (never from a minted IRI), so the same
    fact gets the same ID after a re-ingest or a new extractor version.

    >>> fact_id("event", "3f2a", "Meeting", "120-188")
    'e-a08qk5rqgn'
    >>> fact_id("event", "3f2a", "Meeting", "120-188") == fact_id("event", "3f2a", "Meeting", "120-188")
    True
    >>> fact_kind("e-a08qk5rqgn"), fact_kind("nonsense")
    ('event', None)
    """
    number = int(digest(kind, article_id, *says)[:13], 16) >> 2  # 50 bits
    text = "".join(_BASE32[(number >> (5 * i)) & 31] for i in reversed(range(10)))
    return f"{FACT_KINDS[kind]}-{text}"


def fact_kind(text: str) -> str | None:
    """The kind of fact an ID names, or None when ``text`` is not a fact ID."""
    if re.fullmatch(rf"[a-z]-[{_BASE32}]{{10}}", text):
        return _FACT_LETTERS.get(text[0])
    return None


def article_id(text: str) -> str:
    """An article's identity: a hash of its full text (16 hex digits).

    >>> len(article_id("Some text."))
    16
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Minter:
    """Mints every IRI kgraph writes, under one configurable ``base``.

    The base comes from the argument, else ``KGRAPH_BASE``, else :data:`DEFAULT_BASE`.
    """

    def __init__(self, base: str | None = None) -> None:
        base = base or os.environ.get("KGRAPH_BASE") or DEFAULT_BASE
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]*$", base):
            from kgraph.errors import KGraphError

            raise KGraphError(f"invalid base IRI: {base!r}")
        self.base = base if base.endswith(("/", "#", ":")) else base + "/"

    def _iri(self, *segments: str) -> str:
        return self.base + "/".join(segments)

    def article(self, article_id: str) -> str:
        return self._iri("article", article_id)

    def graph(self, article_id: str) -> str:
        """The named graph holding what one article says."""
        return self._iri("graph", article_id)

    def metrics(self) -> str:
        """The named graph of network measures (``kgraph analyze --write``)."""
        return self._iri("metrics", "actors")

    def is_article_graph(self, graph: str) -> bool:
        """Whether a named graph holds an article.

        >>> Minter("http://x/").is_article_graph("http://x/graph/ab12")
        True
        """
        return graph.startswith(self._iri("graph", ""))

    def identity(self) -> str:
        """The named graph of cross-article identity (:mod:`kgraph.resolve`)."""
        return self._iri("identity", "")

    def curation(self) -> str:
        """The named graph of an analyst's corrections (:mod:`kgraph.curate`)."""
        return self._iri("curation", "")

    def curation_action(self, *parts: str) -> str:
        """One correction, named by a hash of what it does, who and when."""
        return self._iri("curation", "action", digest(*parts)[:16])

    def curator(self, name: str) -> str:
        """The analyst who made corrections (a prov:Agent).

        >>> Minter("http://x/").curator("Ann Lee")
        'http://x/curator/ann-lee'
        """
        return self._iri("curator", slug(name))

    def member_kind(self, iri: str) -> str | None:
        """``actor`` or ``event`` for an article's node of one, else None.

        >>> m = Minter("http://x/")
        >>> m.member_kind("http://x/event/a1/e2"), m.member_kind("http://x/place/geneva")
        ('event', None)
        """
        if not self.is_member(iri):
            return None
        kind = iri[len(self.base):].split("/", 1)[0]
        return kind if kind in ("actor", "event") else None

    def actor(self, article_id: str, key: str) -> str:
        """An actor as one article names it; identity across articles is
        :mod:`kgraph.resolve`'s judgement, never an IRI collision.

        >>> Minter("http://x/").actor("a1", "Marco Rubio")
        'http://x/actor/a1/marco-rubio'
        """
        return self._iri("actor", article_id, slug(key))

    def place(self, key: str) -> str:
        return self._iri("place", slug(key))

    def event(self, article_id: str, key: str) -> str:
        """An event as one article reports it.

        >>> Minter("http://x/").event("a1", "e2")
        'http://x/event/a1/e2'
        """
        return self._iri("event", article_id, slug(key))

    def canonical(self, kind: str, label: str, first_member: str) -> str:
        """The node of one real-world actor or event (``kind``), named after the
        label it is known by and the least IRI among the article nodes it joins, so
        the same set of nodes gets the same IRI whatever the order of ingest.

        >>> Minter("http://x/").canonical("event", "Talks in Geneva", "http://x/event/a1/e1")
        'http://x/event/talks-in-geneva-84010091'
        """
        return self._iri(kind, f"{slug(label)[:60]}-{digest(first_member)[:8]}")

    def judgement(self, a: str, b: str) -> str:
        """A judgement that two article nodes are one (the pair in any order)."""
        x, y = sorted((a, b))
        return self._iri("identity", "same", digest(x, y)[:20])

    def is_member(self, iri: str) -> bool:
        """Whether an actor or event IRI names an article's node (not a canonical one).

        >>> m = Minter("http://x/")
        >>> m.is_member("http://x/actor/a1/marco-rubio"), m.is_member("http://x/actor/marco-rubio-1a2b3c4d")
        (True, False)
        """
        rest = iri[len(self.base):] if iri.startswith(self.base) else ""
        return rest.count("/") == 2

    def participation(self, event_iri: str, actor_key: str) -> str:
        return f"{event_iri}/participant/{slug(actor_key)}"

    def event_of_participation(self, iri: str) -> str | None:
        """The event a participation IRI belongs to, or None for another IRI.

        >>> Minter("http://x/").event_of_participation("http://x/event/a1/e2/participant/rubio")
        'http://x/event/a1/e2'
        """
        event, sep, _ = iri.rpartition("/participant/")
        return event if sep and event.startswith(self.base) else None

    def post(self, article_id: str, actor_key: str, title: str) -> str:
        """A position (org:Post) as one article says an actor holds it."""
        return self._iri("post", article_id, slug(actor_key), slug(title))

    def relation(self, article_id: str, subject: str, predicate: str, obj: str) -> str:
        return self._iri("relation", article_id, digest(subject, predicate, obj)[:16])

    def evidence(self, article_id: str, fact: str, start: int, end: int) -> str:
        return self._iri("evidence", article_id, digest(fact, str(start), str(end))[:16])

    def extraction(self, article_id: str) -> str:
        return self._iri("extraction", article_id)

    def extractor(self, name: str, version: str) -> str:
        return self._iri("extractor", slug(name), slug(version))

    def wikidata(self, qid: str) -> str:
        """A Wikidata entity IRI.

        >>> Minter().wikidata("Q42")
        'http://www.wikidata.org/entity/Q42'
        """
        if not re.fullmatch(r"Q[0-9]+", qid):
            from kgraph.errors import KGraphError

            raise KGraphError(f"not a Wikidata ID: {qid!r}")
        return "http://www.wikidata.org/entity/" + qid


def keys(names: Iterable[str]) -> list[str]:
    """Slugs of several names, in order.

    >>> keys(["Marco Rubio", "U.S."])
    ['marco-rubio', 'us']
    """
    return [slug(n) for n in names]
