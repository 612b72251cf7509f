"""The one name normaliser: look-up keys for names (:func:`norm`), ASCII folding
(:func:`fold`) and comparing person names across spellings ("Zelensky" =
"Zelenskyy", "Serhiy Kyslytsya" = "Sergiy Kyslytsya", "Witkoff" = "Steve Witkoff").

>>> norm("U.S.") == norm("US")
True

>>> same_name("Zelensky", "Volodymyr Zelenskyy")
True
>>> same_name("Serhiy Kyslytsya", "Sergiy Kyslytsya")
True
>>> same_name("Donald Trump", "Melania Trump")
False
>>> same_name("Putin", "Rubio")
False
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

#: Minimum rapidfuzz ratio (0-100) for two surnames to be one spelling.
SURNAME_RATIO = 85.0
#: Minimum ratio for two given names ("Serhiy"/"Sergiy").
GIVEN_RATIO = 75.0


@functools.lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """A look-up key: NFKD without accents, case-folded, dots and apostrophes
    dropped, other punctuation a space, spaces collapsed.

    >>> norm("  The  Kremlin ")
    'the kremlin'
    >>> norm("Erdoğan") == norm("Erdogan")
    True
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’.]", "", text)
    return " ".join(re.sub(r"[^\w&-]+", " ", text).split())


def compare_form(name: object) -> str:
    """A name as the evaluation compares names (its README): :func:`norm` with all
    punctuation dropped and a leading "the" removed.

    >>> compare_form("The U.S.")
    'us'
    >>> compare_form("Zelenskyy’s  Office"), compare_form("Al-Thani")
    ('zelenskyys office', 'althani')
    """
    text = "".join(c for c in norm(str(name or "")) if not unicodedata.category(c).startswith("P"))
    return re.sub(r"^the ", "", " ".join(text.split()))


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """ASCII, lower case, letters and spaces only.

    >>> fold("Zelenskyy's")
    'zelenskyy'
    >>> fold("Erdoğan")
    'erdogan'
    """
    text = re.sub(r"['’]s\b", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z ]+", " ", text.casefold()).split())


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def _initial_y(word: str) -> str:
    """A word-initial ``i`` before a vowel as ``y``: Ukrainian "Ie", "Iu", "Ia" are
    "Ye", "Yu", "Ya" in other transliterations (Iermak, Yermak).

    >>> _initial_y("iermak"), _initial_y("ivan")
    ('yermak', 'ivan')
    """
    return "y" + word[1:] if len(word) > 1 and word[0] == "i" and word[1] in "aeou" else word


def similar_word(a: str, b: str, threshold: float = SURNAME_RATIO) -> bool:
    """Two words that are one name in two transliterations.

    >>> similar_word("zelensky", "zelenskyy")
    True
    >>> similar_word("umerov", "yermak"), similar_word("iermak", "yermak")
    (False, True)
    """
    if a == b:
        return True
    a, b = _initial_y(a), _initial_y(b)
    if min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    return _ratio(a, b) >= threshold


# ~1 us uncached; 16,384 pairs hold ~5 MB (262,144 held ~80 MB in a long ingest)
@functools.lru_cache(maxsize=16384)
def same_name(a: str, b: str) -> bool:
    """Whether two person names can denote the same person.

    A surname alone matches a full name with that surname; two full names match when
    surnames and given names are similar.
    """
    ta, tb = fold(a).split(), fold(b).split()
    if not ta or not tb:
        return False
    if not similar_word(ta[-1], tb[-1]):
        return False
    if len(ta) == 1 or len(tb) == 1:
        return True
    return similar_word(ta[0], tb[0], GIVEN_RATIO) or ((
        len(ta[0]) == 1 or len(tb[0]) == 1
    ) and ta[0][0] == tb[0][0])


@functools.lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A loose key for one name word across transliterations: ASCII consonants with
    doubled letters once, vowels and ``y`` dropped after the first letter. Two
    spellings of a surname usually share it, so an exact index look-up finds both.

    >>> skeleton("Zelensky") == skeleton("Zelenskyy") == skeleton("Zelenskiy")
    True
    >>> skeleton("Umerov") == skeleton("Yermak"), skeleton("Iermak") == skeleton("Yermak")
    (False, True)
    """
    w = _initial_y(fold(word).replace(" ", ""))
    if not w:
        return ""
    rest = re.sub(r"[aeiouy]", "", w[1:])
    return re.sub(r"(.)\1+", r"\1", w[0] + rest)


def surname(name: str) -> str:
    """The last word of a person's name, folded.

    >>> surname("Steve Witkoff's")
    'witkoff'
    """
    words = fold(name).split()
    return words[-1] if words else ""


def name_keys(label: str, aliases: Iterable[str] = (), *, person: bool = False) -> list[str]:
    """The exact look-up keys of an actor's names (:func:`norm` of each), and for a
    person ``~`` and the :func:`skeleton` of each surname, sorted: an index finds
    the actors a name may denote without scanning labels.

    >>> name_keys("Volodymyr Zelensky", {"Zelenskyy"}, person=True)
    ['volodymyr zelensky', 'zelenskyy', '~zlnsk']
    """
    names = {label, *aliases}
    keys = {norm(n) for n in names} - {""}
    if person:
        keys |= {"~" + skeleton(surname(n)) for n in names if surname(n)}
    return sorted(keys - {"~"})


#: The longest run of words of an event's label that finds it (``kg:partKey``).
EVENT_WORDS = 4


def look_up_keys(names: Iterable[str]) -> list[str]:
    """The exact look-up keys (``kg:key``) of a node's names: :func:`norm` of each,
    sorted. A stored query normalises the name it is given the same way and finds the
    node with one index look-up, never a scan of labels.

    >>> look_up_keys(["The U.S.", "US", "Erdoğan"])
    ['erdogan', 'the us', 'us']
    """
    return sorted({norm(n) for n in names} - {""})


def part_keys(names: Iterable[str], kind: str) -> list[str]:
    """The keys (``kg:partKey``) that find a node by part of a name. An actor: each
    word-final part of a name of two or more words (its surname, and "al thani" in
    "Sheikh Tamim Al Thani"). An event: each run of up to :data:`EVENT_WORDS` words
    of its labels (the whole label is a :func:`look_up_keys` key). The keys of a set of
    names are those of each name, so a node's keys grow with its names. Other kinds
    have none.

    >>> part_keys(["Steve Witkoff"], "actor")
    ['witkoff']
    >>> part_keys(["Meeting in Abu Dhabi"], "event")  # doctest: +NORMALIZE_WHITESPACE
    ['abu', 'abu dhabi', 'dhabi', 'in', 'in abu', 'in abu dhabi', 'meeting', 'meeting in',
     'meeting in abu', 'meeting in abu dhabi']
    >>> part_keys(["Geneva"], "place")
    []
    """
    out: set[str] = set()
    for name in names:
        words = norm(name).split()
        if kind == "actor":
            out.update(" ".join(words[i:]) for i in range(1, len(words)))
        elif kind == "event":
            out.update(" ".join(words[i:j]) for i in range(len(words))
                       for j in range(i + 1, min(len(words), i + EVENT_WORDS) + 1))
    return sorted(out - {""})
