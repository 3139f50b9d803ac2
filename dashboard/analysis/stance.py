"""Stance toward the United States and Iran (or any target in targets.csv), per sentence, by role.

A sentence gets a polarity for every target it names. Each cue word (stance_cues.csv, whose header defines the
kinds) is read for who does what to whom (the rules of SENTIMENT_GUIDE.md applied by role):
- a **judging** verb or noun, and a **verb of saying**: its subject only judges or speaks, and takes no blame
  from what it says (rule 3); the one judged gets the cue's sign;
- a **hostile** act: the side it falls on — after على/ضد/بحق, or the noun it governs — is −1 (rule 2); an act
  that falls on a named other, or that a named other does, says nothing of the other targets (the Doc's entity
  layer tells a named person or place from a target); other targets are voted by distance within the clause;
- the figure layer's killed and wounded of a target's side, and the attacks, missiles and drones aimed at it,
  portray it as attacked (rule 2);
- **help**, agreement and stability are half a vote: +1 needs the help given value (rule 5); help to armed groups
  is a tie to them (−1, rule 4); help that governs a target's name is the target being supported;
- a negator turns a hostile cue into a denial (0) and withholds praise (−1); a denial verb silences what it
  denies; a counter word turns the noun it governs positive («مكافحة الإرهاب») and opposes a target it governs;
- situation words (tension, escalation) blame no side but the one named right after them; a word followed by a
  target's name or adjective describes that target only, and a description nearer to a person the entity layer
  names than to any target describes that person;
- a proxy word ties armed groups to the target after it («الميليشيات المدعومة من إيران»): −1; negated, it is
  allegiance refused («لا يوالي إيران»): −1 for the side refused (rule 6).
Every vote keeps its cue (word, offsets, sign) and the target's role; the confidence is the share of the
decisive votes among all votes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from dashboard.analysis.figures import CASUALTY_CATEGORIES
from dashboard.analysis.lexicon import rows
from dashboard.analysis.matcher import PhraseMatcher, word_forms
from dashboard.analysis.text import CLAUSE_BREAKS, Token, has_clause_break, normalise, tokenize

if TYPE_CHECKING:
    from dashboard.analysis.doc import Doc

WINDOW = 10  # words: a cue further than this from every mention of a target says nothing about it
NEAREST_TIE = 2  # words: a cue this much further from a second target still votes for it too
NEGATION_SPAN = 3  # words after a negator in which a cue is negated
DENIAL_SPAN = 4  # words after a denial verb in which cues are what is denied: «تنفي إيران بشدة دعمها للحوثيين»
COUNTER_SPAN = 4  # words after a counter word («مكافحة», «إحباط») in which the noun it governs may stand
PROXY_SPAN = 4  # words after a proxy word in which the target it ties to armed groups must stand
ARMED_GROUP_SPAN = 4  # words before a proxy word in which the armed-group word must stand
PATIENT_SPAN = 4  # words after a hostile cue (or its على/ضد) in which the side it falls on stands
RELATIVE_CLAUSE_SPAN = 12  # words of a relative clause between an act and its على («الهجمات التي ...، على»)
SUBJECT_SPAN = 1  # a subject stands right next to its verb; a noun between makes the target the object
SPEAKER_SPAN = 2  # «قال الوزير الأمريكي», «أعلن البيت الأبيض»: the subject starts right after the verb or is the
# adjective of the word right after it; further on is the object («كشف تفاصيل ضرب إيران»)
NOUN_SUBJECT_SPAN = 3  # «واشنطن تواصل إدانة»: the subject, its verb, then the judging noun
PROXY_WEIGHT = 1.5  # a proxy tie outweighs one positive cue in the same sentence (guide rule 4)
PATIENT_WEIGHT = 1.5  # being attacked outweighs one positive cue (guide rule 2)
DECISION_MIN = 1.0  # praise needs votes worth one full positive cue; any net blame is −1 (half a vote of bare help
# does not cancel one hostile cue: «قطعت طهران الغاز ... الذي يحتاج إليه»)
# help, agreement and stability are "bare" on their own: +1 needs the help given value (guide rule 5), so one such
# word is half a vote and needs a second positive cue (friendly, against terrorism, a second kind of help)
WEAK_WEIGHT = 0.5
WEAK_KINDS = ("help", "value")

HOSTILE_KINDS = ("hostile", "hostile_verb", "hostile_object")
# what a counter word can govern: the thing countered is a noun («مكافحة الإرهاب», «إحباط الهجمات»), never a verb
# of another clause («ضد إسرائيل غير مقبول ويهدد»)
COUNTERABLE_KINDS = ("hostile", "hostile_object", "portrayal")
_PATIENT_MARKERS = frozenset(normalise(w) for w in ("على", "علي", "ضد", "بحق", "تجاه", "نحو"))
_RELATIVES = frozenset(normalise(w) for w in ("التي", "الذي", "اللتي", "الذين", "اللواتي", "اللذين", "اللتين"))
# words that may stand between a counter word and the noun it governs («إحباط معظم هذه الهجمات»)
_QUANTIFIERS = frozenset(normalise(w) for w in ("معظم", "هذه", "هذا", "هذين", "تلك", "ذلك", "كل", "جميع", "بعض", "أي",
                                                "أغلب", "عدد", "من", "كافة", "مختلف", "شتى", "أشكال", "أنواع"))
# attached pronouns of a noun that point back to its subject (ـه alone is also a normalised ta marbuta)
_POSSESSIVE_ENDINGS = ("ها", "هم", "هما", "ته")
_REPORTED_CLAUSE = frozenset(normalise(w) for w in ("أن", "إن", "بأن", "انه", "إنه", "أنه", "\"", "«", "“"))


@dataclass
class StanceScore:
    target: str
    polarity: int
    sentence: str
    cues: list[dict] = field(default_factory=list)  # {"word", "start", "end", "sign"}: character offsets
    score: float = 0.0
    sentence_index: int = 0
    role: str = "mentioned"  # patient (acted on), judge (only judges), agent, proxy, mentioned
    confidence: float = 0.0

    def to_dict(self) -> dict:
        return {"target": self.target, "polarity": self.polarity, "sentence": self.sentence, "cues": self.cues,
                "score": round(self.score, 3), "sentence_index": self.sentence_index, "role": self.role,
                "confidence": round(self.confidence, 2)}


@dataclass(frozen=True)
class Cue:
    polarity: int
    kind: str  # see stance_cues.csv


@lru_cache(maxsize=1)
def cue_matcher() -> PhraseMatcher[Cue]:
    return PhraseMatcher(((r["cue"], Cue(int(r["polarity"]), r["kind"])) for r in rows("stance_cues.csv")),
                         definite=True)


@lru_cache(maxsize=1)
def targets() -> dict[str, re.Pattern | None]:
    """target -> the pattern of its nationality adjective (None if it has none), in targets.csv order."""
    stems: dict[str, list[str]] = {}
    for r in rows("targets.csv"):
        stems.setdefault(r["target"], [])
        if r["kind"] == "adjective":
            stems[r["target"]].append(re.escape(normalise(r["alias"])))
    return {t: re.compile(rf"^(?:ال)?(?:{'|'.join(s)})(?:ه|ا|ون|ين|ان|تين|تان|ات)?$") if s else None
            for t, s in stems.items()}


@lru_cache(maxsize=1)
def target_names() -> PhraseMatcher[str]:
    """One matcher of every target's names (targets.csv names, and actors.csv entries of the aligned side), with
    the target as payload: a sentence is read once for all targets."""
    alignments = {r["alias"]: r["target"] for r in rows("targets.csv") if r["kind"] == "alignment"}
    pairs = [(r["alias"], r["target"]) for r in rows("targets.csv") if r["kind"] == "name"]
    for r in rows("actors.csv"):
        t = alignments.get(r["alignment"])
        if t:
            pairs += [(name, t) for name in [r["name"], *(a for a in r["aliases"].split("|") if a)]]
    return PhraseMatcher(pairs)


def target_codes() -> list[str]:
    """Every stance target, in the order of targets.csv (the UI, CLI and charts read them from here)."""
    return list(targets())


@lru_cache(maxsize=1024)
def target_mentions(tokens: tuple[Token, ...]) -> dict[str, list[tuple[int, int]]]:
    """target -> (start, end) token spans of its names and adjectives (remembered for the sentences just read:
    the rules and the learned model both ask; callers must not change the result)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for m in target_names().find_all(tokens):
        found.setdefault(m.payload, []).append((m.start, m.end))
    taken = {i for spans in found.values() for a, b in spans for i in range(a, b)}
    for i, tok in enumerate(tokens):
        if i not in taken:
            for t in _adjective_targets(tok.norm):
                found.setdefault(t, []).append((i, i + 1))
    return {t: sorted(spans) for t, spans in found.items()}


