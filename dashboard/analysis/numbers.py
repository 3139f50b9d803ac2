"""Arabic number grammar: digits in both scripts, separators, number words with case endings, scale words,
and the bound words before a number (نحو → approx, أكثر من → at_least)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dashboard.analysis.lexicon import rows
from dashboard.analysis.matcher import strip_accusative
from dashboard.analysis.text import Token, normalise

PROCLITICS = ("و", "ف", "ب", "ل", "ك")
_GROUPED = re.compile(r"^\d{1,3}(?:[,٬،]\d{3})+$")
_DOTTED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_DECIMAL = re.compile(r"^\d+[.٫]\d+$")


_DEFINITE_KINDS = ("hundred", "scale_dual")  # number words that take the article in a definite count
# «ألفا جندي»: the construct dual of ألف when nothing counts it; after a count (عشرين ألفا) it is accusative
_CONSTRUCT_DUALS = {normalise("ألفا"): 2000.0}
# "thousands of", "hundreds of": a count with no number before it is a lower bound
_VAGUE_PLURALS = {normalise(w) for w in ("آلاف", "مئات", "عشرات", "ملايين", "مليارات")}


@dataclass(frozen=True)
class NumberMatch:
    value: float
    start: int  # token index of the first token of the number (after any bound words)
    end: int  # token index after the last number token
    prefix: str  # a clitic glued to the first word (بثلاث → ب)
    vague: bool = False  # "آلاف" with no count: a lower bound


@lru_cache(maxsize=1)
def number_words() -> dict[str, tuple[float, str]]:
    return {normalise(r["word"]): (float(r["value"]), r["kind"]) for r in rows("number_words.csv")}


def _strip_clitic(word: str) -> tuple[str, str]:
    """(clitic, rest) where rest is a number word; clitic may be '' or one/two proclitics (وب), and a hundred or
    a dual may carry the article (المائتي ألف، الألفي جندي)."""
    words = number_words()
    if word in words:
        return "", word
    for n in (1, 2):
        head, rest = word[:n], word[n:]
        if all(c in PROCLITICS for c in head) and rest in words:
            return head, rest
    for n in (0, 1):
        head, rest = word[:n + 2], word[n + 2:]
        if head[n:] == "ال" and all(c in PROCLITICS for c in head[:n]) and words.get(rest, (0, ""))[1] in _DEFINITE_KINDS:
            return head, rest
    return "", ""


def _digit_value(text: str, next_is_scale: bool) -> float | None:
    if text.isdigit():
        return float(text)
    if _GROUPED.match(text):
        return float(re.sub(r"[,٬،]", "", text))
    if _DOTTED.match(text) and not next_is_scale:
        return float(text.replace(".", ""))  # 2.500 جندي: dots group thousands in many outlets
    if _DECIMAL.match(text):
        return float(text.replace("٫", "."))
    return None


def _starts_with_digit(norm: str) -> bool:
    """ASCII digits only (normalise turns Arabic-Indic ones into them): «³» and «①» are digits to str.isdigit."""
    return "0" <= norm[:1] <= "9"


def _is_number_word(norm: str) -> bool:
    return bool(_strip_clitic(norm)[1] or _strip_clitic(strip_accusative(norm))[1])


@lru_cache(maxsize=100_000)
def _could_be_number(norm: str) -> bool:
    return _starts_with_digit(norm) or _is_number_word(norm)


def ra_separated(tokens: list[Token], i: int) -> float | None:
    """A number written with «ر» between its parts, a press convention typed in logical order with the low part
    first: «225ر29 غارة» is 29,225 (three digits: a thousands group), «2ر74 مليون» is 74.2 (fewer: decimals), or
    None when tokens i, i+1, i+2 are not digits, «ر», digits written together. All eight such numbers of the ANT
    corpus read right so (3ر1 مليون سوري, 85ر1 م, 135ر2 تقريرا)."""
    if i + 2 >= len(tokens) or tokens[i + 1].text != "ر" or not (
            tokens[i].end == tokens[i + 1].start and tokens[i + 1].end == tokens[i + 2].start):
        return None  # written as one word only
    low, high = tokens[i].norm, tokens[i + 2].norm
    if not (low.isdigit() and high.isdigit() and len(high) <= 3):
        return None
    return float(high) * 1000 + float(low) if len(low) == 3 else float(high) + float(low) / 10 ** len(low)


def parse_number(tokens: list[Token], i: int) -> NumberMatch | None:
    """The number expression that starts at token i, or None."""
    tok = tokens[i].norm
    if not _could_be_number(tok):
        return None
    separated = ra_separated(tokens, i)
    if separated is not None:
        return _with_scale(tokens, separated, i, i + 3)
    words = number_words()
    nxt = tokens[i + 1].norm if i + 1 < len(tokens) else ""
    nxt_scale = words.get(nxt, words.get(strip_accusative(nxt), (0, "")))[1].startswith("scale")
    value = _digit_value(tok, nxt_scale) if _starts_with_digit(tok) else None
    prefix = ""
    j = i + 1
    if value is None:
        prefix, word = _strip_clitic(tok)
        if not word:
            prefix, word = _strip_clitic(strip_accusative(tok))
        if not word:
            return None
        total, current = 0.0, 0.0
        val, kind = words[word]
        if kind == "fraction":
            return None  # "ثلث" etc. are shares, handled as optional context, not counts
        if kind == "scale" and word in _VAGUE_PLURALS:
            return NumberMatch(val, i, j, prefix, vague=True)
        current = _CONSTRUCT_DUALS.get(word, val) if j >= len(tokens) or not _is_number_word(tokens[j].norm) else val
        # word sequences: خمسة وعشرين ألفا، مئة وخمسون
        while j < len(tokens):
            w = tokens[j].norm
            w = w[1:] if w.startswith("و") and w[1:] in words else w
            w = w if w in words else strip_accusative(w)
            if w not in words:
                break
            v, k = words[w]
            if k == "fraction":
                break
            if k == "scale":
                total += (current or 1) * v
                current = 0.0
            elif k == "hundred" and v == 100 and 0 < current < 10:
                current *= v  # «ثلاث مئة» written apart is 300, not 103
            elif k == "scale_dual":
                total += v
            else:
                current += v
            j += 1
        return NumberMatch(total + current, i, j, prefix)
    return _with_scale(tokens, value, i, j)


def _with_scale(tokens: list[Token], value: float, i: int, j: int) -> NumberMatch:
    """Digits ending before token j, then an optional scale word: 25 ألفاً، 8 آلاف، 1.5 مليون."""
    words = number_words()
    if j < len(tokens):
        w = strip_accusative(tokens[j].norm)
        w = w if w in words else tokens[j].norm
        if w in words and words[w][1] == "scale":
            value *= words[w][0]
            j += 1
    return NumberMatch(value, i, j, "")


@lru_cache(maxsize=2)
def _bounds(position: str = "before") -> dict[tuple[str, ...], str]:
    return {tuple(normalise(r["phrase"]).split()): r["bound"] for r in rows("bounds.csv") if r["position"] == position}


def bound_after(tokens: list[Token], end: int) -> str | None:
    """The bound written after the counted noun («23 مقاتلا على الأقل», «50 طائرة كحد أقصى»), or None."""
    for n in (3, 2, 1):
        words = tuple(t.norm for t in tokens[end:end + n])
        if len(words) == n and words in _bounds("after"):
            return _bounds("after")[words]
    return None


def bound_before(tokens: list[Token], start: int) -> tuple[str, int]:
    """(bound, index of the first bound word) for the words just before token `start`."""
    for n in (4, 3, 2, 1):
        if start - n < 0:
            continue
        words = tuple(t.norm for t in tokens[start - n:start])
        first = words[0][1:] if words[0][:1] in PROCLITICS and len(words[0]) > 3 else words[0]
        for cand in (words, (first,) + words[1:]):
            if cand in _bounds():
                return _bounds()[cand], start - n
    return "exact", start
