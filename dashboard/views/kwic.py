"""Word in context (Voyant's KWIC): every sentence of the filtered corpus that holds a word or phrase, with the
words around it, and how often it occurs per outlet and per week.

A query is matched as the analysis matches words: each letter stands for its spelling variants (the alef forms,
ya and alef maksura, ta marbuta and ha), diacritics and tatweel may stand between letters, and the first word
may carry proclitics (و ف ب ل ك ال لل). A word ends where letters end, so «إيران» does not find «إيراني»."""
from __future__ import annotations

import re

import pandas as pd

from dashboard.analysis.text import normalise

MAX_MATCHES = 5_000  # sentences read for one query (a common word is in 100,000 sentences at 30,000 articles)
CONTEXT_CHARS = 60  # characters shown on each side of the match
VARIANTS = {"ا": "اأإآٱ", "ي": "يى", "ه": "هة", "و": "وؤ", "ء": "ءئؤ"}
MARKS = "\u064b-\u0652\u0670\u0640"  # diacritics and tatweel, allowed between letters
PROCLITICS = "(?:[وف])?(?:[بلك])?(?:ال|ل)?"


def pattern(query: str, engine: str = "python") -> str | None:
    """The regular expression of a query, its match in group 1: for Python's re, or (`engine` "sql") for DuckDB's
    RE2, which has no lookahead (a yes-or-no match there). None for a query with no letters or digits."""
    words = normalise(query).split()
    if not any(ch.isalnum() for ch in "".join(words)):
        return None

    def word(w: str, first: bool = False) -> str:
        letters = [f"[{re.escape(VARIANTS[ch])}]" if ch in VARIANTS else re.escape(ch) for ch in w]
        if first and w.startswith("ال"):
            letters[0] += "?"  # «للحشد»: the article's alef drops after the preposition ل
        return f"[{MARKS}]*".join(letters)
    body = r"\s+".join(word(w, first=n == 0) for n, w in enumerate(words))
    other = r"[^\pL]" if engine == "sql" else r"[\W\d_]"  # a character that is not a letter
    after = f"(?:{other}|$)" if engine == "sql" else f"(?={other}|$)"
    return f"(?:^|{other})({PROCLITICS}{body}){after}"


def in_context(rows: pd.DataFrame, query: str) -> pd.DataFrame:
    """The matched sentences (article_id, sentence_index, text, and the article's title, date, source) with the
    match cut out: left, match, right (CONTEXT_CHARS each side), one row per occurrence."""
    regex = re.compile(pattern(query) or "(?!)")
    out = []
    for r in rows.itertuples():
        for m in regex.finditer(r.text):
            start, end = m.span(1)
            out.append((r.article_id, r.sentence_index, r.title, r.date, r.source, r.text[max(0, start - CONTEXT_CHARS):start],
                        r.text[start:end], r.text[end:end + CONTEXT_CHARS]))
    return pd.DataFrame(out, columns=["article_id", "sentence_index", "title", "date", "source", "left", "match",
                                      "right"])


def per_outlet(counts: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Sentences holding the query per outlet, from store.matching_counts (article_id, sentences)."""
    m = counts.merge(articles[["id", "source"]], left_on="article_id", right_on="id")
    return m.groupby("source", as_index=False)["sentences"].sum().sort_values("sentences", ascending=False)


def per_week(counts: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Sentences holding the query per week (starting on Monday) and outlet; undated articles are left out."""
    m = counts.merge(articles[["id", "source", "date"]], left_on="article_id", right_on="id").dropna(subset=["date"])
    if m.empty:
        return pd.DataFrame(columns=["week", "source", "sentences"])
    m["week"] = pd.to_datetime(m["date"]).dt.to_period("W-SUN").dt.start_time
    return m.groupby(["week", "source"], as_index=False)["sentences"].sum()
