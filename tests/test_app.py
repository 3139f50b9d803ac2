"""The Streamlit app driven headless with AppTest: start on the seeds, filters, adding and removing an
article, label language, downloads."""
import json
import re

import pytest
from conftest import FIXTURES, ROOT
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "app.duckdb"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    yield at
    # drop the app's cached store so its DuckDB connection closes now, not at interpreter exit
    import gc

    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    gc.collect()


def metric(at, label):
    """A metric of the Overview tab (drawn only while that tab is open)."""
    if at.session_state["main-tab"] != "Overview":
        open_tab(at, "Overview")
    return next(m.value for m in at.metric if m.label == label)


def open_tab(at, name):
    at.session_state["main-tab"] = name
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_starts_on_the_seed_corpus_with_every_panel(app):
    assert metric(app, "Articles") == "6"  # five seed files, one holding two articles
    assert int(metric(app, "Figures")) >= 14
    assert [t.label for t in app.tabs] == ["Overview", "Entities", "Stance", "Capabilities", "Map", "In context",
                                          "Articles"]
    assert len(app.get("download_button")) == 11  # four per Overview chart, the briefing and the whole analysis
    labels = {b.proto.label for b in app.get("download_button")}
    assert {"PNG", "SVG", "HTML", "CSV", "Briefing (HTML)", "Excel workbook", "ZIP of CSV tables"} <= labels


def test_seeds_are_analysed_once_not_on_every_rerun(app):
    app.run()
    assert metric(app, "Articles") == "6" and not app.exception


def test_outlet_filter_narrows_the_panels(app):
    outlets = app.multiselect(key="f-outlets-en")
    assert "الشرق الأوسط" in outlets.options
    outlets.set_value(["الشرق الأوسط"]).run()
    assert metric(app, "Articles") == "2"


def chosen_charts(at, tab, key):
    """Choose each chart of a tab in turn: {option shown: Vega-Lite specs drawn}, checking each has its downloads."""
    open_tab(at, tab)
    drawn = {}
    for shown in at.button_group(key=key).options:
        at.button_group(key=key).set_value(CHART_CODES[shown]).run()
        assert not at.exception, [e.value for e in at.exception]
        assert len(at.get("download_button")) == 4 + 3, shown  # the chart's four, and the sidebar's three
        drawn[shown] = [e.proto.spec for e in at.get("vega_lite_chart")]
    return drawn


CHART_CODES = {"Most mentioned": "top", "Across articles": "article", "Attention over time": "time",
               "Mentioned together": "together", "Per article": "article", "Over time": "time", "By outlet": "outlet",
               "By category": "category", "Reported values": "values"}


@pytest.mark.parametrize("tab, key, options", [
    ("Entities", "ent-chart", ["Most mentioned", "Across articles", "Attention over time", "Mentioned together"]),
    ("Stance", "st-chart", ["Per article", "Over time", "By outlet"]),
    ("Capabilities", "cap-chart", ["By category", "Reported values"])])
def test_a_tab_draws_the_chart_chosen_above_it(app, tab, key, options):
    drawn = chosen_charts(app, tab, key)
    assert list(drawn) == options
    assert all(len(specs) == 1 for specs in drawn.values()) and len({s[0] for s in drawn.values()}) == len(options)
    app.radio(key="lang").set_value("العربية").run()
    assert app.button_group(key=key).value == CHART_CODES[options[-1]]  # the choice survives a language switch
    arabic = app.button_group(key=key).options
    assert len(arabic) == len(options) and not set(arabic) & set(options)  # and the options speak Arabic


def test_entity_charts_keep_the_mention_list_and_own_their_slider(app):
    open_tab(app, "Entities")
    for code in ("top", "article", "time", "together"):
        app.button_group(key="ent-chart").set_value(code).run()
        assert bool(app.get("slider")) == (code == "top")  # Top N belongs to the most-mentioned chart only
        assert app.selectbox(key="ent-kwic-en").options  # the mention list stays under every chart


