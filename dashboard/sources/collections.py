"""Collections in: one article per row of a CSV, JSON Lines or Parquet file (plain, gzip, xz or zstd), or one
per file of a ZIP archive. Column names are mapped (`ColumnMap`); metadata from columns wins over metadata
guessed from the text. A row that cannot be read gets a one-line reason with its row number and the others
go on.
"""
from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Iterator

from dashboard.sources.files import MAX_BYTES, RawDocument, RejectedFile, check_archive, read_document

TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")
COMPRESSIONS = (".gz", ".xz", ".zst", ".zstd", ".bz2")
MAX_ZIP_MEMBER_BYTES = MAX_BYTES  # each file inside an archive obeys the single-file limit
csv.field_size_limit(MAX_BYTES)  # a long article in one cell is normal; the default 128 KB is not enough


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds what; the defaults are the usual names of news feeds and exports."""
    text: str = "text"
    title: str = "title"
    date: str = "date"
    outlet: str = "outlet"
    url: str = "url"
    fallbacks: dict = field(default_factory=lambda: {
        "text": ("body", "content", "article"), "date": ("time", "published", "pubdate", "published_at"),
        "outlet": ("source", "site", "publisher"), "title": ("headline",), "url": ("link",)})

    def value(self, row: dict, what: str):
        name = getattr(self, what)
        if row.get(name) not in (None, ""):
            return row[name]
        return next((row[c] for c in self.fallbacks.get(what, ()) if row.get(c) not in (None, "")), None)


@dataclass
class Record:
    """One article of a collection, or the reason it cannot be read. Its bytes are decoded, extracted and checked
    (read_document) on first use — in a bulk import that is in the worker, so the process reading the files only
    reads."""
    name: str  # collection file name and row («feed.csv#row 12»)
    data: bytes | None = None  # the article file's bytes, or the row's text as UTF-8
    metadata: dict = field(default_factory=dict)  # from the row's columns; wins over what the text suggests
    failure: str | None = None  # why the row or file could not even be read
    file_name: str | None = None  # the name whose suffix gives the file type (a row's text: ".txt"); default: name
    _read: tuple | None = field(default=None, repr=False)  # (document, reason) once read

    def _load(self) -> tuple[RawDocument | None, str | None]:
        if self._read is None:
            if self.failure is not None or self.data is None:
                self._read = (None, self.failure or "unreadable")
            else:
                try:
                    doc = read_document(self.file_name or self.name, self.data)
                    doc.metadata.update(self.metadata)
                    self._read = (doc, None)
                except RejectedFile as exc:
                    self._read = (None, str(exc))
        return self._read

    @property
    def document(self) -> RawDocument | None:
        return self._load()[0]

    @property
    def error(self) -> str | None:
        return self._load()[1]


def is_collection(path: Path) -> bool:
    name = path.name.lower()
    for comp in COMPRESSIONS:
        if name.endswith(comp):
            name = name[: -len(comp)]
    return name.endswith(TABLE_SUFFIXES) or name.endswith(".zip")


_DEFAULTS = (datetime(1904, 1, 1), datetime(1905, 2, 2))  # see parse_date: two days apart in every field


def parse_date(value) -> str | None:
    """ISO date of a feed's date: RFC 822 («Mon, 26 Feb 2018 02:20:10 GMT»), ISO 8601, or what dateutil reads
    when the text gives year, month and day; None for anything less (a date is never completed)."""
    if value in (None, ""):
        return None
    if hasattr(value, "date"):
        return value.date().isoformat() if callable(value.date) else str(value.date)
    text = str(value).strip()
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    from dateutil import parser

    # dateutil fills whatever the text leaves out from its default (today, unless told otherwise): parsed against
    # two defaults that differ in year, month and day, a date the text gives whole comes out the same twice, and
    # «2018», «March 2018», «Tue», «10:30» or a stray «-1» do not. Those are refused, never completed.
    try:
        first, second = (parser.parse(text, dayfirst=False, default=d).date() for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    return first.isoformat() if first == second else None


SNIFF_BYTES = 64 * 1024  # inflated bytes read to tell UTF-8 from Windows-1256 (Arabic exports from Excel)


def _open_binary(path: Path) -> io.BufferedIOBase:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    if name.endswith(".xz"):
        return lzma.open(path, "rb")
    if name.endswith(".bz2"):
        return bz2.open(path, "rb")
    if name.endswith((".zst", ".zstd")):
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(path.open("rb"), closefd=True)
    return path.open("rb")


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), or Windows-1256 when the first SNIFF_BYTES are not UTF-8 (a character cut at
    the end of the sample aside)."""
    try:
        with _open_binary(path) as fh:
            head = fh.read(SNIFF_BYTES)
    except _STREAM_ERRORS + _zstd_errors():
        return "utf-8-sig"  # damaged: reading it again says so, row by row
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return "cp1256"
    return "utf-8-sig"


