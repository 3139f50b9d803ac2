"""The learned stance decision: the rule layer's rows, re-decided by a linear model over mention features.

The rules find every (sentence, target) row and read its cues; the model (trained on annotated news by
`python -m dashboard stance train`) turns the features of each row into −1/0/+1. A row keeps its role from the
rules; its cues become the features that moved the decision (their words, offsets and the polarity each pushes
toward); its confidence is the model's calibrated probability; its score is P(+1) − P(−1), on the −1 … +1 scale.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dashboard.analysis.doc import Doc
from dashboard.analysis.linear import LinearModel, summed
from dashboard.analysis.stance import StanceScore, attacked_sides
from dashboard.analysis.stance_features import Feature, mention_features

MODEL_PATH = Path(__file__).resolve().parent / "models" / "stance.json.gz"
EVIDENCE_SHOWN = 5  # features with a span kept as a row's cues, the strongest first


@lru_cache(maxsize=2)
def load(path: Path = MODEL_PATH) -> LinearModel:
    return LinearModel.load(path)


def doc_features(doc: Doc) -> list[tuple[StanceScore, list[Feature]]]:
    """Each rule row of the Doc with its mention features."""
    rules = doc.stance or []
    attacked = attacked_sides(doc)
    return [(s, mention_features(doc.tokens[s.sentence_index], s.target, s, rules,
                                 any(side == s.target.lower() for side, _, _ in attacked.get(s.sentence_index, ()))))
            for s in rules]


def decide(model: LinearModel, row: StanceScore, features: list[Feature]) -> StanceScore:
    """The row as the model decides it (a new StanceScore: the rule row is left as it was)."""
    probs = model.probabilities(summed((f.name, f.value) for f in features).items())
    k = max(range(len(probs)), key=probs.__getitem__)
    by_class = dict(zip(model.classes, probs))
    moved = sorted(((model.contribution(f.name, f.value, k), f) for f in features if f.end > f.start),
                   key=lambda cf: -cf[0])
    cues, seen = [], set()
    for weight, f in moved:
        if weight <= 0 or len(cues) >= EVIDENCE_SHOWN:
            break
        if (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            cues.append({"word": row.sentence[f.start:f.end], "start": f.start, "end": f.end,
                         "sign": model.favoured(f.name)})
    return StanceScore(row.target, model.classes[k], row.sentence, cues, by_class.get(1, 0.0) - by_class.get(-1, 0.0),
                       row.sentence_index, row.role, probs[k])


def learned_stance(doc: Doc, model: LinearModel) -> list[StanceScore]:
    return [decide(model, row, feats) for row, feats in doc_features(doc)]
