"""Bulk import: files, folders and collections analysed in parallel — worker processes on this machine by
default, or a Dask cluster — while one writer (this process) commits to DuckDB, which has a single writer.

Work is cut into numbered chunks of CHUNK_SIZE articles; each chunk's articles, with all their rows, and the
chunk's number are committed in one transaction. A killed import run again skips the chunks it stored and
redoes the rest, so the store holds every article exactly once with all its rows. Articles are also
deduplicated by their content id, whatever file they came from.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from dashboard.sources.collections import ColumnMap, Record, is_collection, read_collection
from dashboard.sources.files import MAX_BYTES, RejectedFile

CHUNK_SIZE = 50  # articles per task: small enough to lose little when killed, large enough that sending a task
# costs little against analysing 50 articles (~1 s)
CHUNKS_PER_COMMIT = 4  # analysed chunks the writer inserts in one transaction: each insert has a fixed cost
# (~4 ms a table), and the writer shares the cores with the workers — measured on ANT, 4 chunks at once cost the
# writer 16 ms a chunk against 36 ms one by one; a kill loses at most these 4 chunks' analysis
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: keeps workers busy while bounding memory


@dataclass
class ChunkResult:
    number: int
    frames: dict  # the articles' rows of every table (store.article_frames): built here, the writer only inserts
    analysed: int  # articles found in the chunk
    rejected: list[tuple[str, str]]  # (name, reason)
    read: int  # articles (rows, files) in the chunk


def source_key(path: Path) -> str:
    """Identity of an input for resuming: the same file (path, size, modification time) resumes."""
    st = path.stat()
    return f"{path.resolve()}|{st.st_size}|{int(st.st_mtime)}"


def records(paths: Iterable[Path], columns: ColumnMap) -> Iterator[tuple[str, Record]]:
    """(source key, record) for every article of the inputs: collection rows, archive members, plain files."""
    for path in paths:
        key = source_key(path)
        if is_collection(path):
            for rec in read_collection(path, columns):
                yield key, rec
            continue
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:  # never read a file whole to learn it is too large
                yield key, Record(path.name, failure=f"file too large ({size / 1e6:.1f} MB; the limit is "
                                                     f"{MAX_BYTES / 1e6:.0f} MB)")
                continue
            yield key, Record(path.name, path.read_bytes())
        except OSError as exc:
            yield key, Record(path.name, failure=f"cannot read ({exc.strerror})")


def chunks(paths: Iterable[Path], columns: ColumnMap) -> Iterator[tuple[str, int, list[Record]]]:
    """(source key, chunk number, records); numbers count per source, so resuming is per file."""
    current_key, number, batch = None, 0, []
    for key, rec in records(paths, columns):
        if key != current_key:
            if batch:
                yield current_key, number, batch
            current_key, number, batch = key, 0, []
        batch.append(rec)
        if len(batch) >= CHUNK_SIZE:
            yield key, number, batch
            number, batch = number + 1, []
    if batch:
        yield current_key, number, batch


def analyse_chunk(number: int, batch: list[Record], engine_name: str) -> ChunkResult:
    """Runs in a worker: analyses every record alone (one failure never costs the others)."""
    from dashboard.analysis.engines import get_engine
    from dashboard.analysis.pipeline import analyse_document_safely
    from dashboard.store import article_frames

    engine = get_engine(engine_name)
    articles, rejected = [], []
    for rec in batch:
        if rec.document is None:  # read here, in the worker (Record reads on first use)
            rejected.append((rec.name, rec.error))
            continue
        try:
            found = analyse_document_safely(rec.document, engine)
        except RejectedFile as exc:
            rejected.append((rec.name, str(exc)))
            continue
        if not found:
            rejected.append((rec.name, "no article text found after cleaning"))
        articles += found
    return ChunkResult(number, article_frames(articles), len(articles), rejected, len(batch))


@dataclass
class ImportReport:
    read: int = 0  # files, rows and archive members read
    analysed: int = 0  # articles found in them
    added: int = 0  # articles new to the store
    rejected: int = 0
    skipped_chunks: int = 0  # stored by an earlier, interrupted run
    queued: bool = False  # the store was held by another process: "added" articles wait in its queue

    @property
    def already_present(self) -> int:
        return self.analysed - self.added

    def summary(self) -> str:
        resumed = f", {self.skipped_chunks} chunk(s) already stored by an earlier run" if self.skipped_chunks else ""
        if self.queued:  # not in the store yet, so neither added nor known to be new
            return (f"{self.read} read: {self.analysed} article(s) queued beside the store, {self.rejected} "
                    f"rejected{resumed}")
        return (f"{self.read} read: {self.added} article(s) added, {self.already_present} already present "
                f"(same text as a stored article), {self.rejected} rejected{resumed}")


class QueuedStore:
    """Stands in for the store while another process (the running dashboard, or another ingest) holds it: chunks
    go to the store's queue folder, which the dashboard takes in on its next run, and the next ingest that
    opens the store when it is done (store.absorb_queue)."""

    def __init__(self, store_path: Path):
        self.path = Path(store_path)
        self.run = uuid.uuid4().hex[:8]

    def add_frames(self, frames, chunks: list[tuple[str, int]] = ()) -> int:
        from dashboard.store import queue_frames

        if len(frames["articles"]):
            queue_frames(self.path, frames, f"{self.run}-{uuid.uuid4().hex[:8]}")
        return len(frames["articles"])

    def stored_chunks(self, source: str) -> set[int]:
        return set()  # duplicates are dropped when the dashboard takes the queue in

    def count_articles(self) -> str:
        return "queued; the dashboard adds them at its next refresh (or the next ingest that opens the store) —"


def make_executor(workers: int | None, scheduler: str | None, engine_name: str = "auto"):
    """A local process pool, or a Dask client (an existing cluster at `scheduler`, or a LocalCluster of
    `workers` processes when `workers` is given with scheduler "local-dask"). Both offer submit().

    The local pool's workers start at once and load the engine while the caller goes on (opening the store,
    reading the input): a serial start costs every import its length, and more when the work is split."""
    if scheduler:
        from distributed import Client, LocalCluster

        if scheduler == "local-dask":
            cluster = LocalCluster(n_workers=workers or os.cpu_count(), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            return Client(cluster)
        return Client(scheduler)
    # Workers start from a fresh server process, not a fork of this one: a fork copies the threads' locks of
    # whatever this process ran before (DuckDB, Arrow, a dashboard's server), and a worker then hung or died.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["dashboard.analysis.pipeline", "dashboard.bulk", "dashboard.store"])
    count = workers or os.cpu_count() or 1
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_load_engine,
                               initargs=(engine_name,))
    for _ in range(count):
        pool.submit(int)  # a task per worker: the pool starts a worker for each task that finds none idle
    return pool


def _load_engine(engine_name: str) -> None:
    """A worker's first act: load the engine (and its model) before the first chunk arrives."""
    from dashboard.analysis.engines import get_engine

    try:
        get_engine(engine_name)
    except Exception:  # noqa: BLE001 — an initializer that raises breaks the whole pool with no reason given;
        pass  # the first chunk's task raises the same error, with its message, to the writer


