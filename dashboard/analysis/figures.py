"""Capability figures: numbers attached to a counted thing of force (fighters, weapons, missiles, drones,
attacks, casualties, range), with their bound, category, actor, who did it, on whom and where.

A number counts when a unit word from units.csv follows it, when it counts people in a casualty report
(«مقتل 9 أشخاص», «قتل سبعة إيرانيين», «عن مقتل 9»), or when it continues a list or a breakdown of the figure
before it («15 ألف جندي في الكويت، و9 آلاف في العراق», «بينهم 5 من قوات النظام»). Dates, years, durations,
percentages, list numbering, ordinals and money never count.

The actor follows the annotation convention: the side that holds the capability or carries out the act; for
killed and wounded the side whose people they are. So for casualties the attacker named by an attack noun
(«القصف الإيراني») is `by`, not the actor, and for attacks the side after على/ضد is the `target`. A side named
only as the source of a report («وفق المرصد السوري», «قالت الوزارة الروسية إن») is neither.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

from dashboard.analysis.lexicon import normalised_set, rows
from dashboard.analysis.matcher import PhraseMatcher, strip_accusative, word_forms
from dashboard.analysis.numbers import NumberMatch, bound_after, bound_before, parse_number
from dashboard.analysis.places import NO_GEO, Place
from dashboard.analysis.plausibility import plausible
from dashboard.analysis.text import (
    CLAUSE_BREAKS,
    COMPLEMENTISERS,
    QUOTE_CLOSE,
    Token,
    has_clause_break,
    normalise,
    tokenize,
)

CATEGORIES = ("personnel", "light_weapons", "medium_weapons", "heavy_weapons", "missiles", "range_km",
              "drones", "attacks", "killed", "wounded", "other")
WEAPON_CATEGORIES = ("light_weapons", "medium_weapons", "heavy_weapons", "missiles", "drones")
CASUALTY_CUE_WINDOW = 6  # words before a counted person in which مقتل/إصابة makes it a casualty
PERSONNEL_CUE_WINDOW = 4  # shorter for soldiers: «مقتل 3 جنود» but not a killing mentioned a clause earlier
AFTER_CUE_WINDOW = 3  # words after counted people in which a casualty word may follow («شخص راحوا ضحية»)
RANGE_CUE_WINDOW = 8  # words before a distance in which مدى must stand for it to be a range
ACTOR_AFTER_WINDOW = 4  # words after the unit that may name its owner («جندي أمريكي», «مسلح من الفصائل»)
LIST_GAP = 12  # tokens between a figure and a bare number that continues its list («و9 آلاف في العراق»)
ATTACKER_WINDOW = 2  # an actor this close after an attack noun is the attacker («القصف الإيراني»)
LIST_SIDE_WORDS = 3  # words a side's name may take in a list of sides («الولايات المتحدة وفرنسا»)
ATTACK_CUE_WINDOW = 6  # «مرة» counts attacks only this close after an attack word («للهجوم 27 مرة»)
FIGHTER_DEFAULT = "militias"  # fighters/gunmen named by no owner: the domain's non-state armed groups
ATTACK_CATEGORIES = ("attacks", "drones", "missiles")  # what an unnamed attacker uses or does
CASUALTY_CATEGORIES = ("killed", "wounded")  # figures whose actor is the side that lost the people
EVENT_CATEGORIES = ("attacks", *CASUALTY_CATEGORIES)  # figures that are events (the Map's and the events table's)
UNKNOWN = "unknown"  # the guide's actor when nothing in the article says whose a figure is
BARE_VICTIMS = "civilians"  # whose dead and wounded a bare casualty noun («60 قتيلا») counts when no side follows

_YEAR_WORDS = {normalise(w) for w in ("عام", "العام", "لعام", "بعام", "سنة", "السنة", "لسنة", "منذ")}
_COUNT_LINKS = {normalise(w) for w in ("عددها", "عدده", "عددهم", "بلغ", "يبلغ", "نحو", "حوالي", "قرابة")}
_RANGE_CUES = frozenset(normalise(w) for w in ("مدى", "مداه", "مداها", "بمدى"))
# Words after which comes the side an act falls on (a target, a victim), never the owner of the weapons used:
# «هجوما على القوات», «استهدفت القاعدة», «تعرض رئيس الوزراء لمحاولة اغتيال بثلاث طائرات مسيرة»
# verbs of undergoing: the side named right before one is the side attacked («القوات الأمريكية تعرضت لـ 165 هجوما»)
_EXPOSURE = frozenset(normalise(w) for w in ("تعرضت", "تعرض", "يتعرض", "تتعرض"))
_TARGET_MARKERS = frozenset(normalise(w) for w in ("على", "ضد", "علي", "استهدفت", "استهدف", "تستهدف", "يستهدف")) \
    | _EXPOSURE
EXPOSURE_SPAN = 3  # words after a side in which its verb of undergoing stands («القوات الأمريكية في سوريا تعرضت»)
# nouns of a side's own forces and sites: after a target marker, with a possessive pronoun («ضد قواتها»), they make
# the side just named the target
_OWN_FORCES = frozenset(normalise(w) for w in ("قوات", "قواعد", "مواقع", "جنود", "مصالح", "منشآت", "سفارة", "قاعدة"))
_POSSESSIVE = ("ها", "هم", "نا")
# verbs of handing over: the side after ل receives what is counted, the one that hands it over held it
_HANDOVER = frozenset(normalise(w) for w in ("تسليم", "سلمت", "سلم", "تسلم", "تسلمت", "نقل", "إعادة"))
HANDOVER_SPAN = 3  # words before a count in which its verb of handing over stands

# sides that carry out unattributed attacks in this domain: the article's most named one owns unattributed
# attack weapons and attacks («بثلاث طائرات مسيرة» in an article about the factions)
NONSTATE_ACTORS = ("militias", "isis", "houthis")
_BREAKDOWN = frozenset(normalise(w) for w in ("بينهم", "منهم", "منها", "بينها", "ومنهم", "ومنها", "من بينهم"))
_SPEECH_CUES = frozenset(normalise(w) for w in (
    "قال", "قالت", "أعلن", "أعلنت", "أضاف", "أضافت", "ذكر", "ذكرت", "أكد", "أكدت", "أفاد", "أفادت", "وفق", "وفقا",
    "بحسب", "حسب", "نقلا", "كشف", "كشفت", "أوضح", "أوضحت", "أشار", "أشارت"))
_GOVERNMENTS = frozenset(normalise(w) for w in ("الحكومة", "النظام"))
_BETWEEN = frozenset(normalise(w) for w in ("بين", "وبين"))
_RANGE_TO = frozenset(normalise(w) for w in ("إلى", "و"))
_ONE = frozenset(normalise(w) for w in ("واحد", "واحدة", "واحدا"))


@dataclass
class Figure:
    value: float
    bound: str
    category: str
    actor: str | None
    unit: str | None
    evidence: str
    sentence: str
    sentence_index: int = 0
    by: str | None = None  # who caused the casualties
    target: str | None = None  # whom the attacks hit
    location: str | None = None  # where, when the text says (English label)
    thing: str | None = None  # the counted noun as written, for counts of groups, bases and the like
    evidence_start: int = 0  # the evidence's character offsets in the sentence
    evidence_end: int = 0
    place: Place | None = None  # the location geocoded (places.py)

    def to_dict(self) -> dict:
        d = asdict(self)
        del d["place"]
        d.update(self.place.geo() if self.place else NO_GEO)
        if float(self.value).is_integer():
            d["value"] = int(self.value)
        d["plausible"] = plausible(self.category, self.value)
        return d


@dataclass(frozen=True)
class Unit:
    category: str
    dual: bool
    actor: str | None
    text: str
    kind: str  # fighter, aircraft, times or blank (see units.csv)


@dataclass(frozen=True)
class ActorWord:
    actor: str
    noun: bool  # a noun that heads a phrase («فصائل عراقية»: the noun names the owner, not its adjective)


# --- lexicons -------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def unit_matcher() -> PhraseMatcher[Unit]:
    return PhraseMatcher((r["form"], Unit(r["category"], r["dual"] == "yes", r["actor"] or None, r["form"], r["kind"]))
                         for r in rows("units.csv"))


@lru_cache(maxsize=1)
def actor_matcher() -> PhraseMatcher[ActorWord]:
    return PhraseMatcher((r["word"], ActorWord(r["actor"], not r["word"].endswith("*")))
                         for r in rows("figure_actors.csv"))


@lru_cache(maxsize=1)
def person_matcher() -> PhraseMatcher[tuple[str, str | None]]:
    """Counted people (شخص، مدني، إيرانيين): payload (role, actor)."""
    return PhraseMatcher((r["word"], (r["role"], r["actor"] or None)) for r in rows("people_words.csv"))


@lru_cache(maxsize=1)
def attack_matcher() -> PhraseMatcher[str]:
    return PhraseMatcher(((r["word"], r["word"]) for r in rows("attack_words.csv")), definite=True)


@lru_cache(maxsize=1)
def place_matcher() -> PhraseMatcher[str]:
    """Places of actors.csv (type LOC) with their English label, for the figure's location."""
    return PhraseMatcher((form, r["label_en"]) for r in rows("actors.csv") if r["type"] == "LOC"
                         for form in [r["name"], *filter(None, r["aliases"].split("|"))])


