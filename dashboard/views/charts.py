"""Chart builders: pure functions from a view's DataFrame to an Altair chart (no Streamlit here)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.analysis.stance import target_codes

alt.data_transformers.disable_max_rows()  # views aggregate first, so frames stay small

TARGET_PALETTE = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]  # US, IRAN, then added targets


def target_scale() -> alt.Scale:
    """One colour per stance target of targets.csv, so a target added there is drawn with no code change."""
    codes = target_codes()
    return alt.Scale(domain=codes, range=[TARGET_PALETTE[i % len(TARGET_PALETTE)] for i in range(len(codes))])


COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)  # counts are whole numbers: no 0.2, 0.4 … ticks
COUNT_LEGEND = alt.Legend(format="d", tickMinStep=1)
TYPE_COLORS = alt.Scale(domain=["PERSON", "ORG", "LOC", "MISC"], range=["#4c78a8", "#f58518", "#54a24b", "#b279a2"])
FONT = "Noto Sans Arabic, Noto Sans, DejaVu Sans, sans-serif"


def _style(chart: alt.Chart, title: str) -> alt.Chart:
    return chart.properties(title=title).configure(font=FONT).configure_axis(labelLimit=260)


def articles_per_outlet(df: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("articles:Q", title="Articles", axis=COUNT_AXIS), y=alt.Y("source:N", sort="-x", title="Outlet"),
        tooltip=["source", "articles"])
    return _style(chart, "Articles per outlet")


def articles_over_time(df: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("date:T", title="Date"), y=alt.Y("sum(articles):Q", title="Articles", axis=COUNT_AXIS),
        color=alt.Color("source:N", title="Outlet"), tooltip=["date:T", "source", "articles"])
    return _style(chart, "Date coverage")


def top_entities(df: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("mentions:Q", title="Mentions", axis=COUNT_AXIS),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False)),
        color=alt.Color("type:N", scale=TYPE_COLORS, title="Type"),
        tooltip=["label", "name", "label_en", "type", "alignment", "mentions", "articles"])
    return _style(chart.properties(height=alt.Step(22)), "Most mentioned entities")


def entity_heatmap(df: pd.DataFrame, by: str = "article") -> alt.Chart:
    x = alt.X("article:N", title="Article", sort=None) if by == "article" else alt.X("yearmonthdate(date):O", title="Date")
    chart = alt.Chart(df).mark_rect().encode(
        x=x, y=alt.Y("label:N", title=None),
        color=alt.Color("sum(mentions):Q", title="Mentions", scale=alt.Scale(scheme="blues"), legend=COUNT_LEGEND),
        tooltip=["label", "title", "date", "source", "mentions"])
    return _style(chart, f"Entity mentions by {by}")


def cooccurrence(df: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(df).mark_rect().encode(
        x=alt.X("a:N", title=None), y=alt.Y("b:N", title=None),
        color=alt.Color("sentences:Q", title="Shared sentences", scale=alt.Scale(scheme="oranges"), legend=COUNT_LEGEND),
        tooltip=["a", "b", "sentences"])
    return _style(chart, "Top actors named in the same sentence")


def stance_diverging(df: pd.DataFrame) -> alt.Chart:
    """Bars from 0 to each article's mean stance, with a dot at the mean so a neutral article (0) still shows."""
    base = alt.Chart(df).encode(
        x=alt.X("mean_polarity:Q", title="Mean stance (−1 hostile … +1 favourable)", scale=alt.Scale(domain=[-1, 1])),
        y=alt.Y("article:N", title=None, sort=alt.SortField("date")),
        yOffset="target:N",
        color=alt.Color("target:N", scale=target_scale(), title="Target"),
        tooltip=["title", "date", "source", "target", alt.Tooltip("mean_polarity:Q", format="+.2f"),
                 "sentences", "negative", "positive"])
    return _style(base.mark_bar() + base.mark_point(filled=True, size=40), "Stance per article")


def stance_over_time(df: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("date:T", title="Date"),
        y=alt.Y("mean_polarity:Q", title="Mean stance", scale=alt.Scale(domain=[-1, 1])),
        color=alt.Color("target:N", scale=target_scale(), title="Target"),
        tooltip=["date:T", "target", alt.Tooltip("mean_polarity:Q", format="+.2f"), "sentences"])
    return _style(chart, "Stance over time")


def stance_by_outlet(df: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("mean_polarity:Q", title="Mean stance", scale=alt.Scale(domain=[-1, 1])),
        y=alt.Y("source:N", title="Outlet"), yOffset="target:N",
        color=alt.Color("target:N", scale=target_scale(), title="Target"),
        tooltip=["source", "target", alt.Tooltip("mean_polarity:Q", format="+.2f"), "sentences"])
    return _style(chart, "Stance by outlet")


def figures_by_category(df: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("figures:Q", title="Figures reported", axis=COUNT_AXIS),
        y=alt.Y("category_label:N", sort="-x", title="Category"),
        color=alt.Color("actor_label:N", title="Actor"),
        tooltip=[alt.Tooltip("category_label:N", title="category"), alt.Tooltip("actor_label:N", title="actor"),
                 "figures", alt.Tooltip("total:Q", format=",.0f")])
    return _style(chart, "Capability figures by category and actor")


def figure_values(df: pd.DataFrame) -> alt.Chart:
    """Each reported value on a log scale, so different reports of one quantity line up side by side."""
    chart = alt.Chart(df).mark_point(filled=True, size=80).encode(
        x=alt.X("value:Q", scale=alt.Scale(type="log"), title="Reported value (log)"),
        y=alt.Y("category_label:N", title=None), color=alt.Color("actor_label:N", title="Actor"),
        shape=alt.Shape("conflict:N", title="Differs across articles"),
        tooltip=[alt.Tooltip("category_label:N", title="category"), alt.Tooltip("actor_label:N", title="actor"),
                 "shown", "unit", "source", "date", "evidence"])
    return _style(chart, "Reported values")
