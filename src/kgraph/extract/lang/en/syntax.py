"""English dependency patterns shared by the rules: subjects through control and
coordination, prepositional objects, conjuncts, negation and modality.

The functions read spaCy tokens (``dep_``, ``head``, ``children``) and never change
them; they work the same on a parsed Doc and on a hand-built one.

>>> from spacy.tokens import Doc
>>> from spacy.vocab import Vocab
>>> doc = Doc(Vocab(), words=["Rubio", "will", "meet", "Lavrov"], heads=[2, 2, 2, 2],
...           deps=["nsubj", "aux", "ROOT", "dobj"])
>>> [t.text for t in subject_of(doc[2])]
['Rubio']
>>> [t.text for t in objects(doc[2])]
['Lavrov']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SUBJECTS = ("nsubj", "nsubjpass")
#: Clause links a subject is inherited through ("X is scheduled to lead" -> X).
#: Verbs whose subject, not their object, does what the to-infinitive says
#: ("promised Kyiv to send").
_SUBJECT_CONTROL = frozenset({"promise", "vow", "pledge"})
_CONTROL = ("xcomp", "advcl", "conj", "ccomp", "pcomp", "acomp")


def subject_of(tok: Any) -> list[Any]:
    """Subjects of a verb, inherited through xcomp/advcl/conj ("Witkoff is scheduled
    to lead" -> Witkoff), or the object of a verb of object control ("asked Rubio to
    lead" -> Rubio); a relative clause's subject is the noun it modifies."""
    seen = 0
    while tok is not None and seen < 5:
        subj = [c for c in tok.children if c.dep_ in SUBJECTS]
        if subj:
            s = subj[0]
            if s.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                return [tok.head]
            return [s, *s.conjuncts]
        if tok.dep_ == "xcomp" and tok.head.i != tok.i:
            # object control: "instructed Witkoff to meet Putin", "asked X to lead":
            # the one who meets is the object, not the one who instructs
            obj = [c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i]
            if obj and tok.head.lemma_ not in _SUBJECT_CONTROL:
                return [obj[0], *obj[0].conjuncts]
        if tok.dep_ in _CONTROL and tok.head.i != tok.i:
            tok = tok.head
            seen += 1
            continue
        if tok.dep_ == "relcl":
            return [tok.head]
        if tok.dep_ == "acl" and tok.tag_ == "VBG":
            return [tok.head]
        return []
    return []


def with_conj(toks: Iterable[Any]) -> list[Any]:
    """Tokens and their conjuncts ("Rubio and Witkoff")."""
    out = []
    for t in toks:
        out.append(t)
        out.extend(t.conjuncts)
    return out


def objects(tok: Any) -> list[Any]:
    """Direct objects (with conjuncts)."""
    return with_conj(c for c in tok.children if c.dep_ == "dobj")


def pobjs(tok: Any, preps: Iterable[str]) -> list[Any]:
    """Objects of the given prepositions under ``tok`` ("joined by A and by B")."""
    preps = set(preps)
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            for p in [c, *(x for x in c.conjuncts if x.lower_ == c.lower_)]:
                out.extend(with_conj(g for g in p.children if g.dep_ == "pobj"))
    return out


def prep_phrase(tok: Any, phrase: str) -> list[Any]:
    """Objects of a two-word preposition ("according to X") under ``tok``."""
    first, _, second = phrase.partition(" ")
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == (second or first) and second:
            left = c.doc[c.i - 1] if c.i > 0 else None
            if left is not None and left.lower_ == first:
                out.extend(g for g in c.children if g.dep_ == "pobj")
    return out


def negated(tok: Any, negation: Iterable[str]) -> bool:
    """A ``neg`` child, or a negative determiner on the subject or object ("no deal
    was reached", "never met")."""
    neg = set(negation)
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in neg) for c in tok.children):
        return True
    return any(
        c.dep_ in ("nsubjpass", "dobj", "nsubj") and any(
            g.dep_ == "det" and g.lower_ == "no" for g in c.children)
        for c in tok.children
    )


def clause_head(tok: Any) -> Any:
    """The verb of the clause a token is in (itself for a verb)."""
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def ancestors_within(tok: Any, deps: Iterable[str], limit: int = 6) -> list[Any]:
    """The chain of heads reached through the given dependency labels."""
    deps = set(deps)
    out, t = [], tok
    for _ in range(limit):
        if t.head.i == t.i or t.dep_ not in deps:
            break
        t = t.head
        out.append(t)
    return out
