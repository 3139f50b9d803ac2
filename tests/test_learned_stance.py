"""The learned stance model: trained on a tiny annotated corpus this test writes, shipped as a weight table,
applied in the `learned` engine with its evidence and a calibrated confidence."""
import csv
import math

import pytest

from dashboard.analysis import learned_stance
from dashboard.analysis.doc import Doc
from dashboard.analysis.engines import get_engine
from dashboard.analysis.linear import LinearModel, fit, fit_temperature, softmax
from dashboard.training import gold, stance

HOSTILE = "هاجمت الفصائل المسلحة القوات الأمريكية في قاعدة عين الأسد بالصواريخ للمرة {n}."
NEUTRAL = "زار وفد من واشنطن العاصمة بغداد لبحث جدول الأعمال رقم {n}."
FRIENDLY = "أشاد الوزير بالدعم الأمريكي المستمر للجيش العراقي وشكر واشنطن على المساعدة رقم {n}."
LABELS = {HOSTILE: -1, NEUTRAL: 0, FRIENDLY: 1}


def _corpus(root, articles=12):
    """`articles` two-sentence articles with a sentiment.csv in the gold format, outlets and months apart."""
    (root / "texts").mkdir(parents=True)
    rows = []
    kinds = list(LABELS)
    for n in range(articles):
        name = f"{'AB'[n % 2]}-news-{n}-2018{n % 6 + 1:02d}10.txt"
        first, second = kinds[n % 3].format(n=n), kinds[(n + 1) % 3].format(n=n + 50)
        (root / "texts" / name).write_text(f"خبر رقم {n}\n\n{first}\n{second}\n", encoding="utf-8")
        for sentence, kind in ((first, kinds[n % 3]), (second, kinds[(n + 1) % 3])):
            rows.append({"seed": name, "article": 1, "sentence_start": sentence[:60], "target": "US",
                         "polarity": LABELS[kind], "note": ""})
    with (root / "sentiment.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["seed", "article", "sentence_start", "target", "polarity", "note"])
        w.writeheader()
        w.writerows(rows)
    return root


def test_train_on_a_tiny_corpus_then_decide_unseen_sentences(tmp_path):
    data = _corpus(tmp_path / "set")
    out = tmp_path / "stance.json.gz"
    report = stance.train(data, out, c=1.0)
    assert "by article (5 folds)" in report and "by outlet" in report and "by month" in report
    model = LinearModel.load(out)
    assert model.classes == [-1, 0, 1] and model.meta["rows"] == 24 and 0.5 <= model.temperature <= 4
    engine = get_engine("learned")
    (component,) = [c for c in engine.components if c.name == "learned_stance"]
    component.model = model  # the component applies whichever model it holds
    try:
        sentences = [HOSTILE.format(n=99), NEUTRAL.format(n=98), FRIENDLY.format(n=97)]
        doc = engine(Doc.of(sentences))
    finally:
        component.model = learned_stance.load()
    assert [s.polarity for s in sorted(doc.stance, key=lambda s: s.sentence_index)] == [-1, 0, 1]
    for s in doc.stance:
        assert 0 < s.confidence <= 1 and -1 <= s.score <= 1
        for cue in s.cues:  # the words that moved the decision, at their offsets, and which way each pushes
            assert s.sentence[cue["start"]:cue["end"]] == cue["word"] and cue["sign"] in (-1, 0, 1)
        assert s.cues, "a decision keeps its evidence"


def test_the_shipped_model_is_the_learned_engines_and_keeps_each_rows_role():
    engine = get_engine("learned")
    assert engine.component_names == ["crf_entities", "rule_figures", "rule_stance", "learned_stance", "geocoder",
                                      "topic_classifier"]
    sentences = ["أطلقت الفصائل صواريخ على القوات الأمريكية في بغداد.", "وقال مسؤول إن إيران تدعم الميليشيات."]
    learned, rules = engine(Doc.of(sentences)).stance, get_engine("crf")(Doc.of(sentences)).stance
    assert [(s.target, s.polarity) for s in learned] == [("US", -1), ("IRAN", -1)]
    assert [s.role for s in learned] == [s.role for s in rules]


def test_a_saved_model_predicts_what_it_did_before_saving(tmp_path):
    model = fit([{"a": 1.0}, {"b": 1.0}, {"c": 1.0}] * 5, [-1, 0, 1] * 5, c=1.0)
    model.temperature = 1.5
    model.save(tmp_path / "m.json.gz")
    again = LinearModel.load(tmp_path / "m.json.gz")
    for x in ({"a": 1.0}, {"b": 1.0, "c": 0.5}, {"unknown": 1.0}):
        assert again.probabilities(x.items()) == pytest.approx(model.probabilities(x.items()), abs=1e-3)
    assert again.favoured("a") == -1 and again.favoured("c") == 1 and again.favoured("unknown") is None
    a = again.block(["a"], [1.0])
    assert again.block_contributions(a, 0)[0] > 0 and again.block_contributions(a, 2)[0] < 0


def test_an_overconfident_model_is_cooled_by_its_temperature():
    # scores that always favour class 0 by 4, while class 0 is right only 60% of the time
    scores = [[0.0, 4.0, 0.0]] * 10
    gold_index = [1] * 6 + [0] * 2 + [2] * 2
    t = fit_temperature(scores, gold_index)
    assert t > 1 and abs(softmax(scores[0], t)[1] - 0.6) < 0.05


def test_gold_rows_find_their_sentence_as_the_scorer_does(tmp_path):
    data = _corpus(tmp_path / "set", articles=3)
    articles = stance.analyse(data / "texts")
    art = articles[0]
    start = NEUTRAL.format(n=50)[:60].replace("ا", "أ", 1)  # another alef form still points to the sentence
    assert art.sentence_of(start) == [1] and art.sentence_of("جملة لا توجد") == []
    assert gold.loose("«أمريكا»، اليوم.") == "امريكا اليوم"
    rows = stance.rows_of(articles, gold.read_rows(data, "sentiment.csv"))
    assert len(rows) == 6 and all(r.features for r in rows)


def test_folds_keep_articles_together_and_months_in_order(tmp_path):
    articles = stance.analyse(_corpus(tmp_path / "set") / "texts")
    keys = {(a.file, a.index) for a in articles}
    for folds in (gold.article_folds(articles), gold.group_folds(articles, lambda a: a.outlet),
                  gold.month_folds(articles)):
        assert set().union(*folds) == keys and sum(map(len, folds)) == len(keys)
    months = [sorted({a.month for a in articles if (a.file, a.index) in f}) for f in gold.month_folds(articles)]
    assert all(a[-1] < b[0] for a, b in zip(months, months[1:]))
    assert len(gold.group_folds(articles, lambda a: a.outlet)) == 2


def test_scores_match_the_scorers_definitions():
    s = gold.ClassScores([-1, -1, 0, 0, 1, 1], [-1, 0, 0, 0, 1, -1])
    assert s.accuracy == pytest.approx(4 / 6)
    assert s.f1(-1) == pytest.approx(0.5) and s.f1(0) == pytest.approx(0.8) and s.f1(1) == pytest.approx(2 / 3)
    assert math.isclose(s.macro_f1, (0.5 + 0.8 + 2 / 3) / 3)
