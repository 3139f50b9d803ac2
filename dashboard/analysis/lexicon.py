"""Loads the domain data files in analysis/lexicons/ (CSV or one-per-line text, '#' lines are headers).

An analyst who keeps their own copy of the lexicons (more actors, a new stance target) points
DASHBOARD_LEXICON_DIR at it; nothing else changes."""
from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path

from dashboard.analysis.text import normalise

SHIPPED_LEXICONS = Path(__file__).with_name("lexicons")
LEXICON_DIR = Path(os.environ.get("DASHBOARD_LEXICON_DIR") or SHIPPED_LEXICONS)


def _lines(name: str, folder: Path | None = None) -> list[str]:
    path = (folder or LEXICON_DIR) / name
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def rows(name: str, folder: Path | None = None) -> list[dict[str, str]]:
    """Rows of a CSV lexicon as dicts, header from its first non-comment line."""
    return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(_lines(name, folder))]


def words(name: str, folder: Path | None = None) -> list[str]:
    return [ln.strip() for ln in _lines(name, folder)]


@lru_cache(maxsize=None)
def normalised_set(name: str) -> frozenset[str]:
    return frozenset(normalise(w) for w in words(name))