def test_pasted_article_is_added_once_and_shows_everywhere(app):
    text = (FIXTURES / "article_ar.txt").read_text(encoding="utf-8")
    app.text_area(key="paste-text").input(text)
    app.button[[b.label for b in app.button].index("Analyse pasted text")].click().run()
    assert metric(app, "Articles") == "7"
    assert any("added 1 article" in s.value for s in app.success)
    app.text_area(key="paste-text").input(text)
    app.button[[b.label for b in app.button].index("Analyse pasted text")].click().run()
    assert metric(app, "Articles") == "7"
    assert any("already present" in s.value for s in app.info)
    open_tab(app, "Entities")
    entity_choices = app.selectbox(key="ent-kwic-en").options
    assert any("Khalili" in o or "سامر خليلي" in o for o in entity_choices)


def test_label_language_switches_to_arabic(app):
    open_tab(app, "Entities")
    picker = app.selectbox(key="ent-kwic-en")
    assert any("Mustafa al-Kadhimi" in o for o in picker.options)
    from dashboard.analysis.text import normalise

    picker.set_value("PERSON:" + normalise("مصطفى الكاظمي")).run()  # not the first entity, the default
    kept = app.selectbox(key="ent-kwic-en").value
    app.radio(key="lang").set_value("العربية").run()
    arabic = app.selectbox(key="ent-kwic-ar")  # drawn anew with Arabic labels, the choice carried over
    assert any("مصطفى الكاظمي" in o for o in arabic.options) and arabic.value == kept
    # the whole interface follows, and the open tab stays open
    assert [t.label for t in app.tabs] == ["نظرة عامة", "الكيانات", "الموقف", "القدرات", "الخريطة", "في السياق",
                                          "المقالات"]
    assert app.session_state["main-tab"] == "الكيانات"
    assert any("شخص" in o for o in app.selectbox(key="ent-kwic-ar").options)  # entity types too
    assert "إضافة مقالات" in {h.value for h in app.get("subheader")} and app.title[0].value.startswith("العراق")
    app.session_state["main-tab"] = "نظرة عامة"
    app.run()
    assert {m.label for m in app.metric} == {"المقالات", "الجمل", "الكيانات", "الأرقام"}


def test_article_can_be_removed(app):
    before = int(metric(app, "Articles"))
    open_tab(app, "Articles")
    app.button(key="art-remove").click().run()  # the confirmation inside the popover
    assert int(metric(app, "Articles")) == before - 1


def test_date_filter(app):
    app.checkbox(key="f-limit-dates").check().run()
    app.checkbox(key="f-undated").uncheck().run()
    assert metric(app, "Articles") == "2"  # the two seed articles with a publication date


def test_every_tab_draws_its_charts_and_tables(app):
    for name, charts, extra in [("Entities", 1, 0), ("Stance", 1, 0), ("Capabilities", 1, 0), ("Map", 1, 1),
                                ("Articles", 0, 0)]:
        open_tab(app, name)
        assert len(app.get("download_button")) == 4 * charts + 3 + extra, name  # the Map adds the events CSV
    open_tab(app, "Capabilities")
    table = app.dataframe[-1].value
    assert {"Value", "Sentence", "Number phrase", "Conflicting reports"} <= set(table.columns) and len(table) >= 14
    open_tab(app, "Articles")
    assert any(m.value.startswith('<div dir="rtl"') for m in app.markdown)


def test_the_data_behind_a_chart_is_drawn_when_its_expander_opens(app):
    assert not app.dataframe  # closed expanders draw nothing (three tables cost a third of a tab switch)
    app.session_state["ov-outlet-data"] = True  # what opening "Data behind the chart" sets
    app.run()
    assert [list(d.value.columns) for d in app.dataframe] == [["Outlet", "Articles"]]
    assert sorted(d.value["Articles"].sum() for d in app.dataframe) == [6]


def test_script_in_an_article_is_shown_as_text(app):
    text = ("عنوان خبر عن العراق\n\n" + "قال مسؤول عراقي إن الفصائل المسلحة هاجمت قاعدة في بغداد أمس. " * 8 +
            "<script>alert('x')</script> <img src=x onerror=alert(1)>")
    app.text_area(key="paste-text").input(text)
    app.button[[b.label for b in app.button].index("Analyse pasted text")].click().run()
    open_tab(app, "Articles")
    from dashboard.sources.articles import extract_articles

    app.selectbox(key="art-pick-en").set_value(extract_articles(text)[0].id).run()
    html = next(m.value for m in app.markdown if m.value.startswith('<div dir="rtl"'))
    assert "&lt;script&gt;" in html and "<script>" not in html and "<img" not in html