def _open_text(path: Path) -> io.TextIOBase:
    """The collection as text, inflated as it is read; bytes its encoding cannot hold become U+FFFD."""
    return io.TextIOWrapper(_open_binary(path), encoding=_encoding(path), errors="replace", newline="")


# what a damaged or cut-short compressed stream raises as it is read
_STREAM_ERRORS = (EOFError, OSError, lzma.LZMAError, zlib.error)


MAX_LINE_CHARS = 20_000_000  # a JSON or CSV line holds one article, and no article is larger than a file may be
MAX_INFLATED_CHARS = 2_000_000_000  # characters one collection may inflate to (the whole ANT corpus: 110 M)
SKIP_CHUNK = 1 << 20  # characters read at a time while skipping the rest of an overlong line


def _zstd_errors() -> tuple:
    import zstandard

    return (zstandard.ZstdError,)


class _Overlong(Exception):
    """A line longer than MAX_LINE_CHARS: never held in memory, only skipped."""


class CollectionTooLarge(ValueError):
    pass


class _Lines:
    """The lines of a text stream as it is read (never inflated whole): each at most MAX_LINE_CHARS, all of them
    at most `max_chars`. An overlong line is skipped while it is read and comes out as OVERLONG."""
    OVERLONG = object()

    def __init__(self, fh: io.TextIOBase, max_chars: int = MAX_INFLATED_CHARS):
        self.fh, self.max_chars, self.read = fh, max_chars, 0

    def _count(self, text: str) -> str:
        self.read += len(text)
        if self.read > self.max_chars:
            raise CollectionTooLarge(f"inflates to more than {self.max_chars / 1e6:,.0f} M characters "
                                     "(MAX_INFLATED_CHARS); the rest is not read")
        return text

    def __iter__(self):
        while line := self._count(self.fh.readline(MAX_LINE_CHARS + 1)):
            if len(line) <= MAX_LINE_CHARS or line.endswith("\n"):
                yield line
                continue
            while (more := self._count(self.fh.readline(SKIP_CHUNK))) and not more.endswith("\n"):
                pass
            yield self.OVERLONG


def _csv_lines(lines: _Lines):
    for line in lines:
        if line is _Lines.OVERLONG:
            raise _Overlong
        yield line


