"""Adding files to the store with a per-file outcome: added (n articles), already present, or rejected."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from dashboard.analysis.engines import get_engine
from dashboard.sources.files import RejectedFile
from dashboard.analysis.pipeline import analyse_bytes


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
              on_progress: Callable[[int, str], None] | None = None, batch: int = 200) -> list[FileOutcome]:
    """Analyse files and store their articles, up to `batch` files per store transaction. Outcomes come
    back in the order of the files; an article in two files counts as added for the first."""
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

    for n, (name, data) in enumerate(items, start=1):
        if on_progress:
            on_progress(n, name)
        try:
            articles = analyse_bytes(name, data, engine)
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


def seed_store(store, folder: Path, on_progress=None) -> list[FileOutcome]:
    """Analyse the shipped seed corpus into an empty store, once (a store the analyst emptied stays empty)."""
    if store.get_meta("seeded"):
        return []
    files = sorted(p for p in folder.iterdir() if p.is_file())
    outcomes = add_files(store, ((p.name, p.read_bytes()) for p in files), on_progress=on_progress)
    store.set_meta("seeded", str(folder))
    return outcomes
