from dashboard.ui.highlight import highlight, rtl_block


def test_text_is_escaped_and_only_marks_are_added():
    out = highlight("قال <b>بايدن</b> & ذهب", [(7, 12, "PERSON", 'x"y')])
    assert out == 'قال &lt;b&gt;<mark class="PERSON" title="x&quot;y">بايدن</mark>&lt;/b&gt; &amp; ذهب'


def test_overlapping_spans_keep_the_first():
    assert highlight("abcdef", [(0, 3, "a", ""), (2, 5, "b", "")]).count("<mark") == 1


def test_rtl_wrapper():
    assert rtl_block("x").startswith('<div dir="rtl"')


def test_evidence_lines_are_escaped_and_sentences_kept_as_given():
    from dashboard.ui.highlight import evidence_block

    out = evidence_block([(["<b>title</b>", "2024-08-04"], highlight("نص <i>", [(0, 2, "PERSON", "")]))])
    assert out.startswith('<div class="evidence-meta"><bdi>&lt;b&gt;title&lt;/b&gt;</bdi> · <bdi>2024-08-04</bdi></div>'
                          '<div dir="rtl"')
    assert '<mark class="PERSON" title="">نص</mark> &lt;i&gt;' in out and "<b>" not in out
