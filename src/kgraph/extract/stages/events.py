"""Stage ``events``: :class:`~kgraph.extract.types.Entities` ->
:class:`~kgraph.extract.types.Frames`: per sentence, the events its words announce.

A word fires only as the lexicon says (``lang/en/events.yaml``): its sense and the
arguments it needs ("sign" needs an agreement or a document as its object, "strike" is
no attack when its object is a deal, "call" is a call only with a person as object).
Participants come through the parse only: the subject, the object, "with"/"between"
phrases, conjuncts, appositions and delegations; a possessor is not a participant
("Putin's envoy met X" puts the envoy in the meeting, not Putin).

Modality decides the status: future, intention, expectation, possibility and
conditionals make an event ``planned``; a negated event ("did not meet", "failed to
secure a deal") and a readiness ("ready to sign") are no events; a generic mention
("any talks") is none either. Triggers inside quotations give nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kgraph.extract.context import Lookups
from kgraph.extract.lang.en.syntax import negated, objects, pobjs, subject_of, with_conj
from kgraph.extract.lexicon import Lexicon, TriggerSpec
from kgraph.extract.types import Delegation, Entities, Fact, Frame, Frames
from kgraph.schema import role_rank


class _Frame:
    """A frame being built inside this stage (frozen into a :class:`Frame`)."""

    def __init__(self, type: str, trigger: int, sent: int, anchors: set[int]) -> None:
        self.type = type
        self.trigger = trigger
        self.sents = [sent]
        self.anchors = set(anchors)
        self.participants: dict[str, str] = {}
        self.places: list[tuple[str, int]] = []
        self.planned = False
        self.quotes: list[str] = []
        self.definite = False
        self.distinct = False
        self.evidence_sents: dict[int, str] = {}
        self.cues: set[str] = set()
        self.occasions: set[int] = set()

    def add(self, actor: str | None, role: str) -> None:
        if not actor:
            return
        old = self.participants.get(actor)
        if old is None or role_rank(role) > role_rank(old):
            self.participants[actor] = role

    def add_from(self, toks: Iterable[Any], role: str, ctx: Lookups) -> None:
        """Every actor the noun phrases ``toks`` name, in ``role``."""
        for t in toks:
            for a in ctx.actors_in(t):
                self.add(a, role)

    def speaker(self) -> str | None:
        return next((a for a, r in self.participants.items() if r == "speaker"), None)

    def absorb(self, other: _Frame) -> None:
        for a, r in other.participants.items():
            self.add(a, r)
        self.places.extend(other.places)
        self.quotes.extend(q for q in other.quotes if q not in self.quotes)
        self.anchors |= other.anchors
        self.cues |= other.cues
        self.occasions |= other.occasions

    def freeze(self) -> Frame:
        return Frame(
            type=self.type, trigger=self.trigger, sents=tuple(self.sents),
            anchors=frozenset(self.anchors), participants=tuple(self.participants.items()),
            places=tuple(self.places), planned=self.planned, quotes=tuple(self.quotes),
            definite=self.definite, distinct=self.distinct,
            evidence_sents=tuple(sorted(self.evidence_sents.items())), cues=frozenset(self.cues),
            occasions=frozenset(self.occasions),
        )


def events(entities: Entities, lex: Lexicon) -> Frames:
    """Event frames per sentence, with delegation reports folded in."""
    ctx = Lookups(entities, lex)
    per_sentence: list[tuple[Frame, ...]] = []
    facts: list[Fact] = []
    serves: dict[str, str] = dict(ctx.person_country)
    last: Delegation | None = None
    for s in ctx.parsed.sentences:
        frames: list[_Frame] = []
        if not s.skip:
            for tok in ctx.sent_span(s.index):
                em = _frame(tok, s.index, ctx)
                if em is not None:
                    frames.append(em)
            for rec in delegations(ctx, s.index, last, serves):
                frames.append(_delegation_frame(rec, ctx, facts, serves))
                last = rec
        per_sentence.append(tuple(f.freeze() for f in _share_places(_merge_in_sentence(frames, ctx))))
    return Frames(entities=entities, per_sentence=tuple(per_sentence), facts=tuple(facts),
                  serves=tuple(sorted(serves.items())))


# ------------------------------------------------------------ triggers
def _specs(tok: Any, ctx: Lookups) -> tuple[TriggerSpec, ...]:
    """The trigger specs a token's lemma has for its part of speech (phrasal verbs
    and compound nouns first: "sit down", "press conference")."""
    ev = ctx.lex.events
    lemma = tok.lemma_.casefold()
    lower = tok.lower_
    if lemma not in ev.trigger_words and lower not in ev.trigger_words and (
            " " not in lemma and " " not in lower):
        return ()  # no key starts (verbs) or ends (nouns) with this word: the common case
    if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.dep_ == "acomp"):
        # (a predicative adjective: "is due in Paris")
        for c in tok.children:
            if c.dep_ == "prt" and f"{lemma} {c.lower_}" in ev.verbs:
                return ev.verbs[f"{lemma} {c.lower_}"]
        return ev.verbs.get(lemma, ())
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ in ("compound", "amod") and c.i < tok.i:
                for key in (f"{c.lower_} {tok.lower_}", f"{c.lower_} {lemma}"):
                    if key in ev.nouns:
                        return ev.nouns[key]
        specs = ev.nouns.get(tok.lower_) or ev.nouns.get(lemma) or ()
        held = tok.dep_ == "dobj" and tok.head.lemma_ in ev.support_verbs  # "hold a discussion"
        specs = tuple(s for s in specs if not (
            s.plural_only and tok.tag_ not in ("NNS", "NNPS") and not held))
        if tok.pos_ == "PROPN" and not tok.is_sent_start and not _named_event(tok, ctx):
            return ()  # part of a name ("Summit Partners") is no trigger
        return specs
    return ()


def _named_event(tok: Any, ctx: Lookups) -> bool:
    """A named event: "the Alaska Summit", "the Peace Summit on Gaza" (the event noun
    ends a capitalised name that opens with "the")."""
    mods = [c for c in tok.children if c.dep_ in ("compound", "nmod", "amod")]
    return any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and any(
        c.text[:1].isupper() for c in mods)


def _spec(tok: Any, ctx: Lookups) -> TriggerSpec | None:
    """The first of a token's trigger specs whose needs its arguments meet."""
    return next((s for s in _specs(tok, ctx) if _fires(tok, s, ctx)), None)


