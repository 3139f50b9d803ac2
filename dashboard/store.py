"""Embedded DuckDB store of analysed articles: one row per article, sentence, entity, mention, figure and
stance score, so every number on screen can be traced back to its sentence."""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.analysis.text import normalise

DEFAULT_DB = Path("data") / "dashboard.duckdb"
SCHEMA_VERSION = "9"  # bump when a table or the article id changes; an older store is refused with a clear message

# The one table spec: the DDL, the column lists and the rows all come from it.
log = logging.getLogger(__name__)
CUE = 'STRUCT(word VARCHAR, "start" INTEGER, "end" INTEGER, sign INTEGER)'  # a stance cue and its offsets
# Where a place entity or a figure is (analysis/places.py); null when it names no place the geocoder knows.
GEO = (("lat", "DOUBLE"), ("lon", "DOUBLE"), ("country", "VARCHAR"), ("admin1", "VARCHAR"), ("geo_precision", "VARCHAR"),
       ("place_en", "VARCHAR"))  # the place's English name in the gazetteer (Colombia, where a name reads Kulumbiya)
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (("id", "VARCHAR PRIMARY KEY"), ("source_file", "VARCHAR"), ("idx", "INTEGER"), ("title", "VARCHAR"),
                 ("date", "DATE"), ("source", "VARCHAR"), ("author", "VARCHAR"), ("body", "VARCHAR"),
                 ("n_sentences", "INTEGER"), ("added_at", "TIMESTAMP"), ("url", "VARCHAR"), ("topic", "VARCHAR"),
                 ("relevant", "BOOLEAN"), ("topic_reason", "VARCHAR")),
    "sentences": (("article_id", "VARCHAR"), ("sentence_index", "INTEGER"), ("text", "VARCHAR")),
    "entities": (("article_id", "VARCHAR"), ("entity_key", "VARCHAR"), ("name", "VARCHAR"), ("label_en", "VARCHAR"),
                 ("type", "VARCHAR"), ("alignment", "VARCHAR"), ("mentions", "INTEGER"),
                 ("adjective_mentions", "INTEGER"), ("aliases", "VARCHAR[]"), *GEO),
    "mentions": (("article_id", "VARCHAR"), ("entity_key", "VARCHAR"), ("sentence_index", "INTEGER"),
                 ("surface", "VARCHAR"), ("start_char", "INTEGER"), ("end_char", "INTEGER"), ("kind", "VARCHAR")),
    "figures": (("article_id", "VARCHAR"), ("sentence_index", "INTEGER"), ("value", "DOUBLE"), ("bound", "VARCHAR"),
                ("category", "VARCHAR"), ("actor", "VARCHAR"), ("unit", "VARCHAR"), ("evidence", "VARCHAR"),
                ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"), ("by_actor", "VARCHAR"),
                ("target", "VARCHAR"), ("location", "VARCHAR"), ("location_ar", "VARCHAR"), *GEO),
    "stance": (("article_id", "VARCHAR"), ("sentence_index", "INTEGER"), ("target", "VARCHAR"),
               ("polarity", "INTEGER"), ("score", "DOUBLE"), ("cues", f"{CUE}[]"), ("role", "VARCHAR"),
               ("confidence", "DOUBLE"), ("sentence_key", "VARCHAR")),  # the same sentence in another article: one key
    "meta": (("key", "VARCHAR PRIMARY KEY"), ("value", "VARCHAR")),
    "import_chunks": (("source", "VARCHAR"), ("chunk", "INTEGER")),
}
TABLE_KEYS = {"import_chunks": ["PRIMARY KEY (source, chunk)"]}
SCHEMA = "\n".join(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join([f'{c} {t}' for c, t in cols] + TABLE_KEYS.get(table, []))});"
                   for table, cols in TABLES.items())