def evidence(app) -> str:
    return next(m.value for m in app.markdown if m.value.startswith('<div class="evidence-meta">'))


def test_stance_evidence_pages_and_filters(app):
    open_tab(app, "Stance")
    page = app.number_input(key="st-page")
    assert page.value == 1 and page.max > 1  # the seeds have more evidence sentences than one page
    first = evidence(app)
    assert first.count('class="evidence-meta"') == 20  # a full page, in one block
    page.set_value(2).run()
    assert not app.exception and evidence(app) != first
    app.selectbox(key="st-pol-en").set_value(1).run()
    lines = re.findall(r'<div class="evidence-meta"><bdi>([^<]*)</bdi>', evidence(app))
    assert not app.exception and lines and all(line == "United States +1" for line in lines)


def test_a_stance_sentence_names_whom_it_quotes_in_both_languages(app):
    open_tab(app, "Stance")
    quoting, pages = set(), []
    for n in range(1, int(app.number_input(key="st-page").max) + 1):
        app.number_input(key="st-page").set_value(n).run()
        found = set(re.findall(r"<bdi>Quoting: ([^<]*)</bdi>", evidence(app)))
        quoting |= found
        pages += [n] if found else []
    assert quoting and all(0 < len(q.split()) <= 8 for q in quoting), quoting
    app.number_input(key="st-page").set_value(pages[0]).run()
    app.radio(key="lang").set_value("العربية").run()  # the page stays: its quotes now read in Arabic
    assert "<bdi>نقلاً عن: " in evidence(app)


def test_article_picker_is_a_search(app):
    open_tab(app, "Articles")
    everything = len(app.selectbox(key="art-pick-en").options)
    app.text_input(key="art-search").input("الكاظمي").run()
    narrowed = app.selectbox(key="art-pick-en").options
    assert not app.exception and 0 < len(narrowed) < everything


PASTED = ("قال وزير الخارجية العراقي في بغداد إن الحكومة ستواصل الحوار مع الولايات المتحدة وإيران، "
          "وإن الفصائل المسلحة يجب أن تلتزم بقرار الدولة.")


def test_pasted_article_carries_its_metadata_and_bad_dates_are_refused(app):
    app.text_area(key="paste-text").input(PASTED)
    app.text_input(key="paste-outlet").input("Rudaw")
    app.text_input(key="paste-date").input("26/07/2021")
    app.button[[b.label for b in app.button].index("Analyse pasted text")].click().run()
    assert any("YYYY-MM-DD" in e.value for e in app.error)
    app.text_area(key="paste-text").input(PASTED)
    app.text_input(key="paste-outlet").input("Rudaw")
    app.text_input(key="paste-date").input("2021-07-26")
    app.text_input(key="paste-url").input("https://example.org/a")
    app.button[[b.label for b in app.button].index("Analyse pasted text")].click().run()
    assert not app.exception
    open_tab(app, "Articles")
    app.text_input(key="art-search").input("Rudaw").run()
    caption = next(c.value for c in app.caption if c.value.startswith("File ")).replace("\\", "")
    assert "outlet Rudaw" in caption and "date 2021-07-26" in caption and "https://example.org/a" in caption


def test_an_articles_outlet_and_date_can_be_corrected(app):
    open_tab(app, "Articles")
    app.text_input(key="ed-outlet").input("الشرق الأوسط")
    app.text_input(key="ed-date").input("2021-11-08")
    app.button[[b.label for b in app.button].index("Save")].click().run()
    assert not app.exception
    caption = next(c.value for c in app.caption if c.value.startswith("File "))
    assert "outlet الشرق الأوسط" in caption and "date 2021-11-08" in caption