def _quote_follows(tok: Any, ctx: Lookups) -> bool:
    """A quotation opens within a few tokens after ``tok``."""
    end = ctx.parsed.sentence_of(tok.i).tok_end
    return any(ctx.doc[k].text in ('"', "“", "‘") for k in range(tok.i + 1, min(tok.i + 6, end)))


def _needs(need: str, tok: Any, ctx: Lookups) -> bool:
    """Whether one argument requirement of a trigger spec holds."""
    ev = ctx.lex.events
    kind = ctx.kinds.get
    objs = objects(tok)
    if need.startswith("object_noun:"):
        cls = need.split(":", 1)[1]
        return any(ev.in_class(o.lemma_, cls) for o in objs) or any(
            ev.in_class(g.lemma_, cls) for c in tok.children if c.dep_ == "nsubjpass" for g in with_conj([c])
        ) or (_modifies_noun(tok) and ev.in_class(tok.head.lemma_, cls))

    if need.startswith("arg_noun:"):
        cls = need.split(":", 1)[1]
        args = [*objs, *(c for c in tok.children if c.dep_ in ("nsubjpass", "compound", "nmod"))]
        args += pobjs(tok, {"of"})
        if _modifies_noun(tok):
            args.append(tok.head)
        return any(ev.in_class(a.lemma_, cls) for a in with_conj(args))
    # a passive's subject is its object: "X was greeted by Y"
    objs = objs + with_conj(c for c in tok.children if c.dep_ == "nsubjpass")
    if need == "object_actor":
        return any(ctx.actor(o) for o in objs)
    if need == "object_person":
        return any(kind(ctx.actor(o) or "") == "Person" for o in objs)
    if need == "object_place":
        return any(ctx.place(o) for o in objs)
    if need == "subject_actor":
        return any(ctx.actor(s) for s in subject_of(tok))
    if need == "two_parties":
        return len({a for sj in with_conj(subject_of(tok)) for a in ctx.actors_in(sj)}) >= 2
    if need == "with_actor":
        return any(ctx.actors_in(p) for p in pobjs(tok, ev.partner_preps))
    if need == "phone":
        return any(ev.in_class(p.lemma_, "phone") for p in pobjs(tok, {"by", "over", "on", "via"}))
    if need == "phone_compound":
        return any(c.dep_ in ("compound", "amod", "nmod") and ev.in_class(c.lemma_, "phone")
                   for c in tok.children)
    if need == "weapon":
        args = [c for c in tok.children if c.dep_ in ("nsubj", "dobj", "nsubjpass")]
        args += [g for a in args for g in pobjs(a, {"of"})]
        return any(ev.in_class(a.lemma_, "weapon") for a in with_conj(args))
    if need == "quote":
        return any(c.dep_ in ("oprd", "dobj") for c in tok.children) and _quote_follows(tok, ctx)
    if need == "clause":
        return any(c.dep_ in ("ccomp", "dobj", "parataxis", "nsubjpass", "agent", "xcomp")
                   for c in tok.children) or (
            tok.dep_ == "parataxis" or _quote_follows(tok, ctx))
    if need in ("speaker", "proposer", "party", "target_or_attacker"):
        return True  # checked on the built frame: a participant with that role
    if need == "agree_on":
        return bool(pobjs(tok, {"on", "to", "upon"}) or any(
            ev.in_class(o.lemma_, "agreement") for o in objs) or any(
            c.dep_ == "xcomp" for c in tok.children))
    if need == "to_place":
        return any(ctx.place(p) for p in pobjs(tok, {"to", "into"}))
    if need == "in_place":
        return any(ctx.place(p) for p in pobjs(tok, {"in", "at"}))
    if need == "of_place":
        return any(ctx.place(p) for p in pobjs(tok, {"of"}))
    if need == "of_meeting":
        return any(ev.in_class(p.lemma_, "meeting") for p in pobjs(tok, {"of"}))
    return False


def _modifies_noun(tok: Any) -> bool:
    """A participle or passive infinitive on a noun: "the document signed",
    "(a document) to be signed by A and B"."""
    return (tok.dep_ in ("acl", "relcl") and tok.tag_ == "VBN") or _to_be(tok)


def _to_be(tok: Any) -> bool:
    """A passive infinitive modifying a noun: "(a document) to be signed"."""
    return tok.dep_ in ("acl", "relcl") and any(c.dep_ == "auxpass" for c in tok.children) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _fires(tok: Any, spec: TriggerSpec, ctx: Lookups) -> bool:
    objs = objects(tok)
    for cls in spec.blocked_by_object:
        if any(ctx.lex.events.in_class(o.lemma_, cls) for o in objs):
            return False
    if spec.type == "Attack" and any(o.lemma_ in ctx.lex.events.noun_classes["agreement"] for o in objs):
        return False
    return not spec.needs or any(_needs(n, tok, ctx) for n in spec.needs)


#: Roles that the frame-level requirements of a spec ask for.
_ROLE_NEEDS = {
    "speaker": {"speaker"}, "proposer": {"proposer"}, "party": {"participant"},
    "target_or_attacker": {"target", "attacker"},
}


# ------------------------------------------------------------ modality
def _chain(tok: Any) -> list[Any]:
    """The trigger and the heads above it within its clause and the clauses that
    govern it (xcomp, ccomp, advcl, conj, noun-phrase links), nearest first."""
    out = [tok]
    t = tok
    for _ in range(7):
        if t.head.i == t.i or t.dep_ not in (
            "xcomp", "ccomp", "advcl", "conj", "pobj", "prep", "dobj", "nsubjpass", "nsubj",
            "acomp", "npadvmod", "attr", "oprd", "appos", "compound", "amod",
        ):
            break  # not out of a clause that modifies a noun ("hostages seized in the attack")
        if t.dep_ == "prep" and t.head.pos_ in ("NOUN", "PROPN") and t.lower_ != "of":
            out.append(t.head)  # "preparations for the summit" (a planning noun), but
            break  # not the clause the noun phrase is in ("the attack on X in 2023")
        t = t.head
        out.append(t)
    return out


