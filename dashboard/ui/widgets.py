"""A chart with its downloads (PNG, SVG, HTML, CSV) and the table behind it."""
from __future__ import annotations

import re

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.views import exports


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def chart_block(chart: alt.Chart, data: pd.DataFrame, name: str, key: str, table_columns: list[str] | None = None):
    """Draw the chart, four download buttons (files are made only when clicked) and the data table."""
    if data.empty:
        st.info("Nothing to show for the current filters.")
        return
    st.altair_chart(chart, width="stretch")
    base = slug(name)
    cols = st.columns(4)
    cols[0].download_button("PNG", lambda: exports.chart_png(chart), f"{base}.png", "image/png", key=f"{key}-png",
                            on_click="ignore")
    cols[1].download_button("SVG", lambda: exports.chart_svg(chart), f"{base}.svg", "image/svg+xml",
                            key=f"{key}-svg", on_click="ignore")
    cols[2].download_button("HTML", lambda: exports.chart_html(chart), f"{base}.html", "text/html",
                            key=f"{key}-html", on_click="ignore")
    cols[3].download_button("CSV", lambda: exports.frame_csv(data), f"{base}.csv", "text/csv", key=f"{key}-csv",
                            on_click="ignore")
    with st.expander("Data behind the chart"):
        st.dataframe(data[table_columns] if table_columns else data, hide_index=True, width="stretch")
