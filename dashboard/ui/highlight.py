"""Safe HTML for article text: everything is escaped first, then only our own <mark> tags are added, so a
<script> inside an article shows as text and never runs; `plain` does the same for Markdown captions."""
from __future__ import annotations

import html
import re

from dashboard.views.tables import label

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escaped `text` with spans (start, end, css class, tooltip) wrapped in <mark>. Overlaps: first wins."""
    out, pos = [], 0
    for start, end, cls, title in sorted(spans):
        if start < pos or end <= start:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="{html.escape(cls)}" title="{html.escape(title)}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def plain(text) -> str:
    """Article-derived text (a title, an outlet, a file name) for Streamlit's Markdown: every Markdown, HTML,
    LaTeX ($) and colour (:red[…]) character backslash-escaped, so «![x](http://…)» in a title is shown, not
    fetched."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def rtl_block(inner_html: str) -> str:
    return f'<div dir="rtl" lang="ar" class="article-text">{inner_html}</div>'


def evidence_block(items: list[tuple[list[str], str]]) -> str:
    """A page of evidence as one HTML block: for each item, its line of context (fields of plain text, escaped
    here, each isolated with <bdi> so an Arabic title does not reorder the date after it: 2021-08-04 read as
    04-08-2021) and its sentence's highlighted HTML. One block, not two elements an item: the browser draws a page
    of 20 at once."""
    return "".join(f'<div class="evidence-meta">{" · ".join(f"<bdi>{html.escape(f)}</bdi>" for f in fields)}</div>'
                   f"{rtl_block(sentence)}" for fields, sentence in items)


def stance_mark(target: str, polarity: int, language: str) -> str:
    """A small badge before a sentence: the target and the sentence's stance toward it."""
    sign = {-1: "−1", 0: "0", 1: "+1"}[polarity]
    cls = {-1: "st-neg", 0: "st-neu", 1: "st-pos"}[polarity]
    return (f'<span class="stance {cls}" title="{html.escape(label("polarity", polarity, language))}">'
            f"{html.escape(label('target', target, language))} {sign}</span> ")


def reader_legend(language: str, words: dict[str, str]) -> str:
    """What the reader's colours mean: the entity types, figures, stance cues and the sentence badges.
    `words` names the figure, cue_neg, cue_pos and stance marks in the page's language."""
    items = [f'<mark class="{t}">{html.escape(label("type", t, language))}</mark>' for t in ("PERSON", "ORG", "LOC", "MISC")]
    items += [f'<mark class="figure">{html.escape(words["figure"])}</mark>',
              f'<mark class="cue-neg">{html.escape(words["cue_neg"])}</mark>',
              f'<mark class="cue-pos">{html.escape(words["cue_pos"])}</mark>',
              f'<span class="stance st-neu">{html.escape(words["stance"])}</span>']
    return f'<div class="reader-legend" dir="{"rtl" if language == "ar" else "ltr"}">{" ".join(items)}</div>'


STYLE = """<style>
.article-text { font-size: 1.05rem; line-height: 1.9; text-align: right; }
.article-text mark { padding: 0 2px; border-radius: 3px; }
mark.PERSON { background: #cfe2ff; } mark.ORG { background: #ffe5c2; } mark.LOC { background: #d4f3d0; }
mark.MISC { background: #ead7f2; } mark.figure { background: #ffd6d6; font-weight: 600; }
mark.cue-neg { background: #ffd6d6; } mark.cue-pos { background: #d4f3d0; }
mark.cue-zero { background: #eeeeee; }
mark.cue-neg, mark.cue-pos, mark.cue-zero { text-decoration: underline; }
.stance { font-size: 0.75rem; padding: 0 4px; border-radius: 8px; border: 1px solid #999; white-space: nowrap; }
.st-neg { background: #f8c4c4; } .st-neu { background: #eeeeee; } .st-pos { background: #c8ecc4; }
.evidence-meta { font-size: 0.85rem; opacity: 0.65; margin-top: 0.6rem; }
.reader-legend { margin: 0.3rem 0 0.6rem; } .reader-legend mark, .reader-legend span { margin: 0 2px; }
</style>"""