def status_of(tok: Any, sup: Any, ctx: Lookups) -> str | None:
    """``planned``, ``happened``, or None when the text says it did not happen
    (negation), only that someone is ready to do it, or speaks of any such event."""
    w = ctx.lex.words
    cues = w.planned_cues()
    anchors = [tok, *([sup] if sup is not None else [])]
    # A noun trigger: its own modifiers ("upcoming talks", "a possible meeting").
    if tok.pos_ in ("NOUN", "PROPN"):
        if tok.dep_ == "pobj" and (tok.head.lower_ == "ahead" or (
                tok.head.lower_ == "of" and tok.head.head.lower_ == "ahead")):
            return "planned"  # "met ... ahead of talks with the US": still to come
        mods = [c for c in tok.children if c.dep_ in ("amod", "det", "advmod", "compound", "nummod")]
        if any(c.lower_ in w.generic for c in mods):
            return None
        if any(c.lower_ == "no" for c in mods):
            return None
        if any(c.lower_ in cues or c.lemma_ in cues for c in mods):
            return "planned"
    planned = tok.pos_ == "ADJ" and tok.lemma_ in cues  # "is due in Paris"
    for a in anchors:
        chain = _chain(a)
        for k, t in enumerate(chain):
            kids = list(t.children)
            if k > 0 and t.lemma_ in w.purpose_verbs and chain[k - 1].dep_ in ("nsubj", "nsubjpass"):
                break  # "the visit is intended to continue talks": its purpose, not its time
            if t.pos_ in ("VERB", "AUX") and negated(t, w.negation):
                return None
            if k > 0 and t.lemma_ in w.negative_verbs and t.pos_ == "VERB":
                return None  # "failed to secure an agreement"
            if t.lemma_ in w.disposition and t.pos_ == "ADJ":
                return None  # "ready to sign"
            # a coordinated verb shares its head's auxiliaries ("will meet and sign"),
            # not its meaning ("called it useful but said ...")
            lexical = k > 0 and chain[k - 1].dep_ != "conj"
            if lexical and t.lemma_ in w.deferral_verbs:
                planned = True  # "the meeting was postponed"
            if any(c.dep_ in ("aux", "auxpass", "advmod", "amod", "acomp", "npadvmod") and (
                    c.lower_ in cues or c.lemma_ in cues) for c in kids):
                planned = True
            if any(c.dep_ == "mark" and c.lower_ in w.modality["conditional"] for c in kids) and (
                    t.pos_ in ("VERB", "AUX")):
                planned = True
            if lexical and t.lemma_ in cues and t.pos_ in ("VERB", "ADJ", "AUX"):
                planned = True  # "expects a meeting", "plans to visit"
            if k > 0 and t.pos_ == "NOUN" and t.lemma_ in w.modality["planning"] and (
                    chain[k - 1].dep_ == "prep"):
                planned = True  # "preparations for the meeting"
            if t.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids):
                planned = True  # "a document to be signed", "talks to be held"
            if k == 0 and t.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids) and (
                    t.head.lemma_ not in w.realised_verbs) and t.dep_ in ("advcl", "acl", "ccomp", "relcl"):
                planned = True  # "to make way for Anutin to return": not yet done
            # "is to meet": be + to-infinitive
            if t.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids) and (
                    t.head.lemma_ == "be" and t.dep_ == "xcomp"):
                planned = True
            if t.dep_ == "ccomp" and k > 0:
                break  # a reported clause: the reporting verb's own modality is not this one's
    return "planned" if planned else "happened"


def _definite(tok: Any, ctx: Lookups) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("det", "poss") and c.lower_ in ctx.lex.words.definite for c in tok.children)


def _modifiers(tok: Any) -> list[Any]:
    """A noun trigger's modifiers, and those of the quantity noun it hangs on ("the
    second round of talks")."""
    out = [c for c in tok.children if c.dep_ in ("amod", "compound", "det", "advmod")]
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        out += [c for c in tok.head.head.children if c.dep_ in ("amod", "compound")]
    return out


def _distinct(tok: Any, ctx: Lookups) -> bool:
    return any(
        c.lower_ in ctx.lex.words.distinct or c.text.casefold().startswith("follow")
        for c in tok.children if c.dep_ in ("amod", "compound", "det", "advmod")
    )


def _support(tok: Any, ctx: Lookups) -> Any | None:
    """The verb carrying a noun trigger ("talks" in "the talks took place"): the verb
    it is an argument of, else a clause on it ("a meeting to take place between A and
    B")."""
    ev = ctx.lex.events
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and (
        head.head.lemma_ in ev.quantity_nouns
    ):
        return _support(head.head, ctx)  # "wrapped up two days of talks"
    if tok.dep_ == "dobj" and head.lemma_ not in ev.support_verbs:
        # "expects a meeting to take place between A and B": the meeting's verb is
        # "take place", and whoever expects it takes no part in it
        xs = [c for c in head.children if c.dep_ == "xcomp" and c.lemma_ in ev.support_verbs]
        if xs:
            return xs[0]
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and head.pos_ in ("VERB", "AUX") and (
        head.lemma_ in ev.support_verbs and _spec(head, ctx) is None
    ):
        return head  # not a verb that is an event of its own ("the attack ... will be released")
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        v = head.head
        if v.lemma_ in ev.support_verbs and head.lower_ in ("with", "of"):
            return v
        if head.lower_ in ("during", "on", "after", "before") and tok.lemma_ in ("visit", "trip"):
            return v  # "speaking in Dublin during a visit to Ireland"
        if head.lower_ in ("in", "at") and ev.in_class(tok.lemma_, "meeting"):
            return v  # "spent two days in Abu Dhabi in talks with a Russian delegation"
    acl = [c for c in tok.children if c.dep_ in ("acl", "relcl") and c.lemma_ in ev.support_verbs
           and c.lemma_ not in ev.chair_verbs and _spec(c, ctx) is None]
    if acl and not ev.in_class(tok.lemma_, "agreement"):  # not "a ceasefire starting on Sunday"
        return acl[0]
    return None


