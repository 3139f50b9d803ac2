"""The briefing: one self-contained HTML page of the current filtered view, for an analyst to keep, print or
paste from. It is built from the same views as the dashboard (overview, top entities, stance by outlet, figures
table), so its numbers are the dashboard's for the same filters. Charts are inline SVG images (no script, no
network); every text from an article is HTML-escaped; Arabic runs right to left in Arabic pages and quotes."""
from __future__ import annotations

import base64
import html
import re
from datetime import datetime, timezone

import pandas as pd

from dashboard.analysis.stance import target_codes
from dashboard.views import charts, exports, geo, maps
from dashboard.views import tables as views
from dashboard.views.tables import label

TOP_ENTITIES = 15  # entities listed; the workbook has them all
QUOTES_PER_SIDE = 3  # strongest hostile and favourable sentences quoted per target
FIGURE_ROWS = 60  # figures listed (conflicting reports first); the workbook has them all
MAP_PLACES = 300  # places drawn on the map, the most mentioned first (as on the Map tab)

STYLE = """
body { font-family: "Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; text-align: start; }
th { background: #f2f2f2; }
.numbers td { font-size: 1.1rem; }
blockquote { margin: 0.4rem 0; padding: 0.3rem 0.8rem; border-inline-start: 4px solid #999; background: #fafafa; }
blockquote.neg { border-color: #c0392b; } blockquote.pos { border-color: #27ae60; }
.ar { direction: rtl; text-align: right; font-size: 1.05rem; }
.src { font-size: 0.8rem; color: #555; }
img.chart { max-width: 100%; display: block; margin: 0.5rem 0 1rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } img.chart, table { break-inside: avoid; } }
"""


LTR = "\u200e"  # keeps a signed number's minus before its digits inside Arabic text


def _day(date_label: str, language: str) -> str:
    return _w("no_date", language) if date_label == "undated" else date_label


def _w(key: str, language: str, **values) -> str:
    """The briefing's own words (labels.csv, kind `briefing`) with their {fields} filled in."""
    return label("briefing", key, language).format(**values)


def _e(value) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def _svg_image(chart, alt_text: str) -> str:
    """The chart as an <img> of its SVG: drawn without script and unable to run any."""
    svg = exports.chart_svg(chart).encode("utf-8")
    return (f'<img class="chart" alt="{_e(alt_text)}" '
            f'src="data:image/svg+xml;base64,{base64.b64encode(svg).decode("ascii")}">')


def _table(df: pd.DataFrame, columns: dict[str, str], rtl: set[str] = frozenset()) -> str:
    """An HTML table of `df`'s columns (column → heading); columns in `rtl` hold Arabic text, the others are
    isolated (<bdi>) so «≈50» or «-0.2» keep their sign in place inside an Arabic page."""
    head = "".join(f"<th>{_e(h)}</th>" for h in columns.values())
    rows = []
    for rec in df[list(columns)].itertuples(index=False):
        cells = [f'<td class="ar">{_e(v)}</td>' if c in rtl else f'<td><bdi>{_e(v)}</bdi></td>' for c, v in zip(columns, rec)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def stance_summary(c: views.Corpus) -> pd.DataFrame:
    """Per target: sentences, hostile/neutral/favourable counts and the mean (−1…+1), as the dashboard's Stance tab
    computes them from the same stance rows."""
    rows = []
    for t in target_codes():
        p = c.stance.loc[c.stance["target"] == t, "polarity"]
        rows.append({"target": t, "sentences": len(p), "negative": int((p < 0).sum()), "neutral": int((p == 0).sum()),
                     "positive": int((p > 0).sum()), "mean": float(p.mean()) if len(p) else 0.0})
    return pd.DataFrame(rows)


def _quotes(c: views.Corpus, texts: dict, target: str, sign: int, language: str) -> str:
    s = c.stance[(c.stance["target"] == target) & (c.stance["polarity"] == sign)]
    s = s.reindex(s["score"].abs().sort_values(ascending=False).index).head(QUOTES_PER_SIDE)
    s = s.merge(c.articles[["id", "title", "source", "date_label"]], left_on="article_id", right_on="id")
    out = []
    for r in s.itertuples():
        sentence = texts.get((r.article_id, int(r.sentence_index)), "")
        out.append(f'<blockquote class="{"neg" if sign < 0 else "pos"}"><div class="ar" lang="ar">{_e(sentence)}</div>'
                   f'<div class="src">{_e(r.title)} · {_e(r.source)} · {_e(_day(r.date_label, language))} · '
                   f'{_e(label("role", r.role, language))} · {LTR}{r.score:+.2f}</div></blockquote>')
    return "".join(out)


def _filters_line(filters: dict, language: str) -> str:
    shown = {k: v for k, v in filters.items() if v not in (None, "", (), [], True) and k not in ("language",)}
    if not shown:
        return _w("no_filters", language)
    return "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, (list, tuple)) else v}" for k, v in shown.items())


MAX_NAME_OUTLETS = 3  # outlets named in the file name; more read "N-outlets"


def briefing_filename(filters: dict) -> str:
    """The briefing's file name from the view's filters: its dates and outlets
    (briefing-2018-06-01_2018-06-30-skynews.html), so two briefings of different views never overwrite."""
    start, end = filters.get("date_from"), filters.get("date_to")
    dates = f"{start or 'start'}_{end or 'end'}" if start or end else "all-dates"
    outlets = list(filters.get("outlets") or ())
    slugs = [re.sub(r"[^\w]+", "-", o.lower()).strip("-") or "outlet" for o in outlets]
    named = "+".join(slugs) if len(slugs) <= MAX_NAME_OUTLETS else f"{len(slugs)}-outlets"
    return f"briefing-{dates}-{named or 'all-outlets'}.html"


