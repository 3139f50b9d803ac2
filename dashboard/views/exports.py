"""Downloads: a chart as PNG (vl-convert, Arabic shaped right-to-left), SVG, standalone HTML or the CSV
behind it; the whole filtered analysis as one Excel workbook or ZIP of CSVs."""
from __future__ import annotations

import io
import json
import zipfile

import altair as alt
import pandas as pd


def chart_png(chart: alt.Chart, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(chart.to_json(), scale=scale)


def chart_svg(chart: alt.Chart) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_json())


def chart_html(chart: alt.Chart) -> str:
    """A page that draws the chart with the Vega libraries inlined, so it opens offline."""
    import vl_convert as vlc

    return vlc.vegalite_to_html(chart.to_json(), bundle=True)


def frame_csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8-sig")  # BOM: Excel then reads the Arabic right


def _sheets(corpus) -> dict[str, pd.DataFrame]:
    return {"articles": corpus.articles, "entities": corpus.entities, "mentions": corpus.mentions,
            "figures": corpus.figures, "stance": corpus.stance}


def analysis_xlsx(corpus) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in _sheets(corpus).items():
            out = df.copy()
            for col in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[col]) and getattr(out[col].dt, "tz", None) is not None:
                    out[col] = out[col].dt.tz_localize(None)
            out.to_excel(xw, sheet_name=name, index=False)
    return buf.getvalue()


def analysis_zip(corpus, extra: dict | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, df in _sheets(corpus).items():
            z.writestr(f"{name}.csv", frame_csv(df))
        z.writestr("README.txt", "Tables of the dashboard's filtered analysis. Join on article_id; "
                                 "sentence_index points into the article's sentences.\n")
        if extra:
            z.writestr("filters.json", json.dumps(extra, ensure_ascii=False, indent=1, default=str))
    return buf.getvalue()