def _rows(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    """(row number, row, error) of a table file; row numbers count from 1 (data rows, header excluded). Text files
    are read a line at a time within MAX_LINE_CHARS and MAX_INFLATED_CHARS, however well they compress."""
    base = path.name.lower()
    for comp in COMPRESSIONS:
        base = base.removesuffix(comp)
    if base.endswith(".parquet"):
        import pyarrow.parquet as pq

        n = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=256):
            for row in batch.to_pylist():
                n += 1
                yield n, row, None
        return
    too_long = f"a line longer than {MAX_LINE_CHARS / 1e6:.0f} M characters (MAX_LINE_CHARS)"
    with _open_text(path) as fh:
        lines = _Lines(fh, MAX_INFLATED_CHARS)
        n = 0
        try:
            if base.endswith((".csv", ".tsv")):
                reader = csv.DictReader(_csv_lines(lines), delimiter="\t" if base.endswith(".tsv") else ",")
                while True:
                    try:
                        row = next(reader)
                    except StopIteration:
                        return
                    except csv.Error as exc:
                        n += 1
                        yield n, None, f"malformed CSV ({exc})"
                        continue
                    n += 1
                    yield n, row, None
            else:
                for n, line in enumerate(lines, start=1):
                    if line is _Lines.OVERLONG:
                        yield n, None, too_long
                        continue
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as exc:
                        yield n, None, f"not valid JSON ({exc.msg} at column {exc.colno})"
                        continue
                    yield (n, row, None) if isinstance(row, dict) else (n, None, "a JSON value that is not an object")
        except _Overlong:
            yield n + 1, None, too_long + "; a CSV line cannot be skipped safely, so the rest is not read"
        except _STREAM_ERRORS + _zstd_errors() as exc:
            yield n + 1, None, (f"the file is damaged or cut short after row {n} ({exc.__class__.__name__}); "
                                "the rows before it are read")
        except CollectionTooLarge as exc:
            yield n + 1, None, f"the collection {exc}"


def _record(name: str, row: dict, columns: ColumnMap) -> Record:
    text = columns.value(row, "text")
    if not isinstance(text, str) or not text.strip():
        return Record(name, failure=f"no text in column '{columns.text}'")
    title = columns.value(row, "title")
    if isinstance(title, str) and title.strip() and not text.lstrip().startswith(title.strip()):
        text = title.strip() + "\n\n" + text
    meta = {"title": title, "date": parse_date(columns.value(row, "date")),
            "source": columns.value(row, "outlet"), "url": columns.value(row, "url")}
    # a cell of another type is not what its column means: a list or a bool as an outlet, a number as a URL
    # («['a', 'b']», «True») are dropped, never turned into text; a URL must be http(s)
    meta = {k: v.strip() for k, v in meta.items() if isinstance(v, str) and v.strip()}
    if "url" in meta and not meta["url"].lower().startswith(("http://", "https://")):
        del meta["url"]
    meta["single_article"] = True  # a row is one article: never split at wide gaps
    return Record(name, text.encode("utf-8"), meta, file_name=name + ".txt")


def _scrubbed(value):
    """A text cell with lone surrogates («\\ud800» in JSON, which no UTF-8 can hold) replaced by U+FFFD; other
    values as they are."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def read_collection(path: Path, columns: ColumnMap | None = None, max_rows: int | None = None) -> Iterator[Record]:
    """Every article of a collection file, in order (a ZIP yields its article files); past `max_rows` rows, one
    record saying the rest is not read."""
    columns = columns or ColumnMap()
    if path.name.lower().endswith(".zip"):
        yield from _zip_records(path)
        return
    for n, row, error in _rows(path):
        name = f"{path.name}#row {n}"
        if max_rows is not None and n > max_rows:
            yield Record(name, failure=f"more than {max_rows:,} rows: the rest of the collection is not read "
                                       "(import it with `python -m dashboard ingest`)")
            return
        if error:
            yield Record(name, failure=error)
            continue
        try:
            yield _record(name, {k: _scrubbed(v) for k, v in row.items()}, columns)
        except (ValueError, TypeError) as exc:  # one odd row costs itself, never the rows after it
            yield Record(name, failure=f"the row cannot be read ({exc.__class__.__name__})")


def _zip_records(path: Path) -> Iterator[Record]:
    data = path.read_bytes()
    try:
        archive = check_archive(data)
    except RejectedFile as exc:
        yield Record(path.name, failure=str(exc))
        return
    for info in archive.infolist():
        if info.is_dir() or Path(info.filename).name.startswith("."):
            continue
        name = f"{path.name}/{info.filename}"
        if info.file_size > MAX_ZIP_MEMBER_BYTES:
            yield Record(name, failure=f"file too large ({info.file_size / 1e6:.1f} MB)")
            continue
        try:
            yield Record(name, archive.read(info))
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            yield Record(name, failure=f"cannot be extracted ({exc.__class__.__name__})")
