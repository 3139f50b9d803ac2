"""The dashboard's panels. Each takes the filtered Corpus and draws one tab."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard.analysis.speakers import quoted_speaker
from dashboard.analysis.stance import target_codes
from dashboard.analysis.text import tokenize
from dashboard.ui.highlight import STYLE, evidence_block, highlight, plain, reader_legend, rtl_block, stance_mark
from dashboard.ui.i18n import language, language_key, tr
from dashboard.ui.sidebar import metadata_inputs, valid_metadata
from dashboard.ui.widgets import TABLE_ROWS, chart_block, chart_choice, limited_table
from dashboard.views import attention, charts
from dashboard.views import tables as views
from dashboard.views.tables import label

CUE_SIGNS = {-1: "−", 0: "0", 1: "+"}  # the polarity a cue pushes toward (a learned row's evidence can push to 0)
CUE_CLASS = {1: "cue-pos", -1: "cue-neg", 0: "cue-zero"}  # highlight class of a cue by the polarity it pushes toward
EVIDENCE_PAGE = 20  # evidence sentences drawn at once (a page of 100 was 10,000 px tall)
MAX_PICKER = 200  # articles or entities a picker offers at once (30,000 articles hold 70,000 entities); a search
# narrows them down
MAX_ARTICLES = 40  # per-article charts beyond this are unreadable; the table and CSV keep every row
TOP_N = 10  # entities per type in the top-entities chart until the user moves its slider
# each tab's charts, drawn one at a time (widgets.chart_choice); the first is drawn until the user picks another
ENTITY_CHARTS = ("top", "article", "time", "together")
STANCE_CHARTS = ("article", "time", "outlet")
FIGURE_CHARTS = ("category", "values")
HEAT_ROWS = 15  # the most mentioned entities in the heat map
ATTENTION_CHOICES = 40  # the most mentioned entities offered for the attention chart
ATTENTION_DEFAULT = 5  # of them, drawn until the analyst chooses
COOCCURRENCE_ROWS = 12  # the most mentioned people and organisations in the co-occurrence chart
ALL = object()  # the "all outlets" choice (an outlet may be called "all")


def _date_label(day: str) -> str:
    return tr("undated_label") if day == "undated" else day


def _side_by_side(c: views.Corpus, *specs):
    """Charts in equal columns; each spec is (view, chart builder, name, widget key); builders take the page's
    language."""
    lang = language()
    for column, (view, build, name, key) in zip(st.columns(len(specs)), specs):
        with column:
            df = view(c)
            chart_block(build(df, lang), df, name, key)


def overview_panel(c: views.Corpus):
    o = views.overview(c)
    cols = st.columns(4)
    cols[0].metric(tr("m_articles"), f"{o['articles']:,}")
    cols[1].metric(tr("m_sentences"), f"{o['sentences']:,}")
    cols[2].metric(tr("m_entities"), f"{o['entities']:,}", help=tr("m_mentions", n=f"{o['mentions']:,}"))
    cols[3].metric(tr("m_figures"), f"{o['figures']:,}")
    span = tr("coverage_span", first=o["first_date"], last=o["last_date"]) if o["first_date"] else tr("no_dates")
    st.caption(tr("coverage", span=span, undated=o["undated"]))
    _side_by_side(c, (views.articles_per_outlet, charts.articles_per_outlet, "articles per outlet", "ov-outlet"),
                  (views.articles_per_date, charts.articles_over_time, "date coverage", "ov-dates"))


def sentence_rows(store, rows: pd.DataFrame) -> dict:
    keys = list({(a, int(i)) for a, i in zip(rows["article_id"], rows["sentence_index"])})
    return store.sentence_texts(keys)


def entities_panel(store, c: views.Corpus, lang: str):
    chart = chart_choice("entity", ENTITY_CHARTS, "ent-chart")
    if chart == "top":
        top_n = st.slider(tr("top_n"), 3, 40, TOP_N, key="ent-topn")
        top = views.top_entities(c, top_n, lang)
        chart_block(charts.top_entities(top, lang), top, "top entities", "ent-top",
                    ["label", "name", "label_en", "type_label", "alignment_label", "mentions", "articles"])
    elif chart == "together":
        co = views.cooccurrence(c, cooccurrence_keys(c), lang)
        chart_block(charts.cooccurrence(co, lang), co, "co-occurrence", "ent-co")
    elif chart == "time":
        attention_block(c, lang)
    else:
        heat = views.entity_by_article(c, heat_keys(c), lang)
        heat = heat[heat["article_id"].isin(views.latest_article_ids(c, MAX_ARTICLES))]
        if len(c.articles) > MAX_ARTICLES:
            st.caption(tr("latest_of", n=MAX_ARTICLES, total=len(c.articles)))
        chart_block(charts.entity_heatmap(heat, lang), heat, "entities by article", "ent-heat",
                    ["label", "title", "date", "source", "mentions"])
    st.subheader(tr("where_mentioned"))
    if c.entities.empty:
        return
    query = st.text_input(tr("find_entity"), key="ent-search", placeholder=tr("find_entity_example"))
    found = views.search_entities(c, query, limit=MAX_PICKER, language=lang)
    if found.empty:
        st.info(tr("no_entity_found"))
        return
    if len(found) == MAX_PICKER:
        st.caption(tr("most_mentioned_first", n=MAX_PICKER))
    labels = dict(zip(found["entity_key"], found["label"] + " · " + found["type_label"] + " (" +
                      found["mentions"].astype(str) + ")"))
    key = st.selectbox(tr("entity"), list(labels), format_func=labels.get, key=language_key("ent-kwic"))
    sentences = views.mention_sentences(c, key)
    shown = page(sentences, "ent-page")
    spans_of = views.entity_mentions(c, key).merge(shown[["article_id", "sentence_index"]])
    spans_of = spans_of.groupby(["article_id", "sentence_index"])
    texts = sentence_rows(store, shown)
    st.markdown(STYLE, unsafe_allow_html=True)
    st.caption(tr("mentions_count", n=f"{len(sentences):,}", page=EVIDENCE_PAGE))
    etype = key.split(":", 1)[0]
    items = []
    for r in shown.itertuples():
        sentence = texts.get((r.article_id, int(r.sentence_index)), "")
        grp = spans_of.get_group((r.article_id, r.sentence_index))
        spans = [(int(m.start_char), int(m.end_char), etype, m.surface) for m in grp.itertuples()]
        items.append(([r.title, _date_label(r.date_label), r.source, tr("sentence_n", n=int(r.sentence_index) + 1)],
                      highlight(sentence, spans)))
    st.markdown(evidence_block(items), unsafe_allow_html=True)


def attention_block(c: views.Corpus, lang: str):
    """The share of each period's articles naming the chosen entities (at most attention.MAX_ENTITIES, the most
    mentioned by default), for a preset span of the data, split by outlet on demand."""
    offered = views.top_entities(c, ATTENTION_CHOICES, lang)
    names = dict(zip(offered["entity_key"], offered["label"] + " · " + offered["type_label"]))
    key = language_key("att-keys")  # a choice carried over from the other language is its value: no default then
    keys = st.multiselect(tr("attention_entities"), list(names), format_func=names.get,
                          default=None if key in st.session_state else list(attention_default_keys(c, lang)),
                          max_selections=attention.MAX_ENTITIES, key=key, placeholder=tr("choose_options"))
    left, right = st.columns([3, 2])
    with left:
        preset = st.segmented_control(tr("attention_span"), list(attention.PRESETS), default=attention.DEFAULT_PRESET,
                                      required=True,
                                      key="att-preset", format_func=lambda p: tr(f"attention_span_{p}"))
    with right:
        by_outlet = st.checkbox(tr("attention_by_outlet"), key="att-outlets")
    data = attention.attention(c, tuple(keys), preset, by_outlet, lang)
    if data.empty:
        st.info(tr("attention_none"))
        return
    chart_block(charts.attention_over_time(data, by_outlet, lang), data, "attention over time", "ent-att",
                ["period", "label", "source", "articles", "period_articles", "share"])


def attention_default_keys(c: views.Corpus, lang: str) -> tuple[str, ...]:
    """The entities the attention chart draws until the analyst chooses: the most mentioned it offers."""
    return tuple(views.top_entities(c, ATTENTION_CHOICES, lang)["entity_key"].head(ATTENTION_DEFAULT))


def heat_keys(c: views.Corpus) -> tuple[str, ...]:
    return views.most_mentioned(c, HEAT_ROWS)


def cooccurrence_keys(c: views.Corpus) -> tuple[str, ...]:
    return views.most_mentioned(c, COOCCURRENCE_ROWS, ("PERSON", "ORG"))


def page(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    """The rows of the page the user picked (EVIDENCE_PAGE a page; the page box only when there is more than one)."""
    pages = max(1, -(-len(rows) // EVIDENCE_PAGE))
    page = st.number_input(tr("page_of", pages=pages), min_value=1, max_value=pages, value=1,
                           key=key) if pages > 1 else 1
    return rows.iloc[(page - 1) * EVIDENCE_PAGE:page * EVIDENCE_PAGE]


def _cue_spans(sentence: str, cues: list[dict]) -> list[tuple[int, int, str, str]]:
    """Highlight spans from the cues' own offsets (a model's label has none and is not highlighted)."""
    return [(c["start"], c["end"], CUE_CLASS.get(c["sign"], "cue-zero"), f"cue {CUE_SIGNS.get(c['sign'], '?')}")
            for c in cues if c.get("end", 0) > c.get("start", 0) and sentence[c["start"]:c["end"]] == c["word"]]


def stance_panel(store, c: views.Corpus):
    lang = language()
    chart = chart_choice("stance", STANCE_CHARTS, "st-chart")
    if chart == "article":
        per_article = views.stance_by_article(c, lang)
        shown = per_article[per_article["article_id"].isin(views.latest_article_ids(c, MAX_ARTICLES))]
        if len(c.articles) > MAX_ARTICLES:
            st.caption(tr("latest_of_csv", n=MAX_ARTICLES, total=len(c.articles)))
        chart_block(charts.stance_diverging(shown, lang), per_article, "stance per article", "st-art",
                    ["title", "date", "source", "target_label", "mean_polarity", "sentences", "negative", "positive"])
    elif chart == "time":
        over_time = views.stance_over_time(c, lang)
        chart_block(charts.stance_over_time(over_time, lang), over_time, "stance over time", "st-time")
    else:
        by_outlet = views.stance_by_outlet(c, lang)
        small = by_outlet.loc[~by_outlet["shown"].astype(bool), "source"].nunique()
        if small:
            st.caption(tr("small_outlets", n=small, min=views.MIN_OUTLET_ARTICLES))
        chart_block(charts.stance_by_outlet(by_outlet, lang), by_outlet, "stance by outlet", "st-outlet")
    st.subheader(tr("evidence_sentences"))
    cols = st.columns(4)
    target = cols[0].selectbox(tr("target"), target_codes(), key=language_key("st-target"),
                               format_func=lambda t: label("target", t, lang))
    polarity = cols[1].selectbox(tr("polarity"), ["all", -1, 0, 1], key=language_key("st-pol"),
                                 format_func=lambda p: tr("all") if p == "all" else label("polarity", p, lang))
    outlet = cols[2].selectbox(tr("outlet"), [ALL, *sorted(c.articles["source"].unique())],
                               key=language_key("st-outlet"),
                               format_func=lambda o: tr("all") if o is ALL else o)
    words = cols[3].text_input(tr("title_has"), key="st-title")
    s = views.stance_evidence(c, target, None if polarity == "all" else polarity, None if outlet is ALL else outlet,
                              words.strip())
    shown = page(s, "st-page")
    texts = sentence_rows(store, shown)
    st.markdown(STYLE, unsafe_allow_html=True)
    st.caption(tr("evidence_count", n=f"{len(s):,}", page=EVIDENCE_PAGE))
    items = []
    for r in shown.itertuples():
        sentence = texts.get((r.article_id, int(r.sentence_index)), "")
        cues = views.cues_list(r.cues)
        sign = {-1: "−1", 0: "0", 1: "+1"}[int(r.polarity)]
        words = "، ".join(f"{c['word']} ({CUE_SIGNS.get(c['sign'], '?')})" for c in cues) or tr("none")
        speaker = quoted_speaker(sentence, tokenize(sentence))
        items.append(([f"{label('target', target, lang)} {sign}", label("role", r.role, lang), r.title,
                       _date_label(r.date_label), r.source, *([f"{tr('quoting')}: {speaker}"] if speaker else []),
                       *([tr("copies", n=f"{r.copies:,}")] if r.copies > 1 else []),
                       f"{tr('cues')}: {words}"],
                      highlight(sentence, _cue_spans(sentence, cues))))
    st.markdown(evidence_block(items), unsafe_allow_html=True)


def capabilities_panel(store, c: views.Corpus, lang: str = "en"):
    table = views.figures_table(c, lang)
    if chart_choice("figure", FIGURE_CHARTS, "cap-chart") == "category":
        df = views.figures_by_category(c, lang)
        chart_block(charts.figures_by_category(df, lang), df, "figures by category", "cap-cat",
                    ["category_label", "actor_label", "figures", "total"])
    else:
        points = views.latest_rows(table, TABLE_ROWS)
        if len(points) < len(table):
            st.caption(tr("latest_figures", n=f"{len(points):,}", total=f"{len(table):,}"))
        chart_block(charts.figure_values(points, lang), table, "reported values", "cap-values",
                    ["shown", "category_label", "actor_label", "unit", "by_actor", "target", "location", "source",
                     "date", "evidence", "conflict", "plausible"])
    if table["conflict"].any():
        st.warning(tr("figures_conflict"))
    st.subheader(tr("all_figures"))
    shown = table.head(TABLE_ROWS).copy()
    texts = sentence_rows(store, shown)
    shown["sentence"] = [texts.get((a, int(i)), "") for a, i in zip(shown["article_id"], shown["sentence_index"])]
    shown["date"] = [d.isoformat() if hasattr(d, "isoformat") else "" for d in shown["date"]]  # undated: blank, not None
    limited_table(shown[["shown", "unit", "category_label", "actor_label", "by_actor", "target", "location", "source",
                         "date", "sentence", "evidence", "title", "conflict", "plausible"]], total=len(table))


def _by_sentence(rows: pd.DataFrame) -> dict[int, list]:
    """An article's rows as named tuples, listed per sentence index."""
    out: dict[int, list] = {}
    for r in rows.itertuples():
        out.setdefault(r.sentence_index, []).append(r)
    return out


