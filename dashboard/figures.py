"""Capability figures: numbers attached to a counted thing of force (fighters, weapons, missiles, drones,
attacks, casualties, range), with their bound, category, actor and the words that carry them.

A number counts only when a unit word from units.csv (or a casualty cue) follows it; dates, years,
durations, percentages, list numbering and money never do."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

from dashboard.lexicon import normalised_set, rows
from dashboard.numbers import bound_before, parse_number, strip_accusative
from dashboard.text import Token, clitic_forms, normalise, tokenize

CATEGORIES = ("personnel", "light_weapons", "medium_weapons", "heavy_weapons", "missiles", "range_km",
              "drones", "attacks", "killed", "wounded", "other")
_YEAR_WORDS = {normalise(w) for w in ("عام", "العام", "لعام", "بعام", "سنة", "السنة", "لسنة", "منذ")}
_COUNT_LINKS = {normalise(w) for w in ("عددها", "عدده", "عددهم", "بلغ", "يبلغ", "نحو", "حوالي", "قرابة")}
_RANGE_CUES = ("مدي", "مداه", "مداها", "يبلغ مدي", "بمدي")


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

    def to_dict(self) -> dict:
        d = asdict(self)
        if float(self.value).is_integer():
            d["value"] = int(self.value)
        return d


@dataclass(frozen=True)
class Unit:
    words: tuple[str, ...]
    category: str
    dual: bool
    actor: str | None
    text: str


@lru_cache(maxsize=1)
def units() -> dict[str, list[Unit]]:
    """First normalised word -> units starting with it, longest first."""
    table: dict[str, list[Unit]] = {}
    forms = {normalise(r["form"]) for r in rows("units.csv")}
    for r in rows("units.csv"):
        words = tuple(normalise(r["form"]).split())
        dual = r["dual"] == "yes" and _dual_forms(words[0]).isdisjoint(forms)
        unit = Unit(words, r["category"], dual, r["actor"] or None, r["form"])
        table.setdefault(words[0], []).append(unit)
    for lst in table.values():
        lst.sort(key=lambda u: -len(u.words))
    return table


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    """One-word unit forms (صاروخ، طائرة): a number right after one is a model number, not a count."""
    return frozenset(u.words[0] for lst in units().values() for u in lst if len(u.words) == 1)


def _dual_forms(word: str) -> set[str]:
    if word.endswith("ه"):  # ta marbuta opens: طائرة → طائرتين، طائرتان، طائرتا
        return {word[:-1] + "ت" + end for end in ("ين", "ان", "ا")}
    return {word + end for end in ("ين", "ان")}


@lru_cache(maxsize=1)
def _dual_index() -> dict[str, Unit]:
    index = {}
    for lst in units().values():
        for u in lst:
            if u.dual and len(u.words) == 1:
                for form in _dual_forms(u.words[0]):
                    index[form] = u
    return index


@lru_cache(maxsize=1)
def _casualty_words() -> tuple[frozenset[str], dict[str, str]]:
    persons, cues = set(), {}
    for r in rows("people_words.csv"):
        w = normalise(r["word"])
        if r["role"] == "person":
            persons.add(w)
        else:
            cues[w] = r["role"]
    return frozenset(persons), cues


@lru_cache(maxsize=1)
def _actor_words() -> dict[str, list[tuple[tuple[str, ...], bool, str]]]:
    """First word (or stem, for * entries) -> (words, prefix, actor), longest first."""
    index: dict[str, list] = {}
    for r in rows("figure_actors.csv"):
        word = r["word"]
        words = tuple(normalise(word.rstrip("*")).split())
        index.setdefault(words[0], []).append((words, word.endswith("*"), r["actor"]))
    for lst in index.values():
        lst.sort(key=lambda a: -len(a[0]))
    return index


@lru_cache(maxsize=1)
def _actor_stem_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(k) for k, lst in _actor_words().items() for e in lst if e[1] and len(e[0]) == 1},
                        reverse=True))


def _bare(word: str) -> list[str]:
    """The word and its forms without proclitics (shared rule of the text layer)."""
    return [f for f, _ in clitic_forms(word)]


def actor_at(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """(actor, words matched) for an actor word at token i."""
    index = _actor_words()
    for f in _bare(tokens[i].norm):
        for words, prefix, actor in index.get(f, ()):
            n = len(words)
            rest = tuple(t.norm for t in tokens[i + 1:i + n])
            if rest == words[1:] if not prefix else (rest[:-1] == words[1:-1] and rest and rest[-1].startswith(words[-1])):
                return actor, n
        for n in _actor_stem_lengths():
            for words, prefix, actor in index.get(f[:n], ()):
                if prefix and len(words) == 1 and len(f) > n:
                    return actor, 1
    return None


def _match_unit(tokens: list[Token], j: int, definite_ok: bool = False) -> tuple[Unit, int] | None:
    """The unit starting at token j (allowing a leading من), and the index after it. `definite_ok` for
    construct phrases after a vague count: آلاف المقاتلين."""
    for skip in (0, 1):
        k = j + skip
        if k >= len(tokens):
            return None
        if skip and tokens[j].norm != "من":
            return None
        firsts = {tokens[k].norm, strip_accusative(tokens[k].norm)}
        if definite_ok and tokens[k].norm.startswith("ال"):
            firsts.add(tokens[k].norm[2:])
        for first in firsts:
            for unit in units().get(first, []):
                n = len(unit.words)
                cand = [first] + [t.norm for t in tokens[k + 1:k + n]]
                if len(cand) == n and all(c == w or strip_accusative(c) == w or (definite_ok and c == "ال" + w)
                                           for c, w in zip(cand, unit.words)):
                    return unit, k + n
        if tokens[j].norm == "من":
            for unit in units().get("من", []):
                n = len(unit.words)
                if tuple(t.norm for t in tokens[j:j + n]) == unit.words:
                    return unit, j + n
    return None


def _not_a_count(tokens: list[Token], m, months: frozenset[str], time_words: frozenset[str]) -> bool:
    before = tokens[m.start - 1].norm if m.start > 0 else ""
    after = tokens[m.end].norm if m.end < len(tokens) else ""
    after2 = " ".join(t.norm for t in tokens[m.end:m.end + 2])
    if before in months or after in months or before in {"/", ":"} or after in {"/", ":", "%", "٪"}:
        return True  # dates, times, percentages
    if after in time_words or strip_accusative(after) in time_words or after2 in time_words:
        return True  # durations, money, "مرات"
    if m.start == 0 and after in {"-", ")", ".", "–"}:
        return True  # list numbering: "1- ..."
    if tokens[m.start].text.isdigit() and 1900 <= m.value <= 2100 and len(tokens[m.start].text) == 4:
        return True  # a year
    if before in _YEAR_WORDS:
        return True  # "عام ألفين وعشرين": a year written in words
    digits = tokens[m.start].text[:1].isdigit()
    if before in {"ال", "رقم", "طراز", "نوع", "-", "–"} or (digits and before in _unit_words()):
        return True  # ordinals (الـ5), model numbers (صاروخ فاتح 110، طراز 2), list references
    if digits and m.start >= 2 and tokens[m.start - 2].norm in _unit_words() and tokens[m.start - 1].norm[:1].isalpha() \
            and not tokens[m.start - 1].norm.startswith("ال") and tokens[m.start - 1].norm not in _COUNT_LINKS:
        return True  # "صاروخ فاتح 110": a weapon name, then its model number
    return False


def _near_cue(tokens: list[Token], start: int, cues, window: int) -> str | None:
    for k in range(start - 1, max(-1, start - window - 1), -1):
        for w in _bare(tokens[k].norm):
            if w in cues:
                return cues[w] if isinstance(cues, dict) else w
    return None


@lru_cache(maxsize=1)
def _proxy_words() -> frozenset[str]:
    return frozenset(normalise(r["cue"]) for r in rows("stance_cues.csv") if r["kind"] == "proxy")


def _actor_in(tokens: list[Token], k: int) -> str | None:
    """The actor named at token k; a state named after a proxy word (المدعومة من إيران) stands for the
    armed groups it backs."""
    hit = actor_at(tokens, k)
    if not hit:
        return None
    if any(t.norm in _proxy_words() for t in tokens[max(0, k - 3):k]):
        return "militias"
    head = actor_at(tokens, k - 1) if k > 0 else None
    return head[0] if head else hit[0]  # "فصائل عراقية": the noun, not its adjective, names the actor


def _find_actor(tokens: list[Token], m_start: int, unit_end: int, prev_tokens: list[Token]) -> str | None:
    for k in range(unit_end, min(len(tokens), unit_end + 3)):  # "جندي للتحالف", "مسلح من الفصائل"
        if tokens[k].norm in {"،", ",", ".", "و", "علي", "ضد"}:
            break  # "هجوما على القوات الأميركية": what follows على is the target, not the actor
        actor = _actor_in(tokens, k)
        if actor:
            return actor
    for toks, start in ((tokens, m_start - 1), (prev_tokens, len(prev_tokens) - 1)):
        for k in range(start, -1, -1):
            actor = _actor_in(toks, k)
            if actor:
                return actor
    return None


def extract_figures(sentences: list[str]) -> list[Figure]:
    months = normalised_set_months()
    time_words = normalised_set("time_words.csv")
    persons, casualty_cues = _casualty_words()
    figures: list[Figure] = []
    prev: list[Token] = []
    for s_index, sentence in enumerate(sentences):
        tokens = tokenize(sentence)
        i = 0
        while i < len(tokens):
            m = parse_number(tokens, i)
            unit = None
            if m is None:
                dual = next((_dual_index()[f] for f in _bare(tokens[i].norm) if f in _dual_index()), None)
                if dual and (i == 0 or parse_number(tokens, i - 1) is None) and not tokens[i].norm.startswith("ال"):
                    end = i + 1
                    while end < len(tokens) and tokens[end].norm.endswith(("ين", "ان", "تا")) and \
                            _dual_index().get(tokens[end].norm) is None and len(tokens[end].norm) > 4:
                        end += 1  # an adjective agreeing with the dual: طائرتين مسيرتين
                    if end < len(tokens) and _dual_index().get(tokens[end].norm):
                        end += 1
                    figures.append(_figure(2, "exact", dual.category, dual.actor or _find_actor(tokens, i, end, prev),
                                           dual.text, sentence, tokens, i, end, s_index))
                    i = end
                    continue
                i += 1
                continue
            if _not_a_count(tokens, m, months, time_words):
                i = max(m.end, i + 1)
                continue
            found = _match_unit(tokens, m.end, definite_ok=m.vague)
            category, end, unit_text, actor = None, m.end, None, None
            if found:
                unit, end = found
                category, unit_text, actor = unit.category, unit.text, unit.actor
                if category == "personnel":  # "مقتل 3 جنود": soldiers counted as casualties
                    category = _near_cue(tokens, m.start, casualty_cues, 3) or category
                if category == "range_km":
                    category = "range_km" if _near_cue(tokens, m.start, set(_RANGE_CUES), 8) else None
            elif m.end < len(tokens) and (strip_accusative(tokens[m.end].norm) in persons or tokens[m.end].norm in persons):
                category = _near_cue(tokens, m.start, casualty_cues, 6)
                end, unit_text = m.end + 1, tokens[m.end].text
            if category:
                bound, b_start = bound_before(tokens, m.start)
                if m.vague:
                    bound = "at_least"
                actor = actor or _find_actor(tokens, m.start, end, prev)
                figures.append(_figure(m.value, bound, category, actor, unit_text, sentence, tokens, b_start, end, s_index))
            i = max(end, i + 1)
        prev = tokens
    return figures


@lru_cache(maxsize=1)
def normalised_set_months() -> frozenset[str]:
    names = set()
    for r in rows("months.csv"):
        names.update(normalise(r["name"]).split())
    return frozenset(names - {"الاول", "الثاني"})


def _figure(value, bound, category, actor, unit, sentence, tokens, start, end, s_index) -> Figure:
    evidence = sentence[tokens[start].start:tokens[end - 1].end]
    return Figure(float(value), bound, category, actor, unit, evidence, sentence, s_index)
