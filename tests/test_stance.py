from dashboard.analysis.stance import score_sentence


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
    assert s.polarity == -1 and any(c["word"] == "أدان" for c in s.cues)


def test_target_right_after_a_verb_of_judging_is_the_judge():
    assert pol("رحبت واشنطن بالقرار الجديد.")["US"] == 0
    assert pol("انتقدت طهران القرار الجديد.")["IRAN"] == 0
    assert pol("قطعت طهران إمدادات الغاز عن العراق.")["IRAN"] == -1  # a verb of doing: the subject is portrayed


def test_denials_are_neutral():
    assert pol("لم تشن الولايات المتحدة الضربة.")["US"] == 0
    assert pol("لم تكن هناك غارات للولايات المتحدة في المنطقة.")["US"] == 0


def test_the_warned_and_the_attacked_are_negative_the_judge_is_not():
    assert pol("أمريكا تحذر إيران من التصعيد.") == {"US": 0, "IRAN": -1}
    assert pol("شنت الفصائل أكثر من 100 هجوم ضد القوات الأمريكية.")["US"] == -1


def test_support_to_armed_groups_is_not_praise_and_success_against_attacks_is():
    assert pol("قدمت إيران دعما مباشرا لميليشيات الحوثي.")["IRAN"] == -1
    assert pol("نجحت القوات الأمريكية في إحباط معظم هذه الهجمات.")["US"] == 1


def test_weapon_nouns_and_marches_are_not_stance():
    assert pol("خرجت مسيرة سلمية قرب السفارة الأمريكية.")["US"] == 0
    assert pol("عرضت إيران صواريخ جديدة في معرض الدفاع.")["IRAN"] == 0


def test_cues_carry_offsets_and_the_score_its_role():
    (s,) = score_sentence("استهدف هجوم صاروخي السفارة الأمريكية.")
    assert s.polarity == -1 and s.role in ("patient", "mentioned")
    for c in s.cues:
        assert s.sentence[c["start"]:c["end"]] == c["word"] and c["sign"] in (-1, 1)


def test_violations_and_help_to_what_the_text_condemns_are_negative():
    assert pol("قال التقرير إن إيران انتهكت قرار مجلس الأمن.")["IRAN"] == -1
    assert pol("وانتقد الوزير دعم طهران للإرهاب في المنطقة.")["IRAN"] == -1
    assert pol("بحث الوزيران تعزيز التعاون مع إيران لمواجهة الإرهاب.")["IRAN"] == 1  # help against it is praise


def test_the_side_a_judging_noun_is_attributed_to_only_judges():
    assert pol("رفض أميركي لتدخلات إيران في اليمن.")["US"] == 0
    assert pol("وقالت إن الولايات المتحدة ستواصل إدانة الأعمال الخطيرة التي تقوم بها إيران.")["US"] == 0


def test_bare_help_or_agreement_is_neutral_and_valued_help_is_positive():
    assert pol("بحث الوفد الدعم الأمريكي للجيش.")["US"] == 0
    assert pol("وقعت بغداد اتفاقا مع واشنطن.")["US"] == 0
    assert pol("قال الوزير إن العراق يحتاج إلى الدعم الأمريكي.")["US"] == 1
    assert pol("أشاد الوزير بالتعاون مع إيران في مجال التدريب.")["IRAN"] == 1


def test_a_counter_word_governs_the_first_noun_after_it_only():
    assert pol("نشر إيران صواريخ ضد إسرائيل غير مقبول ويهدد المنطقة.")["IRAN"] == -1
    assert pol("شكلت الحكومة تحالفا ضد إيران.")["IRAN"] == -1  # what is fought is opposed


def test_a_hostile_act_in_another_clause_says_nothing_of_the_target():
    assert pol("زار وفد أمريكي بغداد، بعد هجوم على مقر حزب في الموصل.")["US"] == 0
    assert pol("زار وفد أمريكي بغداد بعد هجوم على مقر حزب في الموصل.")["US"] == -1


def test_what_is_denied_is_neither_praise_nor_blame():
    assert pol("ونفت إيران دعمها للميليشيات في اليمن.")["IRAN"] == 0


def test_a_word_with_the_target_right_after_it_describes_that_target_only():
    p = pol("أشاد الوزير بالموقف الأمريكي من الأطماع الإيرانية.")
    assert p == {"US": 1, "IRAN": -1}


def test_a_speaker_is_not_blamed_for_the_hostility_it_reports():
    assert pol("قال المتحدث الأمريكي إن الهجوم على المدينة كان إرهابيا.")["US"] == 0
    assert pol("قال المتحدث إن الهجوم الأمريكي على المدينة كان إرهابيا.")["US"] == -1


def test_the_pronoun_on_a_judging_noun_is_its_subject():
    assert pol("جددت الولايات المتحدة مطالبتها بمحاسبة المسؤولين.")["US"] == 0


def test_a_word_of_blame_right_after_a_verb_of_saying_is_what_is_said():
    assert pol("وصدر تقرير أكد انتهاك إيران للقرار.")["IRAN"] == -1


def test_help_that_governs_a_targets_name_supports_that_target():
    assert pol("على بريطانيا دعم الولايات المتحدة في الأزمة.")["US"] == 1
    assert pol("بحث الوفد الدعم الأمريكي للجيش.")["US"] == 0  # the helper's bare help


def test_an_occupier_or_invader_is_portrayed_by_the_word_itself():
    # guide: "called an occupier or invader" is −1, also when the target is the noun's own adjective (its agent)
    for sentence in ("دعا إلى حمل السلاح ردعا للغزو الأمريكي.", "تظاهر الطلاب ضد الاحتلال الأمريكي."):
        assert [(s.target, s.polarity) for s in score_sentence(sentence)] == [("US", -1)], sentence
    # an attack attributed to its agent stays a fact about the one who acts
    assert [s.polarity for s in score_sentence("وأسفر القصف الأمريكي عن دمار كبير.")] == [0]


def test_allegiance_refused_portrays_the_side_refused():
    # guide rule 6: «لا يوالي إيران» given as a virtue is IRAN −1; allegiance alone, with no armed group, is no cue
    assert pol("ويدعمه البيت الأبيض لأنه شخص مستقل لا يوالي إيران.")["IRAN"] == -1
    assert pol("وقال إن الحزب يوالي إيران منذ سنوات.")["IRAN"] == 0


def test_an_attack_falls_on_the_side_after_its_relative_clause():
    sentence = "وتواصلت الهجمات التي نفذتها فصائل مسلحة، على المصالح الأميركية في البلاد."
    assert pol(sentence)["US"] == -1
    # without على after the comma the clause ends the act, and what follows is another matter
    assert pol("وتواصلت الهجمات التي نفذتها فصائل مسلحة، وزار الوفد الأمريكي بغداد.")["US"] == 0
