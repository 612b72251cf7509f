"""Read-only look-ups over a stage's input, shared by the event and relation rules:
which actor or place a token names (through pronouns, appositions, "the two men").

A :class:`Lookups` is built from :class:`~kgraph.extract.types.Entities` and never
changes; it carries no results from one stage to another.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property
from typing import Any

from kgraph.extract.lexicon import Lexicon
from kgraph.extract.types import Entities, Mention, Parsed


def _clause_verb(tok: Any) -> Any:
    """The verb of the clause a token is in: the nearest head with a subject."""
    t = tok
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return t
        if t.head.i == t.i:
            return t
        t = t.head
    return t


class Lookups:
    """Token -> mention, actor and place look-ups for one article."""

    def __init__(self, entities: Entities, lex: Lexicon) -> None:
        self.entities = entities
        self.parsed: Parsed = entities.parsed
        self.doc = self.parsed.doc
        self.lex = lex
        tok2m: dict[int, Mention] = {}
        for m in entities.mentions:
            for t in range(m.i, m.j):
                tok2m.setdefault(t, m)
        self._tok2m = tok2m
        self.kinds: dict[str, str] = {m.key: m.kind for m in entities.mentions if m.key}

    @cached_property
    def _backwards(self) -> tuple[list[Mention], list[int]]:
        """Mentions from the last to the first (ties in their order), and their
        negated starts (ascending, for bisect): look-ups scan back from a token
        without sorting every mention each time (which made long articles quadratic)."""
        back = sorted(self.entities.mentions, key=lambda m: -m.i)
        return back, [-m.i for m in back]

    def _before(self, i: int) -> list[Mention]:
        """The mentions starting before token ``i``, nearest first."""
        back, keys = self._backwards
        return back[bisect_right(keys, -i):]

    @cached_property
    def _by_sentence(self) -> dict[int, list[int]]:
        """Sentence -> the positions in ``entities.mentions`` of the mentions starting in it."""
        out: dict[int, list[int]] = {}
        for k, m in enumerate(self.entities.mentions):
            out.setdefault(self.parsed.sent_of[m.i], []).append(k)
        return out

    @cached_property
    def _one_token(self) -> dict[int, list[Mention]]:
        """Token -> the mentions that are that token alone, in order."""
        out: dict[int, list[Mention]] = {}
        for m in self.entities.mentions:
            if m.j == m.i + 1:
                out.setdefault(m.i, []).append(m)
        return out

    @property
    def quoted(self) -> frozenset[int]:
        return self.parsed.quoted

    def sent(self, tok: Any) -> int:
        return self.parsed.sent_of[tok.i]

    def sent_span(self, index: int) -> Any:
        return self.parsed.span(index)

    @cached_property
    def countries(self) -> dict[str, str]:
        """Country canonical name -> key."""
        return {c.label: c.key for c in self.entities.clusters if c.kind == "Country"}

    @cached_property
    def person_country(self) -> dict[str, str]:
        """Person key -> the key of the country the gazetteer says they serve (when
        that country is named in the article)."""
        return {c.key: self.countries[c.country] for c in self.entities.clusters
                if c.kind == "Person" and c.country and c.country in self.countries}

    def mention(self, tok: Any) -> Mention | None:
        return self._tok2m.get(tok.i)

    def actor(self, tok: Any) -> str | None:
        """The actor key a token names (through pronouns too), or None."""
        m = self.mention(tok)
        if m is not None:
            return m.key if m.kind != "Place" else None
        if tok.pos_ == "NOUN":  # "the regional governor, Veniamin Kondratyev, said"
            for c in tok.children:
                mm = self.mention(c)
                if c.dep_ == "appos" and mm is not None and mm.kind == "Person":
                    return mm.key
        pair = self.pair(tok)
        if pair:
            return pair[0]
        if tok.lower_ in self.lex.words.personal_pronouns:
            return self.pronoun(tok)
        if tok.lower_ in self.lex.words.group_pronouns:
            return self.group_pronoun(tok)
        return None

    def pair(self, tok: Any) -> list[str] | None:
        """"the two men", "both leaders": the last two people named before; "the
        sides", "both sides": the last two countries."""
        ev = self.lex.events
        sides = tok.lemma_ == "side" and (tok.tag_ == "NNS" or any(
            c.lower_ in ev.pair_words for c in tok.children))
        if not sides and (tok.lemma_ not in ev.pair_nouns or not any(
                c.lower_ in ev.pair_words for c in tok.children)):
            return None
        if any(c.dep_ in ("poss", "amod", "compound") and c.lower_ not in ev.pair_words
               for c in tok.children):
            return None  # "their two presidents", "the Ukrainian side": not the two just named
        kind = "Country" if sides else "Person"
        sent = self.sent(tok)
        seen: list[str] = []
        for m in self._before(tok.i):
            if self.parsed.sent_of[m.i] < sent - (3 if sides else 1):
                break  # nearest first: the rest are further back still
            if m.kind == kind and m.key not in seen:
                seen.append(m.key)
                if len(seen) == 2:
                    break
        return seen if len(seen) >= 2 else None

    def actors_in(self, tok: Any, depth: int = 0) -> list[str]:
        """Actors a noun phrase names: the head, its compounds, adjectives, nominal
        modifiers, conjuncts and appositions ("American and Ukrainian officials" ->
        United States, Ukraine). A possessor is not the phrase's referent: "Putin's
        envoy" names the envoy, not Putin, so possessors are not followed unless the
        head itself names nobody (a bare group noun: "Russia's delegation")."""
        out: list[str] = list(self.pair(tok) or [])
        a = self.actor(tok)
        if a and a not in out:
            out.append(a)
        if depth > 3:
            return out
        is_title = tok.text.casefold() in self.lex.titles.heads or tok.lemma_ in self.lex.titles.heads
        for c in tok.children:
            follow = c.dep_ in ("compound", "amod", "nmod", "conj", "appos")
            if c.dep_ == "poss":
                follow = not is_title and tok.lemma_ in self.lex.events.delegation_nouns
            if c.dep_ in ("compound", "amod", "nmod") and is_title and a is None and (
                    tok.tag_ not in ("NNS", "NNPS")):
                follow = False  # "US envoy": the envoy; but "American officials": the US
            if follow:
                for x in self.actors_in(c, depth + 1):
                    if x not in out:
                        out.append(x)
        # "the foreign ministers of A and B": a plural title or group stands for its
        # countries (not "the President of Ukraine", who is one person)
        plural = tok.tag_ in ("NNS", "NNPS") and (is_title or tok.lemma_ in self.lex.words.group_nouns
                                                  or tok.lemma_ in self.lex.events.delegation_nouns)
        if plural and a is None:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            for x in [g, *g.conjuncts]:
                                k = self.actor(x)
                                if k and self.kinds.get(k) == "Country" and k not in out:
                                    out.append(k)
        # Hyphenated demonyms: several mentions on one token ("U.S.-Ukrainian").
        for m in self._one_token.get(tok.i, ()):
            if m.kind != "Place" and m.key not in out:
                out.append(m.key)
        return out

    def pronoun(self, tok: Any) -> str | None:
        """He/she: the last person that was a subject in this or the previous
        sentence, else the last person named there; nothing when two people compete
        at the same distance."""
        sent = self.sent(tok)
        best_subj = best_any = None
        is_subject = tok.dep_ in ("nsubj", "nsubjpass", "poss")
        near = sorted(k for s in range(sent - 2, sent + 1) for k in self._by_sentence.get(s, ()))
        for m in (self.entities.mentions[k] for k in near):
            if m.kind != "Person" or m.i >= tok.i or self.parsed.sent_of[m.i] < sent - 2:
                continue
            if not is_subject and self.parsed.sent_of[m.i] == sent and self.doc[m.j - 1].dep_ in (
                "nsubj", "nsubjpass"
            ) and self.doc[m.j - 1].head.i == _clause_verb(tok).i:
                continue  # "Kushner will travel with him": him is not Kushner (his own clause)
            root = self.doc[m.j - 1]
            subject = root.dep_ in ("nsubj", "nsubjpass") or (  # "the congresswoman, X, said"
                root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
            if subject and m.i not in self.quoted:
                best_subj = m
            best_any = m
        chosen = best_subj or best_any
        return chosen.key if chosen else None

    def group_pronoun(self, tok: Any) -> str | None:
        """It/its/they: the nearest country, organisation or group before it, in its
        sentence."""
        lo = self.parsed.sentence_of(tok.i).tok_start
        for m in self._before(tok.i):
            if m.i < lo:
                return None
            if m.kind in ("Country", "Organization", "Group"):
                return m.key
        return None

    def place(self, tok: Any) -> str | None:
        m = self.mention(tok)
        if m is not None and m.kind in ("Place", "Country"):
            return m.key
        return None
