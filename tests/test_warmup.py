"""The warm-up: what it computes, and how it gives way to the runs drawing a tab."""
import threading
import time

import pytest
from conftest import FIXTURES

from dashboard.library import add_files
from dashboard.ui import panels, warmup
from dashboard.views import tables as views


@pytest.fixture
def corpus(store):
    add_files(store, [(n, (FIXTURES / n).read_bytes()) for n in ("two_articles.txt", "article_ar.txt")],
              engine_name="builtin")
    return views.Corpus.from_store(store)


def test_warming_computes_every_tabs_first_views_once(store, corpus):
    assert warmup.start_warming(store, corpus, "en") and not warmup.start_warming(store, corpus, "en")
    for thread in [t for t in threading.enumerate() if t.name == "warm-views"]:
        thread.join(timeout=30)
    computed = {k[0] for k in corpus.views}
    assert {"top_entities", "entity_by_article", "cooccurrence", "mention_sentences", "stance_by_article",
            "stance_evidence", "stance_over_time", "stance_by_outlet", "figures_by_category", "figures_table",
            "_rows_by_article"} <= computed
    evidence = views.stance_evidence(corpus, "US", None, None, "").head(panels.EVIDENCE_PAGE)
    assert set(zip(evidence["article_id"], evidence["sentence_index"])) <= set(store._texts)  # its texts read too
    before = dict(corpus.views)
    warmup.warm_views(store, corpus, "en")  # all already there: nothing recomputed
    assert all(corpus.views[k] is v for k, v in before.items())


def test_each_step_waits_for_the_pause_first(store, corpus):
    events = []
    warmup.warm_views(store, corpus, "en", pause=lambda: events.append(len(corpus.views)))
    assert len(events) == len(warmup.warm_steps(store, corpus, "en"))
    assert events == sorted(events) and events[0] < events[-1]  # each pause comes before a step that computes more


def _drawing_for(seconds: float, events: list):
    with warmup.drawing_a_tab():
        time.sleep(seconds)
        events.append("drawn")


def test_the_warm_up_waits_while_a_tab_is_drawn():
    events = []
    tab = threading.Thread(target=_drawing_for, args=(0.3, events))
    tab.start()
    time.sleep(0.05)  # the run has begun drawing
    warmup.wait_for_quiet(patience_s=30)
    events.append("warm step")
    tab.join()
    assert events == ["drawn", "warm step"]


def test_a_tab_drawn_without_end_does_not_stop_the_warm_up_for_ever():
    events = []
    tab = threading.Thread(target=_drawing_for, args=(3.0, events))
    tab.start()
    time.sleep(0.05)
    warmup.wait_for_quiet(patience_s=0.2)
    events.append("warm step")
    tab.join()
    assert events == ["warm step", "drawn"]


def test_the_warm_up_thread_waits_for_a_tab_being_drawn_at_low_priority(store, corpus):
    import os
    import sys

    earlier = set(threading.enumerate())  # other tests' warm-ups may still run
    with warmup.drawing_a_tab():
        assert warmup.start_warming(store, corpus, "ar")
        thread = next(t for t in threading.enumerate() if t.name == "warm-views" and t not in earlier)
        deadline = time.monotonic() + 5
        while sys.platform == "linux" and time.monotonic() < deadline and \
                os.getpriority(os.PRIO_PROCESS, thread.native_id) != warmup.WARM_NICENESS:
            time.sleep(0.01)
        if sys.platform == "linux":
            assert os.getpriority(os.PRIO_PROCESS, thread.native_id) == warmup.WARM_NICENESS
        time.sleep(0.1)
        assert not [k for k in corpus.views if k[0] == "top_entities"]  # nothing computed while the tab is drawn
    thread.join(timeout=30)
    assert [k for k in corpus.views if k[0] == "top_entities"]