@lru_cache(maxsize=1)
def _dual_units() -> dict[str, Unit]:
    """Dual forms of the unit nouns marked dual (طائرتين، صاروخين) that are not themselves listed forms."""
    listed = {normalise(r["form"]) for r in rows("units.csv")}
    out = {}
    for r in rows("units.csv"):
        words = normalise(r["form"]).split()
        if r["dual"] == "yes" and len(words) == 1:
            # ta marbuta opens (طائرة → طائرتين، طائرتا); the construct dual طائرتا only then, since صاروخا and
            # عسكريا are accusatives; never the construct in ي, which is also "my" (مسيرتي: my career)
            feminine = words[0].endswith("ه")
            stem = words[0][:-1] + "ت" if feminine else words[0]
            # nor for attacks: «وأوقعت غارتا يوم الخميس» names the raids of a day, not a count the guide takes
            construct = feminine and r["category"] not in ATTACK_CATEGORIES
            for end in ("ين", "ان", "ا") if construct else ("ين", "ان"):
                if stem + end not in listed:
                    out.setdefault(stem + end, unit_matcher().match_at([Token(words[0], words[0], 0, 0)], 0).payload)
    return out


@lru_cache(maxsize=1)
def _one_word_units() -> frozenset[str]:
    """One-word unit forms (صاروخ، طائرة): a number right after one is a model number, not a count."""
    return frozenset(normalise(r["form"]) for r in rows("units.csv") if " " not in r["form"].strip())


