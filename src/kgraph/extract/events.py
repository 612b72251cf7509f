"""Events: triggers from ``graph/triggers.yaml``, participants and roles from the
dependency parse, then assembly across the sentences of an article.

Per sentence, each trigger gives an *event mention* (type, participants with roles,
places, date phrases, planned or not). Mentions of one type in one sentence are one
event; a noun trigger reached through "for"/"through"/"via" from another trigger is
part of it ("lead a delegation to Russia for follow-up talks").

Across the article:

- delegation sentences ("The U.S. delegation was led by A, who was joined by B")
  add heads and members to the meeting being reported;
- a definite trigger ("the talks", "The Florida discussions", "the meeting") refers
  back to the latest event of its type whose place agrees;
- statements by one speaker are one event (a following "He noted ..." belongs to the
  last named speaker);
- other mentions join an earlier event of the type when places agree and
  participants overlap; "separate talks" never join.

Triggers inside quotations, and noun triggers that are hypothetical ("a future
agreement") or reported under a modal ("proposals ... could form"), are no events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kgraph.extract.document import Document, Mention
from kgraph.extract.lexicon import Lexicon

DEFINITE = {"the", "this", "that", "these", "those"}
ABSORB_PREPS = {"for", "through", "via", "including"}
PLACE_PREPS = {"in", "at", "to", "inside", "near", "into", "outside"}
#: Verbs whose subject authors the proposal that is their object ("Washington put
#: forward the plan"); other verbs ("derail the plan") say nothing about authorship.
PROPOSE_VERBS = {
    "put", "present", "submit", "unveil", "draft", "table", "offer", "circulate", "prepare",
    "formulate", "propose", "send", "deliver", "write", "produce", "draw", "announce", "craft",
}
ROLE_RANK = {
    "head_of_delegation": 6, "speaker": 5, "attacker": 5, "proposer": 5, "host": 4,
    "target": 4, "member": 3, "participant": 1,
}
PERSONAL = {"he", "she", "him", "her", "his", "hers"}
GROUPISH = {"it", "its", "they", "them", "their"}


@dataclass
class EventMention:
    """What one sentence (or a merged group of sentences) says about an event."""

    type: str
    trigger: int
    sents: list[int]
    anchors: set[int] = field(default_factory=set)
    participants: dict[str, str] = field(default_factory=dict)
    places: list[tuple[str, int]] = field(default_factory=list)  # (key, score)
    dates: list[tuple[dt.date, str, int]] = field(default_factory=list)  # (date, prec, strength)
    planned: bool = False
    quotes: list[str] = field(default_factory=list)
    definite: bool = False
    distinct: bool = False
    mentions: list[str] = field(default_factory=list)
    evidence_sents: dict[int, str] = field(default_factory=dict)  # sentence -> trigger text
    cues: int = 1  # how many cues agree (trigger, role pattern, date, place)

    def add(self, actor: str | None, role: str) -> None:
        if not actor:
            return
        old = self.participants.get(actor)
        if old is None or ROLE_RANK[role] > ROLE_RANK[old]:
            self.participants[actor] = role

    def speaker(self) -> str | None:
        return next((a for a, r in self.participants.items() if r == "speaker"), None)

    def merge(self, other: EventMention) -> None:
        for a, r in other.participants.items():
            self.add(a, r)
        self.places.extend(other.places)
        self.dates.extend(other.dates)
        self.planned = self.planned and other.planned if self.sents else other.planned
        self.quotes.extend(q for q in other.quotes if q not in self.quotes)
        self.mentions.extend(other.mentions)
        for s in other.sents:
            if s not in self.sents:
                self.sents.append(s)
        for s, t in other.evidence_sents.items():
            self.evidence_sents.setdefault(s, t)
        self.anchors |= other.anchors
        self.cues = max(self.cues, other.cues) + 1


class Context:
    """Token lookups shared by the event and relation rules."""

    def __init__(self, d: Document, lex: Lexicon, country_keys: dict[str, str]):
        self.d = d
        self.doc = d.doc
        self.lex = lex
        self.tok2m = d.index()
        self.country_keys = country_keys  # country canonical name -> key
        self.kinds = {m.key: m.kind for m in d.mentions if m.key}
        self.quoted = _quoted_tokens(d.doc)
        self.person_country: dict[str, str] = {}
        #: (person, possessor, sentence, wording): "Putin's envoy Kirill Dmitriev".
        self.via: list[tuple[str, str, int, str]] = []
        #: relations implied by events (a call puts its parties in contact).
        self.implied: list[tuple[str, str, str, int, str]] = []

    def mention(self, tok: Any) -> Mention | None:
        return self.tok2m.get(tok.i)

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
        if tok.lower_ in PERSONAL:
            return self.pronoun(tok)
        if tok.lower_ in GROUPISH:
            return self.group_pronoun(tok)
        return None

    def pair(self, tok: Any) -> list[str] | None:
        """"the two men", "both leaders": the last two people named before."""
        if tok.lemma_ not in ("man", "leader", "official", "envoy", "side", "negotiator"):
            return None
        if not any(c.lower_ in ("two", "both") for c in tok.children):
            return None
        sent = self.d.sent_of[tok.i]
        seen: list[str] = []
        for m in sorted(self.d.mentions, key=lambda m: -m.i):
            if (m.i < tok.i and self.d.sent_of[m.i] >= sent - 1 and m.kind == "Person"
                    and m.key not in seen):
                seen.append(m.key)
        for t in self.doc[self.d.sentences[max(sent - 1, 0)].span.start : tok.i]:
            if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
                k = self.pronoun(t)
                if k and k not in seen:
                    seen.insert(0, k)
        return seen[:2] if len(seen) >= 2 else None

    def actors_in(self, tok: Any, depth: int = 0) -> list[str]:
        """Actors named by a noun phrase: the head, its compounds, adjectives,
        possessors, nominal modifiers and conjuncts ("American and Ukrainian
        officials" -> United States, Ukraine)."""
        out: list[str] = list(self.pair(tok) or [])
        a = self.actor(tok)
        if a and a not in out:
            out.append(a)
        if depth > 3:
            return out
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod", "conj", "poss", "appos") or (
                c.dep_ == "prep" and c.lower_ == "of" and self.mention(tok) is None
                and tok.pos_ == "NOUN"
            ):
                kids = [c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ == "pobj"]
                for k in kids:
                    for a in self.actors_in(k, depth + 1):
                        if a not in out:
                            out.append(a)
        # Hyphenated demonyms: several mentions on one token.
        for m in self.d.mentions:
            if m.i == tok.i and m.j == tok.i + 1 and m.kind != "Place" and m.key not in out:
                out.append(m.key)
        return out

    def pronoun(self, tok: Any) -> str | None:
        """He/she: the last person that was a subject before, else the last person."""
        sent = self.d.sent_of[tok.i]
        best_subj = best_any = None
        is_subject = tok.dep_ in ("nsubj", "nsubjpass", "poss")
        for m in self.d.mentions:
            if m.kind != "Person" or m.i >= tok.i or self.d.sent_of[m.i] < sent - 3:
                continue
            if not is_subject and self.d.sent_of[m.i] == sent and self.doc[m.j - 1].dep_ in (
                "nsubj", "nsubjpass"
            ):
                continue  # "Kushner will travel with him": him is not Kushner
            root = self.doc[m.j - 1]
            if root.dep_ in ("nsubj", "nsubjpass") and m.i not in self.quoted:
                best_subj = m
            best_any = m
        chosen = best_subj or best_any
        return chosen.key if chosen else None

    def group_pronoun(self, tok: Any) -> str | None:
        """It/its/they: the nearest country, organisation or group before, in the
        sentence."""
        lo = self.d.sentences[self.d.sent_of[tok.i]].span.start
        for m in sorted(self.d.mentions, key=lambda m: -m.i):
            if lo <= m.i < tok.i and m.kind in ("Country", "Organization", "Group"):
                return m.key
        return None

    def place(self, tok: Any) -> str | None:
        m = self.mention(tok)
        if m is not None and m.kind in ("Place", "Country"):
            return m.key
        return None


