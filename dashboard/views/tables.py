"""Pure pandas views over the store's tables: filtering and the aggregates each panel charts."""
from __future__ import annotations

import csv
import inspect
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache, wraps
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.analysis.plausibility import plausible_all
from dashboard.analysis.text import normalise

BOUND_SIGNS = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"}
LABELS_FILE = Path(__file__).with_name("labels.csv")
UNKNOWN_OUTLET = "unknown"  # the store's outlet for an article that names none


@lru_cache(maxsize=1)
def _labels() -> dict[tuple[str, str], dict[str, str]]:
    lines = [ln for ln in LABELS_FILE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {(r["kind"], r["code"]): r for r in csv.DictReader(lines)}


def label(kind: str, code, language: str = "en") -> str:
    """The human name of a code (category, actor, bound) in English or Arabic; unknown codes read as written,
    with underscores as spaces."""
    row = _labels().get((kind, str(code)))
    return row[language] if row else str(code).replace("_", " ")


def labels_of(kind: str, codes: pd.Series, language: str = "en") -> pd.Series:
    """label() of every code of a column, looked up once per distinct code (a column may hold 100,000 rows)."""
    return codes.map({code: label(kind, code, language) for code in codes.unique()})


@dataclass(frozen=True)
class Corpus:
    articles: pd.DataFrame
    entities: pd.DataFrame
    mentions: pd.DataFrame
    figures: pd.DataFrame
    stance: pd.DataFrame
    # the aggregates computed from this corpus (see `per_corpus`); a filtered copy starts with its own
    views: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    computing: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # a lock per view key

    @classmethod
    def from_store(cls, store) -> "Corpus":
        return cls(*(store.frame(t) for t in ("articles", "entities", "mentions", "figures", "stance")))


def per_corpus(view=None, *, keep: int | None = None):
    """A view computed once per Corpus and arguments. A Corpus never changes once built, and the app shares one
    among all sessions, so a tab switch, a rerun or a second user reuses its aggregates; callers never modify
    what a view returns (they filter into new frames). `keep`: at most this many argument sets of the view are
    remembered (the oldest goes first), for views asked with many different arguments.

    A view asked for while another thread computes it (a tab opened while the warm-up computes what it shows)
    waits for that result instead of computing it a second time alongside: two threads share the GIL, so both
    would finish later. A view calls only other views (never itself with the same arguments), so the locks
    cannot wait on each other."""
    def remembering(view):
        signature = inspect.signature(view)

        @wraps(view)
        def remembered(c: Corpus, *args, **kwargs):
            # the arguments as bound, defaults included: entity_totals(c) and entity_totals(c, "en") are one view;
            # keyword arguments are bound into the arguments, so a key's third place (kept for the shape the
            # warm-up's flag and the tests use) is always empty
            bound = signature.bind(c, *args, **kwargs)
            bound.apply_defaults()
            key = (view.__name__, tuple(bound.arguments.values())[1:], ())
            value = c.views.get(key, _MISSING)
            if value is not _MISSING:
                return value
            with _KEY_LOCKS:
                lock = c.computing.setdefault(key, threading.Lock())
            with lock:
                value = c.views.get(key, _MISSING)
                if value is _MISSING:
                    if keep is not None:
                        mine = [k for k in list(c.views) if k[0] == view.__name__]  # a snapshot: other threads add too
                        for old in mine[:max(0, len(mine) - keep + 1)]:
                            c.views.pop(old, None)
                            c.computing.pop(old, None)
                    value = c.views[key] = view(c, *args, **kwargs)
            return value
        return remembered
    return remembering(view) if view is not None else remembering


_MISSING = object()
_KEY_LOCKS = threading.Lock()  # guards the making of a view key's lock


@dataclass(frozen=True)
class Filters:
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    include_undated: bool = True
    title_contains: str = ""  # words every kept article's title holds (the way to pick articles among 30,000)
    types: tuple[str, ...] = ()
    alignments: tuple[str, ...] = ()
    language: str = "en"  # label language: "en" or "ar"
    count_adjectives: bool = True  # nationality adjectives count for their country (GDELT style)
    relevant_only: bool = True  # leave out sport, technology and culture articles (analysis/topics.py)
    include_implausible: bool = False  # keep figures beyond their category's plausible bound (analysis/plausibility.py)


def rows_of_articles(frame: pd.DataFrame, ids: pa.Array) -> pd.DataFrame:
    """The rows whose article_id is one of `ids`, matched in Arrow's hash set: pandas' isin on Arrow-backed
    strings first makes a Python scalar of every value (1.4 s for the four child tables at 30,000 articles)."""
    keep = pc.is_in(pa.array(frame["article_id"], type=pa.string()), value_set=ids)
    return frame[keep.to_numpy(zero_copy_only=False)]


def filter_corpus(c: Corpus, f: Filters) -> Corpus:
    arts = c.articles
    if f.relevant_only:
        arts = arts[arts["relevant"].fillna(True).astype(bool)]
    if f.outlets:
        arts = arts[arts["source"].isin(f.outlets)]
    if f.date_from or f.date_to:
        d = pd.to_datetime(arts["date"])
        keep = d.isna() if f.include_undated else pd.Series(False, index=arts.index)
        in_range = pd.Series(True, index=arts.index)
        if f.date_from:
            in_range &= d >= pd.Timestamp(f.date_from)
        if f.date_to:
            in_range &= d <= pd.Timestamp(f.date_to)
        arts = arts[keep | (in_range & d.notna())]
    elif not f.include_undated:
        arts = arts[arts["date"].notna()]
    for word in f.title_contains.split():
        arts = arts[arts["title"].str.contains(word, regex=False, na=False)]
    ids = pa.array(arts["id"], type=pa.string())
    ents = rows_of_articles(c.entities, ids).assign(name_mentions=lambda e: e["mentions"])  # the map counts names
    if f.count_adjectives:
        ents = ents.assign(mentions=ents["mentions"] + ents["adjective_mentions"])
    else:
        ents = ents[ents["mentions"] > 0]
    if f.types:
        ents = ents[ents["type"].isin(f.types)]
    if f.alignments:
        ents = ents[ents["alignment"].fillna("unknown").isin(f.alignments)]
    ments = rows_of_articles(c.mentions, ids)
    if not f.count_adjectives:
        ments = ments[ments["kind"] == "name"]
    if f.types or f.alignments:
        ments = ments.merge(ents[["article_id", "entity_key"]], on=["article_id", "entity_key"])
    # outlets by their display names in the page's language (labels.csv: skynews -> Sky News Arabia); the code
    # stays in source_code, which is what an edit of the article writes back
    arts = arts.assign(source_code=arts["source"], source=labels_of("outlet", arts["source"], f.language))
    figs = rows_of_articles(c.figures, ids)
    if not f.include_implausible:
        figs = figs[plausible_rows(figs)]
    return replace(c, articles=arts, entities=ents, mentions=ments, figures=figs, stance=rows_of_articles(c.stance, ids))


@per_corpus
def implausible_count(c: Corpus) -> int:
    return int((~plausible_rows(c.figures)).sum())


def plausible_rows(figures: pd.DataFrame) -> np.ndarray:
    """Which figure rows hold a plausible value for their category (analysis/plausibility.py)."""
    return plausible_all(figures["category"], figures["value"])


def label_column(language: str) -> str:
    return "name" if language == "ar" else "label_en"


@per_corpus
def overview(c: Corpus) -> dict:
    dates = pd.to_datetime(c.articles["date"]).dropna()
    return {
        "articles": len(c.articles),
        "sentences": int(c.articles["n_sentences"].sum()) if len(c.articles) else 0,
        "entities": c.entities["entity_key"].nunique(),
        "mentions": int(c.entities["mentions"].sum()) if len(c.entities) else 0,
        "figures": len(c.figures),
        "first_date": dates.min().date() if len(dates) else None,
        "last_date": dates.max().date() if len(dates) else None,
        "undated": int(c.articles["date"].isna().sum()),
    }


@per_corpus
def articles_per_outlet(c: Corpus) -> pd.DataFrame:
    return c.articles.groupby("source").size().reset_index(name="articles").sort_values("articles", ascending=False)


@per_corpus
def articles_per_date(c: Corpus) -> pd.DataFrame:
    """Articles per day and outlet; per month when the corpus spans more than four months (a bar a day
    would be unreadable and slow to draw)."""
    d = c.articles.dropna(subset=["date"]).copy()
    d["date"] = pd.to_datetime(d["date"])
    if len(d) and (d["date"].max() - d["date"].min()).days > 120:
        d["date"] = d["date"].dt.to_period("M").dt.to_timestamp()
    return d.groupby(["date", "source"]).size().reset_index(name="articles")


@per_corpus
def entity_totals(c: Corpus, language: str = "en") -> pd.DataFrame:
    col = label_column(language)
    if c.entities.empty:
        return pd.DataFrame(columns=["entity_key", "label", "name", "label_en", "type", "alignment", "mentions", "articles",
                                     "type_label", "alignment_label"])
    g = c.entities.groupby("entity_key").agg(
        name=("name", "first"), label_en=("label_en", "first"), type=("type", "first"),
        alignment=("alignment", "first"), mentions=("mentions", "sum"), articles=("article_id", "nunique"))
    g = g.reset_index()
    g["alignment"] = g["alignment"].fillna("unknown")
    g["label"] = g[col]
    g["type_label"] = labels_of("type", g["type"], language)
    g["alignment_label"] = labels_of("alignment", g["alignment"], language)
    return g.sort_values(["mentions", "label"], ascending=[False, True])


@per_corpus
def _rows_by_article(c: Corpus, table: str) -> tuple[dict, np.ndarray]:
    """Row positions of a child table (mentions, figures, stance) grouped by article: ({article id: (start, end)},
    order), an article's rows being order[start:end] in table order. A stable sort of the factorised ids takes
    0.07 s for 718,000 mentions; groupby().indices, an array per article, took 0.2 s."""
    codes, ids = pd.factorize(getattr(c, table)["article_id"])
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(ids) + 1))
    return dict(zip(ids, zip(bounds[:-1], bounds[1:]))), order


