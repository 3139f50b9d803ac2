"""A multinomial logistic regression over named sparse features, shipped as a table of weights.

Trained with scikit-learn (`fit`), read and applied here without it: a prediction is the softmax of the
intercept plus each active feature's weights, divided by a temperature fitted on held-out predictions (Guo et
al. 2017, "On Calibration of Modern Neural Networks") so that the probability of the chosen class is a
calibrated confidence. A feature's contribution to the chosen class is its value times its weight there less
its mean weight over the classes: the words that moved the decision.
"""
from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

import numpy as np

WEIGHT_DIGITS = 4  # decimals kept on disk: well below any weight that changes a decision
MIN_WEIGHT = 1e-3  # a feature whose every weight is smaller is dropped from the shipped table
TEMPERATURES = [t / 20 for t in range(10, 81)]  # 0.5 … 4.0: the grid a temperature is fitted on


class Block(NamedTuple):
    rows: np.ndarray  # each feature's row in the weight matrix (the last row for an unknown feature)
    values: np.ndarray


@dataclass
class LinearModel:
    classes: list[int]
    intercept: list[float]
    weights: dict[str, list[float]]
    temperature: float = 1.0
    meta: dict = field(default_factory=dict)  # how it was trained: data, C, scores

    def __post_init__(self):
        # one row per feature (the last row: zeros, for a feature the model does not know), and each row less its
        # mean over the classes: a feature's contribution to a class, per unit of its value
        self._index = {k: n for n, k in enumerate(self.weights)}
        self._matrix = np.array([*self.weights.values(), [0.0] * len(self.classes)], dtype=np.float64)
        self._centred = self._matrix - self._matrix.mean(axis=1, keepdims=True)

    def _rows(self, names: Sequence[str]) -> np.ndarray:
        unknown, get = len(self._index), self._index.get
        return np.array([get(n, unknown) for n in names], dtype=np.int64)

    def block(self, names: Sequence[str], values: Sequence[float]) -> Block:
        """Features encoded once, to be scored with others (`block_scores`) as often as needed."""
        return Block(self._rows(names), np.asarray(values, dtype=np.float64))

    def block_scores(self, blocks: Iterable[Block]) -> np.ndarray:
        out = np.asarray(self.intercept, dtype=np.float64)
        for b in blocks:
            if len(b.rows):
                out = out + b.values @ self._matrix[b.rows]
        return out

    def block_contributions(self, b: Block, klass: int) -> np.ndarray:
        """Each feature's contribution to class index `klass`: its value times its centred weight there."""
        return b.values * self._centred[b.rows, klass]

    def scores(self, features: Iterable[tuple[str, float]]) -> list[float]:
        """Intercept plus value × weights of every feature (a repeated feature counts each time)."""
        features = list(features)
        if not features:
            return list(self.intercept)
        names, values = zip(*features)
        rows = self._rows(names)
        return (np.asarray(self.intercept) + np.asarray(values, dtype=np.float64) @ self._matrix[rows]).tolist()

    def probabilities(self, features: Iterable[tuple[str, float]]) -> list[float]:
        return softmax(self.scores(features), self.temperature)

    def favoured(self, name: str) -> int | None:
        """The class a feature pushes toward most, or None for a feature the model does not know."""
        w = self.weights.get(name)
        return self.classes[max(range(len(w)), key=w.__getitem__)] if w else None

    def save(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"classes": self.classes, "intercept": [round(v, WEIGHT_DIGITS) for v in self.intercept],
                "temperature": self.temperature, "meta": self.meta,
                "weights": {k: [round(v, WEIGHT_DIGITS) for v in w] for k, w in sorted(self.weights.items())
                            if max(abs(v) for v in w) >= MIN_WEIGHT}}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path.write_bytes(gzip.compress(text, mtime=0))  # no time stamp: the same training gives the same file

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            d = json.load(fh)
        return cls(d["classes"], d["intercept"], d["weights"], d.get("temperature", 1.0), d.get("meta", {}))


def softmax(scores: Sequence[float], temperature: float = 1.0) -> list[float]:
    top = max(scores)
    exps = [math.exp((s - top) / temperature) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def summed(features: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Feature values by name, repeated features added up (what the model sees)."""
    out: dict[str, float] = {}
    for name, value in features:
        out[name] = out.get(name, 0.0) + value
    return out


def fit(instances: list[dict[str, float]], labels: list[int], c: float, balanced: bool = True,
        meta: dict | None = None) -> LinearModel:
    """L2-regularised multinomial logistic regression (inverse strength `c`); `balanced` weights each class by
    the inverse of its frequency, so a rare class (stance +1) is learned, not drowned."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(instances)
    model = LogisticRegression(C=c, class_weight="balanced" if balanced else None, max_iter=3000)
    model.fit(x, labels)
    classes = [int(k) for k in model.classes_]
    coef = model.coef_
    if len(classes) == 2:  # scikit-learn gives one row for two classes: make it a row per class
        coef = [[-v / 2 for v in coef[0]], [v / 2 for v in coef[0]]]
        intercept = [-model.intercept_[0] / 2, model.intercept_[0] / 2]
    else:
        coef, intercept = coef.tolist(), model.intercept_.tolist()
    names = vec.get_feature_names_out()
    weights = {str(n): [float(coef[k][i]) for k in range(len(classes))] for i, n in enumerate(names)}
    return LinearModel(classes, [float(v) for v in intercept], weights, 1.0, meta or {})


def fit_temperature(score_rows: list[list[float]], gold_indices: list[int]) -> float:
    """The temperature on TEMPERATURES that minimises the negative log-likelihood of held-out predictions."""
    def nll(t: float) -> float:
        return -sum(math.log(max(softmax(s, t)[g], 1e-12)) for s, g in zip(score_rows, gold_indices))
    return min(TEMPERATURES, key=nll) if score_rows else 1.0