def _quoted_tokens(doc: Any, min_words: int = 4) -> set[int]:
    """Tokens between quotation marks (a quote may span sentences). Short scare quotes
    ("constant contact", "shadow fleet") are not quotations."""
    out: set[int] = set()
    inside = False
    current: list[int] = []
    for tok in doc:
        t = tok.text
        if t in ('"', "“", "”", "``", "''"):
            opening = t == "“" or (t not in ("”",) and not inside)
            if (inside and not opening) or t == "”":
                if sum(1 for i in current if doc[i].is_alpha) >= min_words:
                    out.update(current)
                current = []
                inside = False
            else:
                inside = True
                current = []
            continue
        if inside:
            current.append(tok.i)
    if inside and sum(1 for i in current if doc[i].is_alpha) >= min_words:
        out.update(current)
    return out


def subject_of(tok: Any) -> list[Any]:
    """Subjects of a verb, inherited through xcomp/advcl/conj ("Witkoff is scheduled
    to lead" -> Witkoff)."""
    seen = 0
    while tok is not None and seen < 5:
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            s = subj[0]
            if s.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                return [tok.head]
            return [s, *[c for c in s.conjuncts]]
        if tok.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp", "acomp") and (
            tok.head.i != tok.i
        ):
            tok = tok.head
            seen += 1
            continue
        if tok.dep_ == "acl" and tok.tag_ == "VBG":
            return [tok.head]
        return []
    return []


