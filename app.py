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

from dashboard.views import exports
from dashboard.views import tables as views
from dashboard.library import seed_store
from dashboard.store import Store, default_path
from dashboard.ui import panels
from dashboard.ui.sidebar import add_articles_box, filters_box

SEEDS = Path(__file__).with_name("seeds")
log = logging.getLogger("dashboard.app")
TABS = ["Overview", "Entities", "Stance", "Capabilities", "Articles"]


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


def evidence_sentences(store: Store, data: views.Corpus):
    """The sentences behind the figures and stance scores of the view (the downloads' sentences table)."""
    import pandas as pd

    keys = sorted({(a, int(i)) for t in (data.figures, data.stance) for a, i in zip(t["article_id"], t["sentence_index"])})
    texts = store.sentence_texts(keys)
    return pd.DataFrame([(a, i, texts.get((a, i), "")) for a, i in keys], columns=["article_id", "sentence_index", "text"])


def store_problem(exc: Exception) -> str:
    """One line for the user (the path and the traceback go to the server log only)."""
    text = str(exc)
    if isinstance(exc, duckdb.IOException) and "lock" in text.lower():
        return ("The store is in use by another process (an ingest or a second dashboard). Wait for it to "
                "finish, or start this dashboard on another store with DASHBOARD_DB.")
    if isinstance(exc, RuntimeError):  # a store made by another version (store.py says which)
        return "The store was made by another version of the dashboard; start with a new DASHBOARD_DB file."
    return ("The store cannot be opened (damaged or not a DuckDB file). Move it away or start with a new "
            "DASHBOARD_DB file; the articles can be added again.")


def password_ok() -> bool:
    """With DASHBOARD_PASSWORD set (a shared deployment), each browser session must give it first."""
    expected = os.environ.get("DASHBOARD_PASSWORD")
    if not expected or st.session_state.get("signed_in"):
        return True
    with st.form("sign-in"):
        given = st.text_input("Password", type="password")
        if st.form_submit_button("Sign in"):
            if hmac.compare_digest(given.encode(), expected.encode()):
                st.session_state["signed_in"] = True
                st.rerun()
            st.error("Wrong password.")
    return False


def main():
    st.set_page_config(page_title="Arabic news: Iraq, US, Iran, factions", layout="wide")
    st.title("Iraq · United States · Iran · armed factions")
    st.caption("Entities, stance toward the US and Iran, and militia-capability figures in Arabic news. "
               "Every number links back to its sentence.")
    if not password_ok():
        st.stop()
    path = str(db_path())
    try:
        store = open_store(path)
    except (duckdb.Error, RuntimeError, OSError) as exc:
        log.exception("cannot open the store %s", path)
        st.error(store_problem(exc))
        st.stop()
    if not store.get_meta("seeded") and SEEDS.is_dir():
        bar = st.progress(0.0, text="First start: analysing the seed corpus…")
        n = len([p for p in SEEDS.iterdir() if p.is_file()])
        seed_store(store, SEEDS, on_progress=lambda i, name: bar.progress(i / max(n, 1), text=f"Analysing {name}…"))
        bar.empty()
    queued = store.absorb_queue()  # articles an ingest queued while this dashboard held the store
    if queued:
        st.toast(f"{queued} article(s) added from the command-line ingest queue")
    with st.sidebar:
        add_articles_box(store)  # before the corpus is read, so new articles show in this run
    version = store.version()
    corpus = load_corpus(path, version)
    with st.sidebar:
        f = filters_box(corpus)
        data = filtered(path, version, f)
        st.subheader("Download the analysis")
        st.download_button("Excel workbook", lambda: exports.analysis_xlsx(data, evidence_sentences(store, data)),
                           "analysis.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
        st.download_button("ZIP of CSV tables",
                           lambda: exports.analysis_zip(data, asdict(f), evidence_sentences(store, data)), "analysis.zip",
                           "application/zip", on_click="ignore")
        st.caption(f"{store.count_articles():,} articles in the store")

    # Only the open tab is drawn (the others cost nothing until chosen); the tab is kept in the URL.
    tabs = st.tabs(TABS, key="main-tab", on_change="rerun", bind="query-params")
    draw = {
        "Overview": lambda: panels.overview_panel(data),
        "Entities": lambda: panels.entities_panel(store, data, f.language),
        "Stance": lambda: panels.stance_panel(store, data),
        "Capabilities": lambda: panels.capabilities_panel(store, data, f.language),
        "Articles": lambda: panels.articles_panel(store, data, store.remove_article, store.update_article),
    }
    for name, tab in zip(TABS, tabs):
        if tab.open:
            with tab:
                draw[name]()

# Streamlit runs this file as __main__; a worker process that re-imports the main module (multiprocessing's
# spawn, as Dask's local workers do) must not start a dashboard.
if __name__ == "__main__":
    main()
