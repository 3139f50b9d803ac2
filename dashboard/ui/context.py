"""The In context tab: a word or phrase in every sentence of the filtered corpus that holds it (keyword in
context), with how many sentences hold it per outlet and per week."""
from __future__ import annotations

import streamlit as st

from dashboard.ui.i18n import language, tr
from dashboard.ui.widgets import chart_block, limited_table
from dashboard.views import charts, exports, kwic
from dashboard.views import tables as views

# Arabic reads right to left, and the table left to right: the words after the match stand at its left, the words
# before it at its right, as they do in the sentence.
CONTEXT_COLUMNS = ["right", "match", "left", "title", "date", "source"]


def context_panel(store, c: views.Corpus):
    lang = language()
    query = st.text_input(tr("context_query"), key="kwic-q", placeholder=tr("context_example"))
    regex = kwic.pattern(query, "sql") if query.strip() else None
    if regex is None:
        st.info(tr("context_hint"))
        return
    ids = c.articles["id"]
    counts = store.matching_counts(regex, ids)
    st.caption(tr("context_count", n=f"{int(counts['sentences'].sum()):,}", articles=f"{len(counts):,}"))
    if counts.empty:
        return
    cols = st.columns(2)
    with cols[0]:
        outlets = kwic.per_outlet(counts, c.articles)
        chart_block(charts.term_per_outlet(outlets, lang), outlets, "term per outlet", "kwic-outlet")
    with cols[1]:
        weeks = kwic.per_week(counts, c.articles)
        chart_block(charts.term_per_week(weeks, lang), weeks, "term per week", "kwic-week")
    rows = store.sentences_matching(regex, ids, kwic.MAX_MATCHES)
    hits = kwic.in_context(rows.merge(c.articles[["id", "title", "date_label", "source"]].rename(
        columns={"date_label": "date"}), left_on="article_id", right_on="id"), query)
    if len(rows) == kwic.MAX_MATCHES:
        st.caption(tr("context_first", n=f"{kwic.MAX_MATCHES:,}"))
    st.download_button(tr("context_csv"), lambda: exports.frame_csv(hits), "in-context.csv", "text/csv",
                       key="kwic-csv", on_click="ignore")
    limited_table(hits[CONTEXT_COLUMNS])
