"""Arabic news analyst dashboard: `streamlit run app.py` (the store path comes from $DASHBOARD_DB or
`-- --db PATH`)."""
from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys
from dataclasses import asdict
from pathlib import Path

import duckdb
import streamlit as st

from dashboard.library import seed_store
from dashboard.store import Store, StoreVersionMismatch, default_path
from dashboard.ui import auth, context, panels, warmup, where
from dashboard.ui.i18n import language_switch, strings, tr
from dashboard.ui.sidebar import add_articles_box, filters_box
from dashboard.views import briefing, exports
from dashboard.views import tables as views

SEEDS = Path(__file__).with_name("seeds")
log = logging.getLogger("dashboard.app")
TABS = ["overview", "entities", "stance", "capabilities", "map", "context", "articles"]  # strings.csv keys tab_<name>


def db_path() -> Path:
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--db")
    known, _ = ap.parse_known_args(sys.argv[1:])
    return Path(known.db) if known.db else default_path()


@st.cache_resource
def open_store(path: str) -> Store:
    return Store(path)


# The corpus and its filtered views are shared, not copied: st.cache_data would pickle and unpickle the
# whole corpus (700,000 mention rows at 30,000 articles) on every rerun. Views never modify a Corpus.
CORPUS_VERSIONS = 2  # the store's current version and the one before it (while sessions catch up)
FILTERED_VIEWS = 16  # filter combinations kept; each is a fraction of the corpus
CACHE_TTL_S = 3600  # an idle server gives the memory back within the hour


@st.cache_resource(max_entries=CORPUS_VERSIONS, ttl=CACHE_TTL_S, show_spinner=False)
def load_corpus(path: str, version: tuple) -> views.Corpus:
    return views.Corpus.from_store(open_store(path))


@st.cache_resource(max_entries=FILTERED_VIEWS, ttl=CACHE_TTL_S, show_spinner=False)
def filtered(path: str, version: tuple, filters: views.Filters) -> views.Corpus:
    return views.filter_corpus(load_corpus(path, version), filters)


def evidence_texts(store: Store, data: views.Corpus) -> dict[tuple[str, int], str]:
    """The sentences behind the figures and stance scores of the view, by (article id, sentence index)."""
    keys = sorted({(a, int(i)) for t in (data.figures, data.stance) for a, i in zip(t["article_id"], t["sentence_index"])})
    return store.sentence_texts(keys)


def evidence_sentences(store: Store, data: views.Corpus):
    """The downloads' sentences table: article_id, sentence_index, text."""
    import pandas as pd

    texts = evidence_texts(store, data)
    return pd.DataFrame([(a, i, t) for (a, i), t in sorted(texts.items())], columns=["article_id", "sentence_index", "text"])


def store_problem(exc: Exception) -> str:
    """One line for the user (the path and the traceback go to the server log only)."""
    text = str(exc)
    if isinstance(exc, duckdb.IOException) and "lock" in text.lower():
        return tr("store_locked")
    if isinstance(exc, StoreVersionMismatch):
        return tr("store_version")
    if isinstance(exc, PermissionError) or any(w in text.lower() for w in ("permission denied", "read-only")):
        return tr("store_unwritable")  # a good store this process may not write: never "damaged"
    return tr("store_damaged")


def password_ok() -> bool:
    """With DASHBOARD_PASSWORD set (a shared deployment), each browser session must give it first."""
    expected = os.environ.get("DASHBOARD_PASSWORD")
    if not expected or st.session_state.get("signed_in"):
        return True
    if auth.cookie_ok(st.context.cookies.get(auth.COOKIE), expected):  # signed in at the server's gate
        return True
    with st.form("sign-in"):
        given = st.text_input(tr("password"), type="password")
        if st.form_submit_button(tr("sign_in")):
            if hmac.compare_digest(given.encode(), expected.encode()):
                st.session_state["signed_in"] = True
                st.rerun()
            st.error(tr("wrong_password"))
    return False


def keep_open_tab(names: list[str]):
    """After a language switch the open tab's name is in the other language: carry it over."""
    open_name = st.session_state.get("main-tab")
    if open_name and open_name not in names:
        for t, name in zip(TABS, names):
            if open_name in strings()[f"tab_{t}"].values():
                st.session_state["main-tab"] = name


