"""Attention over time: the share of each period's articles that name an entity (Media Cloud's and GDELT's
"share of stories"), so a month of 5,000 articles and a month of 85 read on one scale. The period is a week, or a
month when the data spans more than WEEKLY_SPAN_DAYS; presets keep the last 30, 90 or 365 days of the data."""
from __future__ import annotations

from datetime import timedelta

import pandas as pd

from dashboard.views.tables import Corpus, label_column, per_corpus

WEEKLY_SPAN_DAYS = 366  # up to a year of data is read by week (at most 53 points a line), longer by month
MAX_ENTITIES = 8  # lines in one chart: more cannot be told apart by colour
PRESETS = {"30": 30, "90": 90, "365": 365, "all": None}  # days before the data's last date (None: every date)
DEFAULT_PRESET = "all"
ATTENTION_COLUMNS = ["period", "label", "entity_key", "source", "articles", "period_articles", "share"]


def period_of(span_days: int) -> str:
    """The pandas period a span of data is read by: weekly (W-SUN: weeks end on Sunday) or monthly."""
    return "W-SUN" if span_days <= WEEKLY_SPAN_DAYS else "M"


def in_preset(dates: pd.Series, preset: str) -> pd.Series:
    """Which dates fall in the preset's last days of the data (every date for "all")."""
    days = PRESETS[preset]
    if days is None or dates.isna().all():
        return dates.notna()
    return dates >= dates.max() - timedelta(days=days - 1)


@per_corpus
def attention(c: Corpus, keys: tuple[str, ...], preset: str = "all", by_outlet: bool = False,
              language: str = "en") -> pd.DataFrame:
    """One row per period of the span, entity (and outlet): how many of the period's articles name the entity, of
    how many, and the share. A period with articles but no mention of the entity has share 0 (the line touches the
    axis); a period without articles has no share (the line breaks instead of bridging years of silence)."""
    arts = c.articles[["id", "date", "source"]].assign(date=lambda a: pd.to_datetime(a["date"])).dropna(subset=["date"])
    arts = arts[in_preset(arts["date"], preset)]
    if arts.empty or not keys:
        return pd.DataFrame(columns=ATTENTION_COLUMNS)
    span = (arts["date"].max() - arts["date"].min()).days
    periods = arts["date"].dt.to_period(period_of(span))
    arts = arts.assign(period=periods.dt.start_time)
    groups = ["period", "source"] if by_outlet else ["period"]
    # every period of the span, those without an article too: their share is unknown (a gap in the line), not 0
    every = pd.DataFrame({"period": pd.period_range(periods.min(), periods.max()).start_time})
    if by_outlet:
        every = every.merge(pd.DataFrame({"source": sorted(arts["source"].dropna().unique())}), how="cross")
    totals = every.merge(arts.groupby(groups).size().rename("period_articles").reset_index(), how="left")
    totals["period_articles"] = totals["period_articles"].fillna(0).astype(int)
    names = c.entities[c.entities["entity_key"].isin(keys)][["article_id", "entity_key", label_column(language)]]
    named = names.drop_duplicates(["article_id", "entity_key"]).merge(arts, left_on="article_id", right_on="id")
    counts = named.groupby([*groups, "entity_key"]).size().rename("articles").reset_index()
    labels = names.drop_duplicates("entity_key").set_index("entity_key")[label_column(language)]
    grid = totals.merge(pd.DataFrame({"entity_key": [k for k in keys if k in labels.index]}), how="cross")
    out = grid.merge(counts, on=[*groups, "entity_key"], how="left").fillna({"articles": 0})
    out["articles"] = out["articles"].astype(int)
    out["share"] = (out["articles"] / out["period_articles"]).where(out["period_articles"] > 0)
    out["label"] = out["entity_key"].map(labels)
    if not by_outlet:
        out["source"] = ""
    return out[ATTENTION_COLUMNS].sort_values(["period", "label", "source"]).reset_index(drop=True)
