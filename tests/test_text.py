from dashboard.analysis.text import normalise, sentences, split_sentences, tokenize


def test_normalise_unifies_spelling_but_not_words():
    assert normalise("الأميركيّة") == normalise("الاميركيه")
    assert normalise("إيران") == normalise("ايران")
    assert normalise("لـ«الشرق»") == "ل«الشرق»"  # tatweel dropped
    assert normalise("٢٥") == "25"


def test_tokens_keep_offsets_and_split_clitic_from_digits():
    text = "و25 ألفاً من السلاح"
    toks = tokenize(text)
    assert [t.text for t in toks][:3] == ["و", "25", "ألفاً"]
    for t in toks:
        assert text[t.start:t.end] == t.text


def test_sentences_split_on_arabic_punctuation_not_abbreviations_or_decimals():
    para = "قال المصدر إن 2.5 مليون شخص تضرروا. هل انتهت الأزمة؟ صورة (أ.ب) تظهر ذلك"
    assert split_sentences(para) == ["قال المصدر إن 2.5 مليون شخص تضرروا.", "هل انتهت الأزمة؟",
                                     "صورة (أ.ب) تظهر ذلك"]


def test_line_break_inside_paragraph_does_not_end_sentence():
    text = "أعلنت الحكومة أن القوات\nستنسحب قريباً.\n\nعنوان فرعي\n\nجملة ثانية."
    assert sentences(text) == ["أعلنت الحكومة أن القوات ستنسحب قريباً.", "عنوان فرعي", "جملة ثانية."]


def test_dediacritisation_matches_camel_tools():
    from camel_tools.utils.dediac import dediac_ar

    from dashboard.analysis.text import dediacritise

    for s in ["مُحَدِّدَاتٌ", "الشمّري", "هٰذا", "قُوَّاتٍ أمريكيَّةً", "بلا تشكيل"]:
        assert dediacritise(s) == dediac_ar(s)


def test_invisible_characters_and_presentation_forms_are_cleaned_once_when_read():
    from dashboard.analysis.pipeline import analyse_bytes
    from dashboard.analysis.text import clean_text

    assert clean_text("الكا\u200cظمي إي\u00adران \u202eعاجل\u202c") == "الكاظمي إيران عاجل"
    assert clean_text("\ufe8d\ufee0\ufecc\ufeae\ufe8d\ufed7") == "العراق"  # presentation forms, as some PDFs store them
    body = "قال رئيس الوزراء مصطفى الكا\u200dظمي إن إي\u200cران تدعم الفصائل المسلحة في العراق. " * 3
    (art,) = analyse_bytes("zw.txt", body.encode("utf-8"))
    assert any(s.target == "IRAN" for s in art.stance)
    assert not any("\u200d" in e.name or "\u200c" in e.name for e in art.entities)


def test_bidi_controls_never_reach_a_title_or_an_outlet():
    from dashboard.sources.articles import extract_articles

    (art,) = extract_articles("نص الخبر عن العراق وإيران والفصائل المسلحة في بغداد.\n",
                              {"title": "عنوان \u202eمقلوب", "source": "sky\u202enews", "single_article": True})
    assert art.title == "عنوان مقلوب" and art.source == "skynews"
