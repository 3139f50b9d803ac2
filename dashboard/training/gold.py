"""Annotated sets in the gold formats (../shared/gold, gold-ant, train-ant): their texts analysed once, their rows
aligned to the analysed sentences, and the splits and scores that training and evaluation share.

A gold row names its sentence by its first characters (`sentence_start`); it is the analysed sentence whose loose
form contains the row's first MATCH_CHARS loose characters, as `../shared/tools/evaluate.py` matches it, so the
scores printed here are the ones that script prints.
"""
from __future__ import annotations

import csv
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from dashboard.analysis.doc import Doc
from dashboard.analysis.engines import Pipeline
from dashboard.analysis.pipeline import analysed_docs
from dashboard.analysis.text import dediacritise, normalise
from dashboard.sources.articles import ArticleText
from dashboard.sources.files import RejectedFile, read_document

T = TypeVar("T")
MATCH_CHARS = 40  # loose characters of a row's sentence start that must occur in its sentence
CLASSES = (-1, 0, 1)
_LOOSE_PUNCTUATION = re.compile(r"[«»“”\"'،,؛;:.()\[\]]")


def loose(text: str) -> str:
    """Compatibility-normalised, then `normalise`d, punctuation as spaces, one space between words."""
    text = normalise(dediacritise(unicodedata.normalize("NFKC", text or "")))
    return " ".join(_LOOSE_PUNCTUATION.sub(" ", text).split())


@dataclass
class Article:
    file: str  # the text's file name: the gold files' `seed`
    index: int  # 1-based article number in the file: the gold files' `article`
    text: ArticleText
    doc: Doc  # after the engine ran: sentences, tokens and every layer
    keys: list[str]  # loose form of each sentence

    @property
    def outlet(self) -> str:
        """ANT file names start with the outlet's code («SK-middleEast-…»); other names are their own outlet."""
        return self.file.split("-")[0] if "-" in self.file else self.file

    @property
    def month(self) -> str:
        found = re.search(r"(20\d\d)(\d\d)\d\d", self.file)
        return f"{found.group(1)}-{found.group(2)}" if found else (self.text.date or "")[:7]

    def sentence_of(self, start: str) -> list[int]:
        """Indices of the sentences a gold row's `sentence_start` points to, in order."""
        key = loose(start)[:MATCH_CHARS]
        return [n for n, k in enumerate(self.keys) if key and key in k]

    def row_for(self, start: str, target: str, rows: dict[tuple[int, str], T]) -> T | None:
        """The row (of `rows`, by sentence index and target) of the first sentence a gold row's start points to
        that has one for the target, as the scorer reads it."""
        return next((rows[(n, target)] for n in self.sentence_of(start) if (n, target) in rows), None)


def analyse_folder(folder: Path, engine: Pipeline) -> list[Article]:
    """Every article of every file in the folder (sorted by name), analysed by the engine."""
    out = []
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
        try:
            raw = read_document(path.name, path.read_bytes())
        except RejectedFile:
            continue
        for art, sents, doc in analysed_docs(raw, engine):
            out.append(Article(path.name, art.index, art, doc, [loose(s) for s in sents]))
    return out


def read_rows(gold: Path, name: str) -> list[dict]:
    path = Path(gold) / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def texts_of(gold: Path) -> Path:
    """Where a gold folder's texts are: its `texts/`, or the seeds beside it for ../shared/gold."""
    gold = Path(gold)
    for candidate in (gold / "texts", gold.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no texts for {gold}: give --texts")


def by_key(articles: list[Article]) -> dict[tuple[str, int], Article]:
    return {(a.file, a.index): a for a in articles}


# ---- splits: every one keeps an article's rows together


def article_folds(articles: list[Article], k: int = 5, seed: int = 13) -> list[set[tuple[str, int]]]:
    """k folds of articles at random (each a set of (file, index)), stable for a seed."""
    keys = sorted((a.file, a.index) for a in articles)
    random.Random(seed).shuffle(keys)
    return [set(keys[n::k]) for n in range(k)]


def group_folds(articles: list[Article], group) -> list[set[tuple[str, int]]]:
    """One fold per value of `group(article)` (an outlet, a month): train on the others, test on it."""
    groups: dict[str, set] = defaultdict(set)
    for a in articles:
        groups[group(a)].add((a.file, a.index))
    return [groups[g] for g in sorted(groups)]


def month_folds(articles: list[Article], k: int = 5) -> list[set[tuple[str, int]]]:
    """k folds of consecutive months (the months in order, cut into k runs of about equal article counts)."""
    months = sorted({a.month for a in articles})
    counts = {m: sum(a.month == m for a in articles) for m in months}
    total, folds, run, done = sum(counts.values()), [], [], 0
    for m in months:
        run.append(m)
        done += counts[m]
        if done >= total * (len(folds) + 1) / k and len(folds) < k - 1:
            folds.append(set(run))
            run = []
    folds.append(set(run))
    return [{(a.file, a.index) for a in articles if a.month in f} for f in folds if f]


# ---- scores


@dataclass
class ClassScores:
    gold: list[int]
    predicted: list[int]

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.predicted)) / len(self.gold) if self.gold else 0.0

    def f1(self, c: int) -> float:
        tp = sum(g == p == c for g, p in zip(self.gold, self.predicted))
        fp = sum(p == c != g for g, p in zip(self.gold, self.predicted))
        fn = sum(g == c != p for g, p in zip(self.gold, self.predicted))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    @property
    def macro_f1(self) -> float:
        return sum(self.f1(c) for c in CLASSES) / len(CLASSES)

    def confusion(self) -> dict[tuple[int, int], int]:
        out: dict[tuple[int, int], int] = defaultdict(int)
        for g, p in zip(self.gold, self.predicted):
            out[(g, p)] += 1
        return dict(out)

    def report(self, title: str) -> str:
        per_class = " ".join(f"F1({c:+d})={self.f1(c):.2f}" for c in CLASSES)
        grid = "\n".join(f"    gold {g:+d}: " + " ".join(f"{self.confusion().get((g, p), 0):5d}" for p in CLASSES)
                         for g in CLASSES)
        return (f"{title}: {len(self.gold)} rows, accuracy {self.accuracy:.3f}, macro-F1 {self.macro_f1:.3f} "
                f"({per_class})\n    predicted:  " + " ".join(f"{p:+5d}" for p in CLASSES) + "\n" + grid)
