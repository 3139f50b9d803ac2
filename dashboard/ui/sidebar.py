"""Sidebar: adding articles (upload or paste) and the filters."""
from __future__ import annotations

import time
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.library import ImportJob, clear_interrupted_import, interrupted_import, per_file
from dashboard.ui.highlight import plain
from dashboard.ui.i18n import language, language_key, tr
from dashboard.views.tables import Corpus, Filters, implausible_count, label

ENTITY_TYPES = ["PERSON", "ORG", "LOC", "MISC"]
ALIGNMENTS = ["US", "Iran", "Iraqi state", "armed factions", "other", "unknown"]
UPLOAD_TYPES = ["txt", "md", "html", "htm", "docx", "pdf", "csv", "jsonl", "parquet", "zip", "gz", "xz", "zst"]


def _report(outcomes):
    for status, line in per_file(outcomes):
        (st.error if status == "rejected" else st.success if status == "added" else st.info)(plain(line))


POLL_SECONDS = 0.25  # how often the sidebar redraws the progress of a running import


def add_articles_box(store) -> bool:
    """Upload and paste forms, with a per-file outcome. The files are analysed by an ImportJob thread: a rerun
    of the page while it works (a tab click, the language switch) reattaches to it instead of losing it.
    Returns True when something was added."""
    st.subheader(tr("add_articles"))
    cut_short = interrupted_import(store)
    if cut_short:
        st.warning(tr("interrupted", n=len(cut_short)))
        st.button(tr("dismiss"), key="dismiss-interrupted", on_click=clear_interrupted_import, args=(store,))
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(tr("article_files"), type=UPLOAD_TYPES, accept_multiple_files=True,
                                 help=tr("upload_help"))
        st.caption(tr("for_these_files"))
        typed = metadata_inputs("up")
        submitted = st.form_submit_button(tr("analyse_add"))
    if submitted and files and "import_job" not in st.session_state:
        meta = valid_metadata(typed)
        if meta is not None:
            _start(store, [(f.name, f.getvalue()) for f in files], meta)
    with st.expander(tr("or_paste")):
        with st.form("paste", clear_on_submit=True):
            name = st.text_input(tr("name"), value="pasted-article.txt", key="paste-name")
            text = st.text_area(tr("article_text"), height=160, key="paste-text")
            typed = metadata_inputs("paste")
            pasted = st.form_submit_button(tr("analyse_pasted"))
        if pasted and text.strip() and "import_job" not in st.session_state:
            meta = valid_metadata(typed)
            if meta is not None:
                _start(store, [(name or "pasted-article.txt", text.encode("utf-8"))], meta)
    added = _follow(st.session_state.get("import_job"))
    if st.session_state.get("last_outcomes"):
        _report(st.session_state["last_outcomes"])
    return added


def metadata_inputs(form: str, outlet: str = "", day: str = "", url: str = "",
                    date_title: str = "date") -> tuple[str, str, str]:
    """Outlet, date and URL boxes of a form (keys `{form}-outlet`, `-date`, `-url`); the typed text."""
    return (st.text_input(tr("outlet"), value=outlet, key=f"{form}-outlet", placeholder=tr("outlet_example")),
            st.text_input(tr(date_title), value=day, key=f"{form}-date", placeholder="YYYY-MM-DD"),
            st.text_input(tr("url"), value=url, key=f"{form}-url", placeholder="https://…"))


def valid_metadata(typed: tuple[str, str, str]) -> dict | None:
    """The metadata of `metadata_inputs`' text, or None once its one-line problem is shown."""
    meta, problem = upload_metadata(*typed)
    if problem:
        st.error(problem)
        return None
    return meta


def upload_metadata(outlet: str, day: str, url: str) -> tuple[dict, str | None]:
    """The metadata typed for an upload, and a one-line problem if the date or URL is not valid."""
    meta = {}
    if outlet.strip():
        meta["source"] = outlet.strip()
    if day.strip():
        try:
            meta["date"] = date.fromisoformat(day.strip()).isoformat()
        except ValueError:
            return {}, tr("bad_date", value=day.strip())
    if url.strip():
        if not url.strip().lower().startswith(("http://", "https://")):
            return {}, tr("bad_url")
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
    bar = st.progress(0.0, text=tr("analysing"))
    while job.is_alive():
        bar.progress(min(1.0, job.done / max(job.total, 1)), text=tr("analysing_progress", name=job.current, done=job.done,
                                                           total=job.total))
        time.sleep(POLL_SECONDS)
    bar.empty()
    del st.session_state["import_job"]
    if job.error:
        st.error(job.error)
    st.session_state["last_outcomes"] = job.outcomes
    return any(o.status == "added" for o in job.outcomes)


def filters_box(corpus: Corpus) -> Filters:
    st.subheader(tr("filters"))
    arts = corpus.articles
    lang = language()
    outlets = st.multiselect(tr("outlet"), sorted(arts["source"].unique()), key=language_key("f-outlets"),
                             format_func=lambda o: label("outlet", o, lang),
                             placeholder=tr("choose_options"))
    dates = pd.to_datetime(arts["date"]).dropna()
    date_from = date_to = None
    include_undated = True
    if len(dates):
        lo, hi = dates.min().date(), dates.max().date()
        # off by default, so articles added later (with dates outside today's range) are never hidden
        if st.checkbox(tr("limit_dates"), value=False, key="f-limit-dates"):
            picked = st.date_input(tr("date_range"), value=(lo, hi), key="f-dates")
            if isinstance(picked, tuple) and len(picked) == 2:
                date_from, date_to = picked
            include_undated = st.checkbox(tr("include_undated"), value=True, key="f-undated")
    title_words = st.text_input(tr("title_contains"), key="f-title", help=tr("title_contains_help"))
    types = st.multiselect(tr("entity_type"), ENTITY_TYPES, key=language_key("f-types"),
                           format_func=lambda c: label("type", c, lang), placeholder=tr("choose_options"))
    alignments = st.multiselect(tr("alignment"), ALIGNMENTS, key=language_key("f-align"),
                                format_func=lambda c: label("alignment", c, lang), placeholder=tr("choose_options"))
    adjectives = st.checkbox(tr("count_adjectives"), value=True, key="f-adj", help=tr("count_adjectives_help"))
    relevant_only = st.checkbox(tr("relevant_only"), value=True, key="f-relevant", help=tr("relevant_only_help"))
    aside = int((~arts["relevant"].fillna(True).astype(bool)).sum())
    if relevant_only and aside:
        st.caption(tr("set_aside", n=f"{aside:,}"))
    implausible = st.checkbox(tr("include_implausible"), value=False, key="f-implausible",
                              help=tr("include_implausible_help"))
    doubtful = implausible_count(corpus)
    if doubtful and not implausible:
        st.caption(tr("implausible_aside", n=f"{doubtful:,}"))
    return Filters(tuple(outlets), date_from, date_to, include_undated, title_words.strip(), tuple(types),
                   tuple(alignments), lang, adjectives, relevant_only, implausible)
