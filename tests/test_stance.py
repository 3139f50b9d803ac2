from dashboard.stance import score_sentence


def pol(sentence):
    return {s.target: s.polarity for s in score_sentence(sentence)}


def test_no_target_no_score():
    assert score_sentence("أعلنت الحكومة العراقية موعد الانتخابات.") == []


def test_proxy_militias_count_against_iran():
    assert pol("هاجمت الميليشيات المدعومة من إيران قاعدة عسكرية.")["IRAN"] == -1


def test_proxy_word_without_armed_group_is_not_a_proxy():
    assert pol("أسقطت منظومة الدفاع التابعة للسفارة الأمريكية طائرة.")["US"] >= 0


def test_negation_flips_support():
    assert pol("قال الوزير إن العراق لا يحتاج إلى الدعم الأمريكي.")["US"] == -1
    assert pol("قال الوزير إن العراق لا يزال بحاجة إلى الدعم الأمريكي.")["US"] == 1


def test_counter_terrorism_is_positive():
    assert pol("بحث الوزير الإيراني تعزيز التعاون لمكافحة الإرهاب.")["IRAN"] == 1


def test_attacks_on_us_forces_by_pro_iran_groups_are_negative_for_both():
    p = pol("قد يؤدي ذلك إلى رفع المجموعات الموالية لإيران مستوى التوتر وتكثيف هجماتها على القوات الأميركية.")
    assert p == {"IRAN": -1, "US": -1}


def test_factual_mention_is_neutral_and_cues_are_reported():
    (s,) = score_sentence("وصل وزير الخارجية الأمريكي إلى بغداد الاثنين.")
    assert s.polarity == 0 and s.cues == []
    (s,) = score_sentence("أدان الوزير واشنطن بشدة.")
    assert s.polarity == -1 and any("أدان" in c for c in s.cues)


def test_target_right_after_a_verb_of_judging_is_the_judge():
    assert pol("رحبت واشنطن بالقرار الجديد.")["US"] == 0
    assert pol("انتقدت طهران القرار الجديد.")["IRAN"] == 0
    assert pol("قطعت طهران إمدادات الغاز عن العراق.")["IRAN"] == -1  # a verb of doing: the subject is portrayed
