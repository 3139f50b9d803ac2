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

from dataclasses import asdict, dataclass
from functools import lru_cache

from dashboard.analysis.lexicon import normalised_set, rows
from dashboard.analysis.matcher import PhraseMatcher, strip_accusative, word_forms
from dashboard.analysis.numbers import NumberMatch, bound_after, bound_before, parse_number
from dashboard.analysis.text import QUOTE_CLOSE, Token, normalise, tokenize

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
ATTACK_CUE_WINDOW = 6  # «مرة» counts attacks only this close after an attack word («للهجوم 27 مرة»)
FIGHTER_DEFAULT = "militias"  # fighters/gunmen named by no owner: the domain's non-state armed groups
ATTACK_CATEGORIES = ("attacks", "drones", "missiles")  # what an unnamed attacker uses or does

_YEAR_WORDS = {normalise(w) for w in ("عام", "العام", "لعام", "بعام", "سنة", "السنة", "لسنة", "منذ")}
_COUNT_LINKS = {normalise(w) for w in ("عددها", "عدده", "عددهم", "بلغ", "يبلغ", "نحو", "حوالي", "قرابة")}
_RANGE_CUES = frozenset(normalise(w) for w in ("مدى", "مداه", "مداها", "بمدى"))
# Words after which comes the side an act falls on (a target, a victim), never the owner of the weapons used:
# «هجوما على القوات», «استهدفت القاعدة», «تعرض رئيس الوزراء لمحاولة اغتيال بثلاث طائرات مسيرة»
_TARGET_MARKERS = frozenset(normalise(w) for w in ("على", "ضد", "علي", "استهدفت", "استهدف", "تستهدف", "يستهدف",
                                                   "تعرض", "تعرضت", "يتعرض", "تتعرض"))
# sides that carry out unattributed attacks in this domain: the article's most named one owns unattributed
# attack weapons and attacks («بثلاث طائرات مسيرة» in an article about the factions)
NONSTATE_ACTORS = ("militias", "isis", "houthis")
_BREAKDOWN = frozenset(normalise(w) for w in ("بينهم", "منهم", "منها", "بينها", "ومنهم", "ومنها", "من بينهم"))
_CLAUSE_BREAKS = frozenset("،,.؛;:!؟?")
_SPEECH_CUES = frozenset(normalise(w) for w in (
    "قال", "قالت", "أعلن", "أعلنت", "أضاف", "أضافت", "ذكر", "ذكرت", "أكد", "أكدت", "أفاد", "أفادت", "وفق", "وفقا",
    "بحسب", "حسب", "نقلا", "كشف", "كشفت", "أوضح", "أوضحت", "أشار", "أشارت"))
_COMPLEMENTISERS = frozenset(normalise(w) for w in ("أن", "إن", "بأن", "وأن"))


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

    def to_dict(self) -> dict:
        d = asdict(self)
        if float(self.value).is_integer():
            d["value"] = int(self.value)
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
            for end in ("ين", "ان", "ا") if feminine else ("ين", "ان"):
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
        if tokens[k].norm in _CLAUSE_BREAKS:
            return None
        for f in _norms(tokens, k):
            if f in cues:
                return cues[f]
    return None


def _cue_after(tokens: list[Token], end: int) -> str | None:
    """killed/wounded written after the counted people: «365 ألف شخص راحوا ضحية الحرب», «لقوا حتفهم»."""
    cues = _casualty_cues()
    for k in range(end, min(len(tokens), end + AFTER_CUE_WINDOW)):
        if tokens[k].norm in _CLAUSE_BREAKS:
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
    if any(t.norm in _proxy_words() for t in tokens[max(0, k - 3):k]):
        return "militias"
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
            while j < len(tokens) and tokens[j].norm not in _COMPLEMENTISERS and tokens[j].norm not in _CLAUSE_BREAKS:
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
        if tokens[k].norm in _CLAUSE_BREAKS or tokens[k].norm in {"و"} or _norms(tokens, k) & _TARGET_MARKERS:
            return None  # «هجوما على القوات الأميركية»: what follows على is the target
        if _norms(tokens, k) & {"في", "ب"} and k > end:
            return None  # «2000 جندي في سوريا»: a place, not an owner
        actor = _actor_at(tokens, k)
        if actor:
            return actor
    return None


