from dashboard.ui.highlight import highlight, rtl_block


def test_text_is_escaped_and_only_marks_are_added():
    out = highlight("قال <b>بايدن</b> & ذهب", [(7, 12, "PERSON", 'x"y')])
    assert out == 'قال &lt;b&gt;<mark class="PERSON" title="x&quot;y">بايدن</mark>&lt;/b&gt; &amp; ذهب'


def test_overlapping_spans_keep_the_first():
    assert highlight("abcdef", [(0, 3, "a", ""), (2, 5, "b", "")]).count("<mark") == 1


def test_rtl_wrapper():
    assert rtl_block("x").startswith('<div dir="rtl"')