def _occasions(anchor: Any, ctx: Lookups, statement: bool = False) -> list[Any]:
    """Event nouns the anchor's event happened at: "remarks at the signing", "said
    during a meeting", "a press conference after the talks", "met on the sidelines
    of the summit". Words are said on the day of the event they precede or follow:
    "spoke before the meeting", "before the talks began, X said", "speaking at the
    signing ceremony, X said"."""
    w = ctx.lex.words
    preps = w.occasion_preps | (w.sequence_preps - {"since", "until"} if statement else set())
    out = []
    heads = [anchor]
    if statement:
        for c in anchor.children:
            marks = {m.lower_ for m in c.children if m.dep_ == "mark"}
            if c.dep_ == "advcl" and marks & (preps | {"as", "when", "once", "while"}):
                out.extend(sj for sj in subject_of(c) if occasion_type(sj, ctx.lex))
                if marks & {"as", "when", "once", "while"}:
                    heads.append(c)  # "as they wrapped up after the summit, X said"
            elif c.dep_ == "advcl" and c.tag_ == "VBG" and not marks:
                heads.append(c)  # "Speaking at the signing, X said"
                # "Opening the session, X expressed gratitude"
                out.extend(o for o in c.children if o.dep_ == "dobj" and occasion_type(o, ctx.lex))
        for p in pobjs(anchor, {"ahead", "prior"}):
            out.extend(pobjs(p, {"of", "to"}))
        if anchor.dep_ == "advcl" and anchor.tag_ == "VBG":
            # "opened the session thanking X": said at the session opened
            out.extend(c for c in anchor.head.children
                       if c.dep_ == "dobj" and occasion_type(c, ctx.lex))
    # "the summit resulted in a deal", "the talks produced an agreement": made there
    if anchor.pos_ in ("NOUN", "PROPN"):
        verb = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "in" else (
            anchor.head if anchor.dep_ == "dobj" else None)
        if verb is not None and verb.lemma_ in w.outcome_verbs:
            out.extend(sj for sj in subject_of(verb) if occasion_type(sj, ctx.lex))
    for h in heads:
        for p in pobjs(h, preps | {"on"}):
            if p.head.lower_ == "on":
                if p.lemma_ != "sideline":
                    continue
                p = next(iter(pobjs(p, {"of"})), None)
                if p is None:
                    continue
            if occasion_type(p, ctx.lex):
                out.append(p)
    return out


def occasion_type(tok: Any, lex: Lexicon) -> str | None:
    """The event type a noun names as an occasion: "the talks", "the summit", "the
    signing (of the accord)", "the signing ceremony".

    >>> occasion_type.__name__
    'occasion_type'
    """
    ev = lex.events
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for word in (tok.lemma_.casefold(), tok.lower_):
        if word in ev.nouns:
            return ev.nouns[word][0].type
        if word.endswith("ing") and word[:-3] in ev.verbs:
            return ev.verbs[word[:-3]][0].type  # "the signing"
    if ev.in_class(tok.lemma_, "meeting"):
        return "Meeting"
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and c.i < tok.i:
            t = occasion_type(c, lex) if c.pos_ in ("NOUN", "PROPN") else None
            if t is None and c.lower_.endswith("ing") and c.lower_[:-3] in ev.verbs:
                t = ev.verbs[c.lower_[:-3]][0].type  # "the signing ceremony"
            if t:
                return t
    return None