def _wait_one(futures):
    """The futures that are done, one wait — for concurrent.futures and Dask alike. Dask is imported only when
    its futures are in play: the import costs the writer half a second of CPU that a local pool's workers need."""
    if futures and not isinstance(next(iter(futures)), Future):
        from distributed import wait as dask_wait

        return set(dask_wait(list(futures), return_when="FIRST_COMPLETED").done)
    return wait(futures, return_when=FIRST_COMPLETED).done


def import_paths(store, paths: list[Path], engine_name: str = "auto", columns: ColumnMap | None = None,
                 workers: int | None = None, scheduler: str | None = None, progress: bool = True,
                 log=sys.stderr, executor=None) -> ImportReport:
    """Analyse every article of the inputs with the executor and commit chunk by chunk (see module doc);
    `executor`, from make_executor, is one already started (this function closes it)."""
    from tqdm import tqdm

    from dashboard.store import merge_frames

    columns = columns or ColumnMap()
    report = ImportReport()
    if not paths:
        if executor:
            executor.shutdown()
        return report
    done_before: dict[str, set[int]] = {}
    bar = tqdm(unit="article", desc="analysing", disable=not progress, file=log, dynamic_ncols=True)
    executor = executor or make_executor(workers, scheduler, engine_name)
    limit = IN_FLIGHT_PER_WORKER * (workers or os.cpu_count() or 1)
    pending: dict = {}
    analysed: list[tuple[str, ChunkResult]] = []  # waiting for the next commit
    try:
        def commit():
            report.added += store.add_frames(merge_frames([r.frames for _, r in analysed]),
                                             chunks=[(key, r.number) for key, r in analysed])
            bar.update(sum(r.read for _, r in analysed))
            analysed.clear()

        def drain(block_until: int):
            while len(pending) > block_until:
                for fut in _wait_one(set(pending)):
                    result: ChunkResult = fut.result()
                    analysed.append((pending.pop(fut), result))
                    report.read += result.read
                    report.analysed += result.analysed
                    report.rejected += len(result.rejected)
                    for name, reason in result.rejected:
                        print(f"{name}: {reason}", file=log)
                if len(analysed) >= CHUNKS_PER_COMMIT:
                    commit()

        for key, number, batch in chunks(paths, columns):
            if key not in done_before:
                done_before[key] = store.stored_chunks(key)
            if number in done_before[key]:
                report.skipped_chunks += 1
                bar.update(len(batch))
                continue
            pending[executor.submit(analyse_chunk, number, batch, engine_name)] = key
            drain(limit)
        drain(0)
        if analysed:
            commit()
    finally:
        bar.close()
        if hasattr(executor, "close"):  # a Dask client (and its LocalCluster)
            cluster = getattr(executor, "cluster", None)
            executor.close()
            if cluster is not None:
                cluster.close()
        else:
            executor.shutdown(cancel_futures=True)
    return report