def _with_conj(toks: list[Any]) -> list[Any]:
    out = []
    for t in toks:
        out.append(t)
        out.extend(t.conjuncts)
    return out


def _pobjs(tok: Any, preps: set[str]) -> list[Any]:
    """Objects of the given prepositions under ``tok`` ("joined by A and by B")."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
            for p in [c, *(x for x in c.conjuncts if x.lower_ == c.lower_)]:
                out.extend(_with_conj([g for g in p.children if g.dep_ == "pobj"]))
    return out


def trigger_type(tok: Any, ctx: Context) -> str | None:
    """The event type a token triggers, if any."""
    trig = ctx.lex.triggers
    lemma = tok.lemma_.casefold()
    low = tok.lower_
    if tok.i in ctx.quoted or ctx.mention(tok) is not None:
        return None
    if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and lemma == "due"):
        if _negated(tok):
            return None  # "did not comment", "would not sign"
        for c in tok.children:  # phrasal verbs: "sat down with"
            if c.dep_ == "prt" and f"{lemma} {c.lower_}" in trig["verbs"]:
                return trig["verbs"][f"{lemma} {c.lower_}"]
        if lemma in trig.get("phone_verbs", ()) and any(
            g.lemma_ in trig.get("phone_nouns", ()) for p in _pobjs(tok, {"by", "over", "on"})
            for g in [p]
        ):
            return "Call"  # "spoke by phone"
        if lemma in trig.get("weapon_verbs", ()):
            weapons = trig.get("weapon_nouns", ())
            args = [c for c in tok.children if c.dep_ in ("nsubj", "dobj", "nsubjpass")]
            args += [g for a in args for g in _pobjs(a, {"of"})]  # "dozens of missiles"
            if any(a.lemma_ in weapons for a in _with_conj(args)):
                return "Attack"  # "fired missiles at Kyiv", "drones hit a refinery"
        if lemma in trig.get("call_verbs", ()) and any(
            c.dep_ == "dobj" and (m := ctx.mention(c)) is not None and m.kind == "Person"
            for c in tok.children
        ) and not _quote_follows(tok, ctx):
            return "Call"  # "Trump called Putin"
        if lemma in trig.get("naming_verbs", ()) and any(
            c.dep_ in ("oprd", "dobj") for c in tok.children
        ) and tok.i + 1 < len(ctx.doc) and _quote_follows(tok, ctx):
            return "Statement"  # 'called the deal "the largest ..."'
        if lemma == "spend" and _pobjs(tok, {"with"}):
            return "Meeting"  # "Putin spent five hours with the envoys"
        if lemma == "land" and _pobjs(tok, {"in", "at"}):
            return "Visit"
        if lemma == "due":
            return "Visit" if _pobjs(tok, {"in", "at", "to"}) else None
        etype = trig["verbs"].get(lemma)
        if etype == "Statement":
            excl = trig.get("statement_exclusions", {}).get(lemma) or []
            if any(c.dep_ == "dobj" and c.lemma_ in excl for c in tok.children):
                return None
        return etype
    if tok.pos_ in ("NOUN", "PROPN"):
        etype = None
        for c in tok.children:  # compounds first: "press conference", "phone call"
            if c.dep_ in ("compound", "amod") and c.i < tok.i:
                etype = etype or trig["nouns"].get(f"{c.lower_} {low}") or trig["nouns"].get(
                    f"{c.lower_} {lemma}")
        if etype is not None:
            return etype
        etype = trig["nouns"].get(low) or trig["nouns"].get(lemma)
        if etype is None:
            return None
        if lemma in trig["plural_only"] and tok.tag_ not in ("NNS", "NNPS"):
            return None
        if tok.pos_ == "PROPN" and not tok.is_sent_start:
            return None
        return etype
    return None


#: Dependents an event's own noun phrases hang on (not other clauses).
_NESTED_DEPS = {"dobj", "pobj", "prep", "nsubj", "nsubjpass", "conj", "appos", "compound", "acl"}


def _nested_places(anchor: Any, ctx: Context, depth: int = 6) -> list[Any]:
    """Places in "in X"/"at X" phrases inside the trigger's own arguments: its object,
    the objects of its prepositions and its subject, and a participle on the subject
    ("Zelenskyy, speaking in Dublin, said"); never inside another clause."""
    out: list[Any] = []
    todo = [(c, 1) for c in anchor.children if c.dep_ in _NESTED_DEPS - {"acl", "conj"}]
    while todo:
        tok, d = todo.pop()
        if tok.dep_ == "acl" and not (tok.tag_ == "VBG" and tok.head.dep_ in ("nsubj", "nsubjpass")):
            continue
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "acl":
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at") and ctx.place(tok):
            out.append(tok)
        if d < depth:
            todo.extend((c, d + 1) for c in tok.children if c.dep_ in _NESTED_DEPS)
    return out


def _negated(tok: Any) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _quote_follows(tok: Any, ctx: Context) -> bool:
    """A quotation opens within a few tokens after ``tok``."""
    end = ctx.d.sentences[ctx.d.sent_of[tok.i]].span.end
    return any(ctx.doc[k].text in ('"', "“", "‘") for k in range(tok.i + 1, min(tok.i + 6, end)))


def _support(tok: Any, ctx: Context) -> Any | None:
    """The verb carrying a noun trigger ("talks" in "the talks took place")."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and (
        head.head.lemma_ in ctx.lex.triggers.get("quantity_nouns", ())
    ):
        return _support(head.head, ctx)  # "wrapped up two days of talks"
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and head.pos_ in ("VERB", "AUX") and (
        head.lemma_ in ctx.lex.triggers["support_verbs"] or trigger_type(head, ctx) is None
    ):
        return head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        v = head.head
        if v.lemma_ in ctx.lex.triggers["support_verbs"] and head.lower_ in ("with", "of"):
            return v
        if head.lower_ in ("during", "on", "after", "before") and tok.lemma_ in ("visit", "trip"):
            return v  # "speaking in Dublin during a visit to Ireland"
        if head.lower_ in ("in", "at") and tok.lemma_ in ("talk", "negotiation", "meeting"):
            return v  # "spent two days in Abu Dhabi in talks with a Russian delegation"
    return None