@lru_cache(maxsize=100_000)
def _adjective_targets(norm: str) -> frozenset[str]:
    """Targets whose nationality adjective this word is (الأمريكية → US), clitics stripped."""
    if not norm[:1].isalpha():
        return frozenset()
    return frozenset(t for t, adjective in targets().items()
                     if adjective and any(adjective.match(f) for f, _ in word_forms(norm)))


def _distance(span: tuple[int, int], i: int, j: int) -> int:
    a, b = span
    return 0 if a < j and i < b else (i - b + 1 if b <= i else a - j + 1)


def _governed(mentions, j: int) -> set[str]:
    """Targets named right after a word that governs a noun: the noun itself, or its adjective one word on."""
    return {t for t, spans in mentions.items() if any(j <= a <= j + 1 for a, _ in spans)}


def _target_tokens(mentions) -> set[int]:
    """Indices of the tokens that name a target."""
    return {k for spans in mentions.values() for a, b in spans for k in range(a, b)}


def _other_party(tokens, mentions, names, i: int, j: int, kind: str) -> str | None:
    """Who else, named and no target, takes part in the hostile act at tokens[i:j]: "victim" when its noun governs
    a name (the name right after it: «اغتيال الكاظمي»), "agent" when a name is the subject right before its verb
    («إسرائيل قصفت»), else None."""
    if not names:
        return None
    in_target = _target_tokens(mentions)
    if kind != "hostile_verb" and j < len(tokens) and j not in in_target \
            and any(start == tokens[j].start for start, _, _ in names):
        return "victim"
    if kind == "hostile_verb" and i > 0 and i - 1 not in in_target \
            and any(end == tokens[i - 1].end for _, end, _ in names):
        return "agent"
    return None


