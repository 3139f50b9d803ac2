"""Features of one (sentence, target mention) for the learned stance model, all read relative to the mention.

What transfers across periods and outlets is what SENTIMENT_GUIDE.md says, not the events of one year, so the
features start from the rule layer's reading of the mention: its vote, the role it found (patient, judge, proxy,
agent), which already takes in the cues, their negation and denial, and the cues' own offsets; then the mention's
form, a patient marker (على، ضد) right before it, and the figure layer's attack on the target's side. Words come
as a window around the mention, by stem and by word cluster (an unseen word of a known class still counts), and
the sentence's words at half the value. The target's own code is never a feature: it would learn one year's
prior (in 2018 the US is mostly neutral: with it, train-ant's folds rose and the 2021 seeds fell), and a target
added to targets.csv is read by the same weights.

Each feature carries the character span that makes it fire (a word, a cue), so a decision can be explained by
the words that moved it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from dashboard.analysis.matcher import word_forms
from dashboard.analysis.ner.clusters import clusters
from dashboard.analysis.stance import (
    _PATIENT_MARKERS,
    StanceScore,
    _adjective_targets,
    target_mentions,
)
from dashboard.analysis.text import Token

WORD_WINDOW = 4  # words each side of the mention read by their stem and cluster
# every word of the sentence, by its stem, at half a window word's value. Measured against cue features placed by
# side and distance, which this replaced: cross-validation by outlet on train-ant 0.557 -> 0.588 macro-F1, the
# seeds (another period) 0.726 -> 0.783
SENTENCE_WORD_VALUE = 0.5
CLUSTER_LEVEL = 1  # which of the cluster table's granularities (k100, k400, k1000) the window words use


class Feature(NamedTuple):
    name: str
    value: float = 1.0
    start: int = 0  # character span in the sentence that fires it (0, 0: the sentence as a whole)
    end: int = 0


# a Feature made in C: a NamedTuple's own constructor is a Python call, and the sentence and window words make
# hundreds of thousands of them on a large import
_new = tuple.__new__


@lru_cache(maxsize=100_000)
def stem(norm: str) -> str:
    """The shortest form of a normalised word once proclitics, the article and the accusative alif are off."""
    return min((f for f, _ in word_forms(norm, definite=True)), key=len)


def _cluster(norm: str) -> str | None:
    table = clusters()
    ids = table.get(norm) or table.get(stem(norm))
    return ids[CLUSTER_LEVEL] if ids else None


@lru_cache(maxsize=100_000)
def _sentence_name(norm: str) -> str:
    return f"s:{stem(norm)}"


@lru_cache(maxsize=100_000)
def _window_names(norm: str, side: str, adjacent: bool) -> tuple[str, ...]:
    """The feature names of a word in the window: its stem, its stem as the mention's neighbour, its cluster."""
    names = [f"w:{side}:{stem(norm)}"] + ([f"w1:{side}:{stem(norm)}"] if adjacent else [])
    cluster = _cluster(norm)
    return tuple(names + ([f"c:{side}:{cluster}"] if cluster else []))


@dataclass
class SentenceView:
    """What every target of one sentence shares: its tokens, each target's mention spans, and the features of
    the sentence's words (computed once, however many targets it names)."""
    tokens: tuple[Token, ...]
    mentions: dict[str, list[tuple[int, int]]]
    words: list[Feature]

    @classmethod
    def of(cls, tokens: tuple[Token, ...]) -> SentenceView:
        words = [_new(Feature, (_sentence_name(t.norm), SENTENCE_WORD_VALUE, t.start, t.end)) for t in tokens
                 if t.norm[:1].isalpha()]
        return cls(tokens, target_mentions(tuple(tokens)), words)


class ArticleContext:
    """The article's rule rows by target: how many are hostile and favourable, in all and per sentence."""

    def __init__(self, rules: list[StanceScore]):
        self.total: dict[str, list[int]] = {}
        self.by_sentence: dict[tuple[str, int], list[int]] = {}
        for r in rules:
            for counts in (self.total.setdefault(r.target, [0, 0, 0]),
                           self.by_sentence.setdefault((r.target, r.sentence_index), [0, 0, 0])):
                counts[0] += 1
                counts[1] += r.polarity < 0
                counts[2] += r.polarity > 0

    def others(self, target: str, sentence_index: int) -> tuple[int, int, int]:
        """(rows, hostile, favourable) of the target in the article's other sentences."""
        total = self.total.get(target, [0, 0, 0])
        own = self.by_sentence.get((target, sentence_index), [0, 0, 0])
        return total[0] - own[0], total[1] - own[1], total[2] - own[2]


def mention_features(view: SentenceView, target: str, rule: StanceScore, context: ArticleContext,
                     attacked: bool, with_words: bool = True) -> list[Feature]:
    """The features of `target` in a sentence: the sentence's view, the rule layer's score of the target there,
    the article's other rule rows, and whether the figure layer shows the target's side attacked there.
    `with_words=False` leaves out the sentence's words (`view.words`, the same for every target of it)."""
    tokens = view.tokens
    spans = view.mentions.get(target, [])
    if not spans:
        return []
    out = [Feature("bias:mentioned")]
    for a, b in spans:
        form = "adjective" if b - a == 1 and _adjective_targets(tokens[a].norm) else "name"
        out.append(Feature(f"form:{form}", 1.0, tokens[a].start, tokens[b - 1].end))
        before = tokens[a - 1].norm if a else ""
        if before in _PATIENT_MARKERS:
            out.append(Feature("after_patient_marker", 1.0, tokens[a - 1].start, tokens[a - 1].end))
    if len(spans) > 1:
        out.append(Feature("mentions:several"))
    inside = {k for a, b in spans for k in range(a, b)}
    # the rule layer's reading: its vote, the role it found, and how sure it was
    out += [Feature(f"rule:{rule.polarity}"), Feature(f"rule_role:{rule.role}"),
            Feature(f"rule_role_pol:{rule.role}:{rule.polarity}")]
    if rule.score:
        out.append(Feature("rule_score", max(-3.0, min(3.0, rule.score))))
    for c in rule.cues:
        if c.get("end", 0) > c.get("start", 0):
            out.append(Feature(f"rule_cue_sign:{c['sign']}", 1.0, c["start"], c["end"]))
    # the words around the mention, by stem and by cluster, on each side
    first, last = spans[0][0], spans[-1][1]
    for k in range(max(0, first - WORD_WINDOW), min(len(tokens), last + WORD_WINDOW)):
        if k in inside or not tokens[k].norm[:1].isalpha():
            continue
        tok = tokens[k]
        side = "L" if k < first else "R" if k >= last else "M"
        out += [_new(Feature, (name, 1.0, tok.start, tok.end))
                for name in _window_names(tok.norm, side, k in (first - 1, last))]
    if with_words:
        out += view.words
    if attacked:
        out.append(Feature("figure:side_attacked"))
    # the article's other rule rows of this target: a story about attacks on the target colours its sentences
    rows, hostile, favourable = context.others(target, rule.sentence_index)
    if rows:
        out.append(Feature("article:hostile_share", hostile / rows))
        out.append(Feature("article:favourable_share", favourable / rows))
    if rule.sentence_index == 0:
        out.append(Feature("position:first"))
    return out
