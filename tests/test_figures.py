import pytest

from dashboard.analysis.figures import extract_figures as extract_article

# Figures are read only in articles with a military or conflict sense; these tests read one sentence at a time
# inside such an article.
CONTEXT = "قصفت القوات مواقع المسلحين."


def extract_figures(sentences):
    return [f for f in extract_article([CONTEXT, *sentences])]


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


def test_vague_counts_are_no_figures_but_their_breakdowns_are():
    assert figs("ينتشر آلاف المقاتلين على الحدود") == []
    assert figs("أطلقت الفصائل عشرات الصواريخ") == []
    assert figs("أسفر القصف عن سقوط عشرات القتلى بينهم 5 أطفال") == [(5, "exact", "killed")]


def test_thousands_with_dots_and_broken_lines():
    from dashboard.analysis.text import sentences

    assert figs("ينتشر نحو 2.500 جندي أمريكي") == [(2500, "approx", "personnel")]
    (s,) = sentences("وأطلقت الفصائل نحو 30\nصاروخاً على القاعدة.")
    assert figs(s) == [(30, "approx", "missiles")]


def test_unit_lexicon_uses_only_contract_categories():
    from dashboard.analysis.figures import CATEGORIES
    from dashboard.analysis.lexicon import rows

    assert {r["category"] for r in rows("units.csv")} <= set(CATEGORIES)
    assert {r["kind"] for r in rows("units.csv")} <= {"", "fighter", "aircraft", "times"}


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
    assert figs("تمتلك 1500 طائرة مسيرة وعشرات الصواريخ") == [(1500, "exact", "drones")]
    assert figs("أحبطت هجوماً بصاروخين على المطار") == [(2, "exact", "missiles")]


def full(text):
    return [(f.value, f.bound, f.category, f.actor) for f in extract_figures([text])]


@pytest.mark.parametrize("text,expected", [
    ("ثلاث مئة مقاتل", 300), ("المائتي ألف مقاتل", 200000), ("ألفا جندي أمريكي بسوريا", 2000),
    ("وما يقارب الألفي جندي", 2000), ("بنحو عشرة آلاف مقاتل", 10000), ("استشهاد22 مقاتلا", 22),
    ("وينشر الجيش 2000 جندي", 2000), ("في منطقة الشرق الأوسط 54،180 جنديا", 54180), ("مقتل52 شخصا", 52),
])
def test_number_grammar_of_real_news(text, expected):
    assert [f.value for f in extract_figures([text])] == [expected]


def test_counts_of_times_only_after_an_attack_word():
    assert figs("تعرضت القاعدة للهجوم 27 مرة على الأقل") == [(27, "at_least", "attacks")]
    assert figs("زار الوزير بغداد ثلاث مرات") == []


def test_lists_and_breakdowns_inherit_the_unit():
    s = "كما يوجد 15 ألف جندي أمريكي في الكويت، و 9 آلاف في العراق، و1500 في الأردن"
    out = extract_figures([s])
    assert [(f.value, f.category, f.actor, f.location) for f in out] == [
        (15000, "personnel", "us", "Kuwait"), (9000, "personnel", "us", "Iraq"), (1500, "personnel", "us", "Jordan")]
    s = "أسفرت الضربات عن مقتل 23 مقاتلا على الأقل، بينهم 5 من قوات النظام السوري"
    assert full(s) == [(23, "at_least", "killed", "militias"), (5, "exact", "killed", "syria")]


def test_casualty_actor_is_the_victim_not_the_attacker():
    (k, w) = extract_figures(["وأسفر القصف الإيراني عن مقتل 9 وإصابة نحو 50 آخرين"])
    # a bare count names no side: its people are the guide's civilians, never the attacker named before it
    assert (k.category, k.by, k.actor, k.target) == ("killed", "iran", "civilians", "civilians")
    assert (w.category, w.value, w.bound) == ("wounded", 50, "approx")
    (k, w) = extract_figures(["تقارير عن مقتل 499 مدنيا وإصابة 169 آخرين"])
    assert (k.actor, w.actor) == ("civilians", "civilians")
    assert full("قتل سبعة إيرانيين في الضربة") == [(7, "exact", "killed", "iran")]


def test_attacks_have_a_target_and_aircraft_are_heavy_weapons():
    (f,) = extract_figures(["أكثر من 100 هجوم ضد القوات الأمريكية"])
    assert (f.category, f.target, f.actor, f.by) == ("attacks", "us", "unknown", None)
    assert full("إسرائيل استخدمت 28 طائرة في الضربات") == [(28, "exact", "heavy_weapons", "israel")]
    assert figs("يمتلك الأسطول 72 غواصة و 62 مدمرة") == [(72, "exact", "heavy_weapons"), (62, "exact", "heavy_weapons")]
    assert figs("أكثر من 70 ميليشيا") == [(70, "at_least", "other")]


def test_articles_without_a_conflict_sense_yield_no_figures():
    sport = ["حضر 50 ألف مشجع المباراة وسجل اللاعب 51 من ضربة جزاء", "أشاد 4 مدربين بمسيرتي اللاعبين"]
    assert extract_article(sport) == []
    assert [f.value for f in extract_article(["قتل 3 جنود في هجوم.", "ونشرت 4 طائرات مسيرة"])] == [3, 4]


