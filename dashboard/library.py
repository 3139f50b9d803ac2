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
LAST_IMPORT = "last_import"  # meta key: the files of the running or last import, and whether it finished


@dataclass
class FileOutcome:
    name: str
    status: str  # added | already present | rejected
    articles: int = 0
    detail: str = ""

    @property
    def message(self) -> str:
        if self.status == "added":
            extra = f" ({self.detail})" if self.detail else ""
            return f"added {self.articles} article{'s' if self.articles != 1 else ''}{extra}"
        if self.status == "already present":
            return "already present (same text as a stored article)"
        return f"rejected: {self.detail}"


def add_files(store, items: Iterable[tuple[str, bytes]], engine_name: str = "auto",
              on_progress: Callable[[int, str], None] | None = None, batch: int = 200,
              metadata: dict | None = None) -> list[FileOutcome]:
    """Analyse files and store their articles, up to `batch` files per store transaction. Outcomes come
    back in the order of the files; an article in two files counts as added for the first. `metadata`
    (source, date, url given by the user for these files) wins over what the files themselves say."""
    engine = get_engine(engine_name)
    outcomes: list[FileOutcome | None] = []
    pending: list[tuple[int, str, list]] = []

    def store_pending():
        fresh, claimed = [], set()
        for slot, name, articles in pending:
            new = [a for a in articles if a.id not in claimed and not store.has_article(a.id)]
            claimed.update(a.id for a in new)
            fresh += new
            dup = len(articles) - len(new)
            outcomes[slot] = (FileOutcome(name, "added", len(new), f"{dup} already present" if dup else "")
                              if new else FileOutcome(name, "already present"))
        store.add_articles(fresh)
        pending.clear()

    for n, (name, data) in enumerate(_expand(items), start=1):
        if on_progress:
            on_progress(n, name)
        try:
            doc = read_document(name, data) if isinstance(data, bytes) else \
                data if isinstance(data, RawDocument) else _reject(data)
            doc.metadata.update(metadata or {})
            articles = analyse_document_safely(doc, engine)
        except RejectedFile as exc:
            outcomes.append(FileOutcome(name, "rejected", detail=str(exc)))
            continue
        if not articles:
            outcomes.append(FileOutcome(name, "rejected", detail="no article text found after cleaning"))
            continue
        outcomes.append(None)
        pending.append((len(outcomes) - 1, name, articles))
        if len(pending) >= batch:
            store_pending()
    store_pending()
    return outcomes


def _expand(items: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes | RawDocument | str]]:
    """Files as they are; a collection (CSV, JSON Lines, Parquet, ZIP — uploaded as one file) as its articles,
    each a RawDocument, or the reason its row could not be read."""
    for name, data in items:
        if not is_collection(Path(name)):
            yield name, data
            continue
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(name).name
            path.write_bytes(data)
            try:
                for rec in read_collection(path):
                    yield rec.name, rec.document or rec.error
            except (OSError, ValueError, EOFError) as exc:  # a damaged archive or compressed stream
                yield name, f"the collection cannot be read ({exc.__class__.__name__})"


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
        self.done, self.current = n - 1, name



def interrupted_import(store) -> list[str] | None:
    """The files of an import that a crash or restart cut short (None when the last one finished)."""
    raw = store.get_meta(LAST_IMPORT)
    info = json.loads(raw) if raw else {}
    return info.get("files", []) if info and not info.get("finished") else None


def clear_interrupted_import(store):
    store.set_meta(LAST_IMPORT, json.dumps({"finished": True}))
