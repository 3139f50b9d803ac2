"""The geocoder: names read as the matcher reads them, units chosen by the word before, ambiguity resolved by the
article's other places, adjectives never places, and each figure placed from its own sentence."""
from collections import Counter

from dashboard.analysis import places
from dashboard.analysis.doc import Doc
from dashboard.analysis.engines import get_engine
from dashboard.analysis.places import Gazetteer, Place
from dashboard.training.gazetteer import distance_km, polygon_centroid


def _place(key, precision, country, lat, lon, population=0):
    return Place(key, precision, country, "", key, "", lat, lon, population)


HAMDANIYA_IQ = _place("hamdaniya-iq", "town", "IQ", 36.27, 43.38)
HAMDANIYA_SY = _place("hamdaniya-sy", "town", "SY", 36.18, 37.12, population=50_000)
BASRA = _place("basra", "town", "IQ", 30.51, 47.78)
BASRA_GOV = _place("basra-gov", "admin1", "IQ", 30.2, 47.5)
TINY = Gazetteer([(HAMDANIYA_IQ, ["الحمدانيه"]), (HAMDANIYA_SY, ["الحمدانيه"]), (BASRA, ["البصره"]),
                  (BASRA_GOV, ["البصره"])])


def test_a_name_is_found_with_its_proclitics_and_the_unit_before_it_chooses_the_unit():
    assert TINY.resolve("بالبصرة") == BASRA
    assert TINY.resolve("والبصرة") == BASRA
    assert TINY.resolve("محافظة البصرة") == BASRA_GOV
    assert TINY.resolve("البصرة", unit="admin1") == BASRA_GOV
    assert TINY.resolve("البصرية") is None


def test_an_ambiguous_name_follows_the_article_s_countries_then_the_home_region():
    assert TINY.resolve("الحمدانية", Counter({"SY": 3, "IQ": 1})) == HAMDANIYA_SY
    assert TINY.resolve("الحمدانية", Counter({"IQ": 2})) == HAMDANIYA_IQ
    # no context: Iraq is the dashboard's home, though the Syrian town is larger
    assert TINY.resolve("الحمدانية") == HAMDANIYA_IQ


def _analysed(*sentences):
    return get_engine("builtin")(Doc.of(list(sentences)))


def test_place_entities_get_coordinates_and_adjectives_never_do():
    doc = _analysed("انتشرت القوات الإيرانية في سوريا قرب الموصل.")
    by_label = {e.label_en: e for e in doc.entities}
    assert by_label["Iran"].place is None  # named only by its adjective: a side, not a place
    assert by_label["Syria"].place.country == "SY" and by_label["Syria"].place.precision == "country"
    mosul = by_label["Mosul"].place
    assert mosul.precision == "town" and distance_km(mosul.lat, mosul.lon, 36.34, 43.13) < 25
    assert {p.key for p in doc.places} == {by_label["Syria"].place.key, mosul.key}


def test_a_figure_is_placed_at_the_site_its_sentence_names_even_one_the_recogniser_missed():
    (f,) = [f for f in _analysed("قتل 7 جنود في ضربة على قاعدة التيفور الجوية.").figures if f.value == 7]
    assert f.place.precision == "site" and f.place.country == "SY"
    assert f.location == f.place.label_en
    row = f.to_dict()
    assert (row["lat"], row["lon"], row["country"], row["geo_precision"]) == (f.place.lat, f.place.lon, "SY", "site")


def test_a_country_that_acts_or_a_government_named_by_its_capital_is_not_where_a_figure_happened():
    doc = _analysed("أطلقت إيران 5 صواريخ.", "قتل 3 عناصر موالين لنظام دمشق.", "قتل 4 مدنيين في العراق.")
    placed = {f.value: f.place for f in doc.figures}
    assert placed[5] is None and placed[3] is None
    assert placed[4].country == "IQ"


def test_the_shipped_table_holds_the_region_and_the_curated_names():
    g = places.gazetteer()
    assert g.resolve("واشنطن").country == "US"
    assert g.resolve("بريطانيا").key == "country:GB"
    assert g.resolve("الكويت").precision == "country"  # a country's name is the country before its capital
    assert g.resolve("لدير الزور").country == "SY"


def test_a_country_point_is_the_centroid_of_its_largest_polygon_even_across_the_antimeridian():
    square = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]
    assert polygon_centroid(square) == (1.0, 1.0, 4.0)
    across = [(178.0, 0.0), (-178.0, 0.0), (-178.0, 2.0), (178.0, 2.0)]  # 4° wide, straddling 180
    lon, lat, area = polygon_centroid(across)
    assert (round(abs(lon)), lat, area) == (180, 1.0, 8.0)
    assert round(distance_km(0, 0, 0, 1)) == 111