def _reported(tok: Any, ctx: Lookups) -> bool:
    """A speech verb inside what someone else said ("X said Russia ... and warned")."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return False
        if t.dep_ == "ccomp" and any(sp.type == "Statement" for sp in _specs(t.head, ctx)):
            return True
        t = t.head
    return False


#: Dependents an event's own noun phrases hang on (not other clauses).
_NESTED_DEPS = {"dobj", "pobj", "prep", "nsubj", "nsubjpass", "conj", "appos", "compound", "acl"}


def _nested_places(anchor: Any, ctx: Lookups, depth: int = 8) -> list[Any]:
    """Places in "in X"/"at X" phrases inside the trigger's own arguments; never
    inside another clause."""
    out: list[Any] = []
    todo = [(c, 1) for c in anchor.children if c.dep_ in _NESTED_DEPS - {"acl", "conj"}]
    while todo:
        tok, d = todo.pop()
        if tok.dep_ == "acl" and not (tok.tag_ == "VBG" and tok.head.dep_ in ("nsubj", "nsubjpass")):
            continue
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "acl":
            continue
        if tok.pos_ in ("NOUN", "PROPN") and _specs(tok, ctx) and not (
                tok.dep_ == "pobj" and tok.head.lower_ in ctx.lex.words.occasion_preps):
            continue  # "agreed to a ceasefire in Gaza": the ceasefire's place, not the deal's
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at") and ctx.place(tok):
            out.append(tok)
        # "in the US state of Alaska", "in the Omani capital of Muscat"
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and ctx.place(tok) and (
                tok.head.head.lemma_ in ctx.lex.words.place_nouns) and (
                tok.head.head.dep_ == "pobj" and tok.head.head.head.lower_ in ("in", "at")):
            out.append(tok)
        if d < depth:
            todo.extend((c, d + 1) for c in tok.children if c.dep_ in _NESTED_DEPS)
    return out


def _frame(tok: Any, sent: int, ctx: Lookups) -> _Frame | None:
    """The frame a token triggers, if its sense and arguments license one."""
    if ctx.mention(tok) is not None:
        return None
    spec = _spec(tok, ctx)
    if spec is None:
        return None
    etype = spec.type
    quoted = tok.i in ctx.quoted
    if quoted and etype == "Statement":
        return None  # words inside a quotation are the speaker's, not a new statement
    is_noun = tok.pos_ in ("NOUN", "PROPN")
    sup = _support(tok, ctx) if is_noun else None
    status = status_of(tok, sup, ctx)
    if status is None:
        return None
    em = _Frame(etype, tok.i, sent, {tok.i} | ({sup.i} if sup is not None else set()))
    em.evidence_sents[sent] = tok.text
    if tok.dep_ == "acomp":
        em.anchors.add(tok.head.i)
    em.definite = _definite(tok, ctx)
    em.distinct = _distinct(tok, ctx) or (_apart_in_time(tok, ctx) and not em.definite)
    em.cues |= {f"ordinal:{c.lower_}" for c in _modifiers(tok) if c.lower_ in ctx.lex.words.ordinals}
    em.planned = status == "planned"
    em.cues.add("noun" if is_noun else "verb")
    if status == "happened" and any(a is not None and a.tag_ in ("VBD", "VBN") for a in (tok, sup)):
        em.cues.add("past")  # said to have happened, not only named ("the visit")
    if etype == "Other":
        em.cues.add(f"lemma:{tok.lemma_.casefold()}")  # "Other" events join only their own kind
    _ROLE_RULES[etype](tok, sup, em, ctx)
    # "talks starting on Monday" are dated by their clause; "a ceasefire starting on
    # Sunday" is not the day the ceasefire was agreed
    acls = [c for c in tok.children if c.dep_ == "acl" and c.pos_ == "VERB"] if (
        is_noun and etype != "Agreement") else []
    em.anchors.update(c.i for c in acls)
    # "X told reporters as he posed at the airport": said where the clause happened
    during = [c for c in tok.children if etype == "Statement" and c.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in ("as", "when", "while") for m in c.children)]
    for anchor in [tok, *([sup] if sup is not None else []), *acls, *during]:
        if anchor is tok and is_noun and ctx.lex.events.in_class(tok.lemma_, "truce"):
            continue  # "a ceasefire in Gaza": where it holds, not where it was agreed
        if etype == "Statement" and any(
                c.dep_ == "dobj" and not ctx.actors_in(c)
                and c.lemma_ not in ctx.lex.words.audience_nouns for c in anchor.children):
            continue  # "urged calm in Gaza": the place of what is urged
        deeper = [q for p in pobjs(anchor, {"on", "against", "at", "of", "with"})
                  for q in pobjs(p, {"in", "at", "near", "off"})]
        deeper += [q for c in anchor.children if c.dep_ == "dobj" and ctx.actor(c)
                   for q in pobjs(c, {"in", "at"})]
        direct = pobjs(anchor, ctx.lex.events.place_preps | {"to", "into"})
        deeper += [q for q in _nested_places(anchor, ctx) if q not in deeper and q not in direct]
        for p in direct + deeper:
            key = ctx.place(p)
            if not key:
                continue
            m = ctx.mention(p)
            if m is not None and m.kind == "Country" and etype != "Visit" and (
                    p.head.lower_ not in ("in", "at")):
                continue
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
    for a in (tok, sup):
        # "the round in Florida, where Rubio held talks": the place the clause is about
        if a is not None and a.dep_ == "relcl" and ctx.place(a.head) and any(
                c.dep_ == "advmod" and c.lower_ == "where" for c in a.children):
            em.places.append((ctx.place(a.head), 3))
    em.occasions = {o.i for a in (tok, sup) if a is not None
                    for o in _occasions(a, ctx, etype == "Statement")}
    if is_noun and tok.dep_ == "pobj" and tok.head.lower_ in ctx.lex.words.occasion_preps and not em.places:
        # "In Washington, during a meeting of A and B, ...": the meeting is there too
        for p in pobjs(tok.head.head, {"in", "at"}):
            m = ctx.mention(p)
            if m is not None and m.kind == "Place" and ctx.place(p):
                em.places.append((ctx.place(p), 1))
    if quoted:
        # Someone's quoted account of an event ("a phone conversation was held between
        # A and B") is kept only when it names both sides.
        if len(em.participants) < 2 or em.planned:
            return None
        em.cues.add("quoted")
    if etype == "Statement" and (not em.participants or _reported(tok, ctx)):
        return None
    if etype == "Statement":
        from kgraph.extract.stages.quotes import quotes_near

        em.quotes = quotes_near(ctx.parsed, sent, ctx.lex)
    # A frame nobody is linked to may still be absorbed ("travel to X for talks") or
    # refer back ("the talks"); the ``assemble`` stage drops it if it stays alone.
    roles = set(em.participants.values())
    role_needs = [n for n in spec.needs if n in _ROLE_NEEDS]
    if role_needs and not any(roles & _ROLE_NEEDS[n] for n in role_needs) and not any(
            _needs(n, tok, ctx) for n in spec.needs if n not in _ROLE_NEEDS):
        return None
    return em


# ------------------------------------------------------------ role rules
def _roles_statement(tok: Any, sup: Any, em: _Frame, ctx: Lookups) -> None:
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                for a in ctx.actors_in(c):
                    em.add(a, "speaker")
        em.add_from(pobjs(tok, {"by", "from"}), "speaker", ctx)
        if sup is not None and sup.lemma_ in ctx.lex.events.support_verbs:
            for sj in with_conj(subject_of(sup)):  # "X gave a press conference"
                a = ctx.actor(sj)
                if a and ctx.kinds.get(a) != "Place":
                    em.add(a, "speaker")
        return
    speakers = [c for c in tok.children if c.dep_ in ("nsubj",)]
    if not speakers:
        speakers = [g for c in tok.children if c.dep_ == "agent" for g in c.children
                    if g.dep_ == "pobj"]
    if not speakers:
        speakers = subject_of(tok)
    for s in with_conj(speakers):
        # Only a named speaker (or a pronoun for one): "the Russian leader's aide said"
        # is not a statement by Russia.
        a = ctx.actor(s)
        if a and ctx.kinds.get(a) != "Place":
            em.add(a, "speaker")


def _roles_meeting(tok: Any, sup: Any, em: _Frame, ctx: Lookups) -> None:
    for c in tok.children:  # "the summit, co-chaired by A and B"
        if c.dep_ in ("acl", "advcl") and c.lemma_.casefold() in ctx.lex.events.chair_verbs:
            em.add_from(pobjs(c, {"by"}), "participant", ctx)
    if tok.pos_ in ("VERB", "AUX"):
        em.add_from(with_conj(subject_of(tok)), "participant", ctx)
        for c in tok.children:
            if c.dep_ == "dobj":
                em.add_from(with_conj([c]), "participant", ctx)
        for p in pobjs(tok, {"with", "between", "by"}):  # "was greeted by X"
            for a in ctx.actors_in(p):
                em.add(a, "participant")
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                for a in ctx.actors_in(c):
                    em.add(a, "participant")
        return
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    if tok.i > 0 and ctx.doc[tok.i - 1].pos_ == "ADJ" and ctx.doc[tok.i - 1] not in mods:
        mods.append(ctx.doc[tok.i - 1])  # "U.S.-Ukrainian talks" the parser split apart
    for c in mods:
        for a in ctx.actors_in(c):
            if ctx.kinds.get(a) in ("Country", "Person", "Organization", "Group"):
                em.add(a, "participant")
    em.add_from(pobjs(tok, {"between", "with", "among", "of"}), "participant", ctx)
    if sup is not None:
        if tok.dep_ in ("dobj", "pobj"):
            for s in with_conj(subject_of(sup)):
                for a in ctx.actors_in(s):
                    em.add(a, "host" if sup.lemma_ == "host" else "participant")
        em.add_from(pobjs(sup, {"with", "between"}), "participant", ctx)


def _roles_visit(tok: Any, sup: Any, em: _Frame, ctx: Lookups) -> None:
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                for a in ctx.actors_in(c):
                    if ctx.kinds.get(a) == "Person":
                        em.add(a, "participant")
        if sup is not None:
            em.add_from(subject_of(sup), "participant", ctx)
    else:
        em.add_from(with_conj(subject_of(tok)), "participant", ctx)
        for c in tok.children:
            if c.dep_ == "dobj":
                for a in ctx.actors_in(c):
                    em.add(a, "host")
    em.add_from(pobjs(tok, {"with"}), "participant", ctx)
    # Purpose clauses: "fly to Moscow to brief Putin", "for talks with Macron".
    for c in tok.children:
        if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB":
            for g in c.children:
                if g.dep_ in ("dobj", "dative") or (g.dep_ == "prep" and g.lower_ == "to"):
                    targets = [g] if g.dep_ == "dobj" else [x for x in g.children if x.dep_ == "pobj"]
                    for t in with_conj(targets):
                        for a in ctx.actors_in(t):
                            if ctx.kinds.get(a) == "Person":
                                em.add(a, "participant")


def _roles_attack(tok: Any, sup: Any, em: _Frame, ctx: Lookups) -> None:
    if tok.pos_ in ("VERB", "AUX"):
        em.add_from(with_conj(subject_of(tok)), "attacker", ctx)
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
            em.add_from(with_conj(subject_of(sup)), "attacker", ctx)
        em.add_from(pobjs(tok, {"by"}), "attacker", ctx)
        # "X claimed responsibility for attacks on ..."
        h = tok.head
        if tok.dep_ == "pobj" and h.lower_ == "for" and h.head.lemma_ in ("responsibility", "credit"):
            em.add_from(subject_of(h.head.head), "attacker", ctx)
    for anchor in [tok, *([sup] if sup is not None else [])]:
        for p in pobjs(anchor, {"on", "against", "at", "targeting"}):
            for a in _target_actors(p, em, ctx):
                em.add(a, "target")


def _target_actors(tok: Any, em: _Frame, ctx: Lookups) -> list[str]:
    """Actors hit: "Ukrainian energy infrastructure" -> Ukraine (also the place); "a
    refinery in Russia's Krasnodar region" -> Russia (said in the text, not looked up)."""
    found = ctx.actors_in(tok)
    for p in pobjs(tok, {"in", "near"}):
        for c in p.children:
            if c.dep_ == "poss":
                found += [a for a in ctx.actors_in(c) if ctx.kinds.get(a) == "Country" and a not in found]
    for a in found:
        if ctx.kinds.get(a) == "Country":
            em.places.append((a, 1))
    return found


