"""Train, evaluate and apply the CRF recogniser (python-crfsuite, L-BFGS with elastic-net regularisation).

`python -m dashboard ner train --data train.txt` reproduces the shipped model (trained on the whole file;
`--dev-share 0.1` cuts a dev part from its end to report while tuning); `python -m dashboard ner evaluate test.txt` prints per-type and
micro precision/recall/F1 with CoNLL exact span matching.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from dashboard.analysis.ner.conll import TYPES, Score, read_conll, spans
from dashboard.analysis.ner.discourse import consistent
from dashboard.analysis.ner.features import (
    OFFSETS,
    boundary_feature,
    lent_features,
    own_features,
    pair_features,
    sentence_features,
)

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "ner.crfsuite"
DEV_SHARE = 0.1  # while tuning, the last tenth of the training sentences: data that is not the test part
C1 = 0.05  # L1: drops features seen once (keeps the model small)
C2 = 0.01  # L2
MAX_ITERATIONS = 200
VITERBI_BATCH = 256  # sentences decoded together: one array step per position, memory bounded by the batch
WORD_ROWS_LIMIT = 100_000  # words whose weight rows are kept (6 x 9 floats each: ~45 MB); then start again


def train(data: Path, model: Path | None = None, dev_share: float = DEV_SHARE, c1: float = C1, c2: float = C2,
          iterations: int = MAX_ITERATIONS) -> dict:
    import pycrfsuite

    model = model or MODEL_PATH
    sents = read_conll(data)
    cut = int(len(sents) * (1 - dev_share))
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, tags in sents[:cut]:
        trainer.append(sentence_features(toks), tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    model.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model))
    tagger.cache_clear()
    return {"sentences": cut, "dev": evaluate_sentences(sents[cut:], model) if cut < len(sents) else None}


class FastTagger:
    """The trained linear-chain CRF, decoded here: a word's own features, and those it lends to each
    neighbour, always sum to the same weight vector, so each word gets a row once per process (tables grown as
    new words come); a sentence's emission scores are then a few array sums, and Viterbi runs over all the
    sentences of an article at once. The tags are crfsuite's own (test_ner checks they agree)."""

    def __init__(self, model: Path):
        import pycrfsuite

        reference = pycrfsuite.Tagger()
        reference.open(str(model))
        info = reference.info()
        self.labels = reference.labels()
        index = {lab: k for k, lab in enumerate(self.labels)}
        self._size = len(self.labels)
        self._attributes: dict[str, int] = {}  # attribute -> row of the weight matrix
        cells = []
        for (attr, lab), w in info.state_features.items():
            cells.append((self._attributes.setdefault(attr, len(self._attributes)), index[lab], w))
        self._matrix = np.zeros((len(self._attributes) + 1, self._size))  # the last row: unknown attributes
        for row, col, w in cells:
            self._matrix[row, col] = w
        self._unknown = len(self._attributes)
        self._transitions = np.zeros((self._size, self._size))
        for (a, b), w in info.transitions.items():
            self._transitions[index[a], index[b]] = w
        self._boundary = {d: self._sum((boundary_feature(d),)) for d in OFFSETS}
        self._rows: dict[str, int] = {}
        self._pairs: dict[tuple[str, str], tuple[int, int]] = {}  # word pair -> its feature rows
        self._tables = np.zeros((1 + len(OFFSETS), 1024, self._size))  # own, then lent at each offset
        self.reference = reference

    def _sum(self, features) -> np.ndarray:
        get, unknown = self._attributes.get, self._unknown
        return self._matrix[[get(f, unknown) for f in features]].sum(axis=0)

    def _add_rows(self, tokens: list[str]) -> None:
        """Rows for the words met for the first time, summed in one gather per table (a call per word and table
        cost more than the sums themselves: real news brings dozens of new words an article)."""
        new = [t for t in dict.fromkeys(tokens) if t not in self._rows]
        first = len(self._rows)
        while first + len(new) > self._tables.shape[1]:
            self._tables = np.concatenate([self._tables, np.zeros_like(self._tables)], axis=1)
        get, unknown = self._attributes.get, self._unknown
        tables = [own_features] + [lambda t, d=d: lent_features(t, d) for d in OFFSETS]
        for k, features_of in enumerate(tables):
            rows, starts = [], []
            for t in new:
                starts.append(len(rows))
                rows.append(unknown)  # the zero row: no word's segment is empty (reduceat would misread it)
                rows += [get(f, unknown) for f in features_of(t)]
            self._tables[k, first:first + len(new)] = np.add.reduceat(self._matrix[rows], starts, axis=0)
        self._rows.update((t, first + n) for n, t in enumerate(new))

    def emissions(self, tokens: list[str]) -> np.ndarray:
        n = len(tokens)
        if len(self._rows) + n > WORD_ROWS_LIMIT:
            self._rows.clear()  # bounded memory on a long import (between sentences: rows stay valid within one)
        known = self._rows.get
        found = [known(t) for t in tokens]  # most words already have a row: one dict lookup, no call
        if None in found:
            self._add_rows(tokens)
            found = [known(t) for t in tokens]
        rows = np.array(found, dtype=np.int64)
        out = self._tables[0, rows].copy()
        for k, d in enumerate(OFFSETS, start=1):
            lent = self._tables[k, rows]  # what each word lends to the word d places from it
            if d > 0:
                out[:max(0, n - d)] += lent[d:]
                out[max(0, n - d):] += self._boundary[d]
            else:
                out[-d:] += lent[:n + d]
                out[:min(n, -d)] += self._boundary[d]
        pairs = self._pairs
        if len(pairs) + n > WORD_ROWS_LIMIT:
            pairs.clear()
        for i in range(1, n):
            key = (tokens[i - 1], tokens[i])
            rows_of_pair = pairs.get(key)
            if rows_of_pair is None:
                rows_of_pair = pairs[key] = self._pair_rows(*key)
            right, left = rows_of_pair
            if right >= 0:
                out[i] += self._matrix[right]
            if left >= 0:
                out[i - 1] += self._matrix[left]
        return out

    def _pair_rows(self, left: str, right: str) -> tuple[int, int]:
        """The weight rows of a word pair's two features (−1: the model never saw it); memoised in _pairs, since
        building the stems of both words costs more than the lookups."""
        to_right, to_left = pair_features(left, right)
        return self._attributes.get(to_right, -1), self._attributes.get(to_left, -1)

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        """Viterbi over a batch of sentences at once (one step per position, not per token)."""
        live = [k for k, s in enumerate(sentences) if s]
        out: list[list[str]] = [[] for _ in sentences]
        if not live:
            return out
        lengths = np.array([len(sentences[k]) for k in live])
        steps = int(lengths.max())
        emit = np.zeros((len(live), steps, self._size))
        for b, k in enumerate(live):
            emit[b, :lengths[b]] = self.emissions(sentences[k])
        best = emit[:, 0]
        back = np.zeros((len(live), steps, self._size), dtype=np.int64)
        for t in range(1, steps):
            scores = best[:, :, None] + self._transitions[None]
            back[:, t] = scores.argmax(axis=1)
            moved = scores.max(axis=1) + emit[:, t]
            best = np.where((t < lengths)[:, None], moved, best)
        for b, k in enumerate(live):
            path = [int(best[b].argmax())]
            for t in range(lengths[b] - 1, 0, -1):
                path.append(int(back[b, t, path[-1]]))
            out[k] = [self.labels[j] for j in reversed(path)]
        return out

    def tag(self, tokens: list[str]) -> list[str]:
        return self.tag_many([tokens])[0]

    def tag_text(self, sentences: list[list[str]]) -> list[list[str]]:
        """The sentences of one text (an article), tagged and then made consistent (discourse.consistent)."""
        tags: list[list[str]] = []
        for start in range(0, len(sentences), VITERBI_BATCH):
            tags += self.tag_many(sentences[start:start + VITERBI_BATCH])
        return consistent(sentences, tags)


