"""The briefing: self-contained, Arabic right to left, article text escaped, and its numbers the dashboard's."""
import re
from dataclasses import asdict
from datetime import datetime
from html.parser import HTMLParser

import pytest
from conftest import FIXTURES

from dashboard.library import add_files
from dashboard.views import tables as views
from dashboard.views.briefing import briefing_html, stance_summary

NOW = datetime(2026, 1, 2, 3, 4)


@pytest.fixture
def corpus(store):
    add_files(store, [(n, (FIXTURES / n).read_bytes()) for n in ("two_articles.txt", "article_ar.txt", "page.html")],
              engine_name="builtin")
    return views.Corpus.from_store(store)


def texts_of(store, c):
    keys = {(a, int(i)) for t in (c.figures, c.stance) for a, i in zip(t["article_id"], t["sentence_index"])}
    return store.sentence_texts(sorted(keys))


class Page(HTMLParser):
    """The parts of the page a test checks: key numbers by data-key, tags, external references."""

    def __init__(self):
        super().__init__()
        self.numbers, self.tags, self.external, self._key = {}, [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self._key = a.get("data-key")
        for ref in (a.get("src"), a.get("href")):
            if ref and not ref.startswith("data:"):
                self.external.append(ref)

    def handle_data(self, data):
        if self._key:
            self.numbers[self._key] = data
            self._key = None


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    return p


def test_key_numbers_agree_with_the_dashboard_for_the_same_filters(store, corpus):
    f = views.Filters(outlets=(corpus.articles["source"].iloc[0],))
    view = views.filter_corpus(corpus, f)
    page = parse(briefing_html(view, texts_of(store, view), asdict(f), "en", NOW))
    o = views.overview(view)
    assert page.numbers["articles"] == f"{o['articles']:,}" and o["articles"] < len(corpus.articles)
    assert page.numbers["figures"] == f"{len(views.figures_table(view)):,}"
    assert page.numbers["entities"] == f"{o['entities']:,}" and page.numbers["mentions"] == f"{o['mentions']:,}"


def test_stance_summary_counts_the_views_stance_rows(store, corpus):
    page = briefing_html(corpus, texts_of(store, corpus), {}, "en", NOW)
    summary = stance_summary(corpus).set_index("target")
    for target in ("US", "IRAN"):
        rows = corpus.stance[corpus.stance["target"] == target]
        assert summary.loc[target, "sentences"] == len(rows)
        assert summary.loc[target, "negative"] == int((rows["polarity"] < 0).sum())
        line = re.search(rf'data-target-summary="{target}">([^<]*)<', page).group(1)
        assert line.startswith(f"{len(rows)} sentences")
    strongest = corpus.stance.loc[corpus.stance["score"].idxmin()]
    sentence = texts_of(store, corpus)[(strongest["article_id"], int(strongest["sentence_index"]))]
    assert sentence in page  # the most hostile sentence is quoted


def test_arabic_briefing_runs_right_to_left_and_opens_offline(store, corpus):
    page = briefing_html(corpus, texts_of(store, corpus), {}, "ar", NOW)
    assert '<html lang="ar" dir="rtl">' in page and "الأرقام الرئيسية" in page and "الولايات المتحدة" in page
    parsed = parse(page)
    assert parsed.external == [] and "script" not in parsed.tags  # nothing fetched, nothing run
    assert parsed.tags.count("img") >= 2  # the charts, inline


def test_article_fields_are_escaped(store):
    text = ("قال مسؤول عراقي إن الفصائل المسلحة شنت 12 هجوماً على القوات الأمريكية في العراق خلال شهر. " * 3)
    add_files(store, [("a.txt", text.encode())], engine_name="builtin",
              metadata={"source": "</td><script>alert(1)</script>"})
    c = views.Corpus.from_store(store)
    page = briefing_html(c, texts_of(store, c), {}, "en", NOW)
    assert "<script>" not in page and "&lt;script&gt;alert(1)" in page


def test_an_empty_view_says_so(store, corpus):
    empty = views.filter_corpus(corpus, views.Filters(title_contains="كلمة-لا-توجد"))
    page = briefing_html(empty, {}, {"title_contains": "كلمة-لا-توجد"}, "en", NOW)
    assert "Nothing in the current view." in page and parse(page).numbers["articles"] == "0"


def test_the_briefing_s_file_name_carries_its_filters():
    from datetime import date

    from dashboard.views.briefing import briefing_filename

    assert briefing_filename({"date_from": date(2018, 6, 1), "date_to": date(2018, 6, 30), "outlets": ("skynews",)}) \
        == "briefing-2018-06-01_2018-06-30-skynews.html"
    assert briefing_filename({}) == "briefing-all-dates-all-outlets.html"
    assert briefing_filename({"outlets": ("a", "b", "c", "d")}) == "briefing-all-dates-4-outlets.html"
    assert briefing_filename({"outlets": ("الشرق الأوسط",)}) == "briefing-all-dates-الشرق-الأوسط.html"