def _people(tokens, mentions, names) -> list[tuple[int, int]]:
    """Token spans of the people the entity layer names that are no target (a target's officials are the target)."""
    in_target = _target_tokens(mentions)
    out = []
    for start, end, kind in names:
        if kind == "PERSON":
            ks = [k for k, t in enumerate(tokens) if start <= t.start and t.end <= end and k not in in_target]
            if ks:
                out.append((ks[0], ks[-1] + 1))
    return out


def _names_at(tokens, spans, j: int) -> bool:
    """Whether a mention starting at tokens[j] is a name, not a nationality adjective (الأمريكي)."""
    return any(a == j and not _adjective_targets(tokens[a].norm) for a, _ in spans)



def _breaks_between(tokens, spans, i: int, j: int) -> bool:
    """Whether a clause break separates the cue at tokens[i:j] from every mention in spans."""
    return all(has_clause_break(tokens, b, i) if b <= i else has_clause_break(tokens, j, a) for a, b in spans)


@dataclass
class _Vote:
    weight: float
    cue: dict
    role: str


def score_sentence(sentence: str, index: int = 0, tokens: tuple[Token, ...] | None = None,
                   names: list[tuple[int, int, str]] = (),
                   attacked: list[tuple[str, int, int]] = ()) -> list[StanceScore]:
    """The stance toward every target the sentence names. `names`: (start, end, type) character spans of the entity
    mentions in it, which tell a named victim or actor from a target; `attacked`: (side, start, end) of the figures
    in it that show a side attacked: its killed and wounded, or the attacks, missiles and drones aimed at it."""
    tokens = tuple(tokens if tokens is not None else tokenize(sentence))
    mentions = target_mentions(tokens)
    if not mentions:
        return []
    votes: dict[str, list[_Vote]] = {t: [] for t in mentions}
    people = _people(tokens, mentions, names)
    cues = cue_matcher().find_all(tokens)
    # the one who only judges (rule 3): a headline speaker («واشنطن: ...») or the subject of a judging verb
    judges = _headline_speakers(tokens, mentions) | {
        t for m in cues if m.payload.kind in ("judge", "judge_noun")
        and (t := _subject(tokens, mentions, m.start, m.end, m.payload.kind))}
    cue_starts = {m.start for m in cues}
    negate_until = counter_until = counter_from = deny_until = opposed_phrase_at = -1
    speakers: set[str] = set()
    group_at = -99
    window = WINDOW if len(mentions) > 1 else len(tokens)
    for m in cues:
        i, j, cue = m.start, m.end, m.payload
        inside = [t for t, spans in mentions.items() if any(a <= i < b for a, b in spans)]
        if inside and cue.kind not in ("proxy_self",):
            continue  # a target's own name is not a cue about it (الولائية is both)
        sign = cue.polarity
        evidence = {"word": sentence[tokens[i].start:tokens[j - 1].end], "start": tokens[i].start,
                    "end": tokens[j - 1].end}
        if cue.kind == "speech":
            speakers |= _speaker(tokens, mentions, j, cue_starts)
            continue
        if cue.kind == "denial":
            deny_until = j + DENIAL_SPAN
            continue
        if i <= deny_until or i == opposed_phrase_at:
            continue  # what is denied is neither praise nor blame; an opposed phrase has had its vote
        if cue.kind == "negator":
            negate_until = j + NEGATION_SPAN
            continue
        if cue.kind == "counter":
            counter_from, counter_until = j, j + COUNTER_SPAN
            # what is fought, stopped or shot down is opposed: «ضد إيران», «لمواجهة النفوذ الإيراني» (−1)
            opposed = _governed(mentions, j)
            for t in opposed:
                votes[t].append(_Vote(-1.0, {**evidence, "sign": -1}, "patient"))
            if opposed:
                opposed_phrase_at = j  # «ضد الاحتلال الأمريكي»: the noun and its target are one thing opposed
            if sign == 0:
                continue
        if cue.kind in ("armed_group", "force"):
            group_at = i
            continue
        if cue.kind in ("proxy", "proxy_self"):
            if cue.kind == "proxy" and i <= negate_until:
                for t in _governed(mentions, j):  # «شخص مستقل لا يوالي إيران»: allegiance refused (rule 6)
                    votes[t].append(_Vote(-1.0, {**evidence, "sign": -1}, "patient"))
            elif cue.kind == "proxy_self" or i - group_at <= ARMED_GROUP_SPAN:
                for t, spans in mentions.items():
                    if any(i < a <= i + PROXY_SPAN for a, _ in spans) or (cue.kind == "proxy_self" and t in inside):
                        votes[t].append(_Vote(-PROXY_WEIGHT, {**evidence, "sign": -1}, "proxy"))
            continue
        if cue.kind == "fixed":
            continue
        hostile = cue.kind in HOSTILE_KINDS
        countered = i <= counter_until and cue.kind in COUNTERABLE_KINDS \
            and all(tokens[k].norm in _QUANTIFIERS for k in range(counter_from, i))
        counter_until = -1  # a counter word governs the first cue after it, no other
        if sign < 0 and countered:
            sign = 1  # «مكافحة الإرهاب», «إحباط الهجمات»
        elif i <= negate_until:
            if hostile:
                continue  # a denial («لم تشن الضربة») says nothing for or against
            sign = -sign
        subject = _subject(tokens, mentions, i, j, cue.kind) if cue.kind in ("judge", "judge_noun", "hostile_verb", "hostile") \
            else None
        other = hostile and sign < 0 and subject is None and _other_party(tokens, mentions, names, i, j, cue.kind)
        if other == "victim":
            continue  # «اغتيال الكاظمي على ...»: the act falls on a named other, and says nothing of the targets
        patient = _patient(tokens, mentions, j, cue.kind, direct=other == "agent") if hostile and sign < 0 else None
        if patient == subject:
            subject = None
        if other == "agent":
            # «إسرائيل ضربت البنية التحتية الإيرانية»: a named other acts; only the target it acts on is portrayed
            if patient:
                votes[patient].append(_Vote(sign * PATIENT_WEIGHT, {**evidence, "sign": sign}, "patient"))
            continue
        if cue.kind == "help" and sign > 0 and _to_armed_groups(tokens, j):
            sign = -1  # support for militias ties the supporter to them (guide rule 4)
        dist = {t: min(_distance(s, i, j) for s in spans) for t, spans in mentions.items()
                if not (t == subject and cue.kind != "hostile_verb") and t not in judges}
        if patient:
            votes[patient].append(_Vote(sign * PATIENT_WEIGHT, {**evidence, "sign": sign}, "patient"))
            dist.pop(patient, None)
        # a word and the target right after it are one phrase («الأطماع الإيرانية», «تدخلات إيران»): the word
        # describes that target and no other; a situation word describes no other side at all
        owners = {t for t in dist if any(a == j for a, _ in mentions[t])}
        if cue.kind == "situation":
            dist = {t: d for t, d in dist.items() if t in owners}
        if cue.kind == "portrayal" and not owners and people:
            # a description belongs to the nearest one named: «الكاظمي، الذي بدا عاجزا ... الأمريكيين» is about him
            person = min(_distance(span, i, j) for span in people)
            dist = {t: d for t, d in dist.items() if d <= person}
        if not dist:
            continue
        nearest = min(dist.values())
        for t, d in dist.items():
            if (owners and t not in owners) or (t in speakers and sign < 0):
                continue
            if d <= window and d <= nearest + NEAREST_TIE and not (hostile and _breaks_between(tokens, mentions[t], i, j)):
                # help that governs the target's name («دعم الولايات المتحدة») supports the target itself: that is
                # the guide's "supported" (+1), not bare help it gives
                supported = cue.kind == "help" and t in owners and _names_at(tokens, mentions[t], j)
                weight = WEAK_WEIGHT if cue.kind in WEAK_KINDS and sign > 0 and not supported else 1.0
                votes[t].append(_Vote(sign * weight, {**evidence, "sign": sign}, "mentioned"))
    for actor, start, end in attacked:
        for t in votes:
            if actor == side_of(t):
                votes[t].append(_Vote(-PATIENT_WEIGHT, {"word": sentence[start:end], "start": start, "end": end,
                                                        "sign": -1}, "patient"))
    out = []
    for t in sorted(mentions):
        vs = votes[t]
        total = sum(v.weight for v in vs)
        polarity = (total >= DECISION_MIN) - (total < 0)
        decisive = [v for v in vs if (v.weight > 0) == (total > 0)] if polarity else []
        role = max(decisive, key=lambda v: abs(v.weight)).role if decisive else ("judge" if t in judges else "mentioned")
        confidence = sum(abs(v.weight) for v in decisive) / sum(abs(v.weight) for v in vs) if vs and polarity else 0.0
        out.append(StanceScore(t, polarity, sentence, [v.cue for v in vs], total, index, role, confidence))
    return out