@lru_cache(maxsize=1)
def _weapon_words() -> frozenset[str]:
    """One-word weapon nouns: «صاروخ فاتح 110» names a model, not a count."""
    return frozenset(normalise(r["form"]) for r in rows("units.csv") if " " not in r["form"].strip()
                     and r["category"] in WEAPON_CATEGORIES)


@lru_cache(maxsize=1)
def _casualty_cues() -> dict[str, str]:
    return {normalise(r["word"]): r["role"] for r in rows("people_words.csv") if r["role"] in ("killed", "wounded")}


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    names = set()
    for r in rows("months.csv"):
        names.update(normalise(r["name"]).split())
    return frozenset(names - {"الاول", "الثاني"})


@lru_cache(maxsize=1)
def _proxy_words() -> frozenset[str]:
    return frozenset(normalise(r["cue"]) for r in rows("stance_cues.csv") if r["kind"] == "proxy")


# --- small readers ----------------------------------------------------------------------------------------

def _norms(tokens: list[Token], i: int) -> set[str]:
    return {f for f, _ in word_forms(tokens[i].norm)} if 0 <= i < len(tokens) else set()


def _cue_before(tokens: list[Token], start: int, window: int) -> str | None:
    """killed/wounded when a casualty cue stands in the `window` words before `start` (same clause)."""
    cues = _casualty_cues()
    for k in range(start - 1, max(-1, start - window - 1), -1):
        if tokens[k].norm in CLAUSE_BREAKS:
            return None
        for f in _norms(tokens, k):
            if f in cues:
                return cues[f]
    return None


def _cue_after(tokens: list[Token], end: int) -> str | None:
    """killed/wounded written after the counted people: «365 ألف شخص راحوا ضحية الحرب», «لقوا حتفهم»."""
    cues = _casualty_cues()
    for k in range(end, min(len(tokens), end + AFTER_CUE_WINDOW)):
        if tokens[k].norm in CLAUSE_BREAKS:
            return None
        hit = next((cues[f] for f in _norms(tokens, k) if f in cues), None)
        if hit:
            return hit
    return None


def _actor_at(tokens: list[Token], k: int) -> str | None:
    """The actor named at token k: a state after a proxy word (المدعومة من إيران) stands for the militias it
    backs; an adjective after a noun actor (فصائل عراقية) belongs to that noun."""
    m = actor_matcher().match_at(tokens, k)
    if not m:
        return None
    if any(t.norm in _proxy_words() for t in tokens[max(0, k - 3):k]) and m.pattern.words[0] not in _GOVERNMENTS:
        return "militias"  # «الموالية لإيران»; but forces loyal to a government («للحكومة السورية») are its own
    if not m.payload.noun and k > 0:
        head = actor_matcher().match_at(tokens, k - 1)
        if head and head.payload.noun and head.end == k:
            return head.payload.actor
    return m.payload.actor


def _is_attacker(tokens: list[Token], k: int) -> bool:
    """An actor right after an attack noun or an instrument (القصف الإيراني، بغارات إسرائيلية) is the attacker."""
    return any(attack_matcher().match_at(tokens, j) for j in range(max(0, k - ATTACKER_WINDOW), k))


