"""Stance toward the United States and Iran (or any target in targets.csv), per sentence.

A sentence gets a polarity for every target it mentions. Cue words (stance_cues.csv) vote -1/+1; a negator
just before a cue flips it (لا يحتاج إلى الدعم), a counter word turns a negative cue positive (مكافحة الإرهاب),
and a proxy word ties armed groups to the target after it (الميليشيات المدعومة من إيران), which the annotation
guide counts as negative. Each cue votes for the target mentioned nearest to it (ties within two words
vote for both), so in "attacks by pro-Iran groups on US forces" both targets get the negative vote."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from dashboard.lexicon import rows
from dashboard.text import clitic_forms, normalise, tokenize

WINDOW = 10  # words: a cue further than this from every mention of a target says nothing about it
NEGATION_SPAN = 3


@dataclass
class StanceScore:
    target: str
    polarity: int
    sentence: str
    cues: list[str] = field(default_factory=list)
    score: float = 0.0
    sentence_index: int = 0

    def to_dict(self) -> dict:
        return {"target": self.target, "polarity": self.polarity, "sentence": self.sentence, "cues": self.cues,
                "score": round(self.score, 3), "sentence_index": self.sentence_index}


@dataclass(frozen=True)
class _Cue:
    words: tuple[str, ...]
    prefix: bool
    polarity: int
    kind: str


@lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, list[_Cue]], dict[str, _Cue], tuple[int, ...]]:
    """(first word -> exact cues, longest first; stem -> prefix cue; stem lengths)."""
    exact: dict[str, list[_Cue]] = {}
    prefix: dict[str, _Cue] = {}
    for r in rows("stance_cues.csv"):
        text = r["cue"]
        words = tuple(normalise(text.rstrip("*")).split())
        cue = _Cue(words, text.endswith("*"), int(r["polarity"]), r["kind"])
        if cue.prefix and len(words) == 1:
            prefix.setdefault(words[0], cue)
        else:
            exact.setdefault(words[0], []).append(cue)
    for lst in exact.values():
        lst.sort(key=lambda c: (-len(c.words), c.kind != "fixed"))
    return exact, prefix, tuple(sorted({len(k) for k in prefix}, reverse=True))


@lru_cache(maxsize=1)
def targets() -> dict[str, tuple[dict[tuple[str, ...], None], re.Pattern | None]]:
    """target -> (name word tuples, adjective pattern)."""
    names: dict[str, dict] = {}
    stems: dict[str, list[str]] = {}
    alignments: dict[str, str] = {}
    for r in rows("targets.csv"):
        t = r["target"]
        names.setdefault(t, {})
        if r["kind"] == "name":
            names[t][tuple(normalise(r["alias"]).split())] = None
        elif r["kind"] == "adjective":
            stems.setdefault(t, []).append(re.escape(normalise(r["alias"])))
        elif r["kind"] == "alignment":
            alignments[r["alias"]] = t
    for r in rows("actors.csv"):
        t = alignments.get(r["alignment"])
        if t:
            for form in [r["name"]] + [a for a in r["aliases"].split("|") if a]:
                names[t][tuple(normalise(form).split())] = None
    out = {}
    for t, n in names.items():
        pat = re.compile(rf"^(?:ال)?(?:{'|'.join(stems[t])})(?:ه|ا|ون|ين|ان|تين|تان|ات)?$") if t in stems else None
        out[t] = (n, pat)
    return out


@lru_cache(maxsize=1)
def _mention_index() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    index: dict[str, list] = {}
    for t, (names, _) in targets().items():
        for words in names:
            index.setdefault(words[0], []).append((t, words))
    return index


@lru_cache(maxsize=50_000)
def _single_word_targets(norm: str) -> frozenset[str]:
    """Targets a word names on its own (a one-word alias or a nationality adjective), clitics stripped."""
    hits = set()
    for f, _ in clitic_forms(norm):
        hits.update(t for t, words in _mention_index().get(f, ()) if len(words) == 1)
        hits.update(t for t, (_, pat) in targets().items() if pat and pat.match(f))
    return frozenset(hits)


def _mentions(tokens) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    index = _mention_index()
    for i, tok in enumerate(tokens):
        if not tok.norm[:1].isalpha():
            continue
        hits = set(_single_word_targets(tok.norm))
        for f, _ in clitic_forms(tok.norm):
            for t, words in index.get(f, ()):
                if len(words) > 1 and tuple([f] + [x.norm for x in tokens[i + 1:i + len(words)]]) == words:
                    hits.add(t)
        for t in hits:
            found.setdefault(t, []).append(i)
    return found


@lru_cache(maxsize=50_000)
def _word_forms(norm: str) -> tuple[str, ...]:
    forms = [f for f, _ in clitic_forms(norm)]
    return tuple(forms + [f[2:] for f in forms if f.startswith("ال") and len(f) > 4])


def _cue_at(tokens, i: int) -> tuple[_Cue, int] | None:
    exact, prefix, lengths = _cues()
    for f in _word_forms(tokens[i].norm):
        for cue in exact.get(f, ()):
            n = len(cue.words)
            if n == 1 or tuple(t.norm for t in tokens[i + 1:i + n]) == cue.words[1:]:
                return cue, n
        for n in lengths:
            if n <= len(f) <= n + 4 and f[:n] in prefix:
                return prefix[f[:n]], 1
    return None


def score_sentence(sentence: str, index: int = 0) -> list[StanceScore]:
    tokens = tokenize(sentence)
    mentions = _mentions(tokens)
    if not mentions:
        return []
    mention_tokens = {i for pos in mentions.values() for i in pos}
    votes: dict[str, list[tuple[float, str]]] = {t: [] for t in mentions}
    negate_until = counter_until = -1
    group_at = -99
    # with one target in the sentence every cue is about it; with two, a cue speaks of the nearer one
    window = WINDOW if len(mentions) > 1 else len(tokens)
    i = 0
    while i < len(tokens):
        hit = _cue_at(tokens, i)
        if not hit or (i in mention_tokens and hit[0].kind != "proxy_self"):
            i += 1
            continue
        cue, n = hit
        words = sentence[tokens[i].start:tokens[i + n - 1].end]
        if cue.kind == "negator":
            negate_until = i + n + NEGATION_SPAN
        elif cue.kind == "counter":
            counter_until = i + n + 2
        elif cue.kind == "armed_group":
            group_at = i
        elif cue.kind in ("proxy", "proxy_self") and (cue.kind == "proxy_self" or i - group_at <= 4):
            for t, pos in mentions.items():
                if any(i < p <= i + 4 for p in pos) or (cue.kind == "proxy_self" and i in pos):
                    votes[t].append((-1.5, words))
        elif cue.kind in ("cue", "verb"):
            polarity = cue.polarity
            if polarity < 0 and i <= counter_until:
                polarity = 1
            if i <= negate_until:
                polarity = -polarity
            # VSO: a target right after a verb is its subject (أدانت واشنطن الهجوم), not what it portrays
            subject = i + n if cue.kind == "verb" else -1
            dist = {t: min((abs(p - i) for p in pos if p != subject), default=10**6) for t, pos in mentions.items()}
            nearest = min(dist.values())
            for t, d in dist.items():
                if d <= window and d <= nearest + 2:
                    votes[t].append((float(polarity), words))
        i += n
    out = []
    for t in sorted(mentions):
        total = sum(v for v, _ in votes[t])
        polarity = (total > 0) - (total < 0)
        cues = [f"{w} ({'+' if v > 0 else '-'})" for v, w in votes[t]]
        out.append(StanceScore(t, polarity, sentence, cues, total, index))
    return out


def score_stance(sentences: list[str]) -> list[StanceScore]:
    return [s for n, sent in enumerate(sentences) for s in score_sentence(sent, n)]
