"""Where: the places of the filtered corpus as map points, and its attacks, strikes and casualty reports as
events, one row each, in the columns ACLED's event data uses (the README documents each).

Both aggregate before anything is drawn: a map of 30,000 articles is a few hundred points."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard.analysis.figures import CASUALTY_CATEGORIES, EVENT_CATEGORIES
from dashboard.analysis.lexicon import rows
from dashboard.analysis.text import normalise
from dashboard.views.tables import Corpus, label, labels_of, per_corpus

EVENT_COLUMNS = ["event_date", "event_type", "actor1", "actor2", "location", "admin1", "country", "latitude",
                 "longitude", "geo_precision", "value", "fatalities", "source", "source_url", "article_id",
                 "sentence_index", "sentence"]
PLACE_COLUMNS = ["place", "name", "label_en", "lat", "lon", "country", "geo_precision", "mentions", "articles",
                 "entity_keys"]
# Where the map opens (west, south, east, north): Egypt to Afghanistan, Turkey to Yemen; the world when most of
# what is mapped lies outside it.
MIDDLE_EAST = (24.0, 11.0, 64.0, 43.0)
MIDDLE_EAST_SHARE = 0.5


@lru_cache(maxsize=1)
def event_type_words() -> list[tuple[str, str]]:
    """(normalised word, event type) of views/event_types.csv, longest first."""
    out = [(normalise(r["word"]), r["event_type"]) for r in rows("event_types.csv", Path(__file__).parent)]
    return sorted(out, key=lambda wt: -len(wt[0]))


def event_type(category: str, unit: str | None, evidence: str) -> str:
    """ACLED-like type of an event figure: casualties for the killed and wounded; for attacks, what the counted
    noun or its phrase says (غارة → strike, اشتباك → clash, تفجير → explosion), else attack."""
    if category in CASUALTY_CATEGORIES:
        return "casualties"
    text = normalise(f"{unit or ''} {evidence}")
    return next((kind for word, kind in event_type_words() if word in text), "attack")


@per_corpus
def place_points(c: Corpus, language: str = "en") -> pd.DataFrame:
    """One row per place with coordinates: its name in the language, precision, name mentions (adjectives are
    sides, not places) and articles, and the entity keys behind it (several names may be one place)."""
    e = c.entities.dropna(subset=["lat"])
    # the store's `mentions` are name mentions; filter_corpus keeps them as name_mentions when it adds adjectives
    counts = "name_mentions" if "name_mentions" in e else "mentions"
    e = e[e[counts] > 0]
    if e.empty:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    per_key = e.groupby(["lat", "lon", "entity_key"]).agg(
        name=("name", "first"), label_en=("place_en", "first"), country=("country", "first"),
        geo_precision=("geo_precision", "first"), mentions=(counts, "sum"),
        articles=("article_id", "nunique"))
    per_key = per_key.reset_index().sort_values("mentions", ascending=False)
    out = per_key.groupby(["lat", "lon"], sort=False).agg(
        name=("name", "first"), label_en=("label_en", "first"), country=("country", "first"),
        geo_precision=("geo_precision", "first"), mentions=("mentions", "sum"), articles=("articles", "sum"),
        entity_keys=("entity_key", tuple)).reset_index()
    out["place"] = out["name"] if language == "ar" else out["label_en"]
    out["precision_label"] = labels_of("precision", out["geo_precision"], language)
    return out[[*PLACE_COLUMNS, "precision_label"]].sort_values(["mentions", "place"], ascending=[False, True]).reset_index(drop=True)


@per_corpus
def events_table(c: Corpus, language: str = "en") -> pd.DataFrame:
    """Every attack and casualty figure as an event: when, what, who (actor1) against whom (actor2), where, how
    many, and its source and sentence index (the sentence text is added by with_sentences). For an attack the
    actor is the attacker and the target the attacked; for casualties the perpetrator, where the text names one,
    is actor1 and the side whose people they are actor2."""
    f = c.figures[c.figures["category"].isin(EVENT_CATEGORIES)]
    if f.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    f = f.merge(c.articles[["id", "date", "source", "url"]], left_on="article_id", right_on="id")
    casualties = f["category"].isin(CASUALTY_CATEGORIES)
    actor = f["actor"].fillna("unknown")
    out = pd.DataFrame({
        "event_date": [d.isoformat() if hasattr(d, "isoformat") else "" for d in f["date"]],
        "event_type": [event_type(cat, u, ev) for cat, u, ev in zip(f["category"], f["unit"], f["evidence"])],
        "actor1": f["by_actor"].where(casualties, actor), "actor2": actor.where(casualties, f["target"]),
        "location": f["location"] if language == "en" else f["location_ar"].fillna(f["location"]),
        "admin1": f["admin1"], "country": f["country"], "latitude": f["lat"], "longitude": f["lon"],
        "geo_precision": f["geo_precision"], "value": f["value"],
        "fatalities": f["value"].where(f["category"] == "killed"), "source": f["source"], "source_url": f["url"],
        "article_id": f["article_id"], "sentence_index": f["sentence_index"].astype(int), "sentence": "",
        "category": f["category"]})
    for col in ("actor1", "actor2"):
        out[col] = [label("actor", a, language) if isinstance(a, str) and a else "" for a in out[col]]
    out["event_type_label"] = labels_of("event_type", out["event_type"], language)
    return out.sort_values(["event_date", "article_id", "sentence_index"]).reset_index(drop=True)


def with_sentences(events: pd.DataFrame, texts: dict[tuple[str, int], str]) -> pd.DataFrame:
    """The events with their sentences' text (the evidence), from {(article id, sentence index): text}."""
    return events.assign(sentence=[texts.get((a, int(i)), "") for a, i in
                                   zip(events["article_id"], events["sentence_index"])])


EVENT_COLOURS = ("event_type", "actor1")  # what colours the map's events: their type or their perpetrator


@per_corpus
def event_points(c: Corpus, language: str = "en", colour: str = "event_type") -> pd.DataFrame:
    """The placed events, one row per place and type (or perpetrator, `colour`): how many reports, their sum and
    fatalities. `group` is the label the map colours by."""
    e = events_table(c, language).dropna(subset=["latitude"])
    if e.empty:
        return pd.DataFrame(columns=["latitude", "longitude", "group", "location", "reports", "value", "fatalities"])
    group = e["event_type_label"] if colour == "event_type" else e["actor1"].replace("", label("actor", "unknown",
                                                                                                 language))
    return e.assign(group=group).groupby(["latitude", "longitude", "group"]).agg(
        location=("location", "first"), reports=("value", "size"), value=("value", "sum"),
        fatalities=("fatalities", "sum")).reset_index()


def map_extent(lats: pd.Series, lons: pd.Series, weights: pd.Series) -> tuple[float, float, float, float] | None:
    """MIDDLE_EAST when at least MIDDLE_EAST_SHARE of the weight (mentions, reports) lies in it, else None (the
    world): the news names Washington and Moscow too, but a map of them all would shrink Iraq to a dot."""
    west, south, east, north = MIDDLE_EAST
    inside = lons.between(west, east) & lats.between(south, north)
    total = weights.sum()
    return MIDDLE_EAST if total == 0 or weights[inside.to_numpy()].sum() >= MIDDLE_EAST_SHARE * total else None
