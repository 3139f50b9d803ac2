"""Safe HTML for article text: everything is escaped first, then only our own <mark> tags are added, so a
<script> inside an article shows as text and never runs; `plain` does the same for Markdown captions."""
from __future__ import annotations

import html
import re

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


STYLE = """<style>
.article-text { font-size: 1.05rem; line-height: 1.9; text-align: right; }
.article-text mark { padding: 0 2px; border-radius: 3px; }
mark.PERSON { background: #cfe2ff; } mark.ORG { background: #ffe5c2; } mark.LOC { background: #d4f3d0; }
mark.MISC { background: #ead7f2; } mark.figure { background: #ffd6d6; font-weight: 600; }
mark.cue-neg { background: #ffd6d6; } mark.cue-pos { background: #d4f3d0; }
</style>"""
