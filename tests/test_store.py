import pytest
from conftest import FIXTURES

from dashboard.library import add_files
from dashboard.store import Store


def fixture_items(*names):
    return [(n, (FIXTURES / n).read_bytes()) for n in names]


def test_add_twice_stores_once_and_reports_outcomes(store):
    out = add_files(store, fixture_items("two_articles.txt", "article_ar.txt") + [("x.txt", b"")], engine_name="builtin")
    assert [(o.status, o.articles) for o in out] == [("added", 2), ("added", 1), ("rejected", 0)]
    again = add_files(store, fixture_items("article_ar.txt"), engine_name="builtin")
    assert again[0].status == "already present"
    assert store.count_articles() == 3


def test_a_copy_republished_under_another_title_is_stored_once(store):
    text = (FIXTURES / "article_ar.txt").read_text(encoding="utf-8")
    title = text.strip().splitlines()[0]
    copy = text.replace(title, "نسخة من الخبر بعنوان آخر تماما", 1)
    out = add_files(store, [("a.txt", text.encode("utf-8")), ("b.txt", copy.encode("utf-8"))], engine_name="builtin")
    assert [o.status for o in out] == ["added", "already present"]
    assert store.count_articles() == 1


def test_every_figure_and_mention_points_to_a_stored_sentence(store):
    add_files(store, fixture_items("article_ar.txt"), engine_name="builtin")
    sentences = store.frame("sentences")
    keys = set(zip(sentences["article_id"], sentences["sentence_index"]))
    for table in ("figures", "mentions", "stance"):
        df = store.frame(table)
        assert len(df) and set(zip(df["article_id"], df["sentence_index"])) <= keys
    figs = store.frame("figures").merge(sentences, on=["article_id", "sentence_index"])
    assert all(ev in text for ev, text in zip(figs["evidence"], figs["text"]))


def test_sentence_texts_are_read_once_and_forgotten_with_their_article(store, monkeypatch):
    import dashboard.store as store_module

    add_files(store, fixture_items("two_articles.txt"), engine_name="builtin")
    sentences = store.frame("sentences")
    keys = list(zip(sentences["article_id"], sentences["sentence_index"].astype(int)))
    expected = dict(zip(keys, sentences["text"]))
    assert store.sentence_texts(keys[:3] + [("no-such-article", 0)]) == {k: expected[k] for k in keys[:3]}
    monkeypatch.setattr(store_module, "SENTENCE_TEXTS", 4)
    assert store.sentence_texts(keys) == expected  # more than are kept: all are still returned
    assert len(store._texts) == 4
    first = keys[0][0]
    store.remove_article(first)
    assert all(a != first for a, _ in store.sentence_texts(keys))


def test_remove_and_persist(tmp_path):
    path = tmp_path / "p.duckdb"
    s = Store(path)
    add_files(s, fixture_items("two_articles.txt"), engine_name="builtin")
    v1 = s.version()
    first = s.frame("articles")["id"].iloc[0]
    assert s.remove_article(first)
    assert s.version() != v1
    s.close()
    s2 = Store(path)
    assert s2.count_articles() == 1 and not s2.has_article(first)
    assert s2.frame("mentions")["article_id"].nunique() == 1
    s2.close()


def test_store_from_another_version_is_refused_clearly(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE articles (id VARCHAR)")
    con.close()
    with pytest.raises(RuntimeError, match="another version"):
        Store(path)


def test_evidence_is_structured_in_the_store(store):
    """Stance cues are a list of (word, start, end, sign) structs and figure evidence a span: SQL reads them without
    parsing strings, and every offset points at its word in the stored sentence."""
    from dashboard.store import COLUMNS, TABLES

    add_files(store, fixture_items("article_ar.txt"), engine_name="builtin")
    with store._cursor() as cur:
        types = dict(cur.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'stance'").fetchall())
        cues = cur.execute("SELECT c.word, c.start, c.end, s.text FROM (SELECT article_id, sentence_index, "
                           "unnest(cues) AS c FROM stance) JOIN sentences s USING (article_id, sentence_index)").fetchall()
        spans = cur.execute("SELECT f.evidence, f.evidence_start, f.evidence_end, s.text FROM figures f "
                            "JOIN sentences s USING (article_id, sentence_index)").fetchall()
        aliases = cur.execute("SELECT typeof(aliases) FROM entities LIMIT 1").fetchone()[0]
    assert types["cues"].startswith("STRUCT(word VARCHAR") and types["cues"].endswith("[]")
    assert aliases == "VARCHAR[]" and COLUMNS["stance"] == [c for c, _ in TABLES["stance"]]
    assert cues and all(text[start:end] == word for word, start, end, text in cues)
    assert spans and all(text[start:end] == ev for ev, start, end, text in spans)


def test_a_damaged_queued_chunk_is_set_aside_and_the_others_taken_in(store):
    """A truncated queued articles.parquet (its COMPLETE marker there) failed every page load with ArrowInvalid,
    and the good chunks after it were never taken in."""
    from dashboard.analysis.pipeline import analyse_bytes
    from dashboard.store import article_frames, queue_frames

    texts = [f"خبر رقم {n}: قال مسؤول عراقي إن الفصائل المسلحة الموالية لإيران هددت القوات الأمريكية في بغداد."
             for n in range(3)]
    for n, text in enumerate(texts):
        queue_frames(store.path, article_frames(analyse_bytes(f"a{n}.txt", text.encode())), f"{n:03d}")
    bad = store.queue_dir / "chunk-001" / "articles.parquet"
    bad.write_bytes(bad.read_bytes()[:40])
    assert store.absorb_queue() == 2 and store.count_articles() == 2 and store.set_aside == ["chunk-001"]
    kept = store.quarantine_dir / "chunk-001"
    assert (kept / "articles.parquet").exists() and "Arrow" in (kept / "REASON").read_text(encoding="utf-8")
    assert not store.has_queue() and store.absorb_queue() == 0


def test_repaired_utf8_is_reported_with_the_file(store):
    body = ("قال مسؤول عراقي إن الفصائل المسلحة الموالية لإيران هددت القوات الأمريكية في بغداد مرة أخرى. " * 30).encode()
    damaged = body[:500] + b"\xff\xfe\xfa" + body[500:]
    (out,) = add_files(store, [("bad.txt", damaged)], engine_name="builtin")
    assert out.status == "added" and "invalid UTF-8 byte sequence" in out.message


def test_a_damaged_pdf_says_nothing_on_the_terminal(tmp_path):
    """pypdf's «EOF marker not found» reached the terminal of every import (a subprocess: pytest captures logs)."""
    import subprocess
    import sys

    from conftest import ROOT

    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n")
    r = subprocess.run([sys.executable, "-m", "dashboard", "analyze", str(pdf)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert "skipped" in r.stderr and "EOF marker" not in r.stderr, r.stderr
