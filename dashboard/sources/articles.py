"""Raw text -> articles: split files holding several articles, strip site furniture, read metadata."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from dashboard.analysis.lexicon import normalised_set, rows
from dashboard.analysis.text import clean_text, has_arabic, normalise

# Two or more blank lines separate articles in pasted or scraped collections.
_ARTICLE_GAP = re.compile(r"\n[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)+")
# A short parenthesised credit at the end of a caption line: (أ.ب) (إ.ب.أ) (رويترز) (AFP)
_PARAGRAPH_GAP = re.compile(r"\n[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)*")
_CREDIT = re.compile(r"\s*\(([^()\n]{1,16})\)\s*$")
_MIN_ARTICLE_CHARS = 400
_NON_WORD = re.compile(r"\W+")
# the least normalised text an article's id is hashed from without its title: a copy republished under another
# title is one story, but two short items (a video's stock caption) may differ only in their titles
MIN_ID_BODY_CHARS = 200


@dataclass
class ArticleText:
    index: int  # 1-based position in its file
    title: str
    body: str  # cleaned text, paragraphs separated by blank lines (title first)
    date: str | None
    source: str | None
    author: str | None
    url: str | None = None

    @cached_property
    def id(self) -> str:
        """Hash of the normalised body after its title line, so a copy republished under another title is the same
        article; a body too short to tell articles apart without their titles is hashed whole. Computed once (the
        store reads it for every row of the article)."""
        text = normalise(self.body)
        rest = text.removeprefix(normalise(self.title)).strip() if self.title else text
        key = rest if len(rest) >= MIN_ID_BODY_CHARS else text
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _boilerplate() -> list[tuple[str, str]]:
    return [(normalise(r["phrase"]), r["action"]) for r in rows("boilerplate.csv")]


@lru_cache(maxsize=1)
def _boilerplate_starts() -> tuple[str, ...]:
    return tuple(p for p, _ in _boilerplate())


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {normalise(r["name"]): int(r["month"]) for r in rows("months.csv")}


def _is_credit(inner: str) -> bool:
    inner_n = normalise(inner.strip())
    if inner_n in _months() or inner_n.isdigit():
        return False
    return len(inner_n.split()) <= 3


def clean_lines(lines: list[str]) -> list[str]:
    """Drop furniture lines, photo credits and repeated lines (titles and captions repeat on news sites)."""
    kept, seen = [], set()
    for line in lines:
        line = line.strip()
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        norm = normalise(line)
        action = next((a for p, a in _boilerplate() if norm.startswith(p) and len(norm) < len(p) + 120), None) \
            if norm.startswith(_boilerplate_starts()) else None  # one C-level test spares most lines the loop
        if action == "cut":
            break
        if action == "drop":
            continue
        if not has_arabic(line) and not re.search(r"\d", line) and len(line.split()) <= 6:
            continue  # "TT", watermarks, stray dots
        m = _CREDIT.search(line)
        if m and _is_credit(m.group(1)) and not re.search(r"[.!؟?]\s*$", line[: m.start()]):
            line = line[: m.start()].rstrip()
            norm = normalise(line)
        key = _NON_WORD.sub(" ", norm).strip()
        if key in seen:
            continue
        seen.add(key)
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return kept


def _body_chars(lines: list[str]) -> int:
    return sum(len(ln) for ln in lines if len(ln) > 60)


def split_articles(text: str) -> list[list[str]]:
    """Cleaned line lists, one per article. A chunk after a wide gap is a new article only if it carries
    a real body; short chunks (a date line, a footer) stay with their neighbour."""
    wide = len(_ARTICLE_GAP.findall(text))
    narrow = len(_PARAGRAPH_GAP.findall(text)) - wide
    if wide >= max(narrow, 1):
        # this file separates every paragraph with wide gaps: they say nothing about article boundaries
        return [clean_lines(text.split("\n"))]
    chunks = [clean_lines(c.split("\n")) for c in _ARTICLE_GAP.split(text)]
    articles: list[list[str]] = []
    pending: list[str] = []
    for chunk in chunks:
        if not chunk:
            continue
        if _body_chars(chunk) >= _MIN_ARTICLE_CHARS and (not articles or pending or _body_chars(articles[-1]) >= _MIN_ARTICLE_CHARS):
            articles.append(pending + ([""] if pending else []) + chunk)
            pending = []
        elif articles and not pending and _body_chars(chunk) < _MIN_ARTICLE_CHARS and _looks_like_tail(chunk):
            articles[-1] += [""] + chunk
        else:
            pending += ([""] if pending else []) + chunk
    if pending:
        if articles:
            articles[-1] += [""] + pending
        else:
            articles.append(pending)
    return [clean_lines(a) for a in articles]


def _looks_like_tail(chunk: list[str]) -> bool:
    """A short chunk that ends an article (a closing line) rather than heading the next one."""
    first = chunk[0]
    return bool(re.search(r"[.!؟?»\"”]\s*$", first)) or len(chunk) > 2


# --- metadata -------------------------------------------------------------------------------------------

_NUM_DATE = [
    (re.compile(r"(?<!\d)(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)"), ("y", "m", "d")),
    (re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)"), ("d", "m", "y")),
]


def _text_date_pattern() -> re.Pattern:
    names = sorted(_months(), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<!\d)(\d{{1,2}})\s+({alt})(?:\s*\((?:{alt})\))?\s*[،,]?\s*(\d{{4}})(?!\d)")


def find_date(text: str) -> str | None:
    """First full date (day, month, year) in the text as YYYY-MM-DD: numeric (2021/07/26, 04/08/2021)
    or with a month name, Levantine names included (31 كانون الأول (ديسمبر) 2021)."""
    norm = normalise(text)
    found = []
    for pattern, order in _NUM_DATE:
        for m in pattern.finditer(norm):
            parts = dict(zip(order, map(int, m.groups())))
            found.append((m.start(), parts))
    for m in _text_date_pattern().finditer(norm):
        found.append((m.start(), {"d": int(m.group(1)), "m": _months()[m.group(2)], "y": int(m.group(3))}))
    for _, p in sorted(found, key=lambda f: f[0]):
        if 1 <= p["m"] <= 12 and 1 <= p["d"] <= 31 and 1900 <= p["y"] <= 2100:
            return f"{p['y']:04d}-{p['m']:02d}-{p['d']:02d}"
    return None


# "X told «Outlet»": the outlet a source speaks to is the one publishing the interview.
_TOLD = re.compile(r"(?:قال|يقول|تقول|قالت|أكد|يؤكد|أوضح|يوضح|أضاف|يضيف|يردف|أردف|كشف|تحدث|صرح|مصادر[^.]{0,30})"
                   r"[^.؟!]{0,80}?ل[ـ]?\s*[«\"“]([^»\"”\n]{2,30})[»\"”]")
_SOURCE_LINE = re.compile(r"^\s*(?:المصدر|مصدر الخبر)\s*[:：]\s*([^\n]{2,40}?)\s*$", re.M)
_PUBLISH_IN = re.compile(r"(?:للنشر|النشر)\s+(?:في|على)\s+([^\s.،]{2,30})")


def file_source(file_text: str) -> str | None:
    """The outlet a whole file names: a "المصدر:" line or "للنشر في X" (footers are cut from the articles)."""
    m = _SOURCE_LINE.search(file_text) or _PUBLISH_IN.search(file_text)
    return m.group(1) if m else None


def find_source(lines: list[str], in_file: str | None) -> str | None:
    """The outlet: the one the file names, else the outlet the article's sources speak to."""
    if in_file:
        return in_file
    text = "\n".join(lines)
    told = [t.strip() for t in _TOLD.findall(text)]
    if told:
        return max(told, key=told.count)  # at a tie the first named: set order would change with the hash seed
    return None


