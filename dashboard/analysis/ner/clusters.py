"""Word clusters learned without labels from a large news corpus (the classic way to give a CRF recall on
names it never saw): distributional vectors (positive PMI of the words at −2, −1, +1, +2, reduced by a
truncated SVD), then k-means at three granularities. The table maps a normalised word to its cluster ids.
"""
from __future__ import annotations

import gzip
import json
import lzma
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from dashboard.analysis.text import normalise

CLUSTERS_PATH = Path(__file__).resolve().parents[1] / "models" / "clusters.tsv.gz"
VOCABULARY = 60_000  # most frequent words that get a cluster (covers ~97% of news tokens)
CONTEXTS = 4_000  # most frequent words used as context features
OFFSETS = (-2, -1, 1, 2)  # context positions, kept apart: word order carries the syntax
DIMENSIONS = 100  # SVD dimensions
GRANULARITIES = (100, 400, 1000)  # k of each k-means: coarse classes to near-synonym groups
MIN_COUNT = 5
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def corpus_texts(path: Path, limit: int | None = None):
    """Title and text of every article of an ANT-style JSON Lines file (plain or .xz), one string each."""
    opener = lzma.open if str(path).endswith(".xz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit and n >= limit:
                break
            d = json.loads(line)
            yield (d.get("title") or "") + "\n\n" + (d.get("text") or "")


def corpus_tokens(path: Path, limit: int | None = None):
    """Normalised tokens of every article of an ANT-style JSON Lines file (title, then text)."""
    for text in corpus_texts(path, limit):
        yield [normalise(w) for w in _WORD.findall(text)]


def build(path: Path, out: Path = CLUSTERS_PATH, limit: int | None = None, seed: int = 13) -> dict:
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    docs = list(corpus_tokens(path, limit))
    freq = Counter(w for d in docs for w in d)
    vocab = [w for w, c in freq.most_common(VOCABULARY) if c >= MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    ids = np.fromiter((index.get(w, -1) for d in docs for w in d + [None]), dtype=np.int64)  # None: a break
    rows, cols = [], []
    for k, off in enumerate(OFFSETS):
        # a is the word, b the word at `off` from it
        a, b = (ids[-off:], ids[:off]) if off < 0 else (ids[:-off], ids[off:])
        keep = (a >= 0) & (b >= 0) & (b < CONTEXTS)
        rows.append(a[keep])
        cols.append(b[keep] + k * CONTEXTS)
    r, c = np.concatenate(rows), np.concatenate(cols)
    m = sparse.coo_matrix((np.ones_like(r, dtype=np.float32), (r, c)),
                          shape=(len(vocab), CONTEXTS * len(OFFSETS))).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_p = np.asarray(m.sum(axis=1)).ravel() / total
    col_p = np.asarray(m.sum(axis=0)).ravel() / total
    coo = m.tocoo()
    pmi = np.log((coo.data / total) / (row_p[coo.row] * col_p[coo.col] + 1e-12) + 1e-12)
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)
    vectors = normalize(TruncatedSVD(DIMENSIONS, random_state=seed).fit_transform(ppmi))
    labels = [MiniBatchKMeans(k, random_state=seed, batch_size=4096, n_init=3).fit_predict(vectors)
              for k in GRANULARITIES]
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        fh.write("# word\t" + "\t".join(f"k{k}" for k in GRANULARITIES) + "\n")
        for i, w in enumerate(vocab):
            fh.write(w + "\t" + "\t".join(str(lab[i]) for lab in labels) + "\n")
    return {"words": len(vocab), "tokens": int(sum(freq.values())), "path": str(out)}


@lru_cache(maxsize=1)
def clusters(path: Path = CLUSTERS_PATH) -> dict[str, tuple[str, ...]]:
    """normalised word -> cluster ids (one per granularity); empty when the table is not built. The table
    lists words by falling frequency, so the dict's order is the frequency rank (see `rank`)."""
    if not path.exists():
        return {}
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                word, *ids = line.rstrip("\n").split("\t")
                out[word] = tuple(ids)
    return out


@lru_cache(maxsize=1)
def rank() -> dict[str, int]:
    """normalised word -> frequency rank in the corpus the clusters were learned from (0 = most frequent)."""
    return {w: i for i, w in enumerate(clusters())}
