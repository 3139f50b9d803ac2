"""Adding files to the store with a per-file outcome: added (n articles), already present, or rejected."""
from __future__ import annotations

import json
import logging
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from dashboard.analysis.engines import get_engine
from dashboard.analysis.pipeline import analyse_document_safely
from dashboard.sources.collections import is_collection, read_collection
from dashboard.sources.files import RawDocument, RejectedFile, read_document

log = logging.getLogger(__name__)
MAX_UPLOAD_ROWS = 50_000  # rows of one uploaded collection (the whole ANT corpus has 31,447; 50,000 take about 25
# minutes of one server thread): larger ones go through the CLI, which uses every core
LAST_IMPORT = "last_import"  # meta key: the files of the running or last import, and whether it finished


@dataclass
class FileOutcome:
    name: str
    status: str  # added | already present | rejected
    articles: int = 0
    detail: str = ""
    file: str = ""  # the given file it came from (a collection's name for each of its rows); default: name

    def __post_init__(self):
        self.file = self.file or self.name

    @property
    def message(self) -> str:
        if self.status == "added":
            extra = f" ({self.detail})" if self.detail else ""
            return f"added {self.articles} article{'s' if self.articles != 1 else ''}{extra}"
        if self.status == "already present":
            return "already present (same text as a stored article)"
        return f"rejected: {self.detail}"


REASONS_SHOWN = 3  # rejected rows of a collection named in its summary line; the rest are counted


def per_file(outcomes: list[FileOutcome]) -> list[tuple[str, str]]:
    """(status, one line) per given file: a plain file's own outcome; a collection's rows summed up (articles
    added, rows already present, rows rejected with the first REASONS_SHOWN reasons), so a 2,000-row upload is
    one line, not 2,000. The status is the worst of its rows' that still tells: added if any row was."""
    groups: dict[str, list[FileOutcome]] = {}
    for o in outcomes:
        groups.setdefault(o.file, []).append(o)
    lines = []
    for file, group in groups.items():
        if len(group) == 1 and group[0].name == file:
            lines.append((group[0].status, f"{file}: {group[0].message}"))
            continue
        added = sum(o.articles for o in group if o.status == "added")
        present = sum(o.status == "already present" for o in group)
        rejected = [o for o in group if o.status == "rejected"]
        parts = [f"added {added} article{'s' if added != 1 else ''} from {len(group)} rows"]
        if present:
            parts.append(f"{present} already present")
        if rejected:
            shown = "; ".join(f"{o.name}: {o.detail}" for o in rejected[:REASONS_SHOWN])
            more = f"; and {len(rejected) - REASONS_SHOWN} more" if len(rejected) > REASONS_SHOWN else ""
            parts.append(f"{len(rejected)} rejected ({shown}{more})")
        status = "added" if added else "rejected" if len(rejected) == len(group) else "already present"
        lines.append((status, f"{file}: " + ", ".join(parts)))
    return lines


def add_files(store, items: Iterable[tuple[str, bytes]], engine_name: str = "auto",
              on_progress: Callable[[int, str], None] | None = None, batch: int = 200,
              metadata: dict | None = None) -> list[FileOutcome]:
    """Analyse files and store their articles, up to `batch` documents per store transaction. Outcomes come
    back in the order of the documents (a collection gives one per row); an article in two files counts as
    added for the first. `metadata` (source, date, url given by the user for these files) wins over what the
    files themselves say. `on_progress(n, name)`: the n-th of the given files (1-based, never more than there
    are files) is being read, at the document `name` (a collection's row, say)."""
    engine = get_engine(engine_name)
    outcomes: list[FileOutcome | None] = []
    pending: list[tuple[int, str, str, list, str]] = []  # outcome slot, document, given file, articles, repairs

    def store_pending():
        fresh, claimed = [], set()
        for slot, name, file, articles, repaired in pending:
            new = [a for a in articles if a.id not in claimed and not store.has_article(a.id)]
            claimed.update(a.id for a in new)
            fresh += new
            dup = len(articles) - len(new)
            detail = "; ".join(d for d in (f"{dup} already present" if dup else "", repaired) if d)
            outcomes[slot] = (FileOutcome(name, "added", len(new), detail, file)
                              if new else FileOutcome(name, "already present", file=file))
        store.add_articles(fresh)
        pending.clear()

    for n, file, name, data in _expand(items):
        if on_progress:
            on_progress(n, name)
        try:
            doc = read_document(name, data) if isinstance(data, bytes) else \
                data if isinstance(data, RawDocument) else _reject(data)
            doc.metadata.update(metadata or {})
            articles = analyse_document_safely(doc, engine)
        except RejectedFile as exc:
            outcomes.append(FileOutcome(name, "rejected", detail=str(exc), file=file))
            continue
        if not articles:
            outcomes.append(FileOutcome(name, "rejected", detail="no article text found after cleaning", file=file))
            continue
        outcomes.append(None)
        pending.append((len(outcomes) - 1, name, file, articles, "; ".join(doc.warnings)))
        if len(pending) >= batch:
            store_pending()
    store_pending()
    return outcomes