def find_author(lines: list[str]) -> str | None:
    """A byline: a short line of two or three name words right under the title."""
    given = normalised_set("given_names.txt")
    for line in lines[1:4]:
        words = line.split()
        if 2 <= len(words) <= 3 and not re.search(r"[\d.،:؟!«»\"]", line) and normalise(words[0]) in given:
            return line
    return None


def header_date(lines: list[str]) -> str | None:
    """Publication date from the header (the lines before the first long paragraph)."""
    for line in lines[:8]:
        if len(line) > 200:
            break
        date = find_date(line)
        if date:
            return date
    return None


TITLE_MAX_CHARS = 120  # a headline is a line, not a paragraph: longer first lines give their first sentence
WRAP_MIN_LINES = 4  # lines a text needs before it can be judged hard-wrapped
WRAP_SHARE = 0.6  # share of its lines that are of a wrapped width and end without punctuation
WRAP_WIDTH = (30, 100)  # characters of a hard-wrapped line (e-mail and terminal exports wrap at 60–80)
_SENTENCE_END = re.compile(r"[.!?؟:»\"”)]\s*$")
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?؟])(?:\s|$)")


def unwrap(lines: list[str]) -> list[str]:
    """Lines of a hard-wrapped text (most of them of a similar width, ending mid-sentence) joined back into
    paragraphs, so neither the title nor a sentence is cut at a line break; other texts are left as they are."""
    text_lines = [ln for ln in lines if ln]
    wrapped = [ln for ln in text_lines if WRAP_WIDTH[0] <= len(ln) <= WRAP_WIDTH[1] and not _SENTENCE_END.search(ln)]
    if len(text_lines) < WRAP_MIN_LINES or len(wrapped) < WRAP_SHARE * len(text_lines):
        return lines
    out: list[str] = []
    for ln in lines:
        if ln and out and out[-1] and not _SENTENCE_END.search(out[-1]):
            out[-1] += " " + ln
        else:
            out.append(ln)
    return out


def headline(first_line: str) -> str:
    """The title from an article's first line: the whole line when it is headline-sized, else its first
    sentence, cut at a word boundary if still too long."""
    line = first_line.strip()
    if len(line) <= TITLE_MAX_CHARS:
        return line
    m = _FIRST_SENTENCE.match(line)
    if m and len(m.group(1)) <= TITLE_MAX_CHARS:
        return m.group(1)
    cut = line[:TITLE_MAX_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def extract_articles(text: str, metadata: dict | None = None) -> list[ArticleText]:
    # metadata comes from the file, a collection's columns or the user: its invisible and bidi controls go too
    metadata = {k: clean_text(v) if isinstance(v, str) else v for k, v in (metadata or {}).items()}
    out = []
    in_file = file_source(text)  # once per file, not once per article (a scraped file may hold thousands)
    chunks = [clean_lines(text.split("\n"))] if metadata.get("single_article") else split_articles(text)
    for i, lines in enumerate(chunks, start=1):
        lines = unwrap(lines)
        content = [ln for ln in lines if ln]
        if not content:
            continue
        title = metadata.get("title") if i == 1 and metadata.get("title") else headline(content[0])
        author = metadata.get("author") or find_author(content)
        body_lines = [ln for ln in lines if ln != author] if author else lines
        body = "\n".join(body_lines)
        # a date the file or feed declares (a column, an HTML meta tag) wins over one read from the text
        date = (metadata.get("date") if i == 1 else None) or header_date(content)
        source = metadata.get("source") or find_source(content, in_file)
        out.append(ArticleText(index=len(out) + 1, title=title, body=body, date=date, source=source, author=author,
                               url=metadata.get("url") if i == 1 else None))
    return out

