"""The learned stance decision: the rule layer's rows, re-decided by a linear model over mention features.

The rules find every (sentence, target) row and read its cues; the model (trained on annotated news by
`python -m dashboard stance train`) turns the features of each row into −1/0/+1. A row keeps its role from the
rules; its cues become the features that moved the decision (their words, offsets and the polarity each pushes
toward); its confidence is the model's calibrated probability; its score is P(+1) − P(−1), on the −1 … +1 scale.
"""
from __future__ import annotations

from functools import lru_cache
from operator import itemgetter
from pathlib import Path

import numpy as np

from dashboard.analysis.doc import Doc
from dashboard.analysis.linear import Block, LinearModel, softmax
from dashboard.analysis.stance import StanceScore, attacked_sides, side_of
from dashboard.analysis.stance_features import ArticleContext, Feature, SentenceView, mention_features

MODEL_PATH = Path(__file__).resolve().parent / "models" / "stance.json.gz"
EVIDENCE_SHOWN = 5  # features with a span kept as a row's cues, the strongest first


@lru_cache(maxsize=2)
def load(path: Path = MODEL_PATH) -> LinearModel:
    return LinearModel.load(path)


def doc_features(doc: Doc, with_words: bool = True) -> list[tuple[StanceScore, SentenceView, list[Feature]]]:
    """Each rule row of the Doc with its sentence's view and its mention features (`with_words`: the sentence's
    words among them; without, they are only in the view, shared by the sentence's targets)."""
    rules = doc.stance or []
    attacked, context = attacked_sides(doc), ArticleContext(rules)
    views: dict[int, SentenceView] = {}
    out = []
    for s in rules:
        n = s.sentence_index
        view = views.get(n) or views.setdefault(n, SentenceView.of(doc.tokens[n]))
        hit = any(side == side_of(s.target) for side, _, _ in attacked.get(n, ()))
        out.append((s, view, mention_features(view, s.target, s, context, hit, with_words)))
    return out


def decide(model: LinearModel, row: StanceScore, groups: list[tuple[list[Feature], Block]]) -> StanceScore:
    """The row as the model decides it from its feature groups, each with its encoding (a new StanceScore: the
    rule row is left as it was)."""
    probs = softmax(model.block_scores(b for _, b in groups).tolist(), model.temperature)
    k = max(range(len(probs)), key=probs.__getitem__)
    by_class = dict(zip(model.classes, probs))
    cues, seen = [], set()
    candidates = []
    for features, b in groups:
        pushing = model.block_contributions(b, k)
        weights = pushing.tolist()  # Python floats: indexing an array element by element costs more
        candidates += [(weights[i], features[i]) for i in np.flatnonzero(pushing > 0).tolist()
                       if features[i].end > features[i].start]
    for _, f in sorted(candidates, key=itemgetter(0), reverse=True):
        if len(cues) >= EVIDENCE_SHOWN:
            break
        if (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            cues.append({"word": row.sentence[f.start:f.end], "start": f.start, "end": f.end,
                         "sign": model.favoured(f.name)})
    return StanceScore(row.target, model.classes[k], row.sentence, cues, by_class.get(1, 0.0) - by_class.get(-1, 0.0),
                       row.sentence_index, row.role, probs[k])


def learned_stance(doc: Doc, model: LinearModel) -> list[StanceScore]:
    """Every rule row re-decided; a sentence's words are encoded once for all the targets it names."""
    words: dict[int, tuple[list[Feature], Block]] = {}
    out = []
    for row, view, features in doc_features(doc, with_words=False):
        shared = words.get(id(view))
        if shared is None:
            shared = words[id(view)] = (view.words, model.block([f.name for f in view.words],
                                                                [f.value for f in view.words]))
        own = (features, model.block([f.name for f in features], [f.value for f in features]))
        out.append(decide(model, row, [own, shared]))
    return out