def _roles_proposal(tok: Any, sup: Any, em: _Frame, ctx: Lookups) -> None:
    if tok.pos_ in ("VERB", "AUX"):
        em.add_from(with_conj(subject_of(tok)), "proposer", ctx)
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
            em.add_from(pobjs(c, {"by"}), "proposer", ctx)
    em.add_from(pobjs(tok, {"from", "by"}), "proposer", ctx)
    if sup is not None and tok.dep_ == "dobj" and sup.lemma_ in ctx.lex.events.propose_verbs:
        em.add_from(with_conj(subject_of(sup)), "proposer", ctx)
    if sup is not None and tok.dep_ == "nsubjpass":  # "the plan was drafted by X"
        em.add_from(pobjs(sup, {"by"}), "proposer", ctx)


def _roles_agreement(tok: Any, sup: Any, em: _Frame, ctx: Lookups) -> None:
    if tok.pos_ in ("VERB", "AUX"):
        em.add_from(with_conj(subject_of(tok)), "participant", ctx)
        for p in pobjs(tok, {"by"}):  # "to be signed by A and B"
            for a in ctx.actors_in(p):
                em.add(a, "participant")
    else:
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                for a in ctx.actors_in(c):
                    if ctx.kinds.get(a) != "Place":
                        em.add(a, "participant")
        if sup is not None:
            em.add_from(subject_of(sup), "participant", ctx)
            for p in pobjs(sup, {"with", "between"}):  # "a call was held between A and B"
                for a in ctx.actors_in(p):
                    em.add(a, "participant")
    em.add_from(pobjs(tok, {"with", "between"}), "participant", ctx)
    if tok.pos_ in ("NOUN", "PROPN"):
        _parties_from_talks(tok, em, ctx)


def _parties_from_talks(tok: Any, em: _Frame, ctx: Lookups) -> None:
    """"talks between A and B to finalize the expected agreements": an agreement the
    talks are held to reach is between the talks' parties."""
    if em.participants or tok.dep_ != "dobj":
        return
    verb = tok.head
    up = verb.head if verb.dep_ in ("acl", "advcl", "xcomp", "relcl") and verb.head.i != verb.i else None
    if up is None:
        return
    # the talks themselves, or the talks the governing clause is about ("was preceded
    # by talks between A and B to finalize ...")
    cands = [up, *pobjs(up, {"by"}), *subject_of(up)]
    host = next((c for c in cands if occasion_type(c, ctx.lex) == "Meeting"), None)
    if host is None:
        return
    talks = _Frame("Meeting", host.i, em.sents[0], {host.i})
    _roles_meeting(host, None, talks, ctx)
    for a, _ in talks.participants.items():
        em.add(a, "participant")


def _roles_call(tok: Any, sup: Any, em: _Frame, ctx: Lookups) -> None:
    _roles_agreement(tok, sup, em, ctx)
    if tok.pos_ in ("VERB", "AUX"):
        for p in pobjs(tok, {"to"}):  # "spoke to Putin by phone"
            for a in ctx.actors_in(p):
                em.add(a, "participant")
        for c in tok.children:
            if c.dep_ == "dobj":
                for a in ctx.actors_in(c):
                    em.add(a, "participant")