def _speaker_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges that name the source of a report: from a verb of saying to its أن/إن or the clause end."""
    spans, k = [], 0
    while k < len(tokens):
        if _norms(tokens, k) & _SPEECH_CUES:
            j = k + 1
            while j < len(tokens) and tokens[j].norm not in COMPLEMENTISERS and tokens[j].norm not in CLAUSE_BREAKS:
                j += 1
            spans.append((k, j))
            k = j
        k += 1
    return spans


def _window(tokens: list[Token], start: int, width: int) -> range:
    """The indices of at most `width` tokens from `start`, cut at the end of the sentence."""
    return range(start, min(len(tokens), start + width))


def _actor_after(tokens: list[Token], end: int) -> str | None:
    """The owner named right after the counted noun: «جندي أمريكي», «مسلح من الفصائل», «عنصر للتحالف»."""
    for k in _window(tokens, end, ACTOR_AFTER_WINDOW):
        if tokens[k].norm in CLAUSE_BREAKS or tokens[k].norm in {"و"} or _norms(tokens, k) & _TARGET_MARKERS:
            return None  # «هجوما على القوات الأميركية»: what follows على is the target
        if _norms(tokens, k) & {"في", "ب"} and k > end:
            return None  # «2000 جندي في سوريا»: a place, not an owner
        actor = _actor_at(tokens, k)
        if actor:
            return actor
    return None


def _actor_before(tokens: list[Token], start: int, skip_attackers: bool, skip_speakers: bool = True) -> str | None:
    speakers = _speaker_spans(tokens[:start]) if skip_speakers else []
    for k in range(start - 1, -1, -1):
        if any(a <= k < b for a, b in speakers):
            continue
        if _after_target_marker(tokens, k) or _before_exposure(tokens, k):
            continue  # the target of an attack, not its owner
        actor = _actor_at(tokens, k)
        if actor and _dative(tokens, k) and actor != "militias":
            continue  # «بالنسبة للتحالف»: a side something happens for or to, not the one that acts
        if actor and not (skip_attackers and _is_attacker(tokens, k)):
            return _list_head(tokens, k) or actor
    return None


def _list_head(tokens: list[Token], k: int) -> str | None:
    """The side a list of sides joined by و names first («شنت الولايات المتحدة وفرنسا وبريطانيا 105 ضربات»:
    the one named first leads), when the side at token k is one of its later items; else None."""
    head = None
    while tokens[k].norm.startswith("و") and actor_matcher().match_at(tokens, k).clitic:
        before = next((j for j in range(k - 1, max(-1, k - LIST_SIDE_WORDS - 1), -1)
                       if (m := actor_matcher().match_at(tokens, j)) and m.end == k), None)
        if before is None:
            break
        k, head = before, _actor_at(tokens, before)
    return head


def _before_exposure(tokens: list[Token], k: int) -> bool:
    """Whether the side named at token k is the subject of a verb of undergoing («تعرضت») right after it."""
    for j in range(k + 1, min(len(tokens), k + 1 + EXPOSURE_SPAN)):
        if tokens[j].norm in CLAUSE_BREAKS or tokens[j].norm in COMPLEMENTISERS:
            return False  # «قالت الفصائل إن القاعدة تعرضت»: another clause, another subject
        if _norms(tokens, j) & _EXPOSURE:
            return True
    return False


def _side_before(tokens: list[Token], start: int, test) -> str | None:
    """The nearest side named before `start` whose position passes `test(tokens, k)`."""
    for k in range(start - 1, -1, -1):
        actor = _actor_at(tokens, k)
        if actor and test(tokens, k):
            return actor
    return None


def _exposed_side(tokens: list[Token], start: int) -> str | None:
    """The side named before a count as the subject of a verb of undergoing («القوات الأمريكية تعرضت إلى»)."""
    return _side_before(tokens, start, _before_exposure)


def _own_forces_targeted(tokens: list[Token], start: int, end: int) -> bool:
    """Whether a target marker in the count's clause governs a side's own forces by pronoun («ضد قواتها»)."""
    for k in range(len(tokens) - 1):
        if _norms(tokens, k) & _TARGET_MARKERS and not has_clause_break(tokens, min(k, start), max(k, end)):
            if any(_possessed_forces(tokens[j].norm) for j in range(k + 1, min(len(tokens), k + 3))):
                return True
    return False


@lru_cache(maxsize=10_000)
def _possessed_forces(norm: str) -> bool:
    return any(f.endswith(p) and f[:-len(p)] in _OWN_FORCES for f, _ in word_forms(norm) for p in _POSSESSIVE)


def _nearest_side_before(tokens: list[Token], start: int, prev: list[Token]) -> str | None:
    """The side named last before a position, in its sentence or else the sentence before: a pronoun's
    antecedent."""
    def anywhere(_tokens, _k):
        return True
    return _side_before(tokens, start, anywhere) or _side_before(prev, len(prev), anywhere)


def _attack_sides(ctx: _Context, start: int, end: int, actor: str | None) -> tuple[str, str | None]:
    """(actor, target) of an attack count or of weapons fired. The target is the side after على/ضد/استهدف, the
    subject of a verb of undergoing («تعرضت القوات الأمريكية»), or the side whose own forces a target marker
    governs by pronoun («الهجمات ضد قواتها»). The side attacked is never the attacker: without another one, the
    attacker is the article's armed group, or unknown."""
    tokens = ctx.tokens
    target = _target(tokens, end) or _exposed_side(tokens, start)
    if target is None and _own_forces_targeted(tokens, start, end):
        target = _nearest_side_before(tokens, start, ctx.prev)
    if actor is None or actor == target:
        actor = ctx.armed_group if ctx.armed_group and ctx.armed_group != target else UNKNOWN
    return actor, target



def _handed_over(tokens: list[Token], start: int) -> bool:
    return any(_norms(tokens, k) & _HANDOVER for k in range(max(0, start - HANDOVER_SPAN), start))


def _dative(tokens: list[Token], k: int) -> bool:
    m = actor_matcher().match_at(tokens, k)
    return bool(m and m.clitic and tokens[k].norm.lstrip("وف")[:1] == "ل")


def _after_target_marker(tokens: list[Token], k: int) -> bool:
    for j in range(k - 1, max(-1, k - ACTOR_AFTER_WINDOW), -1):
        if tokens[j].norm in CLAUSE_BREAKS:
            return False
        if _norms(tokens, j) & _TARGET_MARKERS:
            return True
    return False


def _attacker(tokens: list[Token], start: int) -> str | None:
    return _side_before(tokens, start, _is_attacker)


def _attacker_after(tokens: list[Token], end: int) -> str | None:
    """The attacker named after a casualty count in its sentence: «مقتل 23 مقاتلا، بينهم ...، في الغارات
    الإسرائيلية»; a list of the dead runs across commas, so only the sentence's end stops it."""
    for k in range(end, len(tokens)):
        actor = _actor_at(tokens, k)
        if actor and _is_attacker(tokens, k):
            return actor
    return None


