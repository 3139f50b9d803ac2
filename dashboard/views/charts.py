"""Chart builders: pure functions from a view's DataFrame to an Altair chart (no Streamlit here). Every
builder takes the label language ("en" or "ar"): titles, axes, legends and tooltips read in it, from
labels.csv (kind `chart`); the views give the data's own label columns in the same language. Channels are
given as Altair objects, never bare strings: Altair parses a string channel against the whole Vega-Lite schema
(6–13 ms each, paid on every redraw of a tab)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.analysis.stance import target_codes
from dashboard.views.tables import label

alt.data_transformers.disable_max_rows()  # views aggregate first, so frames stay small

TARGET_PALETTE = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]  # US, IRAN, then added targets
TYPE_PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#b279a2"]  # PERSON, ORG, LOC, MISC
ENTITY_TYPES = ["PERSON", "ORG", "LOC", "MISC"]
COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)  # counts are whole numbers: no 0.2, 0.4 … ticks
COUNT_LEGEND = alt.Legend(format="d", tickMinStep=1)
FONT = "Noto Sans Arabic, Noto Sans, DejaVu Sans, sans-serif"
DATE_AXIS = alt.Axis(format="%Y-%m-%d", labelAngle=-30)  # numeric dates read the same in both languages


def _t(key: str, language: str) -> str:
    return label("chart", key, language)


def target_scale(language: str = "en") -> alt.Scale:
    """One colour per stance target of targets.csv (by its label), so a target added there is drawn with no code
    change and keeps its colour in both languages."""
    codes = target_codes()
    return alt.Scale(domain=[label("target", c, language) for c in codes],
                     range=[TARGET_PALETTE[i % len(TARGET_PALETTE)] for i in range(len(codes))])


def _target_color(language: str) -> alt.Color:
    return alt.Color("target_label:N", scale=target_scale(language), title=_t("target", language))


def _style(chart: alt.Chart, title: str) -> alt.Chart:
    return chart.properties(title=title).configure(font=FONT).configure_axis(labelLimit=260)


def _tip(field: str, key: str, language: str, **kw) -> alt.Tooltip:
    return alt.Tooltip(field, title=_t(key, language), **kw)


def _ranked_bars(df: pd.DataFrame, count: tuple[str, str], category: tuple[str, str], language: str,
                 **encoding) -> alt.Chart:
    """Horizontal bars of a count (field, title key) per category (field, title key), the largest on top."""
    return alt.Chart(df).mark_bar().encode(
        x=alt.X(f"{count[0]}:Q", title=_t(count[1], language), axis=COUNT_AXIS),
        y=alt.Y(f"{category[0]}:N", sort="-x", title=_t(category[1], language)), **encoding)


def _per_outlet(df: pd.DataFrame, count: str, title: str, language: str) -> alt.Chart:
    """Bars of a count column (also its label key) per outlet, the largest on top, titled by `title`."""
    chart = _ranked_bars(df, (count, count), ("source", "outlet"), language,
                         tooltip=[_tip("source:N", "outlet", language), _tip(f"{count}:Q", count, language)])
    return _style(chart, _t(title, language))


def articles_per_outlet(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    return _per_outlet(df, "articles", "articles_per_outlet", language)


def articles_over_time(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("date:T", title=_t("date", language), axis=DATE_AXIS),
        y=alt.Y("sum(articles):Q", title=_t("articles", language), axis=COUNT_AXIS),
        color=alt.Color("source:N", title=_t("outlet", language)),
        tooltip=[_tip("date:T", "date", language, format="%Y-%m-%d"), _tip("source:N", "outlet", language),
                 _tip("articles:Q", "articles", language)])
    return _style(chart, _t("date_coverage", language))


def top_entities(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    types = alt.Scale(domain=[label("type", t, language) for t in ENTITY_TYPES], range=TYPE_PALETTE)
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("mentions:Q", title=_t("mentions", language), axis=COUNT_AXIS),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False)),
        color=alt.Color("type_label:N", scale=types, title=_t("type", language)),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("name:N"), alt.Tooltip("label_en:N"),
                 _tip("type_label:N", "type", language), _tip("mentions:Q", "mentions", language),
                 _tip("articles:Q", "articles", language)])
    return _style(chart.properties(height=alt.Step(22)), _t("top_entities", language))


def entity_heatmap(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    """Entities by article. Short article labels on the axis (a long title turned vertical is unreadable); the
    full title in the tooltip. Attention over dates is `attention_over_time`, on a real time axis."""
    x = alt.X("article:N", title=_t("article", language), sort=None, axis=alt.Axis(labelAngle=-40, labelLimit=160))
    chart = alt.Chart(df).mark_rect().encode(
        x=x, y=alt.Y("label:N", title=None),
        color=alt.Color("sum(mentions):Q", title=_t("mentions", language), scale=alt.Scale(scheme="blues"),
                        legend=COUNT_LEGEND),
        tooltip=[alt.Tooltip("label:N"), _tip("title:N", "title", language),
                 _tip("date:T", "date", language, format="%Y-%m-%d"), _tip("source:N", "outlet", language),
                 _tip("sum(mentions):Q", "mentions", language)])
    return _style(chart, _t("heat_article", language))


def cooccurrence(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    chart = alt.Chart(df).mark_rect().encode(
        x=alt.X("a:N", title=None), y=alt.Y("b:N", title=None),
        color=alt.Color("sentences:Q", title=_t("shared_sentences", language), scale=alt.Scale(scheme="oranges"),
                        legend=COUNT_LEGEND),
        tooltip=[alt.Tooltip("a:N"), alt.Tooltip("b:N"), _tip("sentences:Q", "shared_sentences", language)])
    return _style(chart, _t("cooccurrence", language))


def stance_diverging(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    """Bars from 0 to each article's mean stance, with a dot at the mean so a neutral article (0) still shows."""
    base = alt.Chart(df).encode(
        x=alt.X("mean_polarity:Q", title=_t("mean_stance_axis", language), scale=alt.Scale(domain=[-1, 1])),
        y=alt.Y("article:N", title=None, sort=alt.SortField("date")),
        yOffset=alt.YOffset("target_label:N"),
        color=_target_color(language),
        tooltip=[_tip("title:N", "title", language), _tip("date:T", "date", language, format="%Y-%m-%d"),
                 _tip("source:N", "outlet", language), _tip("target_label:N", "target", language),
                 _tip("mean_polarity:Q", "mean_stance", language, format="+.2f"),
                 _tip("sentences:Q", "sentences", language), _tip("negative:Q", "negative", language),
                 _tip("positive:Q", "positive", language)])
    return _style(base.mark_bar() + base.mark_point(filled=True, size=40), _t("stance_per_article", language))


