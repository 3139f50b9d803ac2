import pytest

from dashboard.analysis.numbers import bound_before, parse_number, ra_separated
from dashboard.analysis.text import tokenize


def first_number(text):
    toks = tokenize(text)
    for i in range(len(toks)):
        m = parse_number(toks, i)
        if m:
            return m.value, bound_before(toks, i)[0], m.vague
    return None


@pytest.mark.parametrize("text,value,bound", [
    ("50 ألف مسلح", 50000, "exact"),
    ("نحو 52 ألف قطعة", 52000, "approx"),
    ("و25 ألفاً من السلاح", 25000, "exact"),
    ("و8 آلاف من السلاح", 8000, "exact"),
    ("نحو خمسين هجوما", 50, "approx"),
    ("بثلاث طائرات", 3, "exact"),
    ("خمسة وعشرين ألفاً", 25000, "exact"),
    ("مئتي صاروخ", 200, "exact"),
    ("ألفين مقاتل", 2000, "exact"),
    ("2.500 جندي", 2500, "exact"),
    ("1.5 مليون", 1500000, "exact"),
    ("25,000 عنصر", 25000, "exact"),
    ("٣٠٠٠ جندي", 3000, "exact"),
    ("أكثر من 16 آخرين", 16, "at_least"),
    ("ما يزيد على 300 صاروخ", 300, "at_least"),
    ("أقل من 10 طائرات", 10, "at_most"),
    ("قرابة 700 كيلومتر", 700, "approx"),
    ("زهاء ألف مقاتل", 1000, "approx"),
])
def test_number_grammar(text, value, bound):
    got = first_number(text)
    assert got is not None and got[0] == value and got[1] == bound


@pytest.mark.parametrize("text", ["محادثات الأربعاء", "وهي تسعى للحصول", "تمكنت الثالثة", "والثلاثاء، وصل"])
def test_words_containing_number_letters_are_not_numbers(text):
    assert first_number(text) is None


def test_bare_scale_plural_is_a_vague_lower_bound():
    value, _, vague = first_number("آلاف المقاتلين")
    assert value == 1000 and vague


def test_a_number_written_with_ra_between_its_parts_reads_low_part_first():
    from dashboard.analysis.figures import extract_figures

    (strikes,) = extract_figures(["شن التحالف 225ر29 غارة على مواقع التنظيم."])
    assert (strikes.value, strikes.category, strikes.evidence) == (29225, "attacks", "225ر29 غارة")
    assert ra_separated(tokenize("2ر74 مليون"), 0) == 74.2
    assert ra_separated(tokenize("5 ر 3"), 0) is None  # a lone letter between numbers is not a separator
