"""Computing what the tabs show before the user opens them, in a background thread that gives way to the runs
drawing a tab."""
from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager

from dashboard.analysis.stance import target_codes
from dashboard.ui import panels
from dashboard.ui.widgets import TABLE_ROWS
from dashboard.views import attention, geo
from dashboard.views import tables as views

log = logging.getLogger(__name__)
# The longest a warm-up step waits for the tabs to be quiet: sessions drawing without pause must not keep it from
# ever finishing (each session then computes the views it needs itself, as without a warm-up).
PATIENCE_S = 5.0
# The warm-up thread's CPU niceness (Linux: per thread): the browser drawing the page the user waits for goes
# first. In eight paired runs at 30,000 articles, the first chart 5.89 -> 5.58 s and the first Entities visit
# 1.19 -> 1.09 s (medians; its slowest 1.58 -> 1.42 s).
WARM_NICENESS = 19

_tabs_drawing = 0  # runs drawing a tab right now, in every session of this server
_quiet = threading.Condition()


@contextmanager
def drawing_a_tab():
    """Mark a run drawing a tab, for the warm-up to wait on: the two would share the GIL, and the run is what the
    user waits for."""
    global _tabs_drawing
    with _quiet:
        _tabs_drawing += 1
    try:
        yield
    finally:
        with _quiet:
            _tabs_drawing -= 1
            _quiet.notify_all()


def wait_for_quiet(patience_s: float = PATIENCE_S) -> None:
    """Return once no run is drawing a tab, or after `patience_s`. Waiting also for the browser to draw what the
    run sent was tried: a second after each run starved the warm-up of a user clicking through the tabs (the
    Capabilities and Articles switches took 1.3-1.5 s), and with half a second the first Entities visit was no
    faster (1.10-1.58 s against 0.87-1.36 s, four paired runs)."""
    with _quiet:
        _quiet.wait_for(lambda: _tabs_drawing == 0, timeout=patience_s)


def warm_steps(store, c: views.Corpus, lang: str) -> list:
    """What every tab shows first, and the sentences of its first evidence page, as steps for the warm-up (the
    views keep what they compute per corpus, the store the texts). Each tab's first chart and evidence come
    first, in the tabs' order; the charts shown only when chosen come last."""
    def entity_evidence():
        first_pick = views.search_entities(c, "", limit=1, language=lang)["entity_key"]  # what the picker offers
        if len(first_pick):
            panels.sentence_rows(store, views.mention_sentences(c, first_pick.iloc[0]).head(panels.EVIDENCE_PAGE))
            views.entity_mentions(c, first_pick.iloc[0])

    def place_evidence():  # the Map tab's first place (its picker's default) and its sentences
        places = geo.place_points(c, lang)
        for key in places["entity_keys"].iloc[0] if len(places) else ():
            views.mention_sentences(c, key)
            views.entity_mentions(c, key)

    def article_rows():
        first_article = views.search_articles(c, "", limit=1)["id"]
        for table in ("mentions", "figures", "stance"):
            views.article_rows(c, table, first_article.iloc[0] if len(first_article) else "")

    return [
        lambda: views.top_entities(c, panels.TOP_N, lang),
        entity_evidence,
        lambda: views.stance_by_article(c, lang),
        lambda: views.latest_article_ids(c, panels.MAX_ARTICLES),
        lambda: panels.sentence_rows(store, views.stance_evidence(c, target_codes()[0], None, None, "")
                                     .head(panels.EVIDENCE_PAGE)),
        lambda: views.figures_by_category(c, lang),
        lambda: panels.sentence_rows(store, views.figures_table(c, lang).head(TABLE_ROWS)),
        lambda: geo.place_points(c, lang),
        lambda: geo.event_points(c, lang, "event_type"),
        place_evidence,
        article_rows,
        lambda: views.entity_by_article(c, panels.heat_keys(c), lang),
        lambda: attention.attention(c, panels.attention_default_keys(c, lang), attention.DEFAULT_PRESET, False, lang),
        lambda: views.cooccurrence(c, panels.cooccurrence_keys(c), lang),
        lambda: views.stance_over_time(c, lang),
        lambda: views.stance_by_outlet(c, lang),
    ]


def warm_views(store, c: views.Corpus, lang: str, pause=lambda: None) -> None:
    """Run the warm-up's steps, calling `pause` before each."""
    for step in warm_steps(store, c, lang):
        pause()
        step()


def start_warming(store, c: views.Corpus, lang: str) -> bool:
    """warm_views in a background thread that waits for quiet before each step, once per corpus and language;
    True if this call started it. A first visit to a tab then costs what a second one does."""
    flag = ("warm_views", (lang,), ())
    if flag in c.views:
        return False
    c.views[flag] = True
    threading.Thread(target=_warm_logged, args=(store, c, lang), name="warm-views", daemon=True).start()
    return True


def _warm_logged(store, c: views.Corpus, lang: str) -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WARM_NICENESS)
    except (AttributeError, OSError):  # not Linux, or not allowed: the warm-up runs at the server's priority
        log.info("the warm-up runs at the server's priority")
    try:
        warm_views(store, c, lang, pause=wait_for_quiet)
    except Exception:  # noqa: BLE001 — a failed warm-up costs only speed: the tab computes its views itself
        log.exception("warming the views failed")
