"""One phrase matcher for every lexicon: units, actor words, stance cues and targets.

Pattern syntax (as written in the lexicon files): words separated by spaces, normalised in code; a trailing
`*` on the last word makes it a stem that matches any ending of up to `MAX_ENDING` letters (هجوم* → هجوما،
هجومين، هجومهم). The first word of a match may carry proclitics (و ف ب ل ك, لل → ال) — the clitic rule of
the text layer — and every word may carry the accusative tanween alif (ألفاً → ألف).

Conflict policy (spaCy's EntityRuler with `overwrite_ents=False` is the model): at one position the longest
match wins; at equal length an exact word beats a stem, and a longer stem a shorter one (إدانة* before أدان* on
«إدانة»); then the reading that strips fewer proclitics («لمواجهة» as written before «مواجهة» with ل taken
off); then the pattern listed first in its file. `find_all` scans left to right and never returns overlapping matches.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Generic, Iterable, Sequence, TypeVar

from dashboard.analysis.text import Token, clitic_forms, normalise

MAX_ENDING = 4  # letters a stem may be followed by: ات، ون، ين، تين، ها، هم، هما … (longer runs are other words)
DEFINITE_MIN = 4  # letters a word needs before its first two count as the article (ال + at least 3 letters)
ACCUSATIVE_MIN = 4
START_MEMO_LIMIT = 100_000  # word forms remembered per matcher (~10 MB); past it the memo starts again  # a word must have this many letters before a final alif counts as the tanween ending

P = TypeVar("P")


def strip_accusative(word: str) -> str:
    """ألفا → ألف, شخصا → شخص: the tanween alif of the indefinite accusative is a case ending."""
    return word[:-1] if word.endswith("ا") and len(word) >= ACCUSATIVE_MIN else word


@lru_cache(maxsize=200_000)
def word_forms(norm: str, definite: bool = False) -> tuple[tuple[str, int], ...]:
    """(form, clitic length) for a normalised word: itself, without proclitics, without the accusative, and
    (with `definite`) without the article (القصف → قصف)."""
    out = list(clitic_forms(norm))
    if definite:
        out += [(f[2:], n + 2) for f, n in out if f.startswith("ال") and len(f) > DEFINITE_MIN]
    out += [(strip_accusative(f), n) for f, n in out if strip_accusative(f) != f]
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Pattern(Generic[P]):
    words: tuple[str, ...]
    stem: bool  # the last word is a stem (written with a trailing *)
    payload: P
    order: int  # position in its lexicon: the tie-breaker of the conflict policy


@dataclass(frozen=True, slots=True)
class Match(Generic[P]):
    start: int  # token index
    end: int  # token index after the match
    pattern: Pattern[P]
    clitic: int  # letters of proclitic glued to the first word

    @property
    def payload(self) -> P:
        return self.pattern.payload


def parse_pattern(text: str) -> tuple[tuple[str, ...], bool]:
    text = text.strip()
    return tuple(normalise(text.rstrip("*")).split()), text.endswith("*")


class PhraseMatcher(Generic[P]):
    """Matches lexicon phrases on tokens (see the module docstring for the syntax and conflict policy)."""

    def __init__(self, patterns: Iterable[tuple[str, P]], definite: bool = False):
        """`definite`: the first word may also carry the article (for lexicons written without it)."""
        self._definite = definite
        self._exact: dict[str, list[Pattern[P]]] = {}  # first word -> patterns
        self._stems: dict[str, list[Pattern[P]]] = {}  # one-word stems
        for order, (text, payload) in enumerate(patterns):
            words, stem = parse_pattern(text)
            if not words:
                continue
            pat = Pattern(words, stem, payload, order)
            if stem and len(words) == 1:
                self._stems.setdefault(words[0], []).append(pat)
            else:
                self._exact.setdefault(words[0], []).append(pat)
        for lst in self._exact.values():
            lst.sort(key=lambda p: (-len(p.words), p.stem, p.order))
        for lst in self._stems.values():
            lst.sort(key=lambda p: p.order)
        self._stem_lengths = tuple(sorted({len(k) for k in self._stems}, reverse=True))
        self._start_memo: dict[str, bool] = {}

    def __len__(self) -> int:
        return sum(map(len, self._exact.values())) + sum(map(len, self._stems.values()))

    @staticmethod
    def _word_ok(norm: str, word: str, stem: bool) -> bool:
        for f in (norm, strip_accusative(norm)):
            if f == word or (stem and f.startswith(word) and len(f) - len(word) <= MAX_ENDING):
                return True
        return False

    def starts(self, norm: str) -> bool:
        """Whether any pattern can start at a word of this form (memoised: most words start none)."""
        hit = self._start_memo.get(norm)
        if hit is None:
            if len(self._start_memo) >= START_MEMO_LIMIT:
                self._start_memo.clear()  # a long import meets millions of word forms: keep memory bounded
            hit = any(f in self._exact or any(f[:n] in self._stems for n in self._stem_lengths
                                              if n <= len(f) <= n + MAX_ENDING)
                      for f, _ in word_forms(norm, self._definite))
            self._start_memo[norm] = hit
        return hit

    def match_at(self, tokens: Sequence[Token], i: int,
                 accept: Callable[[Match[P]], bool] | None = None) -> Match[P] | None:
        """The best match starting at token i (see the conflict policy), or None; `accept` (a match -> bool) rules
        candidates out before the policy chooses (an actor written only in quotes, where there are none)."""
        if not self.starts(tokens[i].norm):
            return None
        best: Match[P] | None = None

        def better(m: Match[P]) -> bool:
            if best is None:
                return True
            a, b = (m.end - m.start, not m.pattern.stem, len(m.pattern.words[-1]), -m.clitic, -m.pattern.order), \
                   (best.end - best.start, not best.pattern.stem, len(best.pattern.words[-1]), -best.clitic,
                    -best.pattern.order)
            return a > b

        for form, clitic in word_forms(tokens[i].norm, self._definite):
            for pat in self._exact.get(form, ()):
                n = len(pat.words)
                if i + n > len(tokens):
                    continue
                if all(self._word_ok(tokens[i + k].norm, w, pat.stem and k == n - 1)
                       for k, w in enumerate(pat.words[1:], 1)):
                    m = Match(i, i + n, pat, clitic)
                    if accept and not accept(m):
                        continue
                    if better(m):
                        best = m
                    break  # sorted longest first: the rest of this list is no better
            for n in self._stem_lengths:
                if n <= len(form) <= n + MAX_ENDING:
                    for pat in self._stems.get(form[:n], ()):
                        m = Match(i, i + 1, pat, clitic)
                        if (not accept or accept(m)) and better(m):
                            best = m
        return best

    def find_all(self, tokens: Sequence[Token]) -> list[Match[P]]:
        """Non-overlapping matches, left to right, the best at each position."""
        out, i, n = [], 0, len(tokens)
        memo = self._start_memo
        while i < n:
            norm = tokens[i].norm
            # the memo lookup inlined: most words start no pattern, and this loop runs over every token
            starts = memo.get(norm)
            if starts is None:
                starts = self.starts(norm)
            m = self.match_at(tokens, i) if starts and norm[:1].isalnum() else None
            if m:
                out.append(m)
                i = m.end
            else:
                i += 1
        return out
