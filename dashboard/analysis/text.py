"""Arabic text layer: normalisation for matching, tokens with offsets, sentences.

Display always keeps the original text; only matching uses `normalise`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

TATWEEL = "\u0640"
# camel-tools' Arabic diacritics (AR_DIAC_CHARSET: tanween, short vowels, shadda, sukun, dagger alef) plus
# Quranic marks. Its dediac_ar would import camel_tools.utils.charsets, which costs 1.2 s of start-up
# (it scans all of Unicode); tests check this gives the same result as dediac_ar.
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0610-\u061a\u06d6-\u06ed]")
ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
# A token: a run of letters/digits (with inner separators for numbers), or one punctuation mark.
# Letters and digits glued together («مقتل52», real outlets do this) are two tokens; the Arabic comma groups
# thousands only before exactly three digits (54،180).
# Digits are the ASCII and Arabic-Indic ones only: \d would also take «³» or «①», which are no numbers to parse.
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
TOKEN = re.compile(rf"[وفبلك](?=[{_DIGIT}])|[{_DIGIT}]+(?:[.,٫٬][{_DIGIT}]+|،[{_DIGIT}]{{3}}(?![{_DIGIT}]))*"
                   r"|(?:[^\W\d_]|[\u0610-\u061A\u064B-\u065F\u0670\u0640])+|[^\w\s]", re.UNICODE)
QUOTE_OPEN = "«\"“'‘"
QUOTE_CLOSE = "»\"”'’"


# Characters that change nothing a reader sees but split words for a machine: zero-width (non-)joiners and spaces,
# the soft hyphen, the word joiner and a byte-order mark inside the text; and the bidirectional controls, which
# can make a title or an outlet display as something other than what it holds (U+202E reverses what follows).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]")
# Arabic presentation forms (the shaped glyphs some PDFs and old pages store): compatibility-decomposed to letters
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")


CLAUSE_BREAKS = frozenset("،,.؛;:!؟?")  # marks that end a clause: what stands beyond one is read apart


def has_clause_break(tokens, a: int, b: int) -> bool:
    """Whether a clause break stands among tokens[a:b]."""
    return any(tokens[k].norm in CLAUSE_BREAKS for k in range(max(0, a), min(len(tokens), b)))


def clean_text(text: str) -> str:
    """Text as it is read in, once, before anything else: invisible and bidirectional control characters removed,
    Arabic presentation forms turned into letters (Unicode NFKC on those runs only)."""
    text = _INVISIBLE.sub("", text)
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def dediacritise(text: str) -> str:
    return _DIACRITICS.sub("", text)


@lru_cache(maxsize=200_000)
def normalise(text: str) -> str:
    """Loose form for matching: no diacritics or tatweel, one alef, ya for alef maksura, ha for ta marbuta."""
    text = dediacritise(text.replace(TATWEEL, "")).translate(ARABIC_INDIC)
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(text)))


COMPLEMENTISERS = frozenset(normalise(w) for w in ("أن", "إن", "بأن", "وأن"))  # «that»: what is said follows


def has_arabic(text: str) -> bool:
    return bool(ARABIC_LETTER.search(text))


_LETTER = re.compile(r"[^\W\d_]")


def arabic_ratio(text: str) -> float:
    letters = len(_LETTER.findall(text))
    return len(ARABIC_LETTER.findall(text)) / letters if letters else 0.0


class Token(NamedTuple):
    """A word or mark with its normalised form and character offsets (a named tuple: a sentence makes dozens, and
    tuples are the cheapest immutable records Python builds)."""
    text: str  # as written
    norm: str  # normalised
    start: int  # character offsets in the sentence
    end: int


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of a text; cached because entities, figures and stance each read the same sentence."""
    return tuple(_new(Token, (w, normalise(w), m.start(), m.end())) for m in TOKEN.finditer(text) for w in (m.group(),))


_new = tuple.__new__  # a Token made in C: a NamedTuple's own constructor is a Python call per token


# Sentence ends: . ! ? ؟ (not inside numbers like 2.5 or abbreviations like أ.ب), or a blank line.
_SENT_END = re.compile(r"(?<!\d)(?<!\b\w)[.!?؟]+(?=[\s»\"”)]*(?:\s|$))|\.{3}|…")
_PARAGRAPH = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank lines; a single line break inside a paragraph is a space."""
    return [re.sub(r"\s*\n\s*", " ", p).strip() for p in _PARAGRAPH.split(text) if p.strip()]


def split_sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in _SENT_END.finditer(paragraph):
        end = m.end()
        # keep closing quotes and brackets with the sentence they close
        while end < len(paragraph) and paragraph[end] in QUOTE_CLOSE + ")":
            end += 1
        piece = paragraph[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if any(ch.isalnum() for ch in s)]


def sentences(text: str) -> list[str]:
    return [s for p in paragraphs(text) for s in split_sentences(p)]


@lru_cache(maxsize=100_000)
def clitic_forms(word: str) -> tuple[tuple[str, int], ...]:
    """(form, clitic length) for a word and its forms without proclitics: وللكاظمي → للكاظمي, الكاظمي."""
    out = [(word, 0)]
    for n, rest in ((1, word[1:]),) if word[:1] in "وف" and len(word) > 3 else ():
        out.append((rest, n))
    for form, n in list(out):
        if form.startswith("لل") and len(form) > 3:
            out.append(("ال" + form[2:], n + 1))
        elif form[:1] in "بلك" and len(form) > 3:
            out.append((form[1:], n + 1))
    return tuple(out)