def _subject(tokens, mentions, i: int, j: int, kind: str) -> str | None:
    """The target that does what the cue at tokens[i:j] says: for a verb, the target right after it (VSO) or
    right before it (SVO); for a hostile noun, the target it is attributed to («الهجوم الإيراني», «هجوم
    إيران»)."""
    for t, spans in mentions.items():
        for a, b in spans:
            if kind == "judge_noun":
                # «رفض أميركي»: the adjective names who rejects; «الولايات المتحدة ستواصل إدانة»: the subject
                if a == j and b - a == 1 and t in _adjective_targets(tokens[a].norm):
                    return t
                if i - NOUN_SUBJECT_SPAN <= b - 1 < i - 1 and not has_clause_break(tokens, b, i):
                    return t
                # «جددت الولايات المتحدة مطالبتها»: the pronoun on the noun is the subject just named
                if b == i and tokens[i].norm.endswith(_POSSESSIVE_ENDINGS):
                    return t
                continue
            if j <= a <= j + SUBJECT_SPAN - 1 and not has_clause_break(tokens, j, a):
                return t
            if kind != "hostile" and i - SUBJECT_SPAN <= b - 1 < i and not has_clause_break(tokens, b, i):
                return t
    return None


def _speaker(tokens, mentions, j: int, cue_starts: set[int]) -> set[str]:
    """The target that is the subject of the verb of saying ending at tokens[j]: its name or adjective starts within
    SPEAKER_SPAN words after the verb, before the clause of what is said (أن، إن، :)."""
    end = j
    while end < min(len(tokens), j + SPEAKER_SPAN) and tokens[end].norm not in _REPORTED_CLAUSE \
            and tokens[end].norm not in CLAUSE_BREAKS and end not in cue_starts:
        end += 1  # a cue word right after the verb is what is said («أكد انتهاك إيران»), not who says it
    return {t for t, spans in mentions.items() if any(j <= a < end for a, _ in spans)}