@st.fragment
def draw_tabs(store: Store, version: tuple, data: views.Corpus, lang: str):
    """The tabs and their panels. A tab switch or a panel's widget reruns only this (the sidebar and the corpus
    stay as they are); if the store changed since the page was drawn (an edit, a removal, an ingest, articles an
    ingest queued), the whole page reruns so every part shows the new corpus."""
    if store.has_queue() or store.version() != version:
        st.rerun(scope="app")
    # Only the open tab is drawn (the others cost nothing until chosen); the tab is kept in the URL.
    names = [tr(f"tab_{t}") for t in TABS]
    keep_open_tab(names)
    tabs = st.tabs(names, key="main-tab", on_change="rerun", bind="query-params")
    draw = {
        "overview": lambda: panels.overview_panel(data),
        "entities": lambda: panels.entities_panel(store, data, lang),
        "stance": lambda: panels.stance_panel(store, data),
        "capabilities": lambda: panels.capabilities_panel(store, data, lang),
        "map": lambda: where.map_panel(store, data),
        "context": lambda: context.context_panel(store, data),
        "articles": lambda: panels.articles_panel(store, data, store.remove_article, store.update_article),
    }
    for name, tab in zip(TABS, tabs):
        if tab.open:
            with tab, warmup.drawing_a_tab():
                draw[name]()


def main():
    st.set_page_config(page_title="Arabic news: Iraq, US, Iran, factions", layout="wide")
    with st.sidebar:
        language_switch()  # first, so everything below is drawn in the chosen language
    st.title(tr("page_title"))
    st.caption(tr("page_caption"))
    if not password_ok():
        st.stop()
    path = str(db_path())
    try:
        store = open_store(path)
    except (duckdb.Error, StoreVersionMismatch, OSError) as exc:
        log.exception("cannot open the store %s", path)
        st.error(store_problem(exc))
        st.stop()
    # The first start's progress has a slot on every run, so the tabs keep their place in the page: otherwise the
    # run after the first start drew its tabs one place up, next to the old ones, until it ended (a browser test
    # found two "Entities" tabs).
    first_start = st.empty()
    if not store.get_meta("seeded") and SEEDS.is_dir():
        bar = first_start.progress(0.0, text=tr("first_start"))
        n = len([p for p in SEEDS.iterdir() if p.is_file()])
        seed_store(store, SEEDS, on_progress=lambda i, name: bar.progress(i / max(n, 1), text=tr("analysing_name", name=name)))
        first_start.empty()
    queued = store.absorb_queue()  # articles an ingest queued while this dashboard held the store
    if queued:
        st.toast(tr("queued_added", n=queued))
    if store.set_aside:
        st.warning(tr("queued_set_aside", n=len(store.set_aside)))
    with st.sidebar:
        add_articles_box(store)  # before the corpus is read, so new articles show in this run
    version = store.version()
    corpus = load_corpus(path, version)
    with st.sidebar:
        f = filters_box(corpus)
        data = filtered(path, version, f)
        st.subheader(tr("download_analysis"))
        st.download_button(tr("briefing"), lambda: briefing.briefing_html(data, evidence_texts(store, data), asdict(f),
                                                                          f.language),
                           briefing.briefing_filename(asdict(f)), "text/html", on_click="ignore",
                           help=tr("briefing_help"))
        st.download_button(tr("excel_workbook"), lambda: exports.analysis_xlsx(data, evidence_sentences(store, data)),
                           "analysis.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
        st.download_button(tr("zip_tables"),
                           lambda: exports.analysis_zip(data, asdict(f), evidence_sentences(store, data)), "analysis.zip",
                           "application/zip", on_click="ignore")
        st.caption(tr("articles_in_store", n=f"{store.count_articles():,}"))

    draw_tabs(store, version, data, f.language)
    # The whole corpus, every session's first page: warm the other tabs' views (only this one: a filter change must
    # not wait on it).
    if f == views.Filters(language=f.language):
        warmup.start_warming(store, data, f.language)

# Streamlit runs this file as __main__; a worker process that re-imports the main module (multiprocessing's
# spawn, as Dask's local workers do) must not start a dashboard.
if __name__ == "__main__":
    main()
