"""The dashboard's panels. Each takes the filtered Corpus and draws one tab."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.views import charts
from dashboard.views import tables as views
from dashboard.analysis.stance import target_codes
from dashboard.ui.highlight import STYLE, highlight, plain, rtl_block
from dashboard.ui.sidebar import upload_metadata
from dashboard.ui.widgets import TABLE_ROWS, chart_block, limited_table

CUE_SIGN = {"+": "cue-pos", "-": "cue-neg"}
EVIDENCE_PAGE = 20  # evidence sentences drawn at once (a page of 100 was 10,000 px tall)
MAX_PICKER = 200  # articles offered by the Articles picker at once; a search narrows 30,000 down
MAX_ARTICLES = 40  # per-article charts beyond this are unreadable; the table and CSV keep every row


def _side_by_side(c: views.Corpus, *specs):
    """Charts in equal columns; each spec is (view, chart builder, name, widget key)."""
    for column, (view, build, name, key) in zip(st.columns(len(specs)), specs):
        with column:
            df = view(c)
            chart_block(build(df), df, name, key)


def overview_panel(c: views.Corpus):
    o = views.overview(c)
    cols = st.columns(4)
    cols[0].metric("Articles", o["articles"])
    cols[1].metric("Sentences", o["sentences"])
    cols[2].metric("Entities", o["entities"], help=f"{o['mentions']} mentions")
    cols[3].metric("Figures", o["figures"])
    span = f"{o['first_date']} to {o['last_date']}" if o["first_date"] else "no publication dates found"
    st.caption(f"Date coverage: {span}; {o['undated']} articles without a date.")
    _side_by_side(c, (views.articles_per_outlet, charts.articles_per_outlet, "articles per outlet", "ov-outlet"),
                  (views.articles_per_date, charts.articles_over_time, "date coverage", "ov-dates"))


def _sentence_rows(store, c: views.Corpus, rows: pd.DataFrame) -> dict:
    keys = list({(a, int(i)) for a, i in zip(rows["article_id"], rows["sentence_index"])})
    return store.sentence_texts(keys)


def entities_panel(store, c: views.Corpus, language: str):
    top_n = st.slider("Top N per type", 3, 40, 10, key="ent-topn")
    top = views.top_entities(c, top_n, language)
    chart_block(charts.top_entities(top), top, "top entities", "ent-top",
                ["label", "name", "label_en", "type", "alignment", "mentions", "articles"])
    keys = list(views.entity_totals(c, language)["entity_key"].head(15))
    by = st.radio("Heat map across", ["article", "date"], horizontal=True, key="ent-heat-by")
    heat = views.entity_by_article(c, keys, language)
    if by == "date":
        heat = heat.dropna(subset=["date"])
    else:
        heat = heat[heat["article_id"].isin(views.latest_article_ids(c, MAX_ARTICLES))]
        if len(c.articles) > MAX_ARTICLES:
            st.caption(f"Latest {MAX_ARTICLES} of {len(c.articles)} articles; narrow the filters or use the date view.")
    chart_block(charts.entity_heatmap(heat, by), heat, f"entities by {by}", "ent-heat",
                ["label", "title", "date", "source", "mentions"])
    actors = views.entity_totals(c, language)
    actors = actors[actors["type"].isin(["PERSON", "ORG"])]["entity_key"].head(12).tolist()
    co = views.cooccurrence(c, actors, language)
    chart_block(charts.cooccurrence(co), co, "co-occurrence", "ent-co")
    st.subheader("Where an entity is mentioned")
    totals = views.entity_totals(c, language)
    if totals.empty:
        return
    labels = dict(zip(totals["entity_key"], totals["label"] + " · " + totals["type"] + " (" + totals["mentions"].astype(str) + ")"))
    key = st.selectbox("Entity", list(labels), format_func=labels.get, key="ent-kwic")
    m = c.mentions[c.mentions["entity_key"] == key].merge(
        c.articles[["id", "title", "date_label", "source"]], left_on="article_id", right_on="id")
    texts = _sentence_rows(store, c, m)
    st.markdown(STYLE, unsafe_allow_html=True)
    etype = key.split(":", 1)[0]
    for (aid, idx), grp in list(m.groupby(["article_id", "sentence_index"]))[:200]:
        row = grp.iloc[0]
        sentence = texts.get((aid, int(idx)), "")
        spans = [(int(r.start_char), int(r.end_char), etype, r.surface) for r in grp.itertuples()]
        st.caption(f"{plain(row['title'])} · {row['date_label']} · {plain(row['source'])} · sentence {int(idx) + 1}")
        st.markdown(rtl_block(highlight(sentence, spans)), unsafe_allow_html=True)


def _cue_spans(sentence: str, cues: list[dict]) -> list[tuple[int, int, str, str]]:
    """Highlight spans from the cues' own offsets (a model's label has none and is not highlighted)."""
    return [(c["start"], c["end"], CUE_SIGN["+" if c["sign"] > 0 else "-"], f"cue {'+' if c['sign'] > 0 else '-'}")
            for c in cues if c.get("end", 0) > c.get("start", 0) and sentence[c["start"]:c["end"]] == c["word"]]


def stance_panel(store, c: views.Corpus):
    per_article = views.stance_by_article(c)
    shown = per_article[per_article["article_id"].isin(views.latest_article_ids(c, MAX_ARTICLES))]
    if len(c.articles) > MAX_ARTICLES:
        st.caption(f"Latest {MAX_ARTICLES} of {len(c.articles)} articles (the CSV download has them all).")
    chart_block(charts.stance_diverging(shown), per_article, "stance per article", "st-art",
                ["title", "date", "source", "target", "mean_polarity", "sentences", "negative", "positive"])
    _side_by_side(c, (views.stance_over_time, charts.stance_over_time, "stance over time", "st-time"),
                  (views.stance_by_outlet, charts.stance_by_outlet, "stance by outlet", "st-outlet"))
    st.subheader("Evidence sentences")
    cols = st.columns(4)
    target = cols[0].selectbox("Target", target_codes(), key="st-target")
    polarity = cols[1].selectbox("Polarity", ["all", "negative", "neutral", "positive"], key="st-pol")
    outlet = cols[2].selectbox("Outlet", ["all", *sorted(c.articles["source"].unique())], key="st-outlet")
    words = cols[3].text_input("Article title contains", key="st-title")
    s = c.stance[c.stance["target"] == target]
    if polarity != "all":
        s = s[s["polarity"] == {"negative": -1, "neutral": 0, "positive": 1}[polarity]]
    s = s.merge(c.articles[["id", "title", "date_label", "source"]], left_on="article_id", right_on="id")
    if outlet != "all":
        s = s[s["source"] == outlet]
    if words.strip():
        s = s[s["title"].str.contains(words.strip(), regex=False, na=False)]
    s = s.sort_values("score", key=abs, ascending=False)  # the strongest evidence first
    pages = max(1, -(-len(s) // EVIDENCE_PAGE))
    page = st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, key="st-page") if pages > 1 else 1
    shown = s.iloc[(page - 1) * EVIDENCE_PAGE:page * EVIDENCE_PAGE]
    texts = _sentence_rows(store, c, shown)
    st.markdown(STYLE, unsafe_allow_html=True)
    st.caption(f"{len(s):,} sentences, strongest first; {EVIDENCE_PAGE} a page")
    for r in shown.itertuples():
        sentence = texts.get((r.article_id, int(r.sentence_index)), "")
        cues = views.cues_list(r.cues)
        sign = {-1: "−1", 0: "0", 1: "+1"}[int(r.polarity)]
        words = ", ".join(f"{c['word']} ({'+' if c['sign'] > 0 else '−'})" for c in cues) or "none"
        st.caption(f"{target} {sign} · {r.role} · {plain(r.title)} · {r.date_label} · {plain(r.source)} · "
                   f"cues: {plain(words)}")
        st.markdown(rtl_block(highlight(sentence, _cue_spans(sentence, cues))), unsafe_allow_html=True)


def capabilities_panel(store, c: views.Corpus, language: str = "en"):
    df = views.figures_by_category(c, language)
    chart_block(charts.figures_by_category(df), df, "figures by category", "cap-cat")
    table = views.figures_table(c, language)
    chart_block(charts.figure_values(table), table, "reported values", "cap-values",
                ["shown", "category_label", "actor_label", "unit", "by_actor", "target", "location", "source", "date",
                 "evidence", "conflict"])
    if table["conflict"].any():
        st.warning("Some quantities are reported with different values by different articles (conflict = True).")
    st.subheader("All figures")
    shown = table.head(TABLE_ROWS).copy()
    texts = _sentence_rows(store, c, shown)
    shown["sentence"] = [texts.get((a, int(i)), "") for a, i in zip(shown["article_id"], shown["sentence_index"])]
    limited_table(shown[["shown", "unit", "category_label", "actor_label", "by_actor", "target", "location", "source",
                         "date", "evidence", "sentence", "title", "conflict"]].rename(
        columns={"category_label": "category", "actor_label": "actor", "by_actor": "by"}), total=len(table))


def articles_panel(store, c: views.Corpus, on_remove, on_edit):
    if c.articles.empty:
        st.info("No articles match the filters.")
        return
    query = st.text_input("Find an article (words of the title, outlet or date)", key="art-search",
                          placeholder="e.g. الكاظمي، bbc، 2018-05")
    arts = views.search_articles(c, query, limit=MAX_PICKER)
    if arts.empty:
        st.info("No article matches that search.")
        return
    st.caption(f"{len(arts)} shown" + (f" (the first {MAX_PICKER}; refine the search)" if len(arts) == MAX_PICKER else ""))
    labels = dict(zip(arts["id"], arts["title"].str.slice(0, 90) + " — " + arts["source"] + " · " + arts["date_label"]))
    aid = st.selectbox("Article", list(labels), format_func=labels.get, key="art-pick")
    meta = arts[arts["id"] == aid].iloc[0]
    url = meta["url"] if isinstance(meta.get("url"), str) else "none"
    author = meta["author"] if isinstance(meta["author"], str) else "unknown"
    st.caption(f"File {plain(meta['source_file'])} (article {meta['idx']}) · outlet {plain(meta['source'])} · "
               f"date {meta['date_label']} · author {plain(author)} · URL {plain(url)} · id {aid}")
    sents = store.frame_for_article(aid)
    ments = c.mentions[c.mentions["article_id"] == aid]
    figs = c.figures[c.figures["article_id"] == aid]
    st.markdown(STYLE, unsafe_allow_html=True)
    parts = []
    for row in sents.itertuples():
        spans = [(int(m.start_char), int(m.end_char), m.entity_key.split(":", 1)[0], m.surface)
                 for m in ments[ments["sentence_index"] == row.sentence_index].itertuples()]
        for f in figs[figs["sentence_index"] == row.sentence_index].itertuples():
            pos = row.text.find(f.evidence)
            if pos >= 0:
                spans.append((pos, pos + len(f.evidence), "figure", f"{f.category}: {f.value:g}"))
        parts.append(f"<p><small>{row.sentence_index + 1}</small> {highlight(row.text, spans)}</p>")
    st.markdown(rtl_block("".join(parts)), unsafe_allow_html=True)
    with st.popover("Edit outlet, date or URL…"):
        with st.form(f"edit-{aid}"):
            outlet = st.text_input("Outlet", value=meta["source"] if meta["source"] != "unknown" else "", key="ed-outlet")
            day = st.text_input("Date (YYYY-MM-DD)", value=meta["date_label"] if meta["date_label"] != "undated" else "",
                                key="ed-date")
            url = st.text_input("URL", value=meta["url"] if isinstance(meta.get("url"), str) else "", key="ed-url")
            if st.form_submit_button("Save"):
                values, problem = upload_metadata(outlet, day, url)
                if problem:
                    st.error(problem)
                else:
                    on_edit(aid, values.get("source"), values.get("date"), values.get("url"))
                    st.rerun()
    with st.popover("Remove this article from the store…"):
        st.write("This deletes the article and everything found in it from the store for every user. "
                 "The file can be added again later.")
        st.button("Yes, remove it", key="art-remove", on_click=on_remove, args=(aid,), type="primary")
