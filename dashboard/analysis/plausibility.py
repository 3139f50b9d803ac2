"""Whether a capability figure's value is one a report can plausibly give: at most the category's bound in
lexicons/plausible_values.csv, and at least 1 (counts are whole things). A value beyond it is rhetoric («مليون
عراقي قتلتموه») or a misread number: the analysis keeps it, flagged, and the views leave it out unless asked."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import numpy as np

from dashboard.analysis.lexicon import rows

SMALLEST = 1.0  # the least count a report gives; a range below 1 km is no missile's range either


@lru_cache(maxsize=1)
def bounds() -> dict[str, float]:
    """The largest plausible value of each category that has one (`other` has none)."""
    return {r["category"]: float(r["most"]) for r in rows("plausible_values.csv")}


def plausible_all(categories: Iterable[str], values: Iterable[float]) -> np.ndarray:
    """Whether each figure (a table's category and value columns) is plausible."""
    most = np.array([bounds().get(c, np.inf) for c in categories], dtype=float)
    v = np.asarray(list(values), dtype=float)
    return (v >= SMALLEST) & (v <= most)


def plausible(category: str, value: float) -> bool:
    """One figure's `plausible_all`."""
    return bool(plausible_all([category], [value])[0])
