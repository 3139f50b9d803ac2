"""Scores the geocoder on a labelled list of place mentions (bench/places.csv, made as its README section says):
each row names an article of the shared sets, a sentence, the mention as written and the place it is. The
article is analysed again and the mention's entity is compared with the label:

- a town, site or region is right within TOWN_KM of the labelled point;
- a country or an administrative unit is right when it is the same unit (its key, or the same precision and
  country within UNIT_KM of the labelled point, the same unit from another source);
- a name labelled `none` (a region with no point, a common noun, an adjective) is right when it has no place.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from dashboard.analysis.engines import get_engine
from dashboard.analysis.figures import EVENT_CATEGORIES
from dashboard.analysis.pipeline import analyse_path
from dashboard.training.gazetteer import distance_km

TOWN_KM = 25.0  # the bar for towns
UNIT_KM = 50.0  # two sources' points of one governorate lie this close
BAR = 0.90  # share of the labelled place mentions geocoded right
FOLDERS = {"seeds": "seeds", "gold-ant": "gold-ant/texts", "train-ant": "train-ant/texts"}
POINT_PRECISIONS = ("town", "site", "region")


def is_right(label: dict, place) -> bool:
    if label["expected"] == "none":
        return place is None
    if place is None:
        return False
    lat, lon = float(label["lat"]), float(label["lon"])
    far = distance_km(lat, lon, place.lat, place.lon)
    if label["precision"] in POINT_PRECISIONS:
        return place.precision in POINT_PRECISIONS and far <= TOWN_KM
    return place.key == label["expected"] or (place.precision == label["precision"] and far <= UNIT_KM)


def _places_of(path: Path, engine) -> dict[tuple[int, str], object]:
    """(sentence index, surface) -> the mention's entity's place, for every mention of the file's articles."""
    out = {}
    for article in analyse_path(path, engine):
        for e in article.entities:
            for m in e.mentions:
                out.setdefault((m.sentence_index, m.surface), e.place if m.kind == "name" else None)
    return out


def check(labels: Path, shared: Path, engine_name: str = "auto") -> tuple[str, dict[str, list[int]]]:
    """(report, {"places" | "not places" | "adjectives": [right, labelled]})."""
    engine = get_engine(engine_name)
    rows = list(csv.DictReader(labels.open(encoding="utf-8")))
    by_file = defaultdict(list)
    for r in rows:
        by_file[(r["set"], r["file"])].append(r)
    tally = defaultdict(lambda: [0, 0])
    misses = []
    for (name, file), labelled in sorted(by_file.items()):
        found = _places_of(shared / FOLDERS[name] / file, engine)
        for r in labelled:
            kind = "adjectives" if r["kind"] == "adjective" else ("not places" if r["expected"] == "none" else "places")
            place = found.get((int(r["sentence"]), r["surface"]))
            ok = is_right(r, place)
            tally[kind][0] += ok
            tally[kind][1] += 1
            if not ok:
                misses.append(f"  {r['surface']}: {place.label_en + ' (' + place.precision + ')' if place else 'none'}"
                              f" — labelled {r['label_en'] or 'none'} {r['precision']} ({name}/{file})")
    lines = [f"{kind}: {right}/{total} = {right / max(1, total):.3f} right"
             for kind, (right, total) in sorted(tally.items())]
    return "\n".join(lines + ["misses:"] + misses), dict(tally)


def figure_coverage(texts: Path, engine_name: str = "auto") -> tuple[int, int]:
    """(figures placed, figures whose sentence names a place the table knows), over the attack, strike and
    casualty figures of a folder of articles: how often a figure whose sentence says where carries coordinates."""
    engine = get_engine(engine_name)
    placed = named = 0
    for path in sorted(texts.iterdir()):
        for article in analyse_path(path, engine):
            sentences_with_places = {m.sentence_index for e in article.entities if e.place
                                     for m in e.mentions if m.kind == "name"}
            for f in article.figures:
                if f.category in EVENT_CATEGORIES and (f.sentence_index in sentences_with_places or f.place):
                    named += 1
                    placed += f.place is not None
    return placed, named