def _actor_before(tokens: list[Token], start: int, skip_attackers: bool) -> str | None:
    speakers = _speaker_spans(tokens[:start])
    for k in range(start - 1, -1, -1):
        if any(a <= k < b for a, b in speakers):
            continue
        if _after_target_marker(tokens, k):
            continue  # the target of an attack, not its owner
        actor = _actor_at(tokens, k)
        if actor and _dative(tokens, k) and actor != "militias":
            continue  # «بالنسبة للتحالف»: a side something happens for or to, not the one that acts
        if actor and not (skip_attackers and _is_attacker(tokens, k)):
            return actor
    return None


def _dative(tokens: list[Token], k: int) -> bool:
    m = actor_matcher().match_at(tokens, k)
    return bool(m and m.clitic and tokens[k].norm.lstrip("وف")[:1] == "ل")


def _after_target_marker(tokens: list[Token], k: int) -> bool:
    for j in range(k - 1, max(-1, k - ACTOR_AFTER_WINDOW), -1):
        if tokens[j].norm in _CLAUSE_BREAKS:
            return False
        if _norms(tokens, j) & _TARGET_MARKERS:
            return True
    return False


def _attacker(tokens: list[Token], start: int) -> str | None:
    for k in range(start - 1, -1, -1):
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
        if tokens[k].norm in _CLAUSE_BREAKS:
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
    armed, main = _article_sides(token_lists)
    for s_index, (sentence, tokens) in enumerate(zip(sentences, token_lists)):
        ctx = _Context(tokens, prev, sentence, s_index, [], armed, main)
        i = 0
        while i < len(tokens):
            i = _figure_at(ctx, i, prev_figs)
        figures += [f for f, _ in ctx.found]
        prev, prev_figs = tokens, ctx.found
    return figures


def _figure_at(ctx: _Context, i: int, prev_figs: list[tuple[Figure, int]]) -> int:
    """Reads the figure starting at token i, if any, into ctx.found; returns the next token to read."""
    tokens = ctx.tokens
    m = parse_number(tokens, i)
    if m is None:
        return _dual_at(ctx, i)
    found = _unit_after(tokens, m.end, m.vague)
    if _not_a_count(tokens, m, found is not None):
        return max(m.end, i + 1)
    category = actor = by = thing = None
    end, unit_text = m.end, None
    casualty = _cue_before(tokens, m.start, CASUALTY_CUE_WINDOW)
    bound, b_start = bound_before(tokens, m.start)
    if found:
        unit, end = found
        category, unit_text, actor = unit.category, unit.text, unit.actor
        if category == "personnel":  # «مقتل 3 جنود»: soldiers counted as casualties, also further down a list
            parent = _parent(ctx, m, b_start, prev_figs, has_unit=True)
            category = _cue_before(tokens, b_start, PERSONNEL_CUE_WINDOW) or (
                parent.category if parent and parent.category in ("killed", "wounded") else category)
        elif category == "range_km" and not _range_cue(tokens, m.start):
            return max(end, i + 1)
        elif category == "other":
            thing = unit_text
        elif unit.kind == "times":
            if not _attack_before(tokens, m.start):
                return max(end, i + 1)  # «مرتين» of anything else is no attack count
    elif person := _person_after(tokens, m.end):
        role, actor, end = person
        category = casualty or _cue_after(tokens, end)
        if category and role != "national" and not _conflict_near(ctx):
            category = None  # «مقتل 14 شخصا» in a road accident or «إصابة مليون شخص» by a virus
        if category is None and role == "national":
            parent = _parent(ctx, m, b_start, prev_figs)  # «بينهم 2500 أميركي»: part of a count of troops
            category = parent.category if parent else None  # «22 مليون يمني» alone is a population
        unit_text = tokens[m.end].text
        if role == "others" and category:
            actor = next((f.actor for f, _ in reversed(ctx.found) if f.category in ("killed", "wounded")), None)
    elif casualty and _cue_before(tokens, b_start, 1):
        category = casualty  # «عن مقتل 9»: the cue itself says who was counted
    else:
        parent = _parent(ctx, m, b_start, prev_figs)
        if parent is None:
            return max(m.end, i + 1)
        category, unit_text, actor = parent.category, parent.unit, None
        if m.end < len(tokens) and tokens[m.end].norm == "من":
            actor = _actor_after(tokens, m.end + 1)  # «بينهم 5 من قوات النظام السوري»
        actor = actor or parent.actor  # «و9 آلاف في العراق», «16 منها»: the same side as the whole
    if category is None:
        return max(end, i + 1)
    if m.vague:
        bound = "at_least"
    elif bound == "exact":
        bound = bound_after(tokens, end + (end < len(tokens) and tokens[end].text in QUOTE_CLOSE)) or bound
    fighters = found is not None and found[0].kind == "fighter"
    if category in ("killed", "wounded"):
        actor = actor or _actor_after(tokens, end) or (FIGHTER_DEFAULT if fighters else None) \
            or _actor_before(tokens, b_start, skip_attackers=True) \
            or _actor_before(ctx.prev, len(ctx.prev), skip_attackers=True)
        by = _attacker(tokens, b_start)
    else:
        actor = actor or _actor_after(tokens, end)
        if actor is None and fighters:
            actor = _actor_before(tokens, b_start, False) if _nonstate_before(tokens, b_start) else FIGHTER_DEFAULT
        actor = actor or _actor_before(tokens, b_start, False) or _actor_before(ctx.prev, len(ctx.prev), False)
        if actor is None:
            actor = _fallback_side(ctx, category)
    first, last = tokens[b_start].start, tokens[end - 1].end
    fig = Figure(float(m.value), bound, category, actor, unit_text, ctx.sentence[first:last], ctx.sentence, ctx.index,
                 by=by, target=_target(tokens, end) if category in ATTACK_CATEGORIES else None,
                 location=_location(tokens, end), thing=thing, evidence_start=first, evidence_end=last)
    ctx.found.append((fig, end))
    return max(end, i + 1)


