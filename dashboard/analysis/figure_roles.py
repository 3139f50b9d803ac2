"""Whose figure it is: a learned ranker over the sides a figure could belong to (FIGURES_GUIDE.md's actor: the
side that holds the capability or carries out the act; for killed and wounded, the side whose people they are).

The candidates are every side the figure's sentence names (figure_actors.csv), the sides the rules gave it
(actor, by, target), the sentence before, the article's most named side and armed group, and `civilians` for
casualties. Each candidate is read by its relation to the number: which side of it and how far, whether a target
marker (على، ضد، استهدف) or a proxy word stands before it, whether it is the attacker of an attack noun, whether
the rules chose it, and how much the article names it. A binary logistic regression scores each candidate; the
best one is the actor. With no candidate the actor is `unknown`, never the nearest name by default.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from dashboard.analysis.doc import Doc
from dashboard.analysis.figures import (
    Figure, _actor_at, _after_target_marker, _is_attacker, actor_matcher,
)
from dashboard.analysis.linear import LinearModel
from dashboard.analysis.stance import CASUALTY_CATEGORIES
from dashboard.analysis.text import Token

MODEL_PATH = Path(__file__).resolve().parent / "models" / "figure_actor.json.gz"
IMPLICIT_VICTIMS = "civilians"  # the side of casualties whose sentence names none: the guide's usual answer
UNKNOWN = "unknown"


class Candidate(NamedTuple):
    actor: str
    features: dict[str, float]


def _distance_bucket(d: int) -> str:
    return "1" if d <= 1 else "2-3" if d <= 3 else "4-6" if d <= 6 else "7-12" if d <= 12 else "13+"


def _number_token(tokens: tuple[Token, ...], f: Figure) -> tuple[int, int]:
    """Token indices of the figure's evidence (its number and counted noun)."""
    inside = [k for k, t in enumerate(tokens) if f.evidence_start <= t.start < f.evidence_end]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _sides_named(tokens: tuple[Token, ...]) -> list[tuple[int, str]]:
    """(token index, side) of every side a sentence names, a proxy's state read as the militias it backs."""
    out = []
    for m in actor_matcher().find_all(list(tokens)):
        side = _actor_at(list(tokens), m.start) or m.payload.actor
        out.append((m.start, side))
    return out


def candidates(doc: Doc, f: Figure, named: list[list[tuple[int, str]]], counts: dict[str, int]) -> list[Candidate]:
    """Every side the figure could belong to, with its features."""
    tokens = doc.tokens[f.sentence_index]
    first, last = _number_token(tokens, f)
    cat = f.category
    group = "casualty" if cat in CASUALTY_CATEGORIES else "attack" if cat in ("attacks", "missiles", "drones") \
        else "holding"
    ranked = sorted(counts, key=lambda s: -counts[s])
    found: dict[str, dict[str, float]] = {}

    def add(side: str, name: str, value: float = 1.0):
        feats = found.setdefault(side, {"bias": 1.0, f"bias:{group}": 1.0})
        feats[name] = max(feats.get(name, 0.0), value)
        feats[f"{group}:{name}"] = max(feats.get(f"{group}:{name}", 0.0), value)

    for k, side in named[f.sentence_index]:
        if first <= k < last:
            add(side, "in_evidence")
            continue
        where = "after" if k >= last else "before"
        d = k - last + 1 if k >= last else first - k
        add(side, f"{where}:{_distance_bucket(d)}")
        add(side, "in_sentence")
        if _after_target_marker(list(tokens), k):
            add(side, f"{where}:after_target_marker")
        if _is_attacker(list(tokens), k):
            add(side, f"{where}:attacker")
        if k and tokens[k - 1].norm in ("من", "لل", "ل"):
            add(side, f"{where}:after_min")
    if f.sentence_index > 0:
        for _, side in named[f.sentence_index - 1]:
            add(side, "previous_sentence")
    for name, side in (("rule_actor", f.actor), ("rule_by", f.by), ("rule_target", f.target)):
        if side:
            add(side, name)
    if ranked:
        add(ranked[0], "article_most_named")
    for side in list(found):
        share = counts.get(side, 0) / max(1, sum(counts.values()))
        add(side, "article_share", share)
        if named[0] and any(s == side for _, s in named[0]):
            add(side, "in_first_sentence")
    return [Candidate(side, feats) for side, feats in found.items()]


def doc_candidates(doc: Doc) -> list[tuple[Figure, list[Candidate]]]:
    named = [_sides_named(t) for t in doc.tokens]
    counts: dict[str, int] = {}
    for sentence in named:
        for _, side in sentence:
            counts[side] = counts.get(side, 0) + 1
    return [(f, candidates(doc, f, named, counts)) for f in doc.figures or ()]


def score(model: LinearModel, c: Candidate) -> float:
    s = model.scores(c.features.items())
    return s[1] - s[0]


def choose(model: LinearModel, cands: list[Candidate]) -> str:
    return max(cands, key=lambda c: score(model, c)).actor if cands else UNKNOWN


@lru_cache(maxsize=2)
def load(path: Path = MODEL_PATH) -> LinearModel:
    return LinearModel.load(path)


def assign_actors(doc: Doc, model: LinearModel):
    """Each figure's actor as the ranker chooses it (by, target and location stay the rules')."""
    for f, cands in doc_candidates(doc):
        f.actor = choose(model, cands)
