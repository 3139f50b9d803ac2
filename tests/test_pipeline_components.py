"""The Doc and the component pipeline: every engine is a list of registered components, each reading the Doc
layers it declares and setting one; a pipeline whose needs are not met is refused when it is built."""
import pytest

from dashboard.analysis.doc import Doc
from dashboard.analysis.engines import COMPONENTS, ENGINE_FACTORIES, Pipeline, RuleFigures, RuleStance, get_engine
from dashboard.analysis.stance import score_sentence


def test_a_doc_is_tokenised_once_and_components_add_their_layers():
    doc = Doc.of(["أدان الوزير الكاظمي الهجوم على السفارة الأمريكية في بغداد."])
    assert doc.tokens[0][0].text == "أدان" and not doc.has("entities") and doc.has("tokens")
    get_engine("builtin")(doc)
    assert doc.has("entities") and doc.has("figures") and doc.has("stance")
    spans = {doc.sentences[0][a:b]: kind for a, b, kind in doc.names(0)}
    assert spans.get("بغداد") == "LOC"
    (us,) = doc.stance
    assert us.target == "US" and us.polarity == -1 and us.role == "patient"


def test_every_engine_is_a_pipeline_of_registered_components():
    pipe = ENGINE_FACTORIES["builtin"]()
    assert pipe.component_names == ["rule_entities", "rule_figures", "rule_stance", "geocoder", "topic_classifier"]
    assert all(name in COMPONENTS for name in pipe.component_names)
    assert COMPONENTS["rule_stance"].needs == ("entities", "figures") and COMPONENTS["rule_stance"].sets == "stance"


def test_a_pipeline_that_cannot_run_is_refused_when_built():
    with pytest.raises(ValueError, match="rule_stance needs entities, figures"):
        Pipeline("broken", [RuleStance(), RuleFigures()])


def test_stance_reads_the_entity_layer_to_tell_a_named_other_from_a_target():
    # the assassination falls on a named person, so the withdrawal's side is not its victim
    sentence = "تداعيات محاولة اغتيال الكاظمي على الانسحاب الأمريكي من العراق."
    (us,) = get_engine("builtin")(Doc.of([sentence])).stance
    assert us.polarity == 0
    # a named other strikes, and the target it strikes is the one portrayed
    doc = get_engine("builtin")(Doc.of(["وقال الوزير إن إسرائيل ضربت المواقع الإيرانية في سوريا."]))
    assert {s.target: s.polarity for s in doc.stance} == {"IRAN": -1}


def test_casualties_of_a_targets_side_portray_it_as_attacked():
    sentence = "أصيب 3 جنود أمريكيين بجروح طفيفة في قاعدة عين الأسد."
    doc = get_engine("builtin")(Doc.of([sentence]))
    assert [(f.category, f.actor) for f in doc.figures] == [("wounded", "us")]
    (us,) = doc.stance
    assert us.polarity == -1 and us.role == "patient" and us.cues[0]["word"] == "3 جنود"
    # the same sentence read without the figure layer has no cue at all
    assert [s.polarity for s in score_sentence(sentence)] == [0]


def test_missiles_aimed_at_a_targets_side_portray_it_as_attacked():
    sentence = "وردت تل أبيب بإطلاق 60 صاروخا على عدة مواقع عسكرية إيرانية في سوريا."
    doc = get_engine("builtin")(Doc.of([sentence]))
    assert [(f.category, f.target) for f in doc.figures] == [("missiles", "iran")]
    (iran,) = doc.stance
    assert iran.polarity == -1 and iran.role == "patient" and iran.cues[-1]["word"].startswith("60")
    assert [s.polarity for s in score_sentence(sentence)] == [0]  # no word of the sentence says it alone


def test_a_description_belongs_to_the_nearest_person_named():
    sentence = "وقال إن الكاظمي، الذي بدا عاجزا عن مواجهة الأزمة، يسعى لاسترضاء الأمريكيين."
    doc = get_engine("builtin")(Doc.of([sentence]))
    assert any(sentence[a:b] == "الكاظمي" for a, b, _ in doc.names(0))
    assert {s.target: s.polarity for s in doc.stance} == {"US": 0}
    # with nobody else named nearer, the same word describes the target
    doc = get_engine("builtin")(Doc.of(["وقال إن البيت الأبيض بدا عاجزا عن مواجهة الأزمة."]))
    assert {s.target: s.polarity for s in doc.stance} == {"US": -1}
