"""Topic relevance: the URL section first, then the classifier trained on ANT's categories; every decision has
its reason, the store keeps it and the views leave the irrelevant out unless asked."""
from dashboard.analysis import topics
from dashboard.analysis.doc import Doc
from dashboard.analysis.engines import get_engine
from dashboard.analysis.pipeline import analyse_bytes
from dashboard.library import add_files
from dashboard.views import tables as views

MATCH = """ريال مدريد يفوز على برشلونة في الدوري الإسباني

سجل كريم بنزيمة هدفين في المباراة التي أقيمت على ملعب سانتياغو برنابيو، وتقدم الفريق إلى صدارة الدوري.
وقال المدرب إن اللاعبين قدموا أداء رائعا أمام الجماهير في الملعب، وإن الفريق يستعد لمباراة دوري الأبطال.
"""
RAID = """غارة على مواقع الفصائل المسلحة في العراق

قالت مصادر أمنية إن الفصائل المسلحة الموالية لإيران أطلقت صواريخ على قاعدة عين الأسد التي تضم قوات أمريكية.
وردت الولايات المتحدة بغارات على مواقع كتائب حزب الله قرب الحدود السورية.
"""


def test_the_url_section_names_the_topic_before_any_classifier():
    assert topics.url_section("https://www.skynewsarabia.com/sport/1046729-نادال") == ("sport", "sport")
    assert topics.url_section("http://www.bbc.com/arabic/sports-43101640") == ("sport", "sports-43101640")
    assert topics.url_section("https://arabic.cnn.com/middle-east/article/2018/1/1/x")[0] == "middleEast"
    assert topics.url_section("https://www.france24.com/ar/20180101-x") is None
    decided = topics.classify("عنوان", ["نص"], "https://www.alarabiya.net/ar/aswaq/2018/x.html", None)
    assert (decided.topic, decided.relevant, decided.reason) == ("economy", True, "URL section /aswaq/")


def test_the_classifier_tells_a_football_match_from_a_raid_and_says_why():
    engine = get_engine("builtin")
    for text, topic, relevant in ((MATCH, "sport", False), (RAID, "middleEast", True)):
        title, *body = [line for line in text.splitlines() if line]
        doc = engine(Doc.of(body, title=title))
        assert (doc.topic.topic, doc.topic.relevant) == (topic, relevant)
        assert doc.topic.reason.startswith(f"classifier: {topic} ")


def test_without_a_model_or_words_an_article_is_kept():
    assert topics.classify("", [], None, None).relevant
    assert topics.classify("", [""], None, topics.load()).relevant


def test_the_analysis_json_and_the_store_keep_the_topic_and_the_views_set_the_irrelevant_aside(store):
    (match,) = analyse_bytes("match.txt", MATCH.encode("utf-8"), get_engine("builtin"))
    row = match.to_dict()
    assert row["topic"] == "sport" and row["relevant"] is False and row["topic_reason"]
    add_files(store, [("match.txt", MATCH.encode("utf-8")), ("raid.txt", RAID.encode("utf-8"))],
              engine_name="builtin")
    corpus = views.Corpus.from_store(store)
    assert sorted(corpus.articles["topic"]) == ["middleEast", "sport"]
    kept = views.filter_corpus(corpus, views.Filters())
    assert list(kept.articles["topic"]) == ["middleEast"]
    everything = views.filter_corpus(corpus, views.Filters(relevant_only=False))
    assert len(everything.articles) == 2
    assert set(kept.figures["article_id"]) <= set(kept.articles["id"])