def test_markdown_in_article_fields_is_shown_not_rendered(app):
    text = "![x](http://evil.example/a.png) خبر عاجل\n\n" + PASTED
    app.text_area(key="paste-text").input(text)
    app.text_input(key="paste-outlet").input("[click](http://evil.example)")
    app.button[[b.label for b in app.button].index("Analyse pasted text")].click().run()
    open_tab(app, "Articles")
    app.text_input(key="art-search").input("عاجل").run()
    caption = next(c.value for c in app.caption if c.value.startswith("File "))
    assert "\\[click\\]\\(http\\://evil\\.example\\)" in caption  # escaped: no link, no image fetched


def test_entity_search_narrows_the_picker_and_its_sentences_page(app):
    open_tab(app, "Entities")
    everything = app.selectbox(key="ent-kwic-en").options
    app.text_input(key="ent-search").input("Kadhimi").run()
    narrowed = app.selectbox(key="ent-kwic-en").options
    assert not app.exception and 0 < len(narrowed) < len(everything) and all("Kadhimi" in o for o in narrowed)
    app.text_input(key="ent-search").input("العراق").run()  # the Arabic name works as well
    picker = app.selectbox(key="ent-kwic-en")
    assert picker.options[0].startswith("Iraq")
    first = evidence(app)
    assert first.count('class="evidence-meta"') == 20  # Iraq is in more sentences than a page holds
    app.number_input(key="ent-page").set_value(2).run()
    assert not app.exception and evidence(app) != first and "<mark class=\"LOC\"" in evidence(app)
    app.text_input(key="ent-search").input("كلمة-لا-توجد").run()
    assert not app.get("selectbox") or "ent-kwic-en" not in [s.key for s in app.selectbox]
    assert any("No entity" in i.value for i in app.info)


def test_a_long_article_is_read_a_page_at_a_time(app):
    """A 19 MB article was drawn as one block of 10.4 M characters: 56 s, then 44 s to switch back."""
    sentence = "قالت الحكومة العراقية إن الفصائل المسلحة هاجمت قاعدة عين الأسد مرة أخرى هذا الأسبوع رقم {n}."
    text = "خبر طويل جدا\n\n" + "\n".join(sentence.format(n=n) + " " + "وأضاف المتحدث أن الحوار مستمر. " * 20
                                        for n in range(150))
    app.text_area(key="paste-text").input(text)
    app.button[[b.label for b in app.button].index("Analyse pasted text")].click().run()
    open_tab(app, "Articles")
    app.text_input(key="art-search").input("خبر طويل").run()
    pager = next(n for n in app.number_input if n.key and n.key.startswith("art-page-"))
    shown = "".join(m.value for m in app.markdown if "article-text" in m.value or "<small>" in m.value)
    assert pager.max > 1 and len(shown) < 3 * 40_000
    pager.set_value(pager.max).run()
    assert not app.exception and any("رقم 149" in m.value for m in app.markdown)


def test_reader_pages_keep_sentences_whole():
    from dashboard.ui.panels import reader_pages

    assert reader_pages([10, 10, 10, 10], limit=25) == [(0, 2), (2, 4)]
    assert reader_pages([5, 100, 5], limit=25) == [(0, 1), (1, 2), (2, 3)]  # a long sentence is a page of its own
    assert reader_pages([]) == [(0, 0)]


def test_the_map_tab_draws_places_and_events_and_lists_a_place_s_sentences_in_both_languages(app):
    open_tab(app, "Map")
    assert "Events CSV (ACLED-style columns)" in {b.proto.label for b in app.get("download_button")}
    picker = app.selectbox(key="map-place-en")
    assert any(o.startswith("Iraq (") for o in picker.options)
    iraq = next(i for i, o in enumerate(picker.options) if o.startswith("Iraq ("))
    picker.set_value(iraq).run()
    evidence = [m.value for m in app.markdown if "evidence-meta" in m.value]
    assert evidence and any("العراق" in e for e in evidence)
    events = app.dataframe[-1].value
    assert {"Event date", "Event type", "Actor 1 (perpetrator)", "Actor 2 (target)", "Sentence"} <= set(events.columns)
    app.segmented_control(key="map-scope").set_value("world").run()
    assert not app.exception
    app.radio(key="lang").set_value("العربية").run()
    assert app.session_state["main-tab"] == "الخريطة"
    arabic = app.selectbox(key="map-place-ar")
    assert any(o.startswith("العراق (") for o in arabic.options)
    assert "نوع الحدث" in set(app.dataframe[-1].value.columns)