def _target(tokens: list[Token], end: int) -> str | None:
    """What an attack falls on: the actor after a target marker (على، ضد) a few words after the count."""
    for k in _window(tokens, end, ACTOR_AFTER_WINDOW + 2):
        if _norms(tokens, k) & _TARGET_MARKERS:
            for j in _window(tokens, k + 1, ACTOR_AFTER_WINDOW):
                actor = _actor_at(tokens, j)
                if actor:
                    return actor
            return None
    return None


def _location(tokens: list[Token], end: int) -> str | None:
    """Where it happened: a curated place a few words after the count, written with its preposition («بالعراق»)
    or after «في», and in the same clause."""
    for k in _window(tokens, end, ACTOR_AFTER_WINDOW + 2):
        if tokens[k].norm in CLAUSE_BREAKS:
            return None
        m = place_matcher().match_at(tokens, k)
        if m and (m.clitic or k > end and _norms(tokens, k - 1) & {"في"}):
            return m.payload
    return None


# --- what is not a count ------------------------------------------------------------------------------------

def _not_a_count(tokens: list[Token], m: NumberMatch, has_unit: bool) -> bool:
    before = tokens[m.start - 1].norm if m.start > 0 else ""
    after = tokens[m.end].norm if m.end < len(tokens) else ""
    after2 = " ".join(t.norm for t in tokens[m.end:m.end + 2])
    time_words = normalised_set("time_words.csv")
    if before in _months() or after in _months() or before in {"/", ":"} or after in {"/", ":", "%", "٪"}:
        return True  # dates, times, percentages
    if after in time_words or strip_accusative(after) in time_words or after2 in time_words:
        return True  # durations, money
    if m.start == 0 and after in {"-", ")", ".", "–"}:
        return True  # list numbering: "1- ..."
    if before in _YEAR_WORDS:
        return True  # "عام ألفين وعشرين": a year written in words
    if before in {"رقم", "طراز", "نوع", "-", "–"} or (tokens[m.start].text[:1].isdigit() and before in _one_word_units()):
        return True  # model numbers (صاروخ فاتح 110، طراز 2), list references
    if has_unit:
        return False  # «2000 جندي», «الـ40 مليشيا»: a counted noun makes it a count
    if tokens[m.start].text.isdigit() and 1900 <= m.value <= 2100 and len(tokens[m.start].text) == 4:
        return True  # a year
    if before == "ال":
        return True  # ordinals: للمرة الـ5
    digits = tokens[m.start].text[:1].isdigit()
    if digits and m.start >= 2 and tokens[m.start - 2].norm in _weapon_words() and tokens[m.start - 1].norm[:1].isalpha() \
            and not tokens[m.start - 1].norm.startswith(("ال", "و")) and tokens[m.start - 1].norm not in _COUNT_LINKS:
        return True  # "صاروخ فاتح 110": a weapon name, then its model number
    return False


# --- the counted thing after a number ------------------------------------------------------------------------

def _unit_after(tokens: list[Token], j: int, vague: bool) -> tuple[Unit, int] | None:
    """The unit at token j, or after «من» (25 ألفاً من السلاح المتوسط); after a vague count also the definite
    plural (آلاف المقاتلين)."""
    for k in (j, j + 1):
        if k >= len(tokens) or (k > j and (tokens[j].norm != "من" or not tokens[k].norm.startswith("ال"))):
            break  # the partitive «25 ألفا من السلاح» takes a definite noun; «51 من ضربة جزاء» is no count
        m = unit_matcher().match_at(tokens, k)
        if m is None and vague and tokens[k].norm.startswith("ال"):
            bare = tokens[k].norm[2:]
            m = unit_matcher().match_at([Token(bare, bare, 0, 0), *tokens[k + 1:]], 0)
            if m:
                return m.payload, k + (m.end - m.start)
        if m and (m.clitic == 0 or k > j):
            return m.payload, m.end
        if k == j and tokens[j].norm == "من":
            m = unit_matcher().match_at(tokens, j)  # «من السلاح الخفيف» is itself a unit
            if m:
                return m.payload, m.end
    return None


def _person_after(tokens: list[Token], j: int) -> tuple[str, str | None, int] | None:
    """(role, actor, end) for counted people at token j: شخصا، مدنيين، آخرين، إيرانيين، من قوات النظام."""
    if j >= len(tokens):
        return None
    m = person_matcher().match_at(tokens, j)
    if m and m.clitic == 0:
        return m.payload[0], m.payload[1], m.end
    return None


# --- extraction -----------------------------------------------------------------------------------------

@dataclass
class _Context:
    tokens: list[Token]
    prev: list[Token]
    sentence: str
    index: int
    found: list[tuple[Figure, int]]  # figures of this sentence with the token index after each
    armed_group: str | None = None  # the non-state armed side the article names most
    main_side: str | None = None  # the side the article names most (its subject)
    attacker: str | None = None  # the side the article names most as an attacker («القصف الإسرائيلي»)
    # vague counts of this sentence (عشرات الصواريخ, آلاف المقاتلين): no figure (FIGURES_GUIDE: vague amounts are
    # not claims, and a made-up 10 or 1,000 would be summed in the charts), but the whole a breakdown is part of
    # («عشرات القتلى بينهم 5 أطفال»)
    vague: set[int] = field(default_factory=set)  # the id() of each
    has_one: bool = True  # whether the sentence holds «واحد»: «هجوم واحد» is read only then (most sentences do not)