def stance_over_time(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    chart = alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("date:T", title=_t("date", language), axis=DATE_AXIS),
        y=alt.Y("mean_polarity:Q", title=_t("mean_stance", language), scale=alt.Scale(domain=[-1, 1])),
        color=_target_color(language),
        tooltip=[_tip("date:T", "date", language, format="%Y-%m-%d"), *_stance_tips(language)])
    return _style(chart, _t("stance_over_time", language))


POLARITY_COLOURS = ("#d62728", "#bdbdbd", "#2ca02c")  # hostile, neutral, favourable


def stance_by_outlet(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    """Each outlet's hostile, neutral and favourable shares per target (the outlets `shown`), with its article
    and sentence counts in the tooltip, so an outlet of 5 articles does not read like one of 13,000."""
    names = [label("polarity", p, language) for p in (-1, 0, 1)]
    shown = df[df["shown"].astype(bool)]
    long = shown.melt(id_vars=["source", "target_label", "articles", "sentences", "mean_polarity"],
                      value_vars=["negative_share", "neutral_share", "positive_share"], var_name="kind",
                      value_name="share")
    long["polarity"] = long["kind"].map(dict(zip(["negative_share", "neutral_share", "positive_share"], names)))
    long["order"] = long["kind"].map({"negative_share": 0, "neutral_share": 1, "positive_share": 2})
    long["row"] = long["source"] + " · " + long["target_label"]  # one bar per outlet and target, both named
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("share:Q", title=_t("share_of_sentences", language), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("row:N", title=_t("outlet", language)),
        color=alt.Color("polarity:N", title=_t("stance", language),
                        scale=alt.Scale(domain=names, range=list(POLARITY_COLOURS))),
        order=alt.Order("order:Q"),
        tooltip=[_tip("source:N", "outlet", language), _tip("target_label:N", "target", language),
                 _tip("polarity:N", "stance", language), _tip("share:Q", "share_of_sentences", language, format=".0%"),
                 _tip("articles:Q", "articles", language), _tip("sentences:Q", "sentences", language),
                 _tip("mean_polarity:Q", "mean_stance", language, format="+.2f")])
    return _style(chart, _t("stance_by_outlet", language))


def _stance_tips(language: str) -> list[alt.Tooltip]:
    """The tooltip lines every stance aggregate shows after its own key: target, mean stance, sentences."""
    return [_tip("target_label:N", "target", language), _tip("mean_polarity:Q", "mean_stance", language, format="+.2f"),
            _tip("sentences:Q", "sentences", language)]


def figures_by_category(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    chart = _ranked_bars(
        df, ("figures", "figures_reported"), ("category_label", "category"), language,
        color=alt.Color("actor_label:N", title=_t("actor", language)),
        tooltip=[_tip("category_label:N", "category", language), _tip("actor_label:N", "actor", language),
                 _tip("figures:Q", "figures_reported", language), _tip("total:Q", "total", language, format=",.0f")])
    return _style(chart, _t("figures_by_category", language))


def figure_values(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    """Each reported value on a log scale, so different reports of one quantity line up side by side. Only the
    encoded columns go into the chart: Altair embeds every column it is given, and the table's (the sentence, the
    title) made 9,000 figures a 6.8 MB page."""
    df = df[["value", "category_label", "actor_label", "conflict_label", "shown", "unit", "source", "date", "evidence"]]
    chart = alt.Chart(df).mark_point(filled=True, size=80).encode(
        x=alt.X("value:Q", scale=alt.Scale(type="log"), title=_t("reported_value", language)),
        y=alt.Y("category_label:N", title=None), color=alt.Color("actor_label:N", title=_t("actor", language)),
        shape=alt.Shape("conflict_label:N", title=_t("differs", language)),
        tooltip=[_tip("category_label:N", "category", language), _tip("actor_label:N", "actor", language),
                 _tip("shown:N", "value", language), _tip("unit:N", "unit", language),
                 _tip("source:N", "outlet", language), _tip("date:T", "date", language, format="%Y-%m-%d"),
                 _tip("evidence:N", "evidence", language)])
    return _style(chart, _t("reported_values", language))


def term_per_outlet(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    return _per_outlet(df, "sentences", "term_per_outlet", language)


def term_per_week(df: pd.DataFrame, language: str = "en") -> alt.Chart:
    """Weekly sentences holding a term, stacked by outlet, on a real time axis."""
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("week:T", title=_t("week", language), axis=DATE_AXIS),
        y=alt.Y("sentences:Q", title=_t("sentences", language), axis=COUNT_AXIS, stack=True),
        color=alt.Color("source:N", title=_t("outlet", language)),
        tooltip=[_tip("week:T", "week", language, format="%Y-%m-%d"), _tip("source:N", "outlet", language),
                 _tip("sentences:Q", "sentences", language)])
    return _style(chart, _t("term_per_week", language))


def attention_over_time(df: pd.DataFrame, by_outlet: bool = False, language: str = "en") -> alt.Chart:
    """Each entity's share of the period's articles, a line per entity on a real time axis, broken where a period
    has no articles; each point sized by the period's articles, so a share of one article reads as one. A row per
    outlet when split by outlet."""
    base = alt.Chart(df).encode(
        x=alt.X("period:T", title=_t("period", language), axis=DATE_AXIS),
        y=alt.Y("share:Q", title=_t("share", language), axis=alt.Axis(format="%")),
        color=alt.Color("label:N", title=None),
        tooltip=[alt.Tooltip("label:N", title=None), _tip("period:T", "period", language, format="%Y-%m-%d"),
                 *([_tip("source:N", "outlet", language)] if by_outlet else []),
                 _tip("share:Q", "share", language, format=".1%"), _tip("articles:Q", "naming", language),
                 _tip("period_articles:Q", "period_articles", language)])
    points = base.mark_circle(opacity=0.8).encode(
        size=alt.Size("period_articles:Q", title=_t("period_articles", language), scale=alt.Scale(range=[8, 160]),
                      legend=COUNT_LEGEND))
    chart = alt.layer(base.mark_line(invalid="break-paths-show-domains", strokeWidth=1.5), points)
    if by_outlet:
        chart = chart.properties(height=140).facet(row=alt.Row("source:N", title=_t("outlet", language)))
    return _style(chart, _t("attention", language))