def _headline_speakers(tokens, mentions) -> set[str]:
    """Targets that open a sentence followed by a colon: the one speaking («واشنطن: ...»)."""
    return {t for t, spans in mentions.items() for a, b in spans
            if a <= 1 and b < len(tokens) and tokens[b].norm == ":"}


def _after_relative_clause(tokens, j: int) -> int:
    """Where the act's complement resumes when a relative clause set off by a comma stands between: «الهجمات التي
    تتهم بها فصائل، على المصالح الأميركية» → the على after the comma; else j itself."""
    if j >= len(tokens) or tokens[j].norm not in _RELATIVES:
        return j
    for k in range(j + 1, min(len(tokens) - 1, j + RELATIVE_CLAUSE_SPAN)):
        if tokens[k].norm in CLAUSE_BREAKS:
            return k + 1 if tokens[k + 1].norm in _PATIENT_MARKERS else j
    return j


def _patient(tokens, mentions, j: int, kind: str, direct: bool = False) -> str | None:
    """The target a hostile act falls on: after على/ضد/بحق within PATIENT_SPAN, or (for a noun that governs its
    victim) the target right after it, or right after the head noun it governs («استهداف القوات الأمريكية»)."""
    j = _after_relative_clause(tokens, j)
    best = None
    for t, spans in mentions.items():
        for a, _ in spans:
            if j <= a < j + PATIENT_SPAN and not has_clause_break(tokens, j, a):
                marked = any(tokens[k].norm in _PATIENT_MARKERS for k in range(j, a))
                governed = (kind == "hostile_object" and a - j <= 1) or direct  # `direct`: a verb's object
                if (marked or governed) and (best is None or a < best[1]):
                    best = (t, a)
    return best[0] if best else None


