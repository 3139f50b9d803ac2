"""Bulk import: collections in every format with a column mapping, bad rows with their row number, ZIP
archives, parallel workers, the Dask path on a LocalCluster of 2 workers, and resuming after SIGKILL."""
import csv
import gzip
import io
import json
import lzma
import os
import signal
import subprocess
import sys
import time
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT

from dashboard.bulk import CHUNK_SIZE, import_paths
from dashboard.sources.collections import ColumnMap, parse_date, read_collection

BODY = ("أعلنت الحكومة العراقية في بغداد أن {n} جنديا أمريكيا ما زالوا في قاعدة عين الأسد، وأن الفصائل المسلحة "
        "الموالية لإيران هددت بمهاجمة القاعدة للمرة {n}. وقال المتحدث إن الحكومة تواصل الحوار مع واشنطن.")


def rows(n, start=0):
    return [{"id": i, "headline": f"خبر رقم {i}", "body": BODY.format(n=i + 3), "time": "Mon, 26 Feb 2018 02:20:10 GMT",
             "site": "bbc"} for i in range(start, start + n)]


MAPPING = ColumnMap(text="body", title="headline", date="time", outlet="site")


def write_jsonl(path, data, opener=open):
    with opener(path, "wt", encoding="utf-8") as fh:
        for r in data:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def test_feed_dates_are_parsed_by_a_real_library():
    assert parse_date("Mon, 26 Feb 2018 02:20:10 GMT") == "2018-02-26"
    assert parse_date("2018-02-26T02:20:10+04:00") == "2018-02-26"
    assert parse_date("not a date") is None


def test_a_date_is_never_completed_from_the_clock():
    """dateutil fills what a text leaves out from today: «2018» became 2018-12-03 and «10:30» today."""
    for partial in ("2018", "March 2018", "Tue", "10:30", "-1", -1, "2018-03"):
        assert parse_date(partial) is None, partial
    assert parse_date("3 March 2018") == "2018-03-03" and parse_date("2018/03/04") == "2018-03-04"


@pytest.mark.parametrize("suffix,writer", [
    (".jsonl", lambda p, d: write_jsonl(p, d)),
    (".jsonl.gz", lambda p, d: write_jsonl(p, d, gzip.open)),
    (".jsonl.xz", lambda p, d: write_jsonl(p, d, lzma.open)),
    (".csv", lambda p, d: _csv(p, d)),
    (".parquet", lambda p, d: pq.write_table(pa.Table.from_pylist(d), p)),
])
def test_collections_in_every_format_with_the_column_mapping(tmp_path, suffix, writer):
    path = tmp_path / f"feed{suffix}"
    writer(path, rows(3))
    recs = list(read_collection(path, MAPPING))
    assert [r.error for r in recs] == [None] * 3
    meta = recs[0].document.metadata
    assert (meta["title"], meta["date"], meta["source"]) == ("خبر رقم 0", "2018-02-26", "bbc")


def _csv(path, data):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(data[0]))
        w.writeheader()
        w.writerows(data)


def test_zstd_and_bad_rows_are_reported_by_row_number(tmp_path):
    import zstandard

    lines = [json.dumps(r, ensure_ascii=False) for r in rows(2)]
    lines.insert(1, "{not json")
    lines.append(json.dumps({"body": ""}))
    path = tmp_path / "feed.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress("\n".join(lines).encode()))
    recs = list(read_collection(path, MAPPING))
    assert [r.error is None for r in recs] == [True, False, True, False]
    assert recs[1].name.endswith("#row 2") and "JSON" in recs[1].error
    assert "no text" in recs[3].error


