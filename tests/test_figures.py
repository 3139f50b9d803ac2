import pytest

from dashboard.figures import extract_figures


def figs(text):
    return [(f.value, f.bound, f.category) for f in extract_figures([text])]


def test_weapon_categories_with_elided_nouns():
    s = ("فإن 50 ألف مسلح من الفصائل بحوزتهم نحو 52 ألف قطعة من السلاح الخفيف، و25 ألفاً من السلاح المتوسط، "
         "و8 آلاف من السلاح الثقيل")
    assert figs(s) == [(50000, "exact", "personnel"), (52000, "approx", "light_weapons"),
                       (25000, "exact", "medium_weapons"), (8000, "exact", "heavy_weapons")]


def test_actor_from_following_words_and_proxy_phrase():
    (f,) = extract_figures(["ينتشر نحو 3000 جندي للتحالف في البلاد"])
    assert f.actor == "coalition"
    (f,) = extract_figures(["أطلقت الميليشيات المدعومة من إيران نحو 20 صاروخاً على القاعدة"])
    assert (f.category, f.actor) == ("missiles", "militias")


def test_dual_noun_counts_two_once():
    assert figs("أسقطت الدفاعات طائرتين مسيرتين فوق المطار") == [(2, "exact", "drones")]


def test_range_needs_a_range_word():
    assert figs("صواريخ يصل مداها إلى نحو 700 كيلومتر") == [(700, "approx", "range_km")]
    assert figs("تقع القاعدة على بعد 700 كيلومتر من بغداد") == []


def test_casualties_from_verb_context():
    assert figs("قتل نحو 15 شخصاً وأصيب أكثر من 16 آخرين") == [(15, "approx", "killed"), (16, "at_least", "wounded")]


@pytest.mark.parametrize("text", [
    "الاثنين 2021/07/26", "في 10 أكتوبر القادم", "بعد 8 سنوات من الاحتلال", "تحالفا دوليا منذ 2014",
    "بحلول 31 كانون الأول (ديسمبر) 2021", "1- سحب واشنطن للقوات", "قبل 18 عاما", "ارتفع بنسبة 20 %",
    "الجولة الرابعة من الحوار", "تمكنت الثالثة من تنفيذ الاعتداء", "بلغت 5 ملايين دولار",
])
def test_dates_durations_ordinals_and_lists_are_not_figures(text):
    assert figs(text) == []


def test_weapon_model_numbers_are_not_counts():
    assert figs("أطلقوا صاروخ فاتح 110 على القاعدة") == []


def test_evidence_is_verbatim_from_sentence():
    s = "وقد بلغ عددها نحو خمسين هجوما منذ مطلع العام"
    (f,) = extract_figures([s])
    assert f.evidence == "نحو خمسين هجوما" and f.evidence in f.sentence and f.value == 50


@pytest.mark.parametrize("text", [
    "في عام ألفين وعشرين قتل عدد من المدنيين", "للمرة الـ5 هذا العام", "أطلقوا صاروخ فاتح 110 على القاعدة",
    "طائرات مسيرة من طراز شاهد 136 استهدفت القاعدة", "صاروخ 110 أصاب الهدف",
])
def test_years_in_words_ordinals_and_model_numbers_are_not_counts(text):
    assert figs(text) == []


def test_vague_counts_are_lower_bounds():
    assert figs("ينتشر آلاف المقاتلين على الحدود") == [(1000, "at_least", "personnel")]
    assert figs("أطلقت الفصائل عشرات الصواريخ") == [(10, "at_least", "missiles")]


def test_thousands_with_dots_and_broken_lines():
    from dashboard.text import sentences

    assert figs("ينتشر نحو 2.500 جندي أمريكي") == [(2500, "approx", "personnel")]
    (s,) = sentences("وأطلقت الفصائل نحو 30\nصاروخاً على القاعدة.")
    assert figs(s) == [(30, "approx", "missiles")]


def test_unit_lexicon_uses_only_contract_categories():
    from dashboard.figures import CATEGORIES, units

    assert {u.category for lst in units().values() for u in lst} <= set(CATEGORIES)


def test_actor_and_category_from_grammar():
    (f,) = extract_figures(["زودت إيران فصائل عراقية مسلحة بما يزيد على 200 صاروخ"])
    assert (f.actor, f.bound) == ("militias", "at_least")  # the noun فصائل, not its adjective عراقية
    (f,) = extract_figures(["نفذت الفصائل الموالية لطهران أكثر من 170 هجوماً على القوات الأميركية"])
    assert f.actor == "militias"  # what follows على is the target
    (f,) = extract_figures(["أسفرت الضربة عن مقتل 3 جنود أمريكيين"])
    assert f.category == "killed"
    (f,) = extract_figures(["أحبطت القوات هجوماً بطائرتين مسيرتين"])
    assert (f.value, f.evidence) == (2, "بطائرتين مسيرتين")


def test_vague_count_after_a_unit_and_dual_missiles():
    assert figs("تمتلك 1500 طائرة مسيرة وعشرات الصواريخ") == [(1500, "exact", "drones"), (10, "at_least", "missiles")]
    assert figs("أحبطت هجوماً بصاروخين على المطار") == [(2, "exact", "missiles")]
