"""Attention over time: each period's share of articles naming an entity, weekly or monthly by the data's span,
with presets of the last days, split by outlet on demand, and its chart."""
import pandas as pd

from dashboard.views import charts
from dashboard.views.attention import attention, in_preset, period_of
from dashboard.views.tables import Corpus

ENTITY_COLUMNS = ["article_id", "entity_key", "name", "label_en", "type", "mentions"]


def corpus(dates, outlets, named):
    """Articles a1… with their dates and outlets; `named`: (article index, entity key) pairs."""
    ids = [f"a{n}" for n in range(len(dates))]
    articles = pd.DataFrame({"id": ids, "date": dates, "source": outlets, "title": ids})
    labels = {"PERSON:x": ("س", "Soleimani"), "ORG:y": ("ص", "Hezbollah")}
    entities = pd.DataFrame([(ids[n], k, *labels[k], k.split(":")[0], 1) for n, k in named], columns=ENTITY_COLUMNS)
    empty = pd.DataFrame(columns=["article_id"])
    return Corpus(articles, entities, empty, empty, empty)


def test_the_share_is_of_the_periods_articles_and_a_period_without_a_mention_is_zero():
    # week of 1 Jan 2018: three articles, two name x; week of 8 Jan: one article, none names x; then a week
    # with no article at all, which is no point
    c = corpus(["2018-01-01", "2018-01-02", "2018-01-03", "2018-01-09", "2018-01-23"], ["sky"] * 5,
               [(0, "PERSON:x"), (1, "PERSON:x"), (4, "PERSON:x"), (4, "ORG:y")])
    a = attention(c, ("PERSON:x", "ORG:y"))
    x = a[a["entity_key"] == "PERSON:x"].set_index("period")
    assert x.loc[pd.Timestamp("2018-01-01"), "share"] == 2 / 3 and x.loc[pd.Timestamp("2018-01-01"), "articles"] == 2
    assert x.loc[pd.Timestamp("2018-01-08"), "share"] == 0
    assert pd.isna(x.loc[pd.Timestamp("2018-01-15"), "share"])  # no article that week: a gap, not a zero
    assert set(a["label"]) == {"Soleimani", "Hezbollah"}
    assert set(attention(c, ("PERSON:x",), language="ar")["label"]) == {"س"}


def test_a_long_span_is_read_by_month_and_a_preset_keeps_the_last_days():
    assert period_of(30) == "W-SUN" and period_of(800) == "M"
    c = corpus(["2016-01-05", "2017-06-10", "2018-01-03", "2018-01-20"], ["sky"] * 4,
               [(0, "PERSON:x"), (2, "PERSON:x"), (3, "PERSON:x")])
    monthly = attention(c, ("PERSON:x",))
    assert len(monthly) == 25 and monthly["period"].min() == pd.Timestamp("2016-01-01")  # every month of the span
    known = monthly.dropna(subset=["share"]).set_index("period")["share"]
    assert known.to_dict() == {pd.Timestamp("2016-01-01"): 1.0, pd.Timestamp("2017-06-01"): 0.0,
                               pd.Timestamp("2018-01-01"): 1.0}
    recent = attention(c, ("PERSON:x",), preset="30")  # 3 to 20 January: read by week
    assert set(recent["period"].dt.year) == {2018} and recent["share"].dropna().tolist() == [1.0, 1.0]
    dates = pd.to_datetime(pd.Series(["2017-12-31", "2018-03-31", "2018-01-01"]))  # 90 days: 1 Jan to 31 Mar
    assert in_preset(dates, "90").tolist() == [False, True, True]


def test_split_by_outlet_divides_by_each_outlets_own_articles():
    c = corpus(["2018-01-01", "2018-01-02", "2018-01-03"], ["sky", "sky", "bbc"], [(0, "PERSON:x"), (2, "PERSON:x")])
    a = attention(c, ("PERSON:x",), by_outlet=True).set_index("source")
    assert a.loc["sky", "share"] == 0.5 and a.loc["bbc", "share"] == 1.0


def test_no_dated_article_or_no_entity_gives_an_empty_table_and_the_chart_draws_in_both_languages():
    c = corpus([None], ["sky"], [(0, "PERSON:x")])
    assert attention(c, ("PERSON:x",)).empty
    data = attention(corpus(["2018-01-01"], ["sky"], [(0, "PERSON:x")]), ("PERSON:x",), by_outlet=True)
    for lang in ("en", "ar"):
        spec = charts.attention_over_time(data, by_outlet=True, language=lang).to_dict()
        line, points = spec["spec"]["layer"]
        assert line["encoding"]["y"]["axis"]["format"] == "%" and "row" in spec["facet"]
        assert line["mark"]["invalid"] == "break-paths-show-domains" and points["encoding"]["size"]["field"] == \
            "period_articles"
    assert "الاهتمام" in charts.attention_over_time(data, language="ar").to_dict()["title"]