def test_zip_archive_of_article_files(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", BODY.format(n=1))
        z.writestr("b.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    path = tmp_path / "articles.zip"
    path.write_bytes(buf.getvalue())
    recs = list(read_collection(path))
    assert recs[0].error is None and "PNG" in recs[1].error


def test_parallel_import_stores_every_article_once(tmp_path, store):
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, rows(CHUNK_SIZE + 7) + rows(3))  # the last three repeat the first three
    report = import_paths(store, [path], "builtin", MAPPING, workers=2, progress=False)
    assert (report.read, report.added, report.already_present) == (CHUNK_SIZE + 10, CHUNK_SIZE + 7, 3)
    assert store.count_articles() == CHUNK_SIZE + 7
    again = import_paths(store, [path], "builtin", MAPPING, workers=2, progress=False)
    assert again.skipped_chunks == 2 and store.count_articles() == CHUNK_SIZE + 7


def test_the_dask_path_on_a_local_cluster_of_two_workers(tmp_path, store):
    path = tmp_path / "feed.csv"
    _csv(path, rows(12))
    report = import_paths(store, [path], "builtin", MAPPING, workers=2, scheduler="local-dask", progress=False)
    assert report.added == 12 and store.count_articles() == 12


def test_sigkill_halfway_then_rerun_holds_every_article_once_with_its_rows(tmp_path):
    path = tmp_path / "feed.jsonl"
    n = CHUNK_SIZE * 40
    write_jsonl(path, rows(n))
    db = tmp_path / "s.duckdb"
    cmd = [sys.executable, "-m", "dashboard", "ingest", str(path), "--db", str(db), "--engine", "builtin",
           "--text-col", "body", "--title-col", "headline", "--workers", "1", "--no-progress"]
    for delay in (4.0, 2.0, 8.0, 1.0):  # the store cannot be read while the import holds it: kill, then look
        db.unlink(missing_ok=True)
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if 0 < _stored(db) < n:
            break
    assert 0 < _stored(db) < n  # killed halfway
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "already stored by an earlier run" in done.stdout
    check = ("import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True); print(c.execute('select count(*), "
             "count(distinct id), (select count(*) from articles a where not exists (select 1 from sentences s "
             "where s.article_id=a.id)) from articles').fetchone())")
    out = subprocess.run([sys.executable, "-c", check, str(db)], capture_output=True, text=True).stdout
    assert out.strip() == f"({n}, {n}, 0)"


def _stored(db) -> int:
    if not db.exists():
        return 0
    r = subprocess.run([sys.executable, "-c", "import duckdb,sys\ntry:\n c=duckdb.connect(sys.argv[1], read_only=True)\n"
                        " print(c.execute('select count(*) from articles').fetchone()[0])\nexcept Exception:\n print(0)",
                        str(db)], capture_output=True, text=True)
    return int(r.stdout.strip() or 0)


def test_an_uploaded_collection_adds_its_rows_and_reports_bad_ones(tmp_path, store):
    from dashboard.library import add_files

    buf = io.StringIO()
    w = csv.DictWriter(buf, ["text", "title", "outlet"])
    w.writeheader()
    w.writerows([{"text": BODY.format(n=5), "title": "أ", "outlet": "bbc"}, {"text": "", "title": "ب", "outlet": "x"}])
    out = add_files(store, [("feed.csv", buf.getvalue().encode())], engine_name="builtin")
    assert [o.status for o in out] == ["added", "rejected"] and out[1].name == "feed.csv#row 2"
    assert store.frame("articles")["source"].tolist() == ["bbc"]


def test_an_uploaded_collections_progress_counts_files_not_rows(store):
    """The sidebar's progress bar is `done / total` over the given files: a row of a collection must never count
    as a file (a 100-row CSV gave 1.19, then 58.0, and Streamlit raised StreamlitValueOutOfRangeError)."""
    from dashboard.library import add_files

    buf = io.StringIO()
    w = csv.DictWriter(buf, ["text", "title"])
    w.writeheader()
    w.writerows([{"text": BODY.format(n=i + 3), "title": f"خبر {i}"} for i in range(5)])
    seen = []
    items = [("feed.csv", buf.getvalue().encode()), ("one.txt", BODY.format(n=40).encode())]
    add_files(store, items, engine_name="builtin", on_progress=lambda n, name: seen.append((n, name)))
    assert max(n for n, _ in seen) == len(items)
    assert [n for n, _ in seen] == sorted(n for n, _ in seen)
    assert ("1", "feed.csv#row 5") in {(str(n), name) for n, name in seen}


def test_a_collection_is_reported_in_one_line_with_its_first_rejections():
    from dashboard.library import REASONS_SHOWN, FileOutcome, per_file

    rows_ = [FileOutcome(f"feed.csv#row {n}", "added", 1, file="feed.csv") for n in range(1, 96)]
    rows_ += [FileOutcome(f"feed.csv#row {n}", "rejected", detail="no text", file="feed.csv") for n in range(96, 101)]
    lines = per_file(rows_ + [FileOutcome("a.txt", "already present")])
    assert len(lines) == 2
    status, line = lines[0]
    assert status == "added" and line.startswith("feed.csv: added 95 articles from 100 rows, 5 rejected")
    assert line.count("no text") == REASONS_SHOWN and "and 2 more" in line
    assert lines[1] == ("already present", "a.txt: already present (same text as a stored article)")


def test_a_lone_surrogate_costs_nothing_but_its_characters(tmp_path, store):
    """«\\ud800» in JSON is a string no UTF-8 can hold: it stopped the CLI with 0 stored and, in the outlet column of
    an upload, failed the whole job."""
    from dashboard.library import add_files

    lines = [json.dumps({"text": BODY.format(n=5) + " \ud800", "outlet": "a"}),
             json.dumps({"text": BODY.format(n=6), "outlet": "b\ud800"}),
             json.dumps({"text": BODY.format(n=7), "outlet": "c"})]
    out = add_files(store, [("feed.jsonl", "\n".join(lines).encode("ascii"))], engine_name="builtin")
    assert [o.status for o in out] == ["added"] * 3
    assert sorted(store.frame("articles")["source"]) == ["a", "b\ufffd", "c"]


def test_a_compressed_collection_is_read_within_its_limits(tmp_path, monkeypatch):
    """A 0.9 MB .jsonl.gz holding one 150 MB line took the server from 848 to 1,615 MB: lines are read within
    MAX_LINE_CHARS (an overlong one is skipped as it streams), the whole within MAX_INFLATED_CHARS."""
    import tracemalloc

    from dashboard.sources import collections

    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "ا" * (collections.MAX_LINE_CHARS * 2)}) + "\n")
        fh.write(json.dumps({"text": BODY.format(n=3)}, ensure_ascii=False) + "\n")
    tracemalloc.start()
    records = list(read_collection(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [r.failure is None for r in records] == [False, True] and "MAX_LINE_CHARS" in records[0].failure
    assert peak < 3 * collections.MAX_LINE_CHARS * 2  # one line's worth at most, never the 40 M-character line
    monkeypatch.setattr(collections, "MAX_INFLATED_CHARS", 5_000)
    many = tmp_path / "many.jsonl.gz"
    write_jsonl(many, rows(100), opener=gzip.open)
    out = list(read_collection(many, MAPPING))
    assert "MAX_INFLATED_CHARS" in out[-1].failure and len(out) < 100


def test_an_uploaded_collection_stops_at_its_row_limit(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, rows(5))
    out = list(read_collection(path, MAPPING, max_rows=3))
    assert [r.failure is None for r in out] == [True, True, True, False]
    assert "more than 3 rows" in out[-1].failure and "ingest" in out[-1].failure


def test_an_overlong_csv_line_ends_the_file_with_its_reason(tmp_path):
    from dashboard.sources import collections

    path = tmp_path / "feed.csv"
    path.write_text("text\n" + BODY.format(n=1) + "\n" + "ب" * (collections.MAX_LINE_CHARS + 10) + "\n"
                    + BODY.format(n=2) + "\n", encoding="utf-8")
    out = list(read_collection(path))
    assert out[0].failure is None and "MAX_LINE_CHARS" in out[1].failure and len(out) == 2


def test_a_damaged_or_windows_1256_collection_costs_only_itself(tmp_path):
    """A truncated .jsonl.xz before a good file gave an EOFError traceback and 0 stored; a Windows-1256 CSV failed
    with "utf-8 codec can't decode byte 0xda" and the files after it were skipped."""
    cut = tmp_path / "a-cut.jsonl.xz"
    write_jsonl(cut, rows(40), opener=lzma.open)
    cut.write_bytes(cut.read_bytes()[:-200])
    arabic = tmp_path / "b-excel.csv"
    with arabic.open("w", encoding="cp1256", newline="") as fh:
        w = csv.DictWriter(fh, ["body", "headline"])
        w.writeheader()
        w.writerow({"body": BODY.format(n=77), "headline": "خبر"})
    out = list(read_collection(cut, MAPPING))
    assert out[-1].failure and "cut short" in out[-1].failure and all(r.failure is None for r in out[:-1])
    (row,) = list(read_collection(arabic, MAPPING))
    assert row.failure is None and "عين الأسد" in row.document.text


def test_the_cli_names_a_damaged_file_and_stores_the_good_ones(tmp_path):
    cut = tmp_path / "a-cut.jsonl.xz"
    write_jsonl(cut, rows(40), opener=lzma.open)
    cut.write_bytes(cut.read_bytes()[:-200])
    write_jsonl(tmp_path / "b-good.jsonl", rows(3, start=100))
    db = tmp_path / "s.duckdb"
    r = subprocess.run([sys.executable, "-m", "dashboard", "ingest", str(cut), str(tmp_path / "b-good.jsonl"),
                        "--db", str(db), "--workers", "1", "--text-col", "body", "--title-col", "headline"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in r.stderr and "cut short" in r.stdout + r.stderr, r.stderr[-2000:]
    assert _stored(db) >= 3


def test_a_huge_plain_file_is_refused_from_its_size_without_reading_it(tmp_path):
    from dashboard.bulk import records

    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(1 << 30)  # 1 GB, sparse: reading it whole took 1,077 MB
    (key, rec), = list(records([huge], ColumnMap()))
    assert rec.data is None and rec.failure.startswith("file too large (1073.7 MB")


def test_cells_of_the_wrong_type_or_a_bad_url_are_dropped_not_stringified(tmp_path):
    """Parquet columns of the wrong type became text («['a', 'b']», «True» as a URL) and URLs were never checked."""
    path = tmp_path / "odd.parquet"
    table = pa.table({"text": [BODY.format(n=1), BODY.format(n=2), BODY.format(n=3)],
                      "outlet": [["a", "b"], ["c"], ["d"]], "url": ["True", "javascript:alert(1)", "https://x.org/a"],
                      "title": [True, False, True]})
    pq.write_table(table, path)
    docs = [r.document for r in read_collection(path)]
    assert all(d is not None for d in docs)
    assert [d.metadata.get("source") for d in docs] == [None, None, None]
    assert [d.metadata.get("url") for d in docs] == [None, None, "https://x.org/a"]
    assert all(not isinstance(d.metadata.get("title"), str) or d.metadata["title"] not in ("True", "False") for d in docs)
