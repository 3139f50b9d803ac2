"""Sidebar: adding articles (upload or paste) and the filters."""
from __future__ import annotations

import time
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.library import ImportJob, clear_interrupted_import, interrupted_import
from dashboard.ui.highlight import plain
from dashboard.views.tables import Corpus, Filters

UPLOAD_TYPES = ["txt", "md", "html", "htm", "docx", "pdf", "csv", "jsonl", "parquet", "zip", "gz", "xz", "zst"]


def _report(outcomes):
    for o in outcomes:
        (st.error if o.status == "rejected" else st.success if o.status == "added" else st.info)(plain(f"{o.name}: {o.message}"))


POLL_SECONDS = 0.25  # how often the sidebar redraws the progress of a running import


def add_articles_box(store) -> bool:
    """Upload and paste forms, with a per-file outcome. The files are analysed by an ImportJob thread: a rerun
    of the page while it works (a tab click, the language switch) reattaches to it instead of losing it.
    Returns True when something was added."""
    st.subheader("Add articles")
    cut_short = interrupted_import(store)
    if cut_short:
        st.warning(f"The last import was interrupted (server stopped): {len(cut_short)} file(s) were being added; "
                   "what was stored is listed under Articles, the rest can be uploaded again.")
        st.button("Dismiss", key="dismiss-interrupted", on_click=clear_interrupted_import, args=(store,))
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader("Article files", type=UPLOAD_TYPES, accept_multiple_files=True,
                                 help="Plain text, Markdown, HTML, Word (.docx) or PDF with a text layer "
                                      "(UTF-8, UTF-16 or Windows-1256); or a collection — CSV, JSON Lines or "
                                      "Parquet with a `text` column (and title, date, outlet, url), or a ZIP of "
                                      "article files. Large collections: use `python -m dashboard ingest`.")
        st.caption("For these files (blank: read from each file):")
        outlet = st.text_input("Outlet", key="up-outlet", placeholder="e.g. BBC Arabic")
        day = st.text_input("Date", key="up-date", placeholder="YYYY-MM-DD")
        url = st.text_input("URL", key="up-url", placeholder="https://…")
        submitted = st.form_submit_button("Analyse and add")
    if submitted and files and "import_job" not in st.session_state:
        meta, problem = upload_metadata(outlet, day, url)
        if problem:
            st.error(problem)
        else:
            _start(store, [(f.name, f.getvalue()) for f in files], meta)
    with st.expander("…or paste an article"):
        with st.form("paste", clear_on_submit=True):
            name = st.text_input("Name", value="pasted-article.txt", key="paste-name")
            text = st.text_area("Article text (Arabic)", height=160, key="paste-text")
            p_outlet = st.text_input("Outlet", key="paste-outlet")
            p_day = st.text_input("Date", key="paste-date", placeholder="YYYY-MM-DD")
            p_url = st.text_input("URL", key="paste-url", placeholder="https://…")
            pasted = st.form_submit_button("Analyse pasted text")
        if pasted and text.strip() and "import_job" not in st.session_state:
            meta, problem = upload_metadata(p_outlet, p_day, p_url)
            if problem:
                st.error(problem)
            else:
                _start(store, [(name or "pasted-article.txt", text.encode("utf-8"))], meta)
    added = _follow(st.session_state.get("import_job"))
    if st.session_state.get("last_outcomes"):
        _report(st.session_state["last_outcomes"])
    return added


def upload_metadata(outlet: str, day: str, url: str) -> tuple[dict, str | None]:
    """The metadata typed for an upload, and a one-line problem if the date or URL is not valid."""
    meta = {}
    if outlet.strip():
        meta["source"] = outlet.strip()
    if day.strip():
        try:
            meta["date"] = date.fromisoformat(day.strip()).isoformat()
        except ValueError:
            return {}, f"Date «{day.strip()}» is not a date: write it as YYYY-MM-DD (e.g. 2021-07-26)."
    if url.strip():
        if not url.strip().lower().startswith(("http://", "https://")):
            return {}, "URL must start with http:// or https://."
        meta["url"] = url.strip()
    return meta, None


def _start(store, items: list[tuple[str, bytes]], metadata: dict | None = None):
    job = ImportJob(store, items, metadata=metadata)
    st.session_state["import_job"] = job
    job.start()


def _follow(job: ImportJob | None) -> bool:
    """Shows the job's progress until it ends (a rerun comes back here), then its outcomes."""
    if job is None:
        return False
    bar = st.progress(0.0, text="Analysing…")
    while job.is_alive():
        bar.progress(job.done / max(job.total, 1), text=f"Analysing {job.current} ({job.done}/{job.total})…")
        time.sleep(POLL_SECONDS)
    bar.empty()
    del st.session_state["import_job"]
    if job.error:
        st.error(job.error)
    st.session_state["last_outcomes"] = job.outcomes
    return any(o.status == "added" for o in job.outcomes)


def filters_box(corpus: Corpus) -> Filters:
    st.subheader("Filters")
    arts = corpus.articles
    language = st.radio("Labels", ["English", "العربية"], horizontal=True, key="f-lang")
    outlets = st.multiselect("Outlet", sorted(arts["source"].unique()), key="f-outlets")
    dates = pd.to_datetime(arts["date"]).dropna()
    date_from = date_to = None
    include_undated = True
    if len(dates):
        lo, hi = dates.min().date(), dates.max().date()
        # off by default, so articles added later (with dates outside today's range) are never hidden
        if st.checkbox("Limit to a date range", value=False, key="f-limit-dates"):
            picked = st.date_input("Date range", value=(lo, hi), key="f-dates")
            if isinstance(picked, tuple) and len(picked) == 2:
                date_from, date_to = picked
            include_undated = st.checkbox("Include undated articles", value=True, key="f-undated")
    title_words = st.text_input("Articles whose title contains", key="f-title",
                                help="Every word must appear in the title; blank keeps all articles.")
    types = st.multiselect("Entity type", ["PERSON", "ORG", "LOC", "MISC"], key="f-types")
    alignments = st.multiselect("Alignment", ["US", "Iran", "Iraqi state", "armed factions", "other", "unknown"],
                                key="f-align")
    adjectives = st.checkbox("Count nationality adjectives as country mentions", value=True, key="f-adj",
                             help="GDELT style: الإيرانية counts for Iran. Off: only names (إيران، طهران…) count.")
    return Filters(tuple(outlets), date_from, date_to, include_undated, title_words.strip(), tuple(types),
                   tuple(alignments), "ar" if language == "العربية" else "en", adjectives)
