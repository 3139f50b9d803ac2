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

from dashboard.analysis.matcher import word_forms
from dashboard.analysis.ner.clusters import clusters
from dashboard.analysis.stance import (
    _PATIENT_MARKERS, StanceScore, _adjective_targets, _mentions,
)
from dashboard.analysis.text import Token

WORD_WINDOW = 4  # words each side of the mention read by their stem and cluster
# every word of the sentence, by its stem, at half a window word's value. Measured against cue features placed by
# side and distance, which this replaced: cross-validation by outlet on train-ant 0.557 -> 0.588 macro-F1, the
# seeds (another period) 0.726 -> 0.783
SENTENCE_WORD_VALUE = 0.5
CLUSTER_LEVEL = 1  # which of the cluster table's granularities (k100, k400, k1000) the window words use


@dataclass(frozen=True)
class Feature:
    name: str
    value: float = 1.0
    start: int = 0  # character span in the sentence that fires it (0, 0: the sentence as a whole)
    end: int = 0


@lru_cache(maxsize=100_000)
def stem(norm: str) -> str:
    """The shortest form of a normalised word once proclitics, the article and the accusative alif are off."""
    return min((f for f, _ in word_forms(norm, definite=True)), key=len)


def _cluster(norm: str) -> str | None:
    table = clusters()
    ids = table.get(norm) or table.get(stem(norm))
    return ids[CLUSTER_LEVEL] if ids else None


def mention_features(tokens: tuple[Token, ...], target: str, rule: StanceScore, article_rules: list[StanceScore],
                     attacked: bool) -> list[Feature]:
    """The features of `target` in a sentence: its tokens, the rule layer's score of it, the rule scores of the
    same target in the whole article, and whether the figure layer shows the target's side attacked there."""
    spans = _mentions(list(tokens)).get(target, [])
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
        side = "L" if k < first else "R" if k >= last else "M"
        tok = tokens[k]
        out.append(Feature(f"w:{side}:{stem(tok.norm)}", 1.0, tok.start, tok.end))
        if k in (first - 1, last):  # the words right next to the mention
            out.append(Feature(f"w1:{side}:{stem(tok.norm)}", 1.0, tok.start, tok.end))
        cluster = _cluster(tok.norm)
        if cluster:
            out.append(Feature(f"c:{side}:{cluster}", 1.0, tok.start, tok.end))
    for tok in tokens:
        if tok.norm[:1].isalpha():
            out.append(Feature(f"s:{stem(tok.norm)}", SENTENCE_WORD_VALUE, tok.start, tok.end))
    if attacked:
        out.append(Feature("figure:side_attacked"))
    # the article's other rule rows of this target: a story about attacks on the target colours its sentences
    others = [r.polarity for r in article_rules if r.target == target and r.sentence_index != rule.sentence_index]
    if others:
        out.append(Feature("article:hostile_share", others.count(-1) / len(others)))
        out.append(Feature("article:favourable_share", others.count(1) / len(others)))
    if rule.sentence_index == 0:
        out.append(Feature("position:first"))
    return out