@lru_cache(maxsize=1)
def conflict_matcher() -> PhraseMatcher[str]:
    return PhraseMatcher(((r["word"], r["word"]) for r in rows("conflict_words.csv")), definite=True)


def has_conflict_sense(token_lists: list[list[Token]]) -> bool:
    """Whether any sentence holds a word of military or conflict sense (conflict_words.csv)."""
    matcher = conflict_matcher()
    return any(matcher.match_at(toks, k) for toks in token_lists for k in range(len(toks)))


def extract_figures(sentences: list[str]) -> list[Figure]:
    token_lists = [list(tokenize(s)) for s in sentences]
    if not has_conflict_sense(token_lists):
        return []  # sport and technology news count fans, coaches and kicks with the same nouns
    figures: list[Figure] = []
    prev: list[Token] = []
    prev_figs: list[tuple[Figure, int]] = []
    armed, main, attacker = _article_sides(token_lists)
    for s_index, (sentence, tokens) in enumerate(zip(sentences, token_lists)):
        ctx = _Context(tokens, prev, sentence, s_index, [], armed, main, attacker,
                       has_one=any(t.norm in _ONE for t in tokens))
        i = 0
        while i < len(tokens):
            i = _figure_at(ctx, i, prev_figs)
        figures += [f for f, _ in ctx.found if id(f) not in ctx.vague]
        prev, prev_figs = tokens, ctx.found
    return figures


def _figure_at(ctx: _Context, i: int, prev_figs: list[tuple[Figure, int]]) -> int:
    """Reads the figure starting at token i, if any, into ctx.found; returns the next token to read."""
    tokens = ctx.tokens
    m = parse_number(tokens, i)
    if m is None:
        return _dual_at(ctx, i)
    upper = _range_upper(tokens, m)
    if upper:  # «بين 40 و70 قتيلا»: one claim, the lower value (FIGURES_GUIDE), counted by the upper's noun
        m = replace(upper, value=m.value, start=m.start, prefix=m.prefix)
    found = _unit_after(tokens, m.end, m.vague)
    if _not_a_count(tokens, m, found is not None):
        return max(m.end, i + 1)
    category = actor = by = thing = whole = None  # whole: the total a breakdown («16 منها») is part of
    bare_count = False  # a casualty cue with a number and no noun («وأصيب 48»)
    end, unit_text = m.end, None
    casualty = _cue_before(tokens, m.start, CASUALTY_CUE_WINDOW)
    bound, b_start = bound_before(tokens, m.start)
    if found:
        unit, end = found
        category, unit_text, actor = unit.category, unit.text, unit.actor
        if category == "personnel":  # «مقتل 3 جنود»: soldiers counted as casualties, also further down a list
            parent = _parent(ctx, m, b_start, prev_figs, has_unit=True)
            category = _cue_before(tokens, b_start, PERSONNEL_CUE_WINDOW) or (
                parent.category if parent and parent.category in CASUALTY_CATEGORIES else category)
        elif category == "range_km" and not _range_cue(tokens, m.start):
            return max(end, i + 1)
        elif category == "other":
            thing = unit_text
        elif unit.kind == "times":
            if not _attack_before(tokens, m.start):
                return max(end, i + 1)  # «مرتين» of anything else is no attack count
    elif person := _person_after(tokens, m.end):
        role, actor, end = person
        if end < len(tokens) and tokens[end].norm == "من":
            actor = _actor_after(tokens, end + 1) or actor  # «27 شخصا من الحرس الثوري»: whose people they are
        category = casualty or _cue_after(tokens, end)
        if category is None and role != "national":
            parent = _parent(ctx, m, b_start, prev_figs)  # «بينهم 30 طفلا»: part of a casualty count
            category = parent.category if parent and parent.category in CASUALTY_CATEGORIES else None
        if category and role != "national" and not _conflict_near(ctx):
            category = None  # «مقتل 14 شخصا» in a road accident or «إصابة مليون شخص» by a virus
        if category is None and role == "national":
            parent = _parent(ctx, m, b_start, prev_figs)  # «بينهم 2500 أميركي»: part of a count of troops
            category = parent.category if parent else None  # «22 مليون يمني» alone is a population
        unit_text = tokens[m.end].text
        if role == "others" and category:
            actor = next((f.actor for f, _ in reversed(ctx.found) if f.category in CASUALTY_CATEGORIES),
                         BARE_VICTIMS)  # «وإصابة 70 آخرين» with no casualty before it: people, no side named
    elif casualty and _cue_before(tokens, b_start, 1):
        category = casualty  # «عن مقتل 9»: the cue itself says who was counted
        bare_count = True
    else:
        parent = _parent(ctx, m, b_start, prev_figs)
        if parent is None:
            return max(m.end, i + 1)
        category, unit_text, actor, whole = parent.category, parent.unit, None, parent
        if m.end < len(tokens) and tokens[m.end].norm == "من":
            actor = _actor_after(tokens, m.end + 1)  # «بينهم 5 من قوات النظام السوري»
        actor = actor or parent.actor  # «و9 آلاف في العراق», «16 منها»: the same side as the whole
    if category is None:
        return max(end, i + 1)
    if m.vague or upper:
        bound = "at_least"
    elif bound == "exact":
        bound = bound_after(tokens, end + (end < len(tokens) and tokens[end].text in QUOTE_CLOSE)) or bound
    fighters = found is not None and found[0].kind == "fighter"
    if category in CASUALTY_CATEGORIES:
        # «60 قتيلا», «وأصيب 48»: the noun, or the number alone, names no side
        bare = bare_count or (found is not None and found[0].category in CASUALTY_CATEGORIES)
        actor = actor or _actor_after(tokens, end) or (FIGHTER_DEFAULT if fighters else None) \
            or (BARE_VICTIMS if bare else None) \
            or _actor_before(tokens, b_start, skip_attackers=True) \
            or _actor_before(ctx.prev, len(ctx.prev), skip_attackers=True)
        by = _attacker(tokens, b_start) or _attacker_after(tokens, end) \
            or (ctx.attacker if ctx.attacker != actor else None)
    elif _handed_over(tokens, b_start):  # «تسليم 5 قواعد للقوات العراقية»: the side handing over held them
        actor = actor or _actor_before(tokens, b_start, False, skip_speakers=False) or _fallback_side(ctx, category)
    else:
        actor = actor or _actor_after(tokens, end)
        if actor is None and fighters:
            actor = _actor_before(tokens, b_start, False) if _nonstate_before(tokens, b_start) else FIGHTER_DEFAULT
        actor = actor or _actor_before(tokens, b_start, False) or _actor_before(ctx.prev, len(ctx.prev), False)
        if actor is None:
            actor = _fallback_side(ctx, category)
    target = actor if category in CASUALTY_CATEGORIES else None  # whose people were hit
    if category in ATTACK_CATEGORIES and not (found and found[0].actor):
        actor, target = _attack_sides(ctx, b_start, end, actor)
        target = target or (whole.target if whole else None)
    if category in ATTACK_CATEGORIES and actor != UNKNOWN:
        by = actor  # the perpetrator of attacks is the side that carries them out
    first, last = tokens[b_start].start, tokens[end - 1].end
    fig = Figure(float(m.value), bound, category, actor, unit_text, ctx.sentence[first:last], ctx.sentence, ctx.index,
                 by=by, target=target, location=_location(tokens, end), thing=thing, evidence_start=first,
                 evidence_end=last)
    ctx.found.append((fig, end))
    if m.vague:
        ctx.vague.add(id(fig))
    return max(end, i + 1)


