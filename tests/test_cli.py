import json
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import FIXTURES, ROOT

CONTRACT_ARTICLE = {"id", "source_file", "index", "title", "date", "source", "entities", "figures", "stance"}


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_analyze_json_follows_the_contract():
    r = run("analyze", str(FIXTURES / "two_articles.txt"), str(FIXTURES / "article_ar.txt"), "--json")
    assert r.returncode == 0, r.stderr
    arts = json.loads(r.stdout)["articles"]
    assert [(a["source_file"], a["index"]) for a in arts] == [("two_articles.txt", 1), ("two_articles.txt", 2),
                                                              ("article_ar.txt", 1)]
    for a in arts:
        assert CONTRACT_ARTICLE <= set(a)
        for e in a["entities"]:
            assert e["type"] in {"PERSON", "ORG", "LOC", "MISC"} and e["mentions"] + e["adjective_mentions"] >= 1
        for f in a["figures"]:
            assert f["bound"] in {"exact", "approx", "at_least", "at_most"} and f["evidence"] in f["sentence"]
        for s in a["stance"]:
            assert s["target"] in {"US", "IRAN"} and s["polarity"] in {-1, 0, 1}
        for target, summary in a["stance_summary"].items():
            pols = [s["polarity"] for s in a["stance"] if s["target"] == target]
            assert summary["sentences"] == len(pols) and summary["negative"] == pols.count(-1)


def test_bad_files_in_a_folder_are_named_and_the_rest_analysed(tmp_path: Path):
    text = (FIXTURES / "article_ar.txt").read_text(encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "blob.bin.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "win.txt").write_bytes(text.encode("cp1256"))
    (tmp_path / "wide.txt").write_bytes(text.replace("واشنطن", "العاصمة").encode("utf-16"))
    (tmp_path / "page.html").write_bytes((FIXTURES / "page.html").read_bytes())
    r = run("analyze", str(tmp_path), "--json")
    assert r.returncode == 0
    lines = r.stderr.strip().splitlines()
    assert len([ln for ln in lines if "skipped" in ln]) == 3
    assert any("empty.txt" in ln and "empty" in ln for ln in lines)
    assert any("image.txt" in ln and "PNG" in ln for ln in lines)
    assert "Traceback" not in r.stderr
    arts = {a["source_file"]: a for a in json.loads(r.stdout)["articles"]}
    assert set(arts) == {"win.txt", "wide.txt", "page.html"}
    assert arts["win.txt"]["title"] == text.splitlines()[0]
    assert any(e["label_en"] == "Joe Biden" for e in arts["page.html"]["entities"])


def test_nothing_analysable_exits_non_zero(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"")
    r = run("analyze", str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"))
    assert r.returncode == 1 and "missing.txt" in r.stderr and "Traceback" not in r.stderr


def test_duplicate_article_is_counted_once(tmp_path: Path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes((FIXTURES / "article_ar.txt").read_bytes())
    r = run("analyze", str(tmp_path), "--json")
    assert len(json.loads(r.stdout)["articles"]) == 1 and "duplicate" in r.stderr


def test_help_explains_options():
    r = run("analyze", "--help")
    assert r.returncode == 0 and "--engine" in r.stdout and "--json" in r.stdout


def test_ingest_fills_the_store_once(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    r1 = run("ingest", str(FIXTURES), "--db", str(db))
    r2 = run("ingest", str(FIXTURES), "--db", str(db))
    assert "4 articles" in r1.stdout and "4 articles" in r2.stdout
    assert "already present" in r2.stdout


@contextmanager
def held(db: Path):
    """Another process holding the store's write lock, as the running dashboard does."""
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, time; c = duckdb.connect(%r); time.sleep(30)" % str(db)])
    try:
        for _ in range(50):
            if db.exists():
                break
            time.sleep(0.1)
        time.sleep(0.5)
        yield
    finally:
        holder.kill()
        holder.wait()


def test_ingest_into_a_store_held_by_the_dashboard_is_queued_and_taken_in_later(tmp_path: Path):
    db = tmp_path / "locked.duckdb"
    with held(db):
        r = run("ingest", str(FIXTURES / "article_ar.txt"), "--db", str(db))
        assert r.returncode == 0 and "queued" in r.stderr and "Traceback" not in r.stderr
    from dashboard.store import Store

    store = Store(db)  # what the dashboard does on its next run
    try:
        assert store.has_queue() and store.absorb_queue() == 1 and store.count_articles() == 1
        assert not list(store.queue_dir.glob("chunk-*")) and store.absorb_queue() == 0 and not store.has_queue()
    finally:
        store.close()


def test_bench_reports_the_median_round_of_its_own_runs(capsys):
    from dashboard.bench import ROUNDS, run_benchmark

    result = run_benchmark(megabytes=0.01, folder_articles=2, engine_name="builtin")
    ratios = result["ratios_of_rounds"]
    assert len(ratios) == ROUNDS and ratios == sorted(ratios)
    assert result["ratio_to_tokenizer"] == ratios[ROUNDS // 2]
    assert result["articles"] > 0 and result["words"] > 0
    assert f"median of {ROUNDS} rounds" in capsys.readouterr().out


def test_a_second_ingest_says_it_queued_and_the_next_one_takes_the_queue_in(tmp_path: Path):
    """A second concurrent ingest said "3000 article(s) added" and blamed "the running dashboard" when none ran;
    its articles waited in the queue for a dashboard that might never open."""
    db = tmp_path / "held.duckdb"
    with held(db):
        queued = run("ingest", str(FIXTURES / "article_ar.txt"), "--db", str(db))
    assert "1 article(s) queued beside the store" in queued.stdout and "added" not in queued.stdout
    assert "another ingest" in queued.stderr
    after = run("ingest", str(FIXTURES / "two_articles.txt"), "--db", str(db))
    assert "1 queued article(s) taken in" in after.stdout and "3 articles" in after.stdout


def test_a_full_disk_is_one_line_not_a_double_traceback(tmp_path: Path):
    """On a full disk the CLI printed «cannot rollback» over «File too large» (the size limit stands in for a full
    disk: the same EFBIG error from the same write)."""
    import resource
    import signal

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))

    many = tmp_path / "many"
    many.mkdir()
    text = (FIXTURES / "article_ar.txt").read_text(encoding="utf-8")
    for n in range(200):
        (many / f"a{n}.txt").write_text(text.replace("\n", f"\nالخبر رقم {n}.\n", 1), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "dashboard", "ingest", str(many), "--db", str(tmp_path / "s.duckdb"),
                        "--workers", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=small_disk)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr[-2000:]
    assert "could not be written (File too large)" in r.stderr