def test_a_sport_article_is_set_aside_by_default_and_shown_when_asked(app):
    match = ("ريال مدريد يفوز على برشلونة في الدوري الإسباني\n\nسجل كريم بنزيمة هدفين في المباراة التي أقيمت على "
             "ملعب سانتياغو برنابيو، وتقدم الفريق إلى صدارة الدوري قبل مباراة دوري الأبطال.\n")
    app.text_area(key="paste-text").input(match)
    app.button[[b.label for b in app.button].index("Analyse pasted text")].click().run()
    assert metric(app, "Articles") == "6"  # stored, but not about the region's conflicts and politics
    assert any("1 articles set aside" in c.value for c in app.caption)
    app.checkbox(key="f-relevant").uncheck().run()
    assert metric(app, "Articles") == "7"


def test_a_word_is_shown_in_its_contexts_with_counts_per_outlet_and_week_in_both_languages(app):
    open_tab(app, "In context")
    assert any("every sentence that holds it" in i.value for i in app.info)
    app.text_input(key="kwic-q").input("العراق").run()
    assert not app.exception
    caption = next(c.value for c in app.caption if "sentences in" in c.value)
    n = int(caption.split()[0].replace(",", ""))
    lines = app.dataframe[-1].value
    assert n >= 10 and len(lines) >= n  # every sentence, at least one line each
    assert {"Before", "Word", "After"} <= set(lines.columns)
    assert all("عراق" in w for w in lines["Word"])  # والعراق، بالعراق: the proclitics are kept with the word
    assert "Sentences CSV" in {b.proto.label for b in app.get("download_button")}
    app.radio(key="lang").set_value("العربية").run()
    assert app.session_state["main-tab"] == "في السياق" and "الكلمة" in set(app.dataframe[-1].value.columns)


def test_an_implausible_figure_is_set_aside_until_asked_for_in_both_languages(app):
    speech = ("الفصائل تتوعد القوات الأمريكية\n\nقال قيادي في الفصائل المسلحة إن الحرب أسفرت عن مقتل 3000000 "
              "مدني وإن الفصائل ستواصل هجماتها على القوات الأمريكية في العراق.\n")
    app.text_area(key="paste-text").input(speech)
    app.button[[b.label for b in app.button].index("Analyse pasted text")].click().run()
    assert any("1 implausible figures set aside" in c.value for c in app.caption)
    open_tab(app, "Capabilities")
    assert "3,000,000" not in set(app.dataframe[-1].value["Value"])
    app.checkbox(key="f-implausible").check().run()
    table = app.dataframe[-1].value
    assert "3,000,000" in set(table["Value"])
    assert not table.set_index("Value").loc["3,000,000", "Plausible value"]
    app.radio(key="lang").set_value("العربية").run()
    assert not app.exception
    assert "قيمة معقولة" in set(app.dataframe[-1].value.columns)


def test_attention_over_time_draws_shares_on_a_time_axis_with_presets_and_outlets_in_both_languages(app):
    open_tab(app, "Entities")
    app.button_group(key="ent-chart").set_value("time").run()
    chosen = list(app.multiselect(key="att-keys-en").value)
    assert 1 <= len(chosen) <= 8
    spec = app.get("vega_lite_chart")[-1].proto.spec
    assert '"period"' in spec and '"share"' in spec and '"temporal"' in spec
    app.checkbox(key="att-outlets").check().run()
    assert '"row"' in app.get("vega_lite_chart")[-1].proto.spec
    app.button_group(key="att-preset").set_value("30").run()
    assert not app.exception
    app.radio(key="lang").set_value("العربية").run()
    assert not app.exception
    assert list(app.multiselect(key="att-keys-ar").value) == chosen  # the choice carries over
    assert "الاهتمام عبر الزمن" in json.loads(app.get("vega_lite_chart")[-1].proto.spec)["title"]