def _hypothetical(tok: Any, ctx: Context) -> bool:
    cues = ctx.lex.triggers["hypothetical_cues"]
    if any(c.lower_ in cues for c in tok.children if c.dep_ in ("amod", "det", "advmod")):
        return True
    # Inside reported speech under a modal: "proposals ... could form a basis".
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            break
        if t.dep_ == "ccomp" and ctx.lex.triggers["verbs"].get(t.head.lemma_) == "Statement":
            return any(c.dep_ == "aux" and c.lower_ in ("could", "would", "might", "may", "should")
                       for c in t.children)
        t = t.head
    return False


def _reported(tok: Any, ctx: Context) -> bool:
    """A speech verb inside what someone else said ("X said Russia ... and warned")."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return False
        if t.dep_ == "ccomp" and ctx.lex.triggers["verbs"].get(t.head.lemma_) == "Statement":
            return True
        t = t.head
    return False


def _planned(tok: Any, ctx: Context) -> bool:
    cues = ctx.lex.triggers["planned_cues"]
    t = tok
    for _ in range(4):
        if any(c.lower_ in cues or c.lemma_ in cues for c in t.children
               if c.dep_ in ("aux", "auxpass", "amod", "acomp", "advmod")):
            return True
        if t.lemma_ in cues and t.pos_ in ("VERB", "ADJ", "AUX"):
            return True
        if t.lower_ == "due":
            return True
        if t.head.i == t.i or t.dep_ not in ("xcomp", "advcl", "conj", "pobj", "prep", "dobj",
                                             "nsubjpass", "nsubj", "acomp", "relcl", "npadvmod"):
            break
        t = t.head
    return False


def mention_events(ctx: Context) -> list[list[EventMention]]:
    """Event mentions per sentence (index = sentence index)."""
    out: list[list[EventMention]] = []
    for s in ctx.d.sentences:
        ems: list[EventMention] = []
        if not s.headline:
            for tok in s.span:
                etype = trigger_type(tok, ctx)
                if etype is None:
                    continue
                if tok.pos_ in ("NOUN", "PROPN") and (
                    _hypothetical(tok, ctx) or (tok.dep_ in ("dobj", "nsubjpass") and _negated(tok.head))
                ):
                    continue  # "a future deal", "would not sign the deal"
                em = _build(tok, etype, s.index, ctx)
                if em is not None:
                    ems.append(em)
        out.append(_merge_in_sentence(ems, ctx))
    return out


def _build(tok: Any, etype: str, sent: int, ctx: Context) -> EventMention | None:
    em = EventMention(type=etype, trigger=tok.i, sents=[sent], anchors={tok.i})
    em.mentions.append(tok.text)
    em.evidence_sents[sent] = tok.text
    is_noun = tok.pos_ in ("NOUN", "PROPN")
    sup = _support(tok, ctx) if is_noun else None
    if sup is not None:
        em.anchors.add(sup.i)
    if tok.dep_ == "acomp":  # "is due in Paris": the copula carries the modifiers
        em.anchors.add(tok.head.i)
    em.definite = is_noun and any(
        c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in tok.children
    )
    em.distinct = any(
        c.lower_ in ctx.lex.triggers["distinct_cues"] or c.text.casefold().startswith("follow")
        for c in tok.children if c.dep_ in ("amod", "compound", "det", "advmod")
    )
    em.planned = _planned(tok, ctx)
    roles = _ROLE_RULES[etype]
    roles(tok, sup, em, ctx)
    # Participle clauses of a noun trigger carry its place and date ("talks held in
    # Geneva a week prior").
    acls = [c for c in tok.children if c.dep_ == "acl" and c.pos_ == "VERB"] if is_noun else []
    em.anchors.update(c.i for c in acls)
    # Places attached to the trigger, its support verb or its participle clause.
    for anchor in [tok, *([sup] if sup is not None else []), *acls]:
        # "attacks on tankers in the Black Sea": one prepositional level deeper too.
        deeper = [q for p in _pobjs(anchor, {"on", "against", "at", "of", "with"})
                  for q in _pobjs(p, {"in", "at", "near", "off"})]
        # "meet Witkoff in Miami" when the parser hangs the place on the object.
        deeper += [q for c in anchor.children if c.dep_ == "dobj" and ctx.actor(c)
                   for q in _pobjs(c, {"in", "at"})]
        # "spent five hours with the envoys at the Kremlin", "fired missiles at Kyiv",
        # "told a forum in Moscow", "X, speaking in Dublin, said".
        deeper += [q for q in _nested_places(anchor, ctx) if q not in deeper]
        for p in _pobjs(anchor, PLACE_PREPS) + deeper:
            key = ctx.place(p)
            if key:
                m = ctx.mention(p)
                score = (1 if p in deeper else 2) + (3 if m and "facility" in m.cues else 0)
                score += 1 if m and m.kind == "Place" else 0
                em.places.append((key, score))
                if m and m.kind == "Country" and etype == "Visit":
                    em.add(key, "host")
        for c in anchor.children:
            if c.dep_ in ("compound", "nmod", "npadvmod") and ctx.place(c):
                m = ctx.mention(c)
                if m and m.kind == "Place":
                    em.places.append((m.key, 1))
    if etype == "Statement" and (not em.participants or _reported(tok, ctx)):
        return None
    if etype == "Statement":
        em.quotes = _quotes_for(tok, ctx)
    return em


# ------------------------------------------------------------ role rules
def _roles_statement(tok: Any, sup: Any, em: EventMention, ctx: Context) -> None:
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                for a in ctx.actors_in(c):
                    em.add(a, "speaker")
        for p in _pobjs(tok, {"by", "from"}):
            for a in ctx.actors_in(p):
                em.add(a, "speaker")
        if sup is not None and sup.lemma_ in ctx.lex.triggers["support_verbs"]:
            for sj in _with_conj(subject_of(sup)):  # "X gave a press conference"
                a = ctx.actor(sj)
                if a and ctx.kinds.get(a) != "Place":
                    em.add(a, "speaker")
        if not em.participants and any(c.lower_ == "joint" for c in tok.children):
            em.participants["__joint__"] = "speaker"
        return
    speakers = [c for c in tok.children if c.dep_ in ("nsubj",)]
    if not speakers:
        speakers = [g for c in tok.children if c.dep_ == "agent" for g in c.children
                    if g.dep_ == "pobj"]
    if not speakers:
        speakers = subject_of(tok)
    for s in _with_conj(speakers):
        # Only a named speaker (or a pronoun for one): "the Russian leader's aide said"
        # is not a statement by Russia.
        a = ctx.actor(s)
        if a and ctx.kinds.get(a) != "Place":
            em.add(a, "speaker")


def _roles_meeting(tok: Any, sup: Any, em: EventMention, ctx: Context) -> None:
    if tok.pos_ in ("VERB", "AUX"):
        for s in _with_conj(subject_of(tok)):
            for a in ctx.actors_in(s):
                em.add(a, "participant")
        for c in tok.children:
            if c.dep_ == "dobj":
                for t in _with_conj([c]):
                    for a in ctx.actors_in(t):
                        em.add(a, "participant")
        for p in _pobjs(tok, {"with", "between", "by"}):  # "was greeted by X"
            for a in ctx.actors_in(p):
                em.add(a, "participant")
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                for a in ctx.actors_in(c):
                    em.add(a, "participant")
        return
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss"):
            for a in ctx.actors_in(c):
                if ctx.kinds.get(a) in ("Country", "Person", "Organization", "Group"):
                    em.add(a, "participant")
    for p in _pobjs(tok, {"between", "with", "among", "of"}):
        for a in ctx.actors_in(p):
            em.add(a, "participant")
    for a in left_modifiers(tok, ctx):
        em.add(a, "participant")
    if sup is not None:
        if tok.dep_ in ("dobj", "pobj"):
            for s in _with_conj(subject_of(sup)):
                for a in ctx.actors_in(s):
                    em.add(a, "host" if sup.lemma_ == "host" else "participant")
        for p in _pobjs(sup, {"with", "between"}):
            for a in ctx.actors_in(p):
                em.add(a, "participant")


def left_modifiers(tok: Any, ctx: Context) -> list[str]:
    """Countries and people written right before a noun, even when the parser did not
    attach them to it ("U.S.-Ukrainian talks")."""
    out: list[str] = []
    k = tok.i - 1
    lo = ctx.d.sentences[ctx.d.sent_of[tok.i]].span.start
    while k >= lo and ctx.doc[k].pos_ in ("ADJ", "PROPN", "NOUN", "CCONJ", "PUNCT", "X") and (
        ctx.doc[k].text not in (",", ".", ";")
    ):
        for m in ctx.d.mentions:
            if m.i <= k < m.j and m.kind in ("Country", "Person") and m.key not in out:
                out.append(m.key)
        k -= 1
    return out


def _roles_visit(tok: Any, sup: Any, em: EventMention, ctx: Context) -> None:
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                for a in ctx.actors_in(c):
                    if ctx.kinds.get(a) == "Person":
                        em.add(a, "participant")
        if sup is not None:
            for s in subject_of(sup):
                for a in ctx.actors_in(s):
                    em.add(a, "participant")
    else:
        for s in _with_conj(subject_of(tok)):
            for a in ctx.actors_in(s):
                em.add(a, "participant")
        for c in tok.children:
            if c.dep_ == "dobj":
                for a in ctx.actors_in(c):
                    em.add(a, "host")
    for p in _pobjs(tok, {"with"}):
        for a in ctx.actors_in(p):
            em.add(a, "participant")
    # Purpose clauses: "fly to Moscow to brief Putin", "for talks with Macron".
    for c in tok.children:
        if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB":
            for g in c.children:
                if g.dep_ in ("dobj", "dative") or (g.dep_ == "prep" and g.lower_ == "to"):
                    targets = [g] if g.dep_ == "dobj" else [x for x in g.children if x.dep_ == "pobj"]
                    for t in _with_conj(targets):
                        for a in ctx.actors_in(t):
                            if ctx.kinds.get(a) == "Person":
                                em.add(a, "participant")


def _roles_attack(tok: Any, sup: Any, em: EventMention, ctx: Context) -> None:
    if tok.pos_ in ("VERB", "AUX"):
        for s in _with_conj(subject_of(tok)):
            for a in ctx.actors_in(s):
                em.add(a, "attacker")
        for c in tok.children:
            if c.dep_ == "dobj":
                for a in _target_actors(c, em, ctx):
                    em.add(a, "target")
                m = ctx.mention(c)
                if m is not None and m.kind == "Place":  # "hit the Ilsky refinery"
                    em.places.append((m.key, 3 + (2 if "facility" in m.cues else 0)))
    else:
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                for a in ctx.actors_in(c):
                    if ctx.kinds.get(a) != "Place":
                        em.add(a, "attacker")
        if sup is not None:
            for s in _with_conj(subject_of(sup)):
                for a in ctx.actors_in(s):
                    em.add(a, "attacker")
        for p in _pobjs(tok, {"by"}):
            for a in ctx.actors_in(p):
                em.add(a, "attacker")
        # "X claimed responsibility for attacks on ..."
        h = tok.head
        if tok.dep_ == "pobj" and h.lower_ == "for" and h.head.lemma_ in ("responsibility", "credit"):
            for s in subject_of(h.head.head):
                for a in ctx.actors_in(s):
                    em.add(a, "attacker")
    for anchor in [tok, *([sup] if sup is not None else [])]:
        for p in _pobjs(anchor, {"on", "against", "at", "targeting"}):
            for a in _target_actors(p, em, ctx):
                em.add(a, "target")


def _target_actors(tok: Any, em: EventMention, ctx: Context) -> list[str]:
    """Actors hit: "Ukrainian energy infrastructure" -> Ukraine (also the place)."""
    found = ctx.actors_in(tok)
    for a in found:
        if ctx.kinds.get(a) == "Country":
            em.places.append((a, 1))
    return found


def _roles_proposal(tok: Any, sup: Any, em: EventMention, ctx: Context) -> None:
    if tok.pos_ in ("VERB", "AUX"):
        for s in _with_conj(subject_of(tok)):
            for a in ctx.actors_in(s):
                em.add(a, "proposer")
        return
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            for a in ctx.actors_in(c):
                if ctx.kinds.get(a) != "Place":
                    em.add(a, "proposer")
        if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB":
            for s in subject_of(c):
                if s.i != tok.i:
                    for a in ctx.actors_in(s):
                        em.add(a, "proposer")
            for p in _pobjs(c, {"by"}):
                for a in ctx.actors_in(p):
                    em.add(a, "proposer")
    for p in _pobjs(tok, {"from", "by"}):
        for a in ctx.actors_in(p):
            em.add(a, "proposer")
    if sup is not None and tok.dep_ == "dobj" and sup.lemma_ in PROPOSE_VERBS:
        for s in _with_conj(subject_of(sup)):
            for a in ctx.actors_in(s):
                em.add(a, "proposer")
    if sup is not None and tok.dep_ == "nsubjpass":  # "the plan was drafted by X"
        for p in _pobjs(sup, {"by"}):
            for a in ctx.actors_in(p):
                em.add(a, "proposer")


def _roles_agreement(tok: Any, sup: Any, em: EventMention, ctx: Context) -> None:
    if tok.pos_ in ("VERB", "AUX"):
        for s in _with_conj(subject_of(tok)):
            for a in ctx.actors_in(s):
                em.add(a, "participant")
    else:
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                for a in ctx.actors_in(c):
                    if ctx.kinds.get(a) != "Place":
                        em.add(a, "participant")
        if sup is not None:
            for s in subject_of(sup):
                for a in ctx.actors_in(s):
                    em.add(a, "participant")
    for p in _pobjs(tok, {"with", "between"}):
        for a in ctx.actors_in(p):
            em.add(a, "participant")


def _roles_call(tok: Any, sup: Any, em: EventMention, ctx: Context) -> None:
    _roles_agreement(tok, sup, em, ctx)
    if tok.pos_ in ("VERB", "AUX"):
        for p in _pobjs(tok, {"to"}):  # "spoke to Putin by phone"
            for a in ctx.actors_in(p):
                em.add(a, "participant")
        for c in tok.children:
            if c.dep_ == "dobj":
                for a in ctx.actors_in(c):
                    em.add(a, "participant")


_ROLE_RULES = {
    "Statement": _roles_statement, "Meeting": _roles_meeting, "Visit": _roles_visit,
    "Attack": _roles_attack, "Proposal": _roles_proposal, "Agreement": _roles_agreement,
    "Call": _roles_call, "Other": _roles_agreement,
}


def _merge_in_sentence(ems: list[EventMention], ctx: Context) -> list[EventMention]:
    """One event per type per sentence, and absorbed triggers ("for follow-up talks")."""
    doc = ctx.doc
    out: list[EventMention] = []
    by_tok = {em.trigger: em for em in ems}
    absorbed: set[int] = set()
    for em in ems:
        tok = doc[em.trigger]
        if tok.pos_ not in ("NOUN", "PROPN") or em.type == "Statement":
            continue
        t = tok
        for _ in range(4):
            if t.dep_ == "pobj" and t.head.lower_ in ABSORB_PREPS:
                host_tok = t.head.head
                host = by_tok.get(host_tok.i) or next(
                    (e for e in ems if host_tok.i in e.anchors and e is not em), None
                )
                if host is None and host_tok.pos_ == "VERB":
                    # "plan ... was formulated through discussions": the subject's event.
                    subj = [c for c in host_tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                    host = by_tok.get(subj[0].i) if subj else None
                if host is not None and host.type == "Visit" and em.type == "Meeting":
                    # "is due at X later today for talks": the trip and the talks it is
                    # for, which take the trip's travellers, place, date and status; whom
                    # the talks are with is whom the trip is to see.
                    for a in list(em.participants):
                        host.add(a, "participant")
                    for a, r in list(host.participants.items()):
                        em.add(a, "participant" if r != "host" else r)
                    em.places.extend(host.places)
                    em.anchors |= host.anchors
                    em.planned = host.planned
                    em.definite = False
                elif host is not None and host is not em and host.type != "Statement":
                    for a in list(em.participants):
                        host.add(a, "participant")
                    host.places.extend(em.places)
                    host.anchors |= em.anchors
                    absorbed.add(em.trigger)
                break
            t = t.head
    for em in ems:
        if em.trigger in absorbed:
            continue
        def named(e: EventMention) -> set[str]:
            return {k for k, _ in e.places if ctx.kinds.get(k) == "Place"}

        # Same type, same sentence: one event, unless two different places are named
        # ("expected to meet in Miami to hear how the Moscow talks went").
        same = next(
            (o for o in out if (o.type == em.type and o.type != "Statement"
             and (not (named(o) and named(em)) or named(o) & named(em)))
             or (o.type == em.type == "Statement" and o.speaker() == em.speaker())),
            None,
        )
        if same is not None:
            planned = same.planned or em.planned
            same.merge(em)
            same.planned = planned
            same.definite = same.definite and em.definite
            same.sents = same.sents[:1]
        else:
            out.append(em)
    return out


def _quotes_for(tok: Any, ctx: Context) -> list[str]:
    """Quoted text in the statement's sentence (and a quote sentence right after)."""
    from kgraph.extract.quotes import quotes_near

    return quotes_near(ctx.d, ctx.d.sent_of[tok.i])
