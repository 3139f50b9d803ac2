"""Implausible figures: the analysis keeps and flags a value beyond its category's bound, and the views leave it
out unless asked."""
import pytest

from dashboard.analysis.figures import CATEGORIES, extract_figures
from dashboard.analysis.lexicon import rows
from dashboard.analysis.plausibility import bounds, plausible, plausible_all
from dashboard.library import add_files
from dashboard.views import tables as views

SPEECH = """الفصائل تتوعد القوات الأمريكية في العراق

قال قيادي في الفصائل المسلحة إن الحرب أسفرت عن مقتل 3000000 مدني وإن الفصائل ستواصل هجماتها على القوات الأمريكية.
وأعلنت وزارة الدفاع مقتل 12 مدنيا في قصف صاروخي على قاعدة عين الأسد.
"""


@pytest.mark.parametrize("category, value, expected", [
    ("killed", 60, True), ("killed", 700_000, True), ("killed", 1_000_000, False), ("range_km", 2_000, True),
    ("range_km", 40_000, False), ("killed", 0.5, False), ("other", 5e9, True)])
def test_a_value_is_plausible_up_to_its_categorys_bound(category, value, expected):
    assert plausible(category, value) is expected
    assert plausible_all([category], [value]).tolist() == [expected]


def test_every_bound_names_a_real_category_and_says_why():
    assert set(bounds()) <= set(CATEGORIES)
    assert all(r["why"] for r in rows("plausible_values.csv"))


def test_the_analysis_keeps_an_implausible_figure_and_flags_it():
    figs = {f.value: f.to_dict() for f in extract_figures(SPEECH.split("\n"))}
    assert figs[3_000_000]["plausible"] is False and figs[3_000_000]["category"] == "killed"
    assert figs[12]["plausible"] is True


def test_the_views_leave_implausible_figures_out_unless_asked(store):
    add_files(store, [("speech.txt", SPEECH.encode("utf-8"))], engine_name="builtin")
    corpus = views.Corpus.from_store(store)
    assert views.implausible_count(corpus) == 1
    shown = views.filter_corpus(corpus, views.Filters())
    assert 3_000_000 not in set(shown.figures["value"]) and 12 in set(shown.figures["value"])
    everything = views.filter_corpus(corpus, views.Filters(include_implausible=True))
    table = views.figures_table(everything)
    assert table.set_index("value").loc[3_000_000, "plausible"] == False  # noqa: E712 — a numpy bool
    assert table.set_index("value").loc[12, "plausible"] == True  # noqa: E712