def _article_sides(token_lists: list[list[Token]]) -> tuple[str | None, str | None]:
    """(the non-state armed side the article names most, the side it names most): the owners of weapons and
    attacks whose sentence names none — an article about the Sixth Fleet counts the fleet's ships."""
    counts: dict[str, int] = {}
    for toks in token_lists:
        for m in actor_matcher().find_all(toks):
            counts[m.payload.actor] = counts.get(m.payload.actor, 0) + 1
    armed = {a: n for a, n in counts.items() if a in NONSTATE_ACTORS}
    return (max(armed, key=armed.get) if armed else None), (max(counts, key=counts.get) if counts else None)


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
    if unit is None or tokens[i].norm.startswith("ال") or (i > 0 and parse_number(tokens, i - 1)):
        return i + 1
    end = i + 1
    while end < len(tokens) and tokens[end].norm.endswith(("ين", "ان", "تا")) and len(tokens[end].norm) > 4 \
            and tokens[end].norm not in _dual_units():
        end += 1  # an adjective agreeing with the dual: طائرتين مسيرتين
    if end < len(tokens) and tokens[end].norm in _dual_units():
        if unit.kind == "aircraft":
            unit = _dual_units()[tokens[end].norm]  # «طائرتين مسيرتين»: the second noun says what kind
        end += 1
    category = unit.category
    if unit.kind == "aircraft" and _drone_context(ctx, i):
        category = "drones"  # «طائرتين منها» after «ثلاث طائرات مسيرة»: the same drones
    actor = unit.actor or _actor_after(ctx.tokens, end) or _actor_before(tokens, i, False) \
        or _actor_before(ctx.prev, len(ctx.prev), False) \
        or _fallback_side(ctx, category)
    first, last = tokens[i].start, tokens[end - 1].end
    ctx.found.append((Figure(2.0, "exact", category, actor, unit.text, ctx.sentence[first:last], ctx.sentence, ctx.index,
                             location=_location(tokens, end), evidence_start=first, evidence_end=last), end))
    return end


def _drone_context(ctx: _Context, i: int) -> bool:
    return any(f.category == "drones" for f, _ in ctx.found) or any(
        (m := unit_matcher().match_at(ctx.prev, k)) and m.payload.category == "drones" for k in range(len(ctx.prev))) \
        or any((m := unit_matcher().match_at(ctx.tokens, k)) and m.payload.category == "drones" for k in range(i + 1, len(ctx.tokens)))


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
    return any(_actor_at(tokens, k) in ("militias", "isis", "houthis") for k in range(start))