def _to_armed_groups(tokens, j: int) -> bool:
    """Whether the help at tokens[..j] goes to armed groups or to what the text condemns: «دعما مباشرا
    لميليشيات الحوثي», «دعمها للإرهاب»."""
    for k in range(j, min(len(tokens), j + PATIENT_SPAN)):
        if tokens[k].norm in CLAUSE_BREAKS:
            return False
        m = cue_matcher().match_at(tokens, k)
        if m and m.payload.kind == "counter":
            return False  # «دعم ... لمكافحة الإرهاب»: help against what the text condemns
        if m and (m.payload.kind == "armed_group" or (m.payload.kind == "portrayal" and m.payload.polarity < 0)):
            return True
    return False


def side_of(target: str) -> str:
    """The figure layer's actor code of a stance target: figure actors are the lower-case target codes
    (figure_actors.csv)."""
    return target.lower()


def attacked_sides(doc: Doc) -> dict[int, list[tuple[str, int, int]]]:
    """sentence index -> (side, start, end) of each figure there that shows a side attacked: whose people fell,
    or what the attacks, missiles and drones were aimed at."""
    attacked: dict[int, list[tuple[str, int, int]]] = {}
    for f in doc.figures or ():
        side = f.actor if f.category in CASUALTY_CATEGORIES else f.target
        if side:
            attacked.setdefault(f.sentence_index, []).append((side, f.evidence_start, f.evidence_end))
    return attacked


def score_stance(sentences: list[str], doc: Doc | None = None) -> list[StanceScore]:
    """Scores of every sentence; with a Doc, its tokens, entity layer (a named other is no target) and figure layer
    (a target's killed and wounded, and attacks aimed at it, portray it as attacked, guide rule 2)."""
    attacked = attacked_sides(doc) if doc else {}
    return [s for n, sent in enumerate(sentences)
            for s in score_sentence(sent, n, doc.tokens[n] if doc else None, doc.names(n) if doc else (),
                                    attacked.get(n, ()))]