def _expand(items: Iterable[tuple[str, bytes]]) -> Iterator[tuple[int, str, str, bytes | RawDocument | str]]:
    """(file number from 1, the given file's name, document name, document): files as they are; a collection
    (CSV, JSON Lines, Parquet, ZIP — uploaded as one file) as its articles, each a RawDocument, or the reason its
    row could not be read, all under the collection's own number and name."""
    for n, (name, data) in enumerate(items, start=1):
        if not is_collection(Path(name)):
            yield n, name, name, data
            continue
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(name).name
            path.write_bytes(data)
            try:
                for rec in read_collection(path, max_rows=MAX_UPLOAD_ROWS):
                    yield n, name, rec.name, rec.document or rec.error
            except (OSError, ValueError, EOFError) as exc:  # a damaged archive or compressed stream
                yield n, name, name, f"the collection cannot be read ({exc.__class__.__name__})"


def _reject(reason: str):
    raise RejectedFile(reason)


def seed_store(store, folder: Path, on_progress=None) -> list[FileOutcome]:
    """Analyse the shipped seed corpus into an empty store, once (a store the analyst emptied stays empty)."""
    if store.get_meta("seeded"):
        return []
    files = sorted(p for p in folder.iterdir() if p.is_file())
    outcomes = add_files(store, ((p.name, p.read_bytes()) for p in files), on_progress=on_progress)
    store.set_meta("seeded", str(folder))
    return outcomes


class ImportJob(threading.Thread):
    """Analyses and stores files in a thread of its own, so a rerun of the page (a tab click, the language
    switch) or a closed tab does not abandon it; the store commits every `batch` files, and the store's meta
    table records the job (files, how many done) so a crash or restart can be reported afterwards."""

    BATCH = 20  # files per commit: what a crash can cost at most

    def __init__(self, store, items: list[tuple[str, bytes]], engine_name: str = "auto", metadata: dict | None = None):
        super().__init__(daemon=True)
        self.store, self.items, self.engine_name, self.metadata = store, items, engine_name, metadata
        self.total = len(items)
        self.done, self.current, self.outcomes = 0, "", []
        self.error: str | None = None
        self.id = uuid.uuid4().hex[:12]
        store.set_meta(LAST_IMPORT, json.dumps({"id": self.id, "files": [n for n, _ in items], "finished": False}))

    def run(self):
        try:
            self.outcomes = add_files(self.store, self.items, self.engine_name, on_progress=self._progress,
                                      batch=self.BATCH, metadata=self.metadata)
        except Exception as exc:  # noqa: BLE001 — reported to the user, logged with its traceback
            log.exception("import %s failed", self.id)
            self.error = f"the import stopped ({exc.__class__.__name__}); the details are in the server log"
        finally:
            self.items = []  # the bytes are no longer needed
            self.store.set_meta(LAST_IMPORT, json.dumps({"id": self.id, "finished": True}))

    def _progress(self, n: int, name: str):
        self.done, self.current = n - 1, name  # files before the n-th are done; rows never count as files


def interrupted_import(store) -> list[str] | None:
    """The files of an import that a crash or restart cut short (None when the last one finished)."""
    raw = store.get_meta(LAST_IMPORT)
    info = json.loads(raw) if raw else {}
    return info.get("files", []) if info and not info.get("finished") else None


def clear_interrupted_import(store):
    store.set_meta(LAST_IMPORT, json.dumps({"finished": True}))