def test_unattributed_weapons_belong_to_the_side_the_article_is_about():
    article = ["تعرض رئيس الوزراء العراقي لمحاولة اغتيال بثلاث طائرات مسيرة.",
               "ويتهم مسؤولون الفصائل المسلحة بالوقوف وراء الهجوم، فيما نفت الفصائل ذلك."]
    (f,) = extract_article(article)
    assert (f.value, f.category, f.actor) == (3, "drones", "militias")  # not Iraq, the victim
    fleet = ["يضم الأسطول الأمريكي السادس حاملات طائرات ومدمرات.", "ويتألف من 40 سفينة حربية و 170 طائرة."]
    assert {f.actor for f in extract_article(fleet)} == {"us"}


def test_the_side_attacked_is_never_the_attacker():
    article = ["صعدت الفصائل المسلحة هجماتها في العراق.",
               "وقالت وزارة الدفاع الأمريكية إن الهجمات ضد قواتها وقواعدها في سوريا والعراق ارتفعت إلى 165 هجوماً.",
               "ووقعت 66 منها في العراق و99 في سوريا."]
    assert [(f.value, f.actor, f.by, f.target, f.location) for f in extract_article(article)] == [
        (165, "militias", "militias", "us", None), (66, "militias", "militias", "us", "Iraq"),
        (99, "militias", "militias", "us", "Syria")]
    # the subject of a verb of undergoing is the target; with no armed group in the article the attacker is unknown
    (f,) = extract_article(["قال المتحدث إن القوات الأمريكية تعرضت إلى 46 هجوماً في العراق."])
    assert (f.actor, f.target) == ("unknown", "us")


def test_counts_in_words_and_sub_counts():
    (one, two) = extract_article(["قالت الفصائل إنها نفذت هجوما واحدا على قاعدة حرير.", "وشنت الطائرات غارتين."])
    assert (one.value, one.category, one.actor) == (1, "attacks", "militias")
    assert (two.value, two.category) == (2, "attacks")
    (f,) = extract_article(["وقالت الفصائل إن القاعدة تعرضت للقصف مرتين أمس."])
    assert (f.value, f.category, f.actor) == (2, "attacks", "militias")
    assert extract_article(["زار الوزير بغداد مرتين في الحرب."]) == []  # «مرتين» of anything but an attack
    assert extract_article(["قصفت الطائرات الهاتف مرة واحدة في الحرب."]) == []  # «مرة واحدة» is "once"
    total, part = extract_article(["وقتل 12 شخصا في القصف، بينهم 3 أطفال."])
    assert (part.value, part.category, part.actor) == (3, "killed", "civilians")


def test_owners_named_by_an_agreeing_adjective_or_a_handover():
    (f,) = extract_article(["واعترضت الدفاعات السورية صاروخين إسرائيليين في الحرب."])
    assert (f.value, f.category, f.actor) == (2, "missiles", "israel")
    (f,) = extract_article(["وأعلن الجيش الأمريكي تسليم 5 قواعد عسكرية للقوات العراقية بعد الحرب."])
    assert (f.value, f.category, f.actor) == (5, "other", "us")


def test_a_range_is_one_claim_of_its_lower_value():
    assert full("قال المرصد إن حصيلة القتلى تراوحت بين 40 و70 قتيلا في الهجوم العسكري") == [
        (40, "at_least", "killed", "civilians")]
    assert figs("أطلق الحوثيون ما بين 100 إلى 120 صاروخا على القوات السعودية") == [(100, "at_least", "missiles")]
    assert figs("تراوح عدد الجنود بين 2014 و2017") == []  # years, and no counted noun


def test_duals_of_fighter_jets_and_of_the_dead_count_two_but_operations_do_not():
    assert figs("وأسقطت الدفاعات السورية مقاتلتين إسرائيليتين في الغارة") == [(2, "exact", "heavy_weapons")]
    assert figs("وسقط قتيلان في القصف") == [(2, "exact", "killed")]
    assert figs("وأجرى الأطباء للجرحى عمليتين جراحيتين") == []  # an operation is also surgery


def test_a_count_of_a_sides_forces_and_of_deaths_by_cases():
    assert full("أرسلت الولايات المتحدة 800 من قواتها إلى النيجر لمحاربة الإرهاب") == [
        (800, "exact", "personnel", "us")]
    assert full("وأعلنت المنظمة تسجيل 21 حالة وفاة جراء الاختناق بعد القصف على مواقع الجيش") == [
        (21, "exact", "killed", "civilians")]


def test_whose_forces_loyal_to_a_government_and_a_list_of_sides_are():
    assert full("وأسفرت الغارات عن مقتل نحو 100 من القوات الموالية للحكومة السورية")[0][3] == "syria"
    assert full("قتل 20 مسلحا من الفصائل الموالية لإيران في الغارة")[0][3] == "militias"
    assert full("وشنت الولايات المتحدة وفرنسا وبريطانيا 105 ضربات على مواقع الجيش السوري")[0][3] == "us"
    assert full("وشاركت أربع طائرات بريطانية من طراز تورنادو في الضربات على مواقع الجيش")[0][3] == "coalition"
