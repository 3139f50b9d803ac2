"""The Map tab's views: places as one point each counted by name, attack and casualty figures as events with
who did it to whom, the map zoomed to the data, and the events in every download."""
import io
import zipfile

import pandas as pd
import pytest

from dashboard.library import add_files
from dashboard.views import briefing, exports, geo, maps
from dashboard.views import tables as views

ARTICLE = """هجمات على القواعد الأمريكية في العراق

قالت مصادر أمنية إن الفصائل المسلحة شنت 12 هجوماً على القوات الأمريكية في قاعدة عين الأسد.
وأسفرت غارة جوية أمريكية على مواقع الفصائل قرب البوكمال عن مقتل 5 عناصر.
وقال مسؤول عراقي في بغداد إن الوضع في العراق متوتر، وإن القوات العراقية منتشرة في الموصل.
"""


@pytest.fixture
def corpus(store):
    add_files(store, [("raids.txt", ARTICLE.encode("utf-8"))], engine_name="builtin")
    return views.filter_corpus(views.Corpus.from_store(store), views.Filters())


def test_places_are_one_point_each_counted_by_their_names_not_their_adjectives(corpus):
    points = geo.place_points(corpus)
    by_place = dict(zip(points["place"], points["mentions"]))
    assert by_place["Iraq"] == 2  # «العراق» twice; «العراقي», «العراقية» are adjectives
    assert {"Baghdad", "Mosul", "Ain al-Asad Air Base"} <= set(by_place)
    assert "United States" not in by_place  # named only by adjectives (الأمريكية): a side, not a place
    assert not points.duplicated(["lat", "lon"]).any()
    arabic = geo.place_points(views.filter_corpus(corpus, views.Filters(language="ar")), "ar")
    assert "العراق" in set(arabic["place"])


def test_attacks_and_casualties_are_events_with_perpetrator_target_and_place(corpus):
    events = geo.events_table(corpus).set_index("value")
    assert list(geo.events_table(corpus).columns[:len(geo.EVENT_COLUMNS)]) == geo.EVENT_COLUMNS
    attacks = events.loc[12]
    assert (attacks["event_type"], attacks["actor1"], attacks["actor2"]) == ("attack", "Armed factions",
                                                                           "United States")
    assert attacks["geo_precision"] == "site" and attacks["country"] == "IQ"
    killed = events.loc[5]
    assert killed["event_type"] == "casualties" and killed["fatalities"] == 5
    assert killed["country"] == "SY" and abs(killed["longitude"] - 40.92) < 0.3


def test_an_attack_s_type_comes_from_its_words():
    assert geo.event_type("attacks", "غارات", "10 غارات") == "strike"
    assert geo.event_type("attacks", None, "3 تفجيرات") == "explosion"
    assert geo.event_type("attacks", "هجوم", "5 هجمات") == "attack"
    assert geo.event_type("wounded", "غارة", "") == "casualties"


def test_the_map_opens_on_the_middle_east_unless_most_of_the_data_lies_outside_it(corpus):
    lats, lons = pd.Series([33.3, 36.3, 38.9]), pd.Series([44.4, 43.1, -77.0])
    assert geo.map_extent(lats, lons, pd.Series([5, 3, 2])) == geo.MIDDLE_EAST
    assert geo.map_extent(lats, lons, pd.Series([1, 1, 9])) is None
    spec = maps.places_map(geo.place_points(corpus), geo.event_points(corpus), "en",
                           {k: k for k in maps.EVENT_PALETTE}).to_dict()
    assert {layer["projection"]["type"] for layer in spec["layer"]} == {"mercator"}
    world = maps.places_map(geo.place_points(corpus), geo.event_points(corpus), "en", None, scope="world").to_dict()
    assert {layer["projection"]["type"] for layer in world["layer"]} == {"equalEarth"}
    colour = world["layer"][-1]["encoding"]["color"]  # the events, coloured by perpetrator: no type labels given
    assert colour["field"] == "group" and colour["scale"] == {"scheme": "tableau10"}


def test_every_download_carries_the_events_and_the_briefing_its_map(corpus):
    figure = geo.events_table(corpus).iloc[0]
    sentences = pd.DataFrame([(figure["article_id"], figure["sentence_index"], "الجملة")],
                             columns=["article_id", "sentence_index", "text"])
    with zipfile.ZipFile(io.BytesIO(exports.analysis_zip(corpus, {}, sentences))) as z:
        events = pd.read_csv(z.open("events.csv"), encoding="utf-8-sig")
    assert list(events.columns) == geo.EVENT_COLUMNS and len(events) == len(geo.events_table(corpus))
    assert "الجملة" in set(events["sentence"].dropna())  # each event with its sentence
    page = briefing.briefing_html(corpus, {}, {}, "ar")
    assert "الأماكن والأحداث" in page and page.count("data:image/svg+xml") >= 2