def briefing_html(c: views.Corpus, texts: dict, filters: dict, language: str = "en",
                  now: datetime | None = None) -> str:
    """The briefing page. `texts` maps (article_id, sentence_index) to the sentence (the evidence sentences of
    the view's figures and stance rows); `filters` is the view's Filters as a dict, printed at the top."""
    ar = language == "ar"
    when = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    o = views.overview(c)
    parts = [f"<h1>{_e(_w('title', language))}</h1>",
             f'<p class="src">{_e(_w("generated", language, when=when))}. {_e(_w("filters", language))}: '
             f"{_e(_filters_line(filters, language))}</p>"]

    dates = f"{o['first_date']} – {o['last_date']}" if o["first_date"] else "—"
    numbers = [("articles", f"{o['articles']:,}"), ("sentences", f"{o['sentences']:,}"),
               ("entities", f"{o['entities']:,}"), ("mentions", f"{o['mentions']:,}"),
               ("figures", f"{o['figures']:,}"),
               ("dates", f"{dates} ({_w('undated', language, n=o['undated'])})")]
    parts.append(f"<h2>{_e(_w('key_numbers', language))}</h2><table class=\"numbers\">" +
                 "".join(f'<tr><th>{_e(_w(k, language))}</th><td data-key="{k}">{_e(v)}</td></tr>' for k, v in numbers) +
                 "</table>")
    if not o["articles"]:
        parts.append(f"<p>{_e(_w('nothing', language))}</p>")
        return _page(parts, ar)

    top = views.entity_totals(c, language).head(TOP_ENTITIES)
    parts.append(f"<h2>{_e(_w('top_entities', language))}</h2>")
    if len(top):
        parts.append(_svg_image(charts.top_entities(top, language), _w("top_entities", language)))
        other_name = "label_en" if language == "ar" else "name"  # the name in the other script
        parts.append(_table(top, {"label": label("column", "label", language),
                                  other_name: label("column", other_name, language),
                                  "type_label": label("column", "type", language),
                                  "alignment_label": label("column", "alignment", language),
                                  "mentions": label("column", "mentions", language),
                                  "articles": label("column", "articles", language)},
                            rtl={"label", "name"} if language == "ar" else {"name"}))

    parts.append(f"<h2>{_e(_w('stance', language))}</h2>")
    by_outlet = views.stance_by_outlet(c, language)
    if len(by_outlet):
        parts.append(_svg_image(charts.stance_by_outlet(by_outlet, language), _w("stance", language)))
    for row in stance_summary(c).itertuples():
        parts.append(f'<h3 data-target="{_e(row.target)}">{_e(label("target", row.target, language))}</h3>'
                     f'<p data-target-summary="{_e(row.target)}">' +
                     _e(_w("stance_row", language, n=row.sentences, neg=row.negative, neu=row.neutral,
                           pos=row.positive, mean=f"{LTR}{row.mean:+.2f}")) + "</p>")
        for sign, key in ((-1, "strongest_neg"), (1, "strongest_pos")):
            quotes = _quotes(c, texts, row.target, sign, language)
            if quotes:
                parts.append(f"<h4>{_e(_w(key, language))}</h4>{quotes}")

    table = views.figures_table(c, language)
    parts.append(f"<h2>{_e(_w('capabilities', language))}</h2>")
    if len(table):
        parts.append(_svg_image(charts.figures_by_category(views.figures_by_category(c, language), language),
                                _w("capabilities", language)))
        table = table.assign(sentence=[texts.get((a, int(i)), "") for a, i in zip(table["article_id"], table["sentence_index"])])
        table = table.sort_values("conflict", ascending=False, kind="stable")
        columns = {k: label("column", k, language) for k in
                   ("category_label", "actor_label", "shown", "unit", "source", "date", "sentence")}
        conflicts = table[table["conflict"]]
        parts.append(f"<h3>{_e(_w('conflicts', language))}</h3>")
        parts.append(_table(conflicts, columns, rtl={"sentence"}) if len(conflicts)
                     else f"<p>{_e(_w('conflicts_none', language))}</p>")
        parts.append(f"<h3>{_e(_w('figures', language))}</h3>")
        if len(table) > FIGURE_ROWS:
            parts.append(f'<p class="src">{_e(_w("first_n", language, n=FIGURE_ROWS, total=len(table)))}</p>')
        parts.append(_table(table.head(FIGURE_ROWS), columns, rtl={"sentence"}))

    places = geo.place_points(c, language)
    if len(places):
        events = geo.event_points(c, language)
        type_labels = {k: label("event_type", k, language) for k in maps.EVENT_PALETTE}
        parts.append(f"<h2>{_e(_w('map', language))}</h2>")
        parts.append(_svg_image(maps.places_map(places.head(MAP_PLACES), events, language, type_labels),
                                _w("map", language)))

    arts = c.articles.sort_values("date", na_position="last")
    parts.append(f"<h2>{_e(_w('sources', language))}</h2>")
    parts.append(_table(arts.assign(url=arts["url"].fillna(""), date_label=[_day(d, language) for d in arts["date_label"]]),
                        {k: label("column", k, language) for k in ("title", "source", "date_label", "url")},
                        rtl={"title"}))
    return _page(parts, ar)


def _page(parts: list[str], ar: bool) -> str:
    lang, direction = ("ar", "rtl") if ar else ("en", "ltr")
    return (f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
            f'style-src \'unsafe-inline\'">'
            f"<title>{_e(_w('title', lang))}</title><style>{STYLE}</style></head><body>\n" +
            "\n".join(parts) + "\n</body></html>\n")
