"""The CoNLL side of the recogniser: `token TAG` files, BIO tags to spans, and exact-match scores per type."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TYPES = ("PERS", "LOC", "ORG", "MISC")


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a `token TAG` file (blank line between sentences)."""
    out, toks, tags = [], [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            toks.append(parts[0])
            tags.append(parts[-1])
        elif toks:
            out.append((toks, tags))
            toks, tags = [], []
    if toks:
        out.append((toks, tags))
    return out


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) of the BIO tags, CoNLL style: an I- after O or another type starts a span."""
    out, start, kind, last = set(), None, None, -2
    for i, t in [(i, t) for i, t in enumerate(tags) if t != "O"]:  # most tags are O: only the others are read
        head, _, typ = t.partition("-")
        if start is not None and (i != last + 1 or head != "I" or typ != kind):
            out.add((start, last + 1, kind))
            start = None
        if head == "B" or (head == "I" and start is None):
            start, kind = i, typ
        last = i
    if start is not None:
        out.add((start, last + 1, kind))
    return out


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def report(scores: dict[str, Score]) -> str:
    lines = [f"{'type':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    for k, s in scores.items():
        lines.append(f"{k:6} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp + s.fn:6d}")
    return "\n".join(lines)
