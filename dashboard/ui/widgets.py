"""A chart with its downloads (PNG, SVG, HTML, CSV) and the table behind it."""
from __future__ import annotations

import logging
import re

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.ui.i18n import language, tr
from dashboard.views import exports
from dashboard.views.tables import label

log = logging.getLogger(__name__)
TABLE_ROWS = 1_000  # rows of a table sent to the browser (a chart's data table: once its expander is opened)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def chart_choice(kind: str, codes: tuple[str, ...], key: str) -> str:
    """Which of a tab's charts to draw, chosen above it (strings.csv `<kind>_chart_<code>` names them). A tab
    draws one chart at a time: at 30,000 articles the browser took 1.2-1.5 s to draw the Entities tab with its
    three charts and their downloads, 0.8-0.9 s with one (the server's part is a tenth of that)."""
    return st.segmented_control(tr("chart"), codes, default=codes[0], required=True, key=key,
                                format_func=lambda code: tr(f"{kind}_chart_{code}"))


def chart_block(chart: alt.Chart, data: pd.DataFrame, name: str, key: str, table_columns: list[str] | None = None,
                width: str = "stretch"):
    """Draw the chart, four download buttons (files are made only when clicked) and the data table. `width`:
    "content" for a chart drawn at its own size (the map, whose projection is fitted to it)."""
    if data.empty:
        st.info(tr("nothing_to_show"))
        return
    st.altair_chart(chart, width=width)
    base = slug(name)
    cols = st.columns(4)
    for col, (button, make, ext, mime) in zip(cols, (
            ("PNG", lambda: exports.chart_png(chart), "png", "image/png"),
            ("SVG", lambda: exports.chart_svg(chart), "svg", "image/svg+xml"),
            ("HTML", lambda: exports.chart_html(chart), "html", "text/html"),
            ("CSV", lambda: exports.frame_csv(data), "csv", "text/csv"))):
        failure = tr("export_failed", name=f"{base}.{ext}", kind="{kind}")
        col.download_button(button, _reported(make, f"{base}.{ext}", failure), f"{base}.{ext}", mime,
                            key=f"{key}-{ext}", on_click="ignore")
    # The table is drawn only while its expander is open: a closed expander still draws its table, and three
    # tables made a fifth of a tab switch's time in the browser.
    behind = st.expander(tr("data_behind"), key=f"{key}-data", on_change="rerun")
    if behind.open:
        with behind:
            limited_table(data[table_columns] if table_columns else data)


def _reported(make, filename: str, failure: str):
    """The file maker of a download button; if it fails, the user gets a one-line text saying so (a download
    that silently produced nothing was the old failure) and the server log gets the traceback. `failure` is that
    text, made in the page's language beforehand (the maker runs outside the page's script)."""
    def run():
        try:
            return make()
        except Exception as exc:  # noqa: BLE001 — any failure must reach the user as a message
            log.exception("export of %s failed", filename)
            return failure.replace("{kind}", exc.__class__.__name__) + "\n"
    return run


def limited_table(table: pd.DataFrame, total: int | None = None):
    """A table of at most TABLE_ROWS rows, saying so when there are more (`total`: rows before a cut made
    upstream)."""
    total = max(total or 0, len(table))
    if total > TABLE_ROWS:
        st.caption(tr("first_rows", shown=f"{TABLE_ROWS:,}", total=f"{total:,}"))
    shown = table.head(TABLE_ROWS)
    st.dataframe(shown.rename(columns=column_titles(list(shown.columns), language())), hide_index=True, width="stretch")


def column_titles(columns: list[str], lang: str) -> dict[str, str]:
    """Readable column titles; a column whose title another already took keeps its code (tables need unique
    column names)."""
    titles, taken = {}, set()
    for col in columns:
        title = label("column", col, lang)
        titles[col] = title if title not in taken else col
        taken.add(titles[col])
    return titles