@lru_cache(maxsize=2)
def tagger(model: Path) -> FastTagger:
    """The model, loaded once per process."""
    return FastTagger(model)


def available(model: Path | None = None) -> bool:
    return (model or MODEL_PATH).exists()


def tag(tokens: list[str], model: Path | None = None) -> list[str]:
    return tagger(model or MODEL_PATH).tag(tokens)


def tag_many(sentences: list[list[str]], model: Path | None = None) -> list[list[str]]:
    return tagger(model or MODEL_PATH).tag_many(sentences)


def tag_text(sentences: list[list[str]], model: Path | None = None) -> list[list[str]]:
    return tagger(model or MODEL_PATH).tag_text(sentences)


def evaluate_sentences(sents, model: Path | None = None) -> dict[str, Score]:
    """CoNLL exact-match scores of the sentences (one running text, as ANERcorp's parts are) tagged by tag_text."""
    scores = {t: Score() for t in (*TYPES, "micro")}
    predicted = tag_text([toks for toks, _ in sents], model)
    for (_, gold), tags in zip(sents, predicted):
        g, p = spans(gold), spans(tags)
        for kind in TYPES:
            gk, pk = {s for s in g if s[2] == kind}, {s for s in p if s[2] == kind}
            for target in (scores[kind], scores["micro"]):
                target.tp += len(gk & pk)
                target.fp += len(pk - gk)
                target.fn += len(gk - pk)
    return scores
