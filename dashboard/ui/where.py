"""The Map tab: places and events on a map, the sentences that name a chosen place, and the events table with
its ACLED-style download."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.ui.highlight import STYLE, evidence_block, highlight
from dashboard.ui.i18n import language, language_key, tr
from dashboard.ui.panels import page, sentence_rows
from dashboard.ui.widgets import chart_block, limited_table
from dashboard.views import exports, geo, maps
from dashboard.views import tables as views
from dashboard.views.tables import label

MAP_PLACES = 300  # the most mentioned places drawn (a map of more is a smear; the CSV keeps every place)
PLACE_PICKER = 200  # places the sentence picker offers, most mentioned first
EVENT_TABLE_COLUMNS = ["event_date", "event_type_label", "actor1", "actor2", "location", "admin1", "country",
                       "geo_precision", "value", "fatalities", "source", "sentence"]


def map_panel(store, c: views.Corpus):
    lang = language()
    cols = st.columns(2)
    scope = cols[0].segmented_control(tr("map_scope"), maps.SCOPES, default="auto", required=True, key="map-scope",
                                      format_func=lambda s: tr(f"scope_{s}"))
    colour = cols[1].segmented_control(tr("events_colour"), geo.EVENT_COLOURS, default="event_type", required=True,
                                       key="map-colour", format_func=lambda s: tr(f"colour_{s}"))
    places = geo.place_points(c, lang)
    events = geo.event_points(c, lang, colour)
    every_event = geo.events_table(c, lang)
    st.caption(tr("map_counts", places=f"{len(places):,}", events=f"{int(events['reports'].sum()):,}",
                  all_events=f"{len(every_event):,}"))
    type_labels = {k: label("event_type", k, lang) for k in maps.EVENT_PALETTE} if colour == "event_type" else None
    chart = maps.places_map(places.head(MAP_PLACES), events, lang, type_labels, scope)
    chart_block(chart, places, "map", "map", ["place", "country", "geo_precision", "mentions", "articles", "lat", "lon"],
                width="content")
    _place_sentences(store, c, places)
    _events(store, every_event)


def _place_sentences(store, c: views.Corpus, places: pd.DataFrame):
    st.subheader(tr("place_sentences"))
    if places.empty:
        return
    shown = places.head(PLACE_PICKER)
    names = dict(enumerate(shown["place"] + " (" + shown["mentions"].astype(str) + ")"))
    chosen = st.selectbox(tr("choose_place"), list(names), format_func=names.get, key=language_key("map-place"))
    keys = shown.iloc[chosen]["entity_keys"]
    marks: dict[tuple, list] = {}  # the place's names in each sentence (its adjectives name a side, not a place)
    for k in keys:
        for m in views.entity_mentions(c, k).itertuples():
            if m.kind == "name":
                marks.setdefault((m.article_id, m.sentence_index), []).append(
                    (int(m.start_char), int(m.end_char), "LOC", m.surface))
    sentences = pd.concat([views.mention_sentences(c, k) for k in keys]).drop_duplicates(
        ["article_id", "sentence_index"])
    sentences = sentences[[k in marks for k in zip(sentences["article_id"], sentences["sentence_index"])]]
    on_page = page(sentences, "map-page")
    texts = sentence_rows(store, on_page)
    st.markdown(STYLE, unsafe_allow_html=True)
    st.markdown(evidence_block([
        ([r.title, r.date_label, r.source, tr("sentence_n", n=int(r.sentence_index) + 1)],
         highlight(texts.get((r.article_id, int(r.sentence_index)), ""), marks.get((r.article_id, r.sentence_index), [])))
        for r in on_page.itertuples()]), unsafe_allow_html=True)


def _events(store, events: pd.DataFrame):
    st.subheader(tr("events_heading"))
    st.caption(tr("events_help"))
    if events.empty:
        st.info(tr("nothing_to_show"))
        return
    st.download_button(tr("events_csv"), lambda: exports.frame_csv(_with_all_sentences(store, events)), "events.csv",
                       "text/csv", key="events-csv", on_click="ignore")
    shown = geo.with_sentences(events.head(1_000), sentence_rows(store, events.head(1_000)))
    limited_table(shown[EVENT_TABLE_COLUMNS], total=len(events))


def _with_all_sentences(store, events: pd.DataFrame) -> pd.DataFrame:
    keys = list({(a, int(i)) for a, i in zip(events["article_id"], events["sentence_index"])})
    return geo.with_sentences(events, store.sentence_texts(keys))[geo.EVENT_COLUMNS]