def article_rows(c: Corpus, table: str, article_id: str) -> pd.DataFrame:
    """One article's rows of a child table, found through a per-corpus index (a filter of the whole table took
    0.05 s a table at 30,000 articles, on every redraw of the reader)."""
    spans, order = _rows_by_article(c, table)
    start, end = spans.get(article_id, (0, 0))
    return getattr(c, table).iloc[order[start:end]]


@per_corpus
def most_mentioned(c: Corpus, n: int, types: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The keys of the n most mentioned entities (of these types, if any)."""
    totals = entity_totals(c)
    if types:
        totals = totals[totals["type"].isin(types)]
    return tuple(totals["entity_key"].head(n))


def search_entities(c: Corpus, query: str, limit: int, language: str = "en") -> pd.DataFrame:
    """Entities whose Arabic name or English label contains every word of the query (most mentioned first), at
    most `limit`; the Arabic is compared normalised (hamza and alef forms, ta marbuta), as the names are."""
    totals = entity_totals(c, language)
    hay = _entity_haystack(c) if query.split() else None
    for word in query.split():
        totals = totals[hay.reindex(totals["entity_key"]).str.contains(normalise(word).lower(), regex=False).to_numpy()]
    return totals.head(limit)


@per_corpus
def _entity_haystack(c: Corpus) -> pd.Series:
    """entity key -> its normalised Arabic name and lower-case English label, computed once per corpus."""
    totals = entity_totals(c, "en")
    return pd.Series([f"{normalise(n)} {str(e).lower()}" for n, e in zip(totals["name"], totals["label_en"])],
                     index=totals["entity_key"])


@per_corpus
def top_entities(c: Corpus, n: int, language: str = "en") -> pd.DataFrame:
    totals = entity_totals(c, language)
    return totals.groupby("type", group_keys=False).head(n)


def search_articles(c: Corpus, query: str, limit: int) -> pd.DataFrame:
    """Articles whose title, outlet or date contains every word of the query (newest first), at most `limit`."""
    arts = c.articles.sort_values("date", ascending=False, na_position="last")
    if query.strip():
        hay = (arts["title"].fillna("") + " " + arts["source"].fillna("") + " " + arts["date_label"].fillna("")).str.lower()
        for word in query.lower().split():
            arts = arts[hay.loc[arts.index].str.contains(word, regex=False)]
    return arts.head(limit)


@per_corpus
def latest_article_ids(c: Corpus, n: int) -> list[str]:
    """The n most recent articles (dated first, newest first; then the latest added)."""
    a = c.articles.sort_values(["date", "added_at"], ascending=False, na_position="last")
    return list(a["id"].head(n))


def latest_rows(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    """The n rows of the most recent dates (undated last): what a chart that cannot show every row shows."""
    return rows.sort_values("date", ascending=False, na_position="last", kind="stable").head(n)


MENTION_LISTS = 16  # entities whose mentions a corpus keeps (Iraq alone has 26,600 sentences at 30,000 articles)


@per_corpus(keep=MENTION_LISTS)
def entity_mentions(c: Corpus, key: str) -> pd.DataFrame:
    """The mentions of one entity: article_id, sentence_index, start_char, end_char, surface, kind."""
    return c.mentions.loc[c.mentions["entity_key"] == key,
                          ["article_id", "sentence_index", "start_char", "end_char", "surface", "kind"]]


@per_corpus(keep=MENTION_LISTS)
def mention_sentences(c: Corpus, key: str) -> pd.DataFrame:
    """The sentences that mention an entity, one row each with its article's title, date and outlet: newest
    articles first (undated last), then in reading order."""
    pairs = entity_mentions(c, key)[["article_id", "sentence_index"]].drop_duplicates()
    out = pairs.merge(c.articles[["id", "title", "date", "date_label", "source", "added_at"]], left_on="article_id",
                      right_on="id")
    return out.sort_values(["date", "added_at", "article_id", "sentence_index"], ascending=[False, False, True, True],
                           na_position="last", ignore_index=True)


EVIDENCE_LISTS = 16  # stance evidence selections a corpus keeps (one per target, polarity, outlet and title words)


@per_corpus(keep=EVIDENCE_LISTS)
def stance_evidence(c: Corpus, target: str, polarity: int | None, outlet: str | None, title_words: str) -> pd.DataFrame:
    """The stance rows of a target with their article's title, date and outlet, the strongest first; narrowed to a
    polarity, an outlet and a title holding `title_words` when given (None or "": all). A sentence repeated word
    for word in other articles is listed once, with `copies` saying in how many rows of the list it stands."""
    s = c.stance[c.stance["target"] == target]
    if polarity is not None:
        s = s[s["polarity"] == polarity]
    s = s.merge(c.articles[["id", "title", "date_label", "source"]], left_on="article_id", right_on="id")
    if outlet is not None:
        s = s[s["source"] == outlet]
    if title_words:
        s = s[s["title"].str.contains(title_words, regex=False, na=False)]
    s = s.assign(copies=s.groupby("sentence_key")["sentence_key"].transform("size"))
    return s.sort_values("score", key=abs, ascending=False, kind="stable").drop_duplicates("sentence_key")


@per_corpus
def entity_by_article(c: Corpus, keys: tuple[str, ...], language: str = "en") -> pd.DataFrame:
    col = label_column(language)
    e = c.entities[c.entities["entity_key"].isin(keys)]
    m = e.merge(c.articles[["id", "title", "date", "source"]], left_on="article_id", right_on="id")
    m["label"] = m[col]
    m["article"] = m["title"].str.slice(0, 40)
    return m[["label", "article", "title", "date", "source", "mentions", "article_id", "entity_key"]]


@per_corpus
def cooccurrence(c: Corpus, keys: tuple[str, ...], language: str = "en") -> pd.DataFrame:
    """Pairs of the given entities named in the same sentence, with how many sentences."""
    col = label_column(language)
    m = c.mentions[c.mentions["entity_key"].isin(keys)][["article_id", "sentence_index", "entity_key"]].drop_duplicates()
    pairs = m.merge(m, on=["article_id", "sentence_index"])
    pairs = pairs[pairs["entity_key_x"] < pairs["entity_key_y"]]
    counts = pairs.groupby(["entity_key_x", "entity_key_y"]).size().reset_index(name="sentences")
    labels = c.entities.drop_duplicates("entity_key").set_index("entity_key")[col]
    counts["a"] = counts["entity_key_x"].map(labels)
    counts["b"] = counts["entity_key_y"].map(labels)
    both = pd.concat([counts, counts.rename(columns={"a": "b", "b": "a"})])
    return both[["a", "b", "sentences"]].sort_values("sentences", ascending=False)


def _with_target_labels(df: pd.DataFrame, language: str) -> pd.DataFrame:
    df = df.copy()
    df["target_label"] = labels_of("target", df["target"], language)
    return df


@per_corpus
def stance_by_article(c: Corpus, language: str = "en") -> pd.DataFrame:
    if c.stance.empty:
        return pd.DataFrame(columns=["article_id", "title", "date", "source", "target", "mean_polarity", "sentences",
                                     "negative", "positive", "article", "target_label"])
    st = c.stance.assign(negative=(c.stance["polarity"] < 0).astype(int), positive=(c.stance["polarity"] > 0).astype(int))
    s = st.groupby(["article_id", "target"]).agg(
        mean_polarity=("polarity", "mean"), sentences=("polarity", "size"),
        negative=("negative", "sum"), positive=("positive", "sum"))
    s = s.reset_index().merge(c.articles[["id", "title", "date", "source"]], left_on="article_id", right_on="id")
    s["article"] = s["title"].str.slice(0, 40)
    return _with_target_labels(s.drop(columns=["id"]), language)


@per_corpus
def stance_over_time(c: Corpus, language: str = "en") -> pd.DataFrame:
    s = stance_by_article(c, language).dropna(subset=["date"])
    if s.empty:
        return s
    s["date"] = pd.to_datetime(s["date"])
    out = s.groupby(["date", "target"]).agg(mean_polarity=("mean_polarity", "mean"),
                                            sentences=("sentences", "sum")).reset_index()
    return _with_target_labels(out, language)


MIN_OUTLET_ARTICLES = 5  # an outlet with fewer articles is left out of stance by outlet (its shares are noise),
# unless no outlet has as many (a small corpus)


@per_corpus
def stance_by_outlet(c: Corpus, language: str = "en") -> pd.DataFrame:
    """Per outlet and target: its articles, distinct sentences (a sentence the outlet repeats word for word counts
    once; `repeats` says how many copies were set aside), the shares of hostile, neutral and favourable sentences
    and the mean; `shown` marks the outlets with MIN_OUTLET_ARTICLES articles or more (all, when none has)."""
    s = c.stance.merge(c.articles[["id", "source"]], left_on="article_id", right_on="id")
    if s.empty:
        return pd.DataFrame(columns=["source", "target", "articles", "sentences", "repeats", "negative_share",
                                     "neutral_share", "positive_share", "mean_polarity", "shown", "target_label"])
    rows = s.groupby(["source", "target"]).size().rename("rows")
    s = s.drop_duplicates(["source", "target", "sentence_key"])  # a stock sentence an outlet repeats counts once
    out = s.groupby(["source", "target"]).agg(
        articles=("article_id", "nunique"), sentences=("polarity", "size"), mean_polarity=("polarity", "mean"),
        negative_share=("polarity", lambda p: (p == -1).mean()), neutral_share=("polarity", lambda p: (p == 0).mean()),
        positive_share=("polarity", lambda p: (p == 1).mean())).reset_index()
    out["repeats"] = out.join(rows, on=["source", "target"])["rows"] - out["sentences"]
    per_outlet = c.articles.groupby("source").size()
    big = set(per_outlet[per_outlet >= MIN_OUTLET_ARTICLES].index)
    out["shown"] = out["source"].isin(big) if big else True
    return _with_target_labels(out, language)


FIGURE_COLUMNS = ["category", "actor", "value", "bound", "shown", "unit", "by_actor", "target", "location", "source",
                  "date", "title", "evidence", "article_id", "sentence_index", "conflict", "plausible"]


@per_corpus
def figures_table(c: Corpus, language: str = "en") -> pd.DataFrame:
    """Every figure with its article, plus a flag where articles report the same quantity (category and
    actor) with different values."""
    f = c.figures.merge(c.articles[["id", "title", "date", "source"]], left_on="article_id", right_on="id")
    if f.empty:
        return pd.DataFrame(columns=[*FIGURE_COLUMNS, "category_label", "actor_label", "conflict_label"])
    f["actor"] = f["actor"].fillna("unknown")
    f["shown"] = f["bound"].map(BOUND_SIGNS).fillna("") + f["value"].map(lambda v: f"{v:,.0f}" if v >= 1 else f"{v:g}")
    spread = f.groupby(["category", "actor"]).agg(values=("value", "nunique"), arts=("article_id", "nunique"))
    conflicted = spread[(spread["values"] > 1) & (spread["arts"] > 1)].index
    f["conflict"] = [k in conflicted for k in zip(f["category"], f["actor"])]
    f["plausible"] = plausible_rows(f)
    return _with_labels(f[FIGURE_COLUMNS].sort_values(["category", "actor", "date"]), language)


@per_corpus
def figures_by_category(c: Corpus, language: str = "en") -> pd.DataFrame:
    f = c.figures.copy()
    f["actor"] = f["actor"].fillna("unknown")
    out = f.groupby(["category", "actor"]).agg(figures=("value", "size"), total=("value", "sum")).reset_index()
    return _with_labels(out, language)


def _with_labels(df: pd.DataFrame, language: str) -> pd.DataFrame:
    df = df.copy()
    df["category_label"] = labels_of("category", df["category"], language)
    df["actor_label"] = labels_of("actor", df["actor"], language)
    for col in ("by_actor", "target"):  # actor codes, or nothing when the text does not say
        if col in df:
            df[col] = [label("actor", x, language) if isinstance(x, str) and x else "" for x in df[col]]
    if "location" in df:
        df["location"] = df["location"].fillna("")
    if "conflict" in df:
        df["conflict_label"] = labels_of("conflict", df["conflict"].astype(bool).astype(str), language)
    return df


def cues_list(cues) -> list[dict]:
    """A stance row's cues (the store's list of word/start/end/sign structs) as plain dicts."""
    return [dict(c) for c in cues] if cues is not None and not isinstance(cues, (str, float)) else []