def _roles_other(tok: Any, sup: Any, em: _Frame, ctx: Lookups) -> None:
    """Who acts and whom it is done to: "Russia handed Ukraine a list", "sanctioned
    Rosneft", "the release of hostages by Hamas"."""
    _roles_agreement(tok, sup, em, ctx)
    kids = [c for c in tok.children if c.dep_ in ("dative", "dobj", "iobj")]
    kids += pobjs(tok, {"by", "on", "to"})
    for c in with_conj(kids):
        for a in ctx.actors_in(c):
            if ctx.kinds.get(a) != "Place":
                em.add(a, "participant")


_ROLE_RULES = {
    "Statement": _roles_statement, "Meeting": _roles_meeting, "Visit": _roles_visit,
    "Attack": _roles_attack, "Proposal": _roles_proposal, "Agreement": _roles_agreement,
    "Call": _roles_call, "Other": _roles_other,
}


def _merge_in_sentence(ems: list[_Frame], ctx: Lookups) -> list[_Frame]:
    """One event per type per sentence, and absorbed triggers ("for follow-up talks")."""
    doc = ctx.doc
    out: list[_Frame] = []
    by_tok = {em.trigger: em for em in ems}
    absorbed: set[int] = set()
    for em in ems:
        tok = doc[em.trigger]
        if tok.pos_ not in ("NOUN", "PROPN") or em.type == "Statement":
            continue
        t = tok
        for _ in range(4):
            if t.dep_ == "pobj" and t.head.lower_ in ctx.lex.events.absorb_preps:
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
                    em.occasions.add(host.trigger)  # the trip and its talks: one day
                    host.occasions.add(em.trigger)
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
        def named(e: _Frame) -> set[str]:
            return {k for k, _ in e.places if ctx.kinds.get(k) == "Place"}

        # Same type, same sentence: one event, unless two different places are named
        # ("expected to meet in Miami to hear how the Moscow talks went").
        same = next(
            (o for o in out if (o.type == em.type and o.type != "Statement"
             and (not (named(o) and named(em)) or named(o) & named(em))
             and not other_parties(o.participants, em.participants)
             and not _apart_in_time(doc[o.trigger], ctx) and not _apart_in_time(doc[em.trigger], ctx)
             and _reported_clause(doc[o.trigger]) == _reported_clause(doc[em.trigger]))
             or (o.type == em.type == "Statement" and o.speaker() == em.speaker())),
            None,
        )
        if same is not None:
            planned = same.planned or em.planned
            verbs = [f for f in (same, em) if doc[f.trigger].pos_ in ("VERB", "AUX")]
            if len(verbs) == 1:
                # "agreed to a ceasefire": the verb's own status, not that of its object
                planned = verbs[0].planned
            same.absorb(em)
            same.planned = planned
            nouns = [f for f in (same, em) if doc[f.trigger].pos_ in ("NOUN", "PROPN")]
            # "the agreement was signed": the noun refers back, whatever the verb says
            same.definite = (nouns[0].definite if len(nouns) == 1 else same.definite and em.definite)
        else:
            out.append(em)
    return out




def _share_places(ems: list[_Frame]) -> list[_Frame]:
    """An event that happened at another of the sentence ("in Washington, during a
    meeting of A and B, the ministers will sign") is in its place: the one without a
    place takes the other's."""
    for em in ems:
        for host in ems:
            if host is em or not (em.occasions & host.anchors):
                continue
            if host.places and not em.places:
                em.places = [(k, 1) for k, _ in host.places]
            elif em.places and not host.places:
                host.places = [(k, 1) for k, _ in em.places]
    return ems


def _apart_in_time(tok: Any, ctx: Lookups) -> bool:
    """A trigger in a "before"/"after"/"ahead of" phrase names another event than the
    one it is set against ("met ... ahead of the talks")."""
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ctx.lex.words.sequence_preps
                                   for c in tok.children):
        return True  # "the meetings took place after Trump and Putin met in Alaska"
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in ctx.lex.words.sequence_preps:
        return True
    if prep.dep_ == "agent" and prep.head.lemma_ in ctx.lex.words.sequence_verbs:
        return True  # "a meeting, to be followed by a three-way summit"
    return prep.lower_ in ("of", "to") and prep.head.lower_ in ctx.lex.words.sequence_preps


def _reported_clause(tok: Any) -> int | None:
    """The reported clause ("said that ...") a token is in, if any."""
    t = tok
    for _ in range(12):
        if t.dep_ == "ccomp":
            return t.i
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def other_parties(a: Any, b: Any) -> bool:
    """Two events each with two or more parties and none in common ("a meeting of
    A and B ahead of a summit of C and D")."""
    pa, pb = set(dict(a)), set(dict(b))
    return len(pa) >= 2 and len(pb) >= 2 and not pa & pb


class _Delegation:
    """A delegation report being read (frozen into a :class:`Delegation`)."""

    def __init__(self, sent: int, country: str | None, heads: list[str] | None = None,
                 tokens: set[int] | None = None) -> None:
        self.sent, self.country = sent, country
        self.heads: list[str] = list(heads or [])
        self.members: list[str] = []
        self.tokens: set[int] = set(tokens or ())
        self.visit_to: str | None = None

    def freeze(self) -> Delegation:
        return Delegation(self.sent, self.country, tuple(self.heads), tuple(self.members),
                          frozenset(self.tokens), self.visit_to)