def _article_sides(token_lists: list[list[Token]]) -> tuple[str | None, str | None, str | None]:
    """(the non-state armed side the article names most, the side it names most, the side it names most as an
    attacker): the owners of weapons and attacks whose sentence names none — an article about the Sixth Fleet
    counts the fleet's ships — and who caused casualties whose sentence says not («الغارات الإسرائيلية» earlier)."""
    counts: dict[str, int] = {}
    attackers: dict[str, int] = {}
    for toks in token_lists:
        for m in actor_matcher().find_all(toks):
            counts[m.payload.actor] = counts.get(m.payload.actor, 0) + 1
            if _is_attacker(toks, m.start):
                side = _actor_at(toks, m.start) or m.payload.actor
                attackers[side] = attackers.get(side, 0) + 1
    armed = {a: n for a, n in counts.items() if a in NONSTATE_ACTORS}
    return (max(armed, key=armed.get) if armed else None), (max(counts, key=counts.get) if counts else None), \
        (max(attackers, key=attackers.get) if attackers else None)


def _fallback_side(ctx: _Context, category: str) -> str | None:
    """The owner of a figure whose sentences name none: for attacks and their weapons the armed group the
    article names most (an unnamed attacker is not the article's subject, who may be the target); for
    holdings and personnel the side the article names most."""
    return ctx.armed_group if category in ATTACK_CATEGORIES else ctx.main_side


@lru_cache(maxsize=100_000)
def _dual_unit_of(norm: str) -> Unit | None:
    """The unit a dual form counts two of (طائرتين، بصاروخين), clitics stripped; None for most words."""
    return next((_dual_units()[f] for f, _ in word_forms(norm) if f in _dual_units()), None)


def _conflict_near(ctx: _Context) -> bool:
    """A conflict word in this sentence or the one before: people counted as casualties of violence."""
    return has_conflict_sense([ctx.tokens, ctx.prev])