READER_PAGE_CHARS = 40_000  # characters of an article drawn at once (a 19 MB article drawn whole took 56 s)


def reader_pages(lengths: list[int], limit: int = READER_PAGE_CHARS) -> list[tuple[int, int]]:
    """(first, end) sentence ranges of the reader's pages: whole sentences, each page at most `limit` characters
    unless one sentence alone is longer (it is then a page of its own, cut when drawn)."""
    pages, first, size = [], 0, 0
    for n, length in enumerate(lengths):
        if size and size + length > limit:
            pages.append((first, n))
            first, size = n, 0
        size += length
    return pages + [(first, len(lengths))] if lengths else [(0, 0)]


def articles_panel(store, c: views.Corpus, on_remove, on_edit):
    if c.articles.empty:
        st.info(tr("no_articles"))
        return
    query = st.text_input(tr("find_article"), key="art-search", placeholder=tr("find_article_example"))
    arts = views.search_articles(c, query, limit=MAX_PICKER)
    if arts.empty:
        st.info(tr("no_match"))
        return
    st.caption(tr("n_shown", n=len(arts)) + (" " + tr("first_picker", n=MAX_PICKER) if len(arts) == MAX_PICKER else ""))
    labels = dict(zip(arts["id"], arts["title"].str.slice(0, 90) + " — " + arts["source"] + " · " +
                      arts["date_label"].map(_date_label)))
    aid = st.selectbox(tr("article"), list(labels), format_func=labels.get, key=language_key("art-pick"))
    meta = arts[arts["id"] == aid].iloc[0]
    url = meta["url"] if isinstance(meta.get("url"), str) else tr("none")
    author = meta["author"] if isinstance(meta["author"], str) else tr("unknown")
    st.caption(tr("article_meta", file=plain(meta["source_file"]), idx=meta["idx"], outlet=plain(meta["source"]),
                  date=_date_label(meta["date_label"]), author=plain(author), url=plain(url), id=aid))
    sents = store.frame_for_article(aid)
    by_sentence = {t: _by_sentence(views.article_rows(c, t, aid)) for t in ("mentions", "figures", "stance")}
    lang = language()
    st.markdown(STYLE, unsafe_allow_html=True)
    legend_words = {k: tr(f"legend_{k}") for k in ("figure", "cue_neg", "cue_pos", "stance")}
    st.markdown(reader_legend(lang, legend_words), unsafe_allow_html=True)
    pages = reader_pages([len(t) for t in sents["text"]])
    if len(pages) > 1:
        page = st.number_input(tr("reader_page", n=len(pages)), 1, len(pages), 1, key=f"art-page-{aid}")
        first, last = pages[int(page) - 1]
        sents = sents.iloc[first:last]
    parts = []
    for row in sents.itertuples():
        if len(row.text) > READER_PAGE_CHARS:  # one sentence longer than a page: its start, and what is left out
            parts.append(f"<p><small>{row.sentence_index + 1}</small> {html.escape(row.text[:READER_PAGE_CHARS])}"
                         f" <em>{html.escape(tr('reader_cut', n=f'{len(row.text) - READER_PAGE_CHARS:,}'))}</em></p>")
            continue
        ments, figs, scores = (by_sentence[t].get(row.sentence_index, []) for t in ("mentions", "figures", "stance"))
        spans = [(int(m.start_char), int(m.end_char), m.entity_key.split(":", 1)[0], m.surface) for m in ments]
        for f in figs:
            start, end = int(f.evidence_start), int(f.evidence_end)
            if row.text[start:end] == f.evidence:  # the stored offsets, checked against the sentence shown
                spans.append((start, end, "figure", f"{label('category', f.category, lang)}: {f.value:g}"))
        for r in scores:
            spans.extend(_cue_spans(row.text, views.cues_list(r.cues)))
        marks = "".join(stance_mark(r.target, int(r.polarity), lang) for r in scores)
        parts.append(f"<p><small>{row.sentence_index + 1}</small> {marks}{highlight(row.text, spans)}</p>")
    st.markdown(rtl_block("".join(parts)), unsafe_allow_html=True)
    with st.popover(tr("edit_meta")):
        with st.form(f"edit-{aid}"):
            typed = metadata_inputs(
                "ed", outlet="" if meta["source_code"] == views.UNKNOWN_OUTLET else meta["source_code"],
                day=meta["date_label"] if meta["date_label"] != "undated" else "",
                url=meta["url"] if isinstance(meta.get("url"), str) else "", date_title="date_iso")
            if st.form_submit_button(tr("save")):
                values = valid_metadata(typed)
                if values is not None:
                    on_edit(aid, values.get("source"), values.get("date"), values.get("url"))
                    st.rerun()
    with st.popover(tr("remove_article")):
        st.write(tr("remove_warning"))
        st.button(tr("remove_yes"), key="art-remove", on_click=on_remove, args=(aid,), type="primary")