def delegations(ctx: Lookups, sent: int, last: Delegation | None, serves: dict[str, str]) -> list[Delegation]:
    """Delegation reports in sentence ``sent`` ("The U.S. delegation was led by A,
    who was joined by B"; "The team also included C")."""
    s = ctx.parsed.sentences[sent]
    if s.skip:
        return []
    ev = ctx.lex.events
    dnouns, lead, member = ev.delegation_nouns, ev.lead_verbs, ev.member_verbs
    side = None
    for tok in ctx.sent_span(sent):
        if tok.lemma_ == "side" and tok.i not in ctx.quoted:
            found = [a for c in tok.children if c.dep_ in ("amod", "compound", "poss")
                     for a in ctx.actors_in(c) if ctx.kinds.get(a) == "Country"]
            side = found[0] if found else side
    out: list[Delegation] = []

    def country_of_noun(dn: Any) -> tuple[str | None, list[str]]:
        country, heads = None, []
        for c in dn.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod"):
                for a in ctx.actors_in(c):
                    kind = ctx.kinds.get(a)
                    if kind == "Country":
                        country = country or a
                    elif kind == "Person" and c.dep_ == "poss":
                        heads.append(a)
        return country, heads

    for tok in ctx.sent_span(sent):
        if tok.i in ctx.quoted:
            continue
        lemma = tok.lemma_
        if lemma in lead and tok.pos_ == "VERB":
            dn, leaders = None, []
            agents = pobjs(tok, {"by"})
            if tok.dep_ == "acl" and tok.head.lemma_ in dnouns:
                dn, leaders = tok.head, agents
            elif any(c.dep_ == "nsubjpass" for c in tok.children):
                sp = next(c for c in tok.children if c.dep_ == "nsubjpass")
                dn = sp if sp.lemma_ in dnouns else None
                leaders = agents
            else:
                obj = [c for c in tok.children if c.dep_ == "dobj"]
                dn = obj[0] if obj and obj[0].lemma_ in dnouns else None
                leaders = subject_of(tok)
            if dn is None:
                continue
            country, poss_heads = country_of_noun(dn)
            rec = _Delegation(sent, country or side, tokens={tok.i, dn.i})
            for t in with_conj(leaders):
                a = ctx.actor(t)
                if a and ctx.kinds.get(a) == "Person":
                    rec.heads.append(a)
            rec.heads += [h for h in poss_heads if h not in rec.heads]
            for p in pobjs(tok, {"to"}):
                key = ctx.place(p)
                if key:
                    rec.visit_to = key
            out.append(rec)
        elif lemma in member and tok.pos_ == "VERB":
            agents = pobjs(tok, {"by"})
            root = _root_of(tok, s.tok_start, s.tok_end)
            if agents:  # "joined by B", "flanked by B"
                members = agents
                owner = [c for c in tok.children if c.dep_ == "nsubjpass"] or subject_of(tok)
            elif tok.tag_ == "VBG" and root.lemma_ in ("be", "include") and root.i != tok.i:
                # "Among those accompanying A are B, C and D"
                owner = [c for c in tok.children if c.dep_ == "dobj"] or [tok.head]
                members = [c for c in root.children if c.dep_ in ("nsubj", "attr", "dobj")
                           and c.i not in {o.i for o in owner}]
            else:  # "The team also included C" (not "he will join them")
                members = [c for c in tok.children if c.dep_ == "dobj"]
                owner = [o for o in subject_of(tok) if o.lemma_ in dnouns]
            if not members:
                continue
            rec = _owner_delegation(ctx, owner, out, last, side, dnouns, country_of_noun, sent, serves)
            rec.tokens.add(tok.i)
            for t in with_conj(members):
                # "joined by his adviser Yuri Ushakov": the name may hang on the title.
                direct = ctx.actor(t)
                for a in [direct] if direct else ctx.actors_in(t)[:1]:
                    if a and ctx.kinds.get(a) == "Person" and a not in rec.heads + rec.members:
                        rec.members.append(a)
            if rec not in out:
                out.append(rec)
    return [r.freeze() for r in out if r.heads or r.members]


def _root_of(tok: Any, lo: int, hi: int) -> Any:
    """The head of ``tok``'s clause tree within tokens ``[lo, hi)``."""
    t = tok
    for _ in range(30):
        if t.head.i == t.i or not lo <= t.head.i < hi:
            return t
        t = t.head
    return t


def _owner_delegation(ctx, owner, out, last, side, dnouns, country_of_noun, sent, serves):
    """The delegation a member joins: the owner's (a delegation noun or its head)."""
    for o in owner:
        if o.lemma_ in dnouns:
            country, heads = country_of_noun(o)
            rec = _Delegation(sent, country or side or (last.country if last else None),
                             heads=heads, tokens={o.i})
            return rec
        a = ctx.actor(o)
        if a and ctx.kinds.get(a) == "Person":
            for r in out:
                if a in r.heads or a in r.members:
                    return r
            country = serves.get(a) or side
            return _Delegation(sent, country, heads=[a], tokens={o.i})
    if out:
        return out[-1]
    return _Delegation(sent, side or (last.country if last else None))



def _delegation_frame(r: Delegation, ctx: Lookups, facts: list[Fact], serves: dict[str, str]) -> _Frame:
    """A delegation report as a Meeting (or Visit, "lead a delegation to Russia")."""
    trig = min(r.tokens) if r.tokens else ctx.parsed.sentences[r.sent].tok_start
    tok = ctx.doc[trig]
    em = _Frame("Visit" if r.visit_to else "Meeting", trig, r.sent, set(r.tokens))
    em.definite = True
    em.cues.add("delegation")
    em.evidence_sents[r.sent] = tok.text
    em.planned = any(status_of(ctx.doc[t], None, ctx) == "planned" for t in r.tokens)
    if not em.planned and any(ctx.doc[t].tag_ in ("VBD", "VBN") for t in r.tokens):
        em.cues.add("past")  # "was joined by": said to have happened
    country = r.country
    if country is None:
        for h in r.heads + r.members:
            country = country or serves.get(h)
    for h in r.heads:
        em.add(h, "head_of_delegation")
        if country:
            facts.append(Fact(h, "represents", country, r.sent, tok.text, 0.75))
            serves.setdefault(h, country)
    for mbr in r.members:
        em.add(mbr, "member")
        if country:
            facts.append(Fact(mbr, "represents", country, r.sent, tok.text, 0.7))
            serves.setdefault(mbr, country)
    if r.visit_to:
        em.places.append((r.visit_to, 3))
        if ctx.kinds.get(r.visit_to) == "Country":
            em.add(r.visit_to, "host")
        em.definite = False
    elif country:
        em.add(country, "participant")
    # A delegation somewhere else is its own meeting ("led the team in Geneva").
    for t in r.tokens:
        for g in pobjs(ctx.doc[t], {"in", "at"}):
            k = ctx.place(g)
            if k:
                em.places.append((k, 2))
    return em