def _dual_at(ctx: _Context, i: int) -> int:
    """A dual noun counts two (طائرتين مسيرتين، صاروخين); an adjective that agrees with it is read with it."""
    tokens = ctx.tokens
    unit = _dual_unit_of(tokens[i].norm)
    if unit is None:
        return _single_at(ctx, i) if ctx.has_one else i + 1
    if tokens[i].norm.startswith("ال") or (i > 0 and parse_number(tokens, i - 1)) \
            or (unit.kind == "times" and not _attack_before(tokens, i)):
        return i + 1  # «مرتين» counts attacks only after an attack word
    end = i + 1
    named = None  # a nationality among the agreeing adjectives names the owner: «صاروخين إسرائيليين»
    while end < len(tokens) and tokens[end].norm.endswith(("ين", "ان", "تا")) and len(tokens[end].norm) > 4 \
            and tokens[end].norm not in _dual_units():
        named = named or _actor_at(tokens, end)
        end += 1  # an adjective agreeing with the dual: طائرتين مسيرتين
    if end < len(tokens) and tokens[end].norm in _dual_units():
        if unit.kind == "aircraft":
            unit = _dual_units()[tokens[end].norm]  # «طائرتين مسيرتين»: the second noun says what kind
        end += 1
    category = unit.category
    if unit.kind == "aircraft" and _drone_context(ctx, i):
        category = "drones"  # «طائرتين منها» after «ثلاث طائرات مسيرة»: the same drones
    actor = unit.actor or named or _actor_after(ctx.tokens, end) or _actor_before(tokens, i, False) \
        or _actor_before(ctx.prev, len(ctx.prev), False) \
        or _fallback_side(ctx, category)
    target = None
    if category in ATTACK_CATEGORIES and not unit.actor:
        actor, target = _attack_sides(ctx, i, end, actor)
    first, last = tokens[i].start, tokens[end - 1].end
    ctx.found.append((Figure(2.0, "exact", category, actor, unit.text, ctx.sentence[first:last], ctx.sentence, ctx.index,
                             by=actor if category in ATTACK_CATEGORIES and actor != UNKNOWN else None, target=target,
                             location=_location(tokens, end), evidence_start=first, evidence_end=last), end))
    return end


def _single_at(ctx: _Context, i: int) -> int:
    """«هجوم واحد», «بصاروخ واحد»: a unit noun followed by «واحد» counts one."""
    tokens = ctx.tokens
    m = unit_matcher().match_at(tokens, i)
    if m is None or m.end >= len(tokens) or tokens[m.end].norm not in _ONE or tokens[i].norm.startswith("ال") \
            or m.payload.category not in ATTACK_CATEGORIES or m.payload.kind == "times":
        return i + 1  # «مرة واحدة» is "once", of anything
    end = m.end + 1
    actor, target = _attack_sides(ctx, i, end, _actor_after(tokens, end) or _actor_before(tokens, i, False))
    first, last = tokens[i].start, tokens[end - 1].end
    ctx.found.append((Figure(1.0, "exact", m.payload.category, actor, m.payload.text, ctx.sentence[first:last],
                             ctx.sentence, ctx.index, by=None if actor == UNKNOWN else actor, target=target,
                             location=_location(tokens, end), evidence_start=first, evidence_end=last), end))
    return end


def _drone_context(ctx: _Context, i: int) -> bool:
    return any(f.category == "drones" for f, _ in ctx.found) or any(
        (m := unit_matcher().match_at(ctx.prev, k)) and m.payload.category == "drones" for k in range(len(ctx.prev))) \
        or any((m := unit_matcher().match_at(ctx.tokens, k)) and m.payload.category == "drones" for k in range(i + 1, len(ctx.tokens)))


def _range_upper(tokens: list[Token], m: NumberMatch) -> NumberMatch | None:
    """The upper number of a range the number opens: «بين 40 و70», «ما بين 100 إلى 120»."""
    if m.start == 0 or tokens[m.start - 1].norm not in _BETWEEN or m.end >= len(tokens):
        return None
    after = tokens[m.end].norm
    k = m.end + 1 if after in _RANGE_TO else m.end  # «و70» is one token: the number's own prefix
    upper = parse_number(tokens, k) if k < len(tokens) else None
    if upper and (k > m.end or upper.prefix == "و") and not upper.vague:
        return upper
    return None


def _parent(ctx: _Context, m: NumberMatch, b_start: int, prev_figs, has_unit: bool = False) -> Figure | None:
    """The figure a bare number continues: a breakdown («بينهم 5 من ...», «16 منها») or the next item of a list
    joined by و («15 ألف جندي في الكويت، و9 آلاف في العراق»)."""
    tokens = ctx.tokens
    after = tokens[m.end].norm if m.end < len(tokens) else ""
    joined = tokens[b_start].norm == "و" or (b_start > 0 and tokens[b_start - 1].norm == "و") or m.prefix == "و"
    breakdown = _breakdown_before(tokens, b_start) or after in _BREAKDOWN
    candidates = ctx.found or (prev_figs if breakdown else [])
    if not candidates:
        return None
    parent, parent_end = candidates[-1]
    near = not ctx.found or m.start - parent_end <= LIST_GAP
    if breakdown and near:
        return parent
    if joined and near and (has_unit or after in {"في", "ب", "من", "،", ",", ".", ""} | _BREAKDOWN):
        return parent
    return None


def _breakdown_before(tokens: list[Token], start: int) -> bool:
    return any(tokens[k].norm in _BREAKDOWN for k in range(max(0, start - 2), start))


def _range_cue(tokens: list[Token], start: int) -> bool:
    return any(_norms(tokens, k) & _RANGE_CUES for k in range(max(0, start - RANGE_CUE_WINDOW), start))


def _attack_before(tokens: list[Token], start: int) -> bool:
    return any(attack_matcher().match_at(tokens, k) for k in range(max(0, start - ATTACK_CUE_WINDOW), start))


def _nonstate_before(tokens: list[Token], start: int) -> bool:
    return any(_actor_at(tokens, k) in NONSTATE_ACTORS for k in range(start))
