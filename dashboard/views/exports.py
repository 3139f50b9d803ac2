"""Downloads: a chart as PNG (vl-convert, Arabic shaped right-to-left), SVG, standalone HTML or the CSV
behind it; the whole filtered analysis as one Excel workbook or ZIP of CSVs."""
from __future__ import annotations

import io
import json
import zipfile
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd

from dashboard.views import geo

# OWASP's rule for CSV injection: a cell that starts with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def chart_spec(chart: alt.Chart) -> str:
    """The chart's Vega-Lite JSON; dates and other values JSON does not know are written as text."""
    return chart.to_json(default=str)


def chart_png(chart: alt.Chart, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(chart_spec(chart), scale=scale)


def chart_svg(chart: alt.Chart) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart_spec(chart))


@lru_cache(maxsize=1)
def _vega_bundle() -> str:
    import vl_convert as vlc

    return vlc.javascript_bundle()


def script_safe_json(spec: str) -> str:
    """JSON that cannot end the <script> element it sits in: «<» written as \\u003c (also «</script>»)."""
    return spec.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_html(chart: alt.Chart) -> str:
    """A page that draws the chart with the Vega libraries inlined, so it opens offline. The data sits in a JSON
    block with «<» escaped, so an outlet named «</script><script>…» stays text."""
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>chart</title></head><body>\n"
            "<div id=\"vis\"></div>\n"
            f"<script type=\"application/json\" id=\"spec\">{script_safe_json(chart_spec(chart))}</script>\n"
            f"<script>{_vega_bundle()}</script>\n"
            "<script>vegaEmbed('#vis', JSON.parse(document.getElementById('spec').textContent), "
            "{renderer: 'svg', actions: false});</script>\n</body></html>\n")


def lists_as_json(df: pd.DataFrame) -> pd.DataFrame:
    """List cells (a stance row's cues, an entity's aliases) as JSON text, which a CSV or a spreadsheet can hold."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, (list, tuple, np.ndarray))).any():
            out[col] = out[col].map(lambda v: json.dumps([dict(x) if isinstance(x, dict) else x for x in v],
                                                         ensure_ascii=False, default=int)
                                    if isinstance(v, (list, tuple, np.ndarray)) else v)
    return out


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP CSV injection)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return out


def frame_csv(df: pd.DataFrame) -> bytes:
    return neutralise_formulas(lists_as_json(df)).to_csv(index=False).encode("utf-8-sig")  # BOM: Excel reads the Arabic right


def _sheets(corpus, sentences: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The tables of a download; `sentences` (article_id, sentence_index, text) are the evidence sentences."""
    texts = dict(zip(zip(sentences["article_id"], sentences["sentence_index"]), sentences["text"])) \
        if sentences is not None else {}
    sheets = {"articles": corpus.articles, "entities": corpus.entities, "mentions": corpus.mentions,
              "figures": corpus.figures, "stance": corpus.stance,
              "events": geo.with_sentences(geo.events_table(corpus), texts)[geo.EVENT_COLUMNS]}
    if sentences is not None:
        sheets["sentences"] = sentences
    return sheets


def analysis_xlsx(corpus, sentences: pd.DataFrame | None = None) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in _sheets(corpus, sentences).items():
            out = neutralise_formulas(lists_as_json(df))
            for col in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[col]) and getattr(out[col].dt, "tz", None) is not None:
                    out[col] = out[col].dt.tz_localize(None)
            out.to_excel(xw, sheet_name=name, index=False)
    return buf.getvalue()


def analysis_zip(corpus, extra: dict | None = None, sentences: pd.DataFrame | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, df in _sheets(corpus, sentences).items():
            z.writestr(f"{name}.csv", frame_csv(df))
        z.writestr("README.txt", "Tables of the dashboard's filtered analysis. Join on article_id; "
                                 "sentence_index points into the article's sentences. events.csv has one row per "
                                 "attack, strike or casualty report in ACLED-style columns (see the README).\n")
        if extra:
            z.writestr("filters.json", json.dumps(extra, ensure_ascii=False, indent=1, default=str))
    return buf.getvalue()