SENTENCE_TEXTS = 5_000  # sentence texts kept in memory (about 1 MB): the evidence pages a few analysts look at
CHILD_TABLES = ("sentences", "entities", "mentions", "figures", "stance")
COLUMNS = {table: [c for c, _ in cols] for table, cols in TABLES.items()}
# Analysed rows travel (from a bulk import's workers, through the Parquet queue) as Arrow tables with the tables'
# own types, lists and structs included: DuckDB inserts them without conversion or casts.
ARROW_TYPES = {"VARCHAR": pa.string(), "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(), "DATE": pa.date32(),
               "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
               f"{CUE}[]": pa.list_(pa.struct([("word", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                                                ("sign", pa.int32())]))}
ARROW_SCHEMAS = {table: pa.schema([(c, ARROW_TYPES[t.removesuffix(" PRIMARY KEY")]) for c, t in cols])
                 for table, cols in TABLES.items() if table in ("articles",) + CHILD_TABLES}


def _insert(cur, frames: dict[str, pa.Table], chunks: list[tuple[str, int]] = ()):
    """Every table's rows (and the bulk import's chunk numbers they complete) in one transaction: all or none."""
    cur.execute("BEGIN")
    try:
        if chunks:
            cur.executemany("INSERT OR IGNORE INTO import_chunks VALUES (?, ?)", [list(c) for c in chunks])
        for table, frame in frames.items():
            if len(frame):
                cur.register("incoming", frame)
                cur.execute(f"INSERT INTO {table} SELECT * FROM incoming")
                cur.unregister("incoming")
        cur.execute("COMMIT")
    except Exception:
        try:
            cur.execute("ROLLBACK")
        except duckdb.TransactionException:
            pass  # a failed COMMIT (a full disk) has already ended the transaction: its own error is what to say
        raise


def article_frames(articles, now: datetime | None = None) -> dict[str, pa.Table]:
    """Rows of every table for these articles, as Arrow tables (ARROW_SCHEMAS); an article repeated in the list (the
    same cleaned text) is kept once. Pure, so a bulk import's workers build them and the one writer only inserts."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    first: dict[str, object] = {}
    for a in articles:
        first.setdefault(a.id, a)
    articles = list(first.values())
    rows: dict[str, list] = {t: [] for t in ARROW_SCHEMAS}  # in COLUMNS order
    for a in articles:
        t = a.text
        rows["articles"].append((a.id, a.source_file, t.index, t.title, date.fromisoformat(t.date) if t.date else None,
                                 t.source, t.author, t.body, len(a.sentences), now, t.url,
                                 *((a.topic.topic, a.topic.relevant, a.topic.reason) if a.topic else (None, True, None))))
        rows["sentences"] += [(a.id, i, s) for i, s in enumerate(a.sentences)]
        for e in a.entities:
            rows["entities"].append((a.id, e.key, e.name, e.label_en, e.type, e.alignment, e.name_mentions,
                                     len(e.mentions) - e.name_mentions, e.aliases, *_geo(e.place)))
            rows["mentions"] += [(a.id, m.key, m.sentence_index, m.surface, m.start, m.end, m.kind)
                                 for m in e.mentions]
        rows["figures"] += [(a.id, f.sentence_index, f.value, f.bound, f.category, f.actor, f.unit, f.evidence,
                             f.evidence_start, f.evidence_end, f.by, f.target, f.location,
                             f.place.label_ar if f.place else None, *_geo(f.place)) for f in a.figures]
        rows["stance"] += [(a.id, s.sentence_index, s.target, s.polarity, s.score, s.cues, s.role, s.confidence,
                            sentence_key(a.sentences[s.sentence_index])) for s in a.stance]
    return {t: _arrow(r, ARROW_SCHEMAS[t]) for t, r in rows.items()}


def sentence_key(text: str) -> str:
    """A sentence's identity across articles: the hash of its normalised words, so a stock statement repeated by
    an outlet (a spokesman's boilerplate, a wire paragraph) is one sentence to the views that count it once."""
    return hashlib.sha1(" ".join(normalise(text).split()).encode("utf-8")).hexdigest()[:16]


def _geo(place) -> tuple:
    """The GEO columns of a place (or nulls)."""
    return (place.lat, place.lon, place.country, place.admin1 or None, place.precision, place.label_en) if place \
        else (None,) * len(GEO)


def _arrow(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows)) if rows else [()] * len(schema)
    return pa.table([pa.array(col, type=f.type) for col, f in zip(columns, schema)], schema=schema)


def merge_frames(batches: list[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    """Several article_frames results as one, so the writer inserts them in one transaction; an article in more
    than one (the same text in two chunks) is kept from the first."""
    seen: set[str] = set()
    kept = []
    for frames in batches:
        ids = frames["articles"]["id"].to_pylist()
        kept.append(_without(frames, seen) if seen.intersection(ids) else frames)
        seen.update(ids)
    return {t: pa.concat_tables([b[t] for b in kept]) for t in ARROW_SCHEMAS}


def _without(frames: dict[str, pa.Table], ids) -> dict[str, pa.Table]:
    """The frames without the rows of these articles."""
    ids = pa.array(list(ids), type=pa.string())
    return {t: f.filter(pc.invert(pc.is_in(f["id" if t == "articles" else "article_id"], value_set=ids)))
            for t, f in frames.items()}


class StoreVersionMismatch(RuntimeError):
    """The store file was made by another version of the dashboard (its schema differs)."""


def queue_dir(store_path: Path) -> Path:
    return Path(str(store_path) + ".queue")


def queue_frames(store_path: Path, frames: dict[str, pa.Table], name: str) -> Path:
    """Write analysed articles' rows (`article_frames`) as one queued chunk, marked complete only once fully
    written."""
    batch = queue_dir(store_path) / f"chunk-{name}"
    tmp = batch.with_name(batch.name + ".partial")
    tmp.mkdir(parents=True, exist_ok=True)
    for table, frame in frames.items():
        pq.write_table(frame, tmp / f"{table}.parquet")
    (tmp / "COMPLETE").touch()
    tmp.rename(batch)
    return batch


def default_path() -> Path:
    return Path(os.environ.get("DASHBOARD_DB") or DEFAULT_DB)


class Store:
    def __init__(self, path: str | Path | None = None):
        self.set_aside: list[str] = []  # queued chunks the last absorb_queue could not read (see _quarantine)
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # Streamlit reruns share the connection across threads
        self._texts: dict[tuple[str, int], str] = {}  # sentence texts read lately (see sentence_texts)
        self.con = duckdb.connect(str(self.path))
        fresh = not self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'articles'").fetchone()[0]
        self.con.execute(SCHEMA)
        if fresh:
            self.set_meta("schema", SCHEMA_VERSION)
        elif self.get_meta("schema") != SCHEMA_VERSION:
            self.con.close()
            raise StoreVersionMismatch(f"{self.path} was made by another version of the dashboard; move it away (or set "
                               "DASHBOARD_DB to a new file) and add the articles again")

    def close(self):
        self.con.close()

    @contextmanager
    def _cursor(self):
        """A cursor of its own for each operation: Streamlit runs reruns and download callbacks in other
        threads, and a DuckDB connection must not be shared between them mid-query."""
        with self._lock:
            cur = self.con.cursor()
            try:
                yield cur
            finally:
                cur.close()

    def has_article(self, article_id: str) -> bool:
        with self._cursor() as cur:
            return cur.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def add_articles(self, articles) -> int:
        """Store analysed articles; see add_frames."""
        return self.add_frames(article_frames(articles))

    def add_frames(self, frames: dict[str, pa.Table], chunks: list[tuple[str, int]] = ()) -> int:
        """Store analysed articles' rows (`article_frames`) in one transaction; articles already present (same
        cleaned text) are skipped with their rows. The bulk import's `chunks` (source, number) are recorded in the
        same transaction, so an import that is killed knows exactly which chunks are stored with all their rows.
        Returns how many articles were new."""
        with self._cursor() as cur:
            ids = frames["articles"]["id"].to_pylist()
            seen = {r[0] for r in cur.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()}
            if seen:
                frames = _without(frames, seen)
            added = len(frames["articles"])
            if not added and not chunks:
                return 0
            _insert(cur, frames, chunks)
        return added

    # --- the queue of an ingest that found the store busy ------------------------------------------------
    # DuckDB allows one writing process. An ingest that finds the store held (by the running dashboard) writes
    # each analysed chunk as Parquet files of the tables into a queue folder beside the store; the dashboard
    # takes them in on its next run (absorb_queue), so new articles show up without a restart.

    @property
    def queue_dir(self) -> Path:
        return queue_dir(self.path)

    def has_queue(self) -> bool:
        """Whether a complete queued chunk waits for absorb_queue (a directory listing: cheap on every rerun)."""
        return self.queue_dir.is_dir() and any((b / "COMPLETE").exists() for b in self.queue_dir.glob("chunk-*"))

    def absorb_queue(self) -> int:
        """Insert every complete queued chunk (deduplicated by article id) and delete it; returns articles added.
        A chunk that cannot be read (truncated, damaged) is moved to the quarantine folder with a REASON file and
        logged, and the chunks after it are still taken in: one bad chunk never stops the dashboard."""
        added, self.set_aside = 0, []
        for batch in sorted(self.queue_dir.glob("chunk-*")) if self.queue_dir.is_dir() else []:
            if not (batch / "COMPLETE").exists():
                continue  # still being written by the ingest
            try:
                added += self._absorb(batch)
            except (pa.ArrowException, OSError, KeyError, ValueError) as exc:
                self._quarantine(batch, exc)
                continue
            shutil.rmtree(batch, ignore_errors=True)
        return added

    @property
    def quarantine_dir(self) -> Path:
        return Path(str(self.path) + ".quarantine")

    def _quarantine(self, batch: Path, exc: Exception):
        target = self.quarantine_dir / batch.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(batch), target)
        reason = f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        (target / "REASON").write_text(reason + "\n", encoding="utf-8")
        log.warning("queued chunk %s set aside in %s (%s)", batch.name, target, reason)
        self.set_aside.append(batch.name)

    def _absorb(self, batch: Path) -> int:
        return self.add_frames({t: pq.read_table(batch / f"{t}.parquet") for t in ARROW_SCHEMAS})

    def update_article(self, article_id: str, source: str | None, date: str | None, url: str | None):
        """Correct an article's outlet, date (ISO, already validated) and URL; blank values become unknown."""
        with self._cursor() as cur:
            cur.execute("UPDATE articles SET source = ?, date = ?, url = ? WHERE id = ?",
                        [source or None, date or None, url or None, article_id])
            cur.execute("INSERT OR REPLACE INTO meta VALUES ('revision', ?)", [datetime.now(timezone.utc).isoformat()])

    def stored_chunks(self, source: str) -> set[int]:
        with self._cursor() as cur:
            return {r[0] for r in cur.execute("SELECT chunk FROM import_chunks WHERE source = ?", [source]).fetchall()}

    def remove_article(self, article_id: str) -> bool:
        with self._cursor() as cur:
            self._texts.clear()  # an article added again later may differ in its text (its id is of the normalised text)
            found = cur.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
            for table in CHILD_TABLES:
                cur.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
            cur.execute("DELETE FROM articles WHERE id = ?", [article_id])
            return found is not None

    def get_meta(self, key: str) -> str | None:
        with self._cursor() as cur:
            row = cur.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str):
        with self._cursor() as cur:
            cur.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def count_articles(self) -> int:
        with self._cursor() as cur:
            return cur.execute("SELECT count(*) FROM articles").fetchone()[0]

    def version(self) -> tuple:
        """Changes whenever articles are added, removed or edited: the cache key of everything read from the store."""
        with self._cursor() as cur:
            return tuple(cur.execute("SELECT count(*), max(added_at), sum(hash(id)), "
                                     "(SELECT value FROM meta WHERE key = 'revision') FROM articles").fetchone())

    def frame(self, table: str) -> pd.DataFrame:
        queries = {
            "articles": "SELECT id, source_file, idx, title, date, coalesce(strftime(date, '%Y-%m-%d'), 'undated') "
                        "AS date_label, coalesce(source, 'unknown') AS source, author, n_sentences, added_at, url, topic, coalesce(relevant, true) AS relevant, topic_reason FROM articles ORDER BY date NULLS LAST, source_file, idx",
            "sentences": "SELECT * FROM sentences",
            "entities": "SELECT * FROM entities",
            "mentions": "SELECT * FROM mentions",
            "figures": "SELECT * FROM figures",
            "stance": "SELECT * FROM stance",
        }
        with self._cursor() as cur:
            # through Arrow: about 20x faster than .df() for the string columns of a large store
            return cur.sql(queries[table]).to_arrow_table().to_pandas()

    def frame_for_article(self, article_id: str) -> pd.DataFrame:
        with self._cursor() as cur:
            return cur.execute("SELECT sentence_index, text FROM sentences WHERE article_id = ? "
                                    "ORDER BY sentence_index", [article_id]).df()

    def _matching(self, select: str, rest: str, regex: str, article_ids, params=()) -> pd.DataFrame:
        """`SELECT {select} FROM sentences s` of these articles' sentences that match an RE2 expression, then `rest`."""
        ids = pa.table({"article_id": pa.array(article_ids, type=pa.string())})
        with self._cursor() as cur:
            cur.register("wanted_articles", ids)
            try:
                return cur.execute(f"SELECT {select} FROM sentences s JOIN wanted_articles USING (article_id) "
                                   f"WHERE regexp_matches(s.text, ?) {rest}", [regex, *params]).df()
            finally:
                cur.unregister("wanted_articles")

    def sentences_matching(self, regex: str, article_ids, limit: int) -> pd.DataFrame:
        """The first `limit` sentences (article_id, sentence_index, text) of these articles that match an RE2
        regular expression, in article and sentence order."""
        return self._matching("s.article_id, s.sentence_index, s.text", "ORDER BY s.article_id, s.sentence_index "
                              "LIMIT ?", regex, article_ids, [limit])

    def matching_counts(self, regex: str, article_ids) -> pd.DataFrame:
        """Per article of these (article_id, sentences): how many of its sentences match an RE2 expression."""
        return self._matching("s.article_id, count(*) AS sentences", "GROUP BY s.article_id", regex, article_ids)

    def sentence_texts(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The texts of these (article id, sentence index) sentences. The last SENTENCE_TEXTS read are kept: an
        evidence page is read again on every redraw of its tab, and each read scans the sentences table (0.04 s
        at 30,000 articles)."""
        found = {k: t for k in keys if (t := self._texts.get(k)) is not None}
        missing = [k for k in keys if k not in found]
        if missing:
            df = pd.DataFrame(missing, columns=["article_id", "sentence_index"])
            with self._cursor() as cur:
                cur.register("wanted", df)
                rows = cur.execute("SELECT s.article_id, s.sentence_index, s.text FROM sentences s "
                                   "JOIN wanted w USING (article_id, sentence_index)").fetchall()
                read = {(a, i): t for a, i, t in rows}
                self._texts.update(read)
                for old in list(self._texts)[:max(0, len(self._texts) - SENTENCE_TEXTS)]:
                    del self._texts[old]
            found.update(read)
        return found
