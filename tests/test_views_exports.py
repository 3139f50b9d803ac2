import io
import zipfile
from datetime import date

import altair as alt
import openpyxl
import pytest
from conftest import FIXTURES

from dashboard.library import add_files
from dashboard.views import charts, exports
from dashboard.views import tables as views


@pytest.fixture
def corpus(store):
    add_files(store, [(n, (FIXTURES / n).read_bytes()) for n in ("two_articles.txt", "article_ar.txt", "page.html")],
              engine_name="builtin")
    return views.Corpus.from_store(store)


def test_filters_narrow_every_table(corpus):
    dated = views.filter_corpus(corpus, views.Filters(date_from=date(2023, 1, 1), date_to=date(2023, 12, 31),
                                                      include_undated=False))
    assert len(dated.articles) == 1 and set(dated.figures["article_id"]) == set(dated.articles["id"])
    people = views.filter_corpus(corpus, views.Filters(types=("PERSON",)))
    assert set(people.entities["type"]) == {"PERSON"} and len(people.articles) == len(corpus.articles)
    us = views.filter_corpus(corpus, views.Filters(alignments=("US",)))
    assert set(us.entities["alignment"]) == {"US"}


def test_aggregates_are_computed_once_per_corpus_and_filters_get_their_own(corpus):
    first = views.stance_by_article(corpus, "en")
    assert views.stance_by_article(corpus, "en") is first  # a rerun or a tab switch reuses it
    assert views.stance_by_article(corpus, "ar") is not first
    assert views.stance_by_article(corpus) is first  # the default language is the same view, not a second one
    dated = views.filter_corpus(corpus, views.Filters(date_from=date(2023, 1, 1), include_undated=False))
    narrowed = views.stance_by_article(dated, "en")
    assert narrowed is not first and set(narrowed["article_id"]) <= set(dated.articles["id"])
    assert len(narrowed) < len(first)


def test_mention_lists_are_remembered_up_to_their_limit(corpus):
    keys = list(views.entity_totals(corpus)["entity_key"])
    assert len(keys) > views.MENTION_LISTS
    first = views.mention_sentences(corpus, keys[0])
    assert views.mention_sentences(corpus, keys[0]) is first
    for key in keys[1:views.MENTION_LISTS + 1]:
        views.mention_sentences(corpus, key)
    kept = [k for k in corpus.views if k[0] == "mention_sentences"]
    assert len(kept) == views.MENTION_LISTS and (("mention_sentences", (keys[0],), ())) not in kept  # oldest went
    assert views.mention_sentences(corpus, keys[0]).equals(first)


