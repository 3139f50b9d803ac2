"""The one phrase matcher every lexicon goes through: clitics, the article, stems, and its conflict policy."""
from dashboard.analysis.matcher import PhraseMatcher
from dashboard.analysis.text import tokenize


def spans(matcher, text):
    toks = list(tokenize(text))
    return [(toks[m.start].text, m.end - m.start, m.payload) for m in matcher.find_all(toks)]


def test_clitics_article_and_stems_match_and_the_longest_wins():
    m = PhraseMatcher([("هجوم*", "attack"), ("الولايات المتحدة", "US"), ("الولايات", "states")])
    assert spans(m, "وهجومهم على للولايات المتحدة") == [("وهجومهم", 1, "attack"), ("للولايات", 2, "US")]
    assert PhraseMatcher([("قصف", "x")], definite=True).match_at(list(tokenize("والقصف")), 0).payload == "x"


def test_an_exact_word_beats_a_stem_and_a_longer_stem_a_shorter_one():
    stems = PhraseMatcher([("أدان*", "verb"), ("إدانة*", "noun")])
    assert spans(stems, "إدانة أدانت") == [("إدانة", 1, "noun"), ("أدانت", 1, "verb")]
    both = PhraseMatcher([("إدانة*", "noun"), ("إدانة", "exact")])
    assert spans(both, "إدانة") == [("إدانة", 1, "exact")]


def test_a_stem_takes_at_most_four_more_letters():
    m = PhraseMatcher([("قصف*", "x")])
    assert spans(m, "قصفتهما") == [("قصفتهما", 1, "x")] and spans(m, "قصفتهمامعا") == []


def test_accept_rules_out_candidates_before_the_policy_chooses():
    m = PhraseMatcher([("حزب الله", "long"), ("حزب", "short")])
    toks = list(tokenize("حزب الله"))
    assert m.match_at(toks, 0).payload == "long"
    assert m.match_at(toks, 0, accept=lambda c: c.payload != "long").payload == "short"
    assert m.match_at(toks, 0, accept=lambda c: False) is None