def test_a_view_asked_for_while_another_thread_computes_it_is_computed_once(corpus):
    import threading
    import time

    calls = []

    @views.per_corpus
    def slow_view(c, n):
        calls.append(n)
        time.sleep(0.2)  # long enough for the second thread to ask while the first computes
        return object()

    results = []
    threads = [threading.Thread(target=lambda: results.append(slow_view(corpus, 1))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert calls == [1] and len(results) == 2 and results[0] is results[1]
    assert slow_view(corpus, 2) is not results[0] and calls == [1, 2]  # other arguments: a view of their own


def test_an_articles_rows_through_the_index_are_those_a_filter_finds(corpus):
    for aid in corpus.articles["id"]:
        for table in ("mentions", "figures", "stance"):
            frame = getattr(corpus, table)
            assert views.article_rows(corpus, table, aid).equals(frame[frame["article_id"] == aid]), (aid, table)
    assert views.article_rows(corpus, "mentions", "no-such-article").empty
    mixed = corpus.mentions.sample(frac=1, random_state=1)  # an article's rows need not be together in the table
    shuffled = views.Corpus(corpus.articles, corpus.entities, mixed, corpus.figures, corpus.stance)
    for aid in corpus.articles["id"]:
        assert views.article_rows(shuffled, "mentions", aid).equals(mixed[mixed["article_id"] == aid]), aid
    assert views.most_mentioned(corpus, 3, ("ORG",)) == tuple(
        views.entity_totals(corpus).query("type == 'ORG'")["entity_key"].head(3))


def test_stance_evidence_narrows_and_puts_the_strongest_first(corpus):
    every = views.stance_evidence(corpus, "US", None, None, "")
    assert len(every) == int((corpus.stance["target"] == "US").sum()) and set(every["target"]) == {"US"}
    assert list(every["score"].abs()) == sorted(every["score"].abs(), reverse=True)
    negative = views.stance_evidence(corpus, "US", -1, None, "")
    assert 0 < len(negative) < len(every) and set(negative["polarity"]) == {-1}
    outlet = every["source"].iloc[0]
    assert set(views.stance_evidence(corpus, "US", None, outlet, "")["source"]) == {outlet}
    word = every["title"].iloc[0].split()[0]
    assert all(word in t for t in views.stance_evidence(corpus, "US", None, None, word)["title"])
    assert views.stance_evidence(corpus, "US", None, None, "") is every  # remembered for the next redraw


def test_labels_follow_language(corpus):
    en = views.entity_totals(corpus, "en")
    ar = views.entity_totals(corpus, "ar")
    assert "United States" in set(en["label"]) and "الولايات المتحدة" in set(ar["label"])


def test_conflicting_reports_are_flagged(store):
    a = "قالت مصادر إن نحو 3000 جندي أمريكي ينتشرون في العراق حالياً وفق تقديرات وزارة الدفاع الأمريكية المعلنة. " * 3
    b = "وذكر تقرير أن 2500 جندي أمريكي ينتشرون في العراق بحسب بيانات رسمية نشرتها وزارة الدفاع الأمريكية مؤخراً. " * 3
    add_files(store, [("a.txt", a.encode()), ("b.txt", b.encode())], engine_name="builtin")
    table = views.figures_table(views.Corpus.from_store(store))
    assert table["conflict"].all() and set(table["shown"]) == {"≈3,000", "2,500"}


def test_chart_builders_return_altair_charts_with_tooltips(corpus):
    built = [
        charts.top_entities(views.top_entities(corpus, 5)),
        charts.stance_diverging(views.stance_by_article(corpus)),
        charts.figures_by_category(views.figures_by_category(corpus)),
        charts.cooccurrence(views.cooccurrence(corpus, tuple(views.entity_totals(corpus)["entity_key"][:6]))),
        charts.articles_per_outlet(views.articles_per_outlet(corpus)),
    ]
    for chart in built:
        spec = chart.to_dict()
        encodings = [spec["encoding"]] if "encoding" in spec else [layer.get("encoding", {}) for layer in spec["layer"]]
        assert isinstance(chart, alt.TopLevelMixin) and any("tooltip" in e for e in encodings)


def test_count_axes_are_whole_numbers_and_categories_read_as_words(corpus):
    spec = charts.figures_by_category(views.figures_by_category(corpus)).to_dict()
    assert spec["encoding"]["x"]["axis"]["format"] == "d" and spec["encoding"]["x"]["axis"]["tickMinStep"] == 1
    assert views.label("category", "heavy_weapons") == "Heavy weapons and aircraft"
    assert views.label("category", "heavy_weapons", "ar") == "أسلحة ثقيلة وطائرات"
    assert views.label("category", "new_kind") == "new kind"  # an unknown code still reads without underscores


def test_a_neutral_article_still_has_a_visible_mark(corpus):
    spec = charts.stance_diverging(views.stance_by_article(corpus)).to_dict()
    assert {layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]} \
        == {"bar", "point"}


def test_chart_downloads_are_real_files(corpus):
    chart = charts.top_entities(views.top_entities(corpus, 5, "ar"))
    png = exports.chart_png(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert exports.chart_svg(chart).lstrip().startswith("<svg")
    assert "<html" in exports.chart_html(chart).lower()
    csv = exports.frame_csv(views.top_entities(corpus, 5, "ar")).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("entity_key") and "الولايات المتحدة" in csv


def test_whole_analysis_exports(corpus):
    wb = openpyxl.load_workbook(io.BytesIO(exports.analysis_xlsx(corpus)))
    assert {"articles", "entities", "mentions", "figures", "stance"} <= set(wb.sheetnames)
    assert wb["articles"].max_row == len(corpus.articles) + 1
    z = zipfile.ZipFile(io.BytesIO(exports.analysis_zip(corpus, {"outlets": []})))
    assert {"articles.csv", "figures.csv", "filters.json"} <= set(z.namelist())
    sentences = views.pd.DataFrame([("a", 0, "جملة الدليل")], columns=["article_id", "sentence_index", "text"])
    z = zipfile.ZipFile(io.BytesIO(exports.analysis_zip(corpus, {}, sentences)))
    assert "جملة الدليل" in z.read("sentences.csv").decode("utf-8-sig")
    wb = openpyxl.load_workbook(io.BytesIO(exports.analysis_xlsx(corpus, sentences)))
    assert wb["sentences"]["C2"].value == "جملة الدليل"


def test_adjective_toggle_changes_country_counts(corpus):
    gdelt = views.entity_totals(views.filter_corpus(corpus, views.Filters()))
    names = views.entity_totals(views.filter_corpus(corpus, views.Filters(count_adjectives=False)))
    us = lambda t: int(t.loc[t["label_en"] == "United States", "mentions"].sum())  # noqa: E731
    assert us(gdelt) > us(names) >= 1


def test_article_search_narrows_by_every_word(corpus):
    everything = views.search_articles(corpus, "", limit=100)
    assert len(everything) == len(corpus.articles)
    one = everything.iloc[0]
    word = one["title"].split()[0]
    found = views.search_articles(corpus, f"{word} {one['source']}", limit=100)
    assert one["id"] in set(found["id"]) and len(found) <= len(everything)
    assert views.search_articles(corpus, "كلمة-لا-توجد", limit=100).empty
    assert len(views.search_articles(corpus, "", limit=1)) == 1


def test_title_words_filter_the_corpus(corpus):
    title = corpus.articles["title"].iloc[0]
    kept = views.filter_corpus(corpus, views.Filters(title_contains=" ".join(title.split()[:2])))
    assert title in set(kept.articles["title"]) and set(kept.stance["article_id"]) <= set(kept.articles["id"])
    assert views.filter_corpus(corpus, views.Filters(title_contains="كلمة-لا-توجد")).articles.empty


def test_entity_search_matches_arabic_spellings_and_english_labels(corpus):
    everything = views.search_entities(corpus, "", limit=10_000)
    assert len(everything) == len(views.entity_totals(corpus)) > 3
    assert list(everything["mentions"]) == sorted(everything["mentions"], reverse=True)  # most mentioned first
    arabic = views.search_entities(corpus, "خليلي", limit=50)
    assert len(arabic) == 1 and "Khalili" in arabic["label"].iloc[0]
    assert list(views.search_entities(corpus, "KHALILI", limit=50)["entity_key"]) == list(arabic["entity_key"])
    hamza = set(views.search_entities(corpus, "إيران", limit=50)["entity_key"])
    assert hamza and set(views.search_entities(corpus, "ايران", limit=50)["entity_key"]) == hamza  # hamza or not
    assert views.search_entities(corpus, "خليلي لايوجد", limit=50).empty  # every word must match
    assert len(views.search_entities(corpus, "", limit=2)) == 2


def test_mention_sentences_are_one_row_a_sentence_newest_first(corpus):
    key = views.entity_totals(corpus).iloc[0]["entity_key"]
    rows = views.mention_sentences(corpus, key)
    mentions = corpus.mentions[corpus.mentions["entity_key"] == key]
    assert len(rows) == len(mentions[["article_id", "sentence_index"]].drop_duplicates())
    n = int(rows["date"].notna().sum())
    assert rows["date"].iloc[n:].isna().all()  # undated last
    assert list(rows["date"].iloc[:n]) == sorted(rows["date"].iloc[:n], reverse=True)


def test_the_figures_chart_carries_only_what_it_draws(corpus):
    table = views.figures_table(corpus)
    assert {"title", "sentence_index", "article_id"} <= set(table.columns)
    rows = next(iter(charts.figure_values(table).to_dict()["datasets"].values()))
    assert len(rows) == len(table) and not {"title", "sentence_index", "article_id"} & set(rows[0])


def test_latest_rows_keep_the_newest_dates_and_put_undated_last():
    import pandas as pd

    rows = pd.DataFrame({"date": [date(2020, 1, 1), None, date(2024, 5, 1), date(2022, 3, 1)], "n": [1, 2, 3, 4]})
    assert list(views.latest_rows(rows, 2)["n"]) == [3, 4]
    assert list(views.latest_rows(rows, 10)["n"]) == [3, 4, 1, 2]


def test_outlets_read_by_their_display_names_and_keep_their_code(corpus, store):
    aid = corpus.articles["id"].iloc[0]
    store.update_article(aid, "skynews", None, None)
    stored = views.Corpus.from_store(store)
    english = views.filter_corpus(stored, views.Filters(outlets=("skynews",)))
    assert list(english.articles["source"]) == ["Sky News Arabia"] and list(english.articles["source_code"]) == ["skynews"]
    arabic = views.filter_corpus(stored, views.Filters(outlets=("skynews",), language="ar"))
    assert list(arabic.articles["source"]) == ["سكاي نيوز عربية"]


def test_stance_by_outlet_gives_counts_and_shares_and_leaves_small_outlets_out_of_the_chart(corpus, monkeypatch):
    rows = views.stance_by_outlet(corpus)
    shares = rows[["negative_share", "neutral_share", "positive_share"]].sum(axis=1)
    assert (abs(shares - 1) < 1e-9).all() and (rows["articles"] >= 1).all() and rows["shown"].all()  # none has 5
    sizes = corpus.articles.groupby("source").size()
    monkeypatch.setattr(views, "MIN_OUTLET_ARTICLES", int(sizes.max()))
    narrowed = views.stance_by_outlet.__wrapped__(corpus)  # computed anew (views are remembered per corpus)
    assert set(narrowed.loc[narrowed["shown"], "source"]) == set(sizes[sizes == sizes.max()].index) & set(rows["source"])
    spec = charts.stance_by_outlet(narrowed).to_dict()
    assert spec["encoding"]["x"]["field"] == "share" and spec["encoding"]["color"]["field"] == "polarity"


def test_a_stock_sentence_an_outlet_repeats_counts_once_and_is_listed_once(store):
    stock = "وقال المتحدث باسم التحالف إن الميليشيات المدعومة من إيران تهدد أمن المنطقة وتهاجم القوات الأمريكية."
    texts = [f"خبر {title} عن العراق\n\n{news}\n{stock}\n" for title, news in (
        ("أول", "أعلنت الحكومة العراقية عن خطة جديدة لإعادة الإعمار في الموصل بعد سنوات من الحرب."),
        ("ثان", "زار وزير الخارجية الإيراني بغداد لبحث العلاقات الاقتصادية مع الحكومة العراقية."))]
    add_files(store, [(f"s{n}.txt", t.encode("utf-8")) for n, t in enumerate(texts)], engine_name="builtin",
              metadata={"source": "skynews"})
    c = views.filter_corpus(views.Corpus.from_store(store), views.Filters())
    iran = views.stance_by_outlet(c).set_index("target").loc["IRAN"]
    rows = c.stance[c.stance["target"] == "IRAN"]
    assert iran["repeats"] == len(rows) - rows["sentence_key"].nunique() >= 1
    assert iran["sentences"] == rows["sentence_key"].nunique()
    evidence = views.stance_evidence(c, "IRAN", None, None, "")
    assert evidence["sentence_key"].is_unique and evidence["copies"].max() == 2
