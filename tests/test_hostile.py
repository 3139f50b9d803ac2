"""Hostile and broken input: each is generated here, refused or repaired with a reason, and never costs the
other files of its batch."""
import io
import resource
import subprocess
import sys
import zipfile

import altair as alt
import pandas as pd
import pytest
from conftest import ROOT

from dashboard.library import add_files
from dashboard.sources.files import MAX_UNZIPPED_BYTES, RejectedFile, read_document
from dashboard.views import exports

GOOD = ("قال رئيس الوزراء العراقي إن الحكومة ستواجه الفصائل المسلحة في بغداد بعد هجمات على القوات الأمريكية. "
        "وأضاف أن الحكومة لن تسمح بأي سلاح خارج الدولة.")


def docx_bomb() -> bytes:
    """A .docx whose document.xml inflates past the limit (repeated empty paragraphs compress ~1000x)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:p/>" * ((MAX_UNZIPPED_BYTES // 6) + 10_000))
    return buf.getvalue()


def test_zip_bomb_is_refused_from_its_directory_without_inflating():
    data = docx_bomb()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(RejectedFile, match="zip bomb"):
        read_document("bomb.docx", data)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100_000  # the 50 MB body was never inflated


@pytest.mark.parametrize("name,data,reason", [
    ("fake.txt", b"PK\x03\x04" + b"\x00garbage" * 50, "ZIP"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF garbage", "PDF"),
    ("noise.txt", bytes(range(256)) * 40, "binary"),
])
def test_broken_files_get_a_one_line_reason(name, data, reason):
    with pytest.raises(RejectedFile) as err:
        read_document(name, data)
    assert reason.lower() in str(err.value).lower() and "\n" not in str(err.value)


def test_encrypted_pdf_is_refused_with_its_reason():
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt("secret")
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(RejectedFile, match="encrypted"):
        read_document("locked.pdf", buf.getvalue())


def test_invalid_bytes_in_utf8_are_repaired_and_reported_not_turned_into_mojibake():
    raw = GOOD.encode("utf-8")
    mid = len(raw) // 2
    mid -= mid % 2  # between two Arabic letters (two bytes each)
    doc = read_document("damaged.txt", raw[:mid] + b"\xff\xfe\xfd" + raw[mid:])
    assert "الفصائل المسلحة" in doc.text and "الحكومة" in doc.text
    assert doc.warnings and "invalid" in doc.warnings[0]


@pytest.mark.parametrize("odd", ["³", "①", "²٣"])
def test_superscripts_and_circled_digits_do_not_crash_the_analysis(store, odd):
    out = add_files(store, [("odd.txt", (GOOD + f" الملاحظة {odd} في الهامش.").encode())])
    assert out[0].status == "added"


def test_one_failing_file_never_costs_the_batch_its_other_files(store, monkeypatch):
    from dashboard.analysis import engines

    real = engines.extract_figures

    def explode(sentences):
        if any("انفجار-اختباري" in s for s in sentences):
            raise ValueError("boom")
        return real(sentences)

    monkeypatch.setattr(engines, "extract_figures", explode)
    out = add_files(store, [("bad.txt", (GOOD + " انفجار-اختباري").encode()), ("good.txt", GOOD.encode()),
                            ("bomb.docx", docx_bomb())])
    assert [o.status for o in out] == ["rejected", "added", "rejected"]
    assert "ValueError" in out[0].detail and "bad.txt" not in out[0].detail
    assert store.count_articles() == 1


def test_deeply_nested_html_still_yields_its_text():
    html = "<html><body>" + "<div>" * 100_000 + f"<p>{GOOD}</p>" + "</div>" * 100_000 + "</body></html>"
    assert "الفصائل المسلحة" in read_document("deep.html", html.encode()).text


def test_spreadsheet_and_csv_cells_cannot_be_formulas():
    df = pd.DataFrame({"title": ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "عادي"], "n": [1, -2, 3, 4, 5]})
    csv = exports.frame_csv(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "\n'+1," in csv and "\n'@SUM" in csv and "\n-2," not in csv.replace("'-2+3", "")
    from openpyxl import load_workbook

    from dashboard.store import COLUMNS
    from dashboard.views.tables import Corpus

    corpus = Corpus(df, df, df, pd.DataFrame(columns=COLUMNS["figures"]), df)
    wb = load_workbook(io.BytesIO(exports.analysis_xlsx(corpus)))
    cells = [c.value for c in wb["articles"]["A"]][1:]
    assert all(isinstance(v, str) and not v.startswith(("=", "+", "-", "@")) for v in cells)
    assert [c.value for c in wb["articles"]["B"]][1:] == [1, -2, 3, 4, 5]  # numbers stay numbers


def test_chart_html_keeps_a_script_payload_as_text():
    payload = "</script><script>alert(1)</script>"
    chart = alt.Chart(pd.DataFrame({"source": [payload, "bbc"], "n": [1, 2]})).mark_bar().encode(x="source", y="n")
    html = exports.chart_html(chart)
    assert "<script>alert(1)" not in html and "alert(1)" in html


def test_cli_fails_on_a_path_that_does_not_exist(tmp_path):
    r = subprocess.run([sys.executable, "-m", "dashboard", "ingest", str(tmp_path / "missing"), "--db",
                        str(tmp_path / "s.duckdb")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "no such file" in r.stderr


def test_article_id_is_computed_once_however_many_rows_read_it(monkeypatch):
    from dashboard.sources import articles

    calls = []
    real = articles.hashlib.sha1
    monkeypatch.setattr(articles.hashlib, "sha1", lambda b: calls.append(1) or real(b))
    (art,) = articles.extract_articles(GOOD * 2000)  # one long single-line article
    ids = {art.id for _ in range(1000)}
    assert len(ids) == 1 and len(calls) == 1


def test_an_analysis_past_its_time_limit_is_stopped_and_the_batch_goes_on(store, monkeypatch):
    from dashboard.analysis import pipeline

    monkeypatch.setattr(pipeline, "MAX_ANALYSIS_SECONDS", 0.2)
    calls = []
    real = pipeline.check_deadline
    monkeypatch.setattr(pipeline, "check_deadline", lambda d: (calls.append(1), real(d)))
    endless = ("عنوان\n\n" + (GOOD + " ") * 30_000).encode()  # tens of thousands of sentences in one article
    outcomes = add_files(store, [("endless.txt", endless), ("good.txt", GOOD.encode())], engine_name="builtin")
    assert outcomes[0].status == "rejected" and "MAX_ANALYSIS_SECONDS" in outcomes[0].detail
    assert outcomes[1].status == "added" and store.count_articles() == 1
    assert len(calls) > 2  # stopped by the clock inside a component's walk, not only between articles


def test_a_store_this_process_cannot_write_is_not_called_damaged(tmp_path):
    """A store the process could not write was called "damaged… move it away": a user could throw away a good store."""
    import duckdb

    from app import store_problem
    from dashboard.store import StoreVersionMismatch

    denied = duckdb.IOException('IO Error: Cannot open file "/srv/x.duckdb": Permission denied')
    assert "permissions" in store_problem(denied) and "damaged" not in store_problem(denied)
    assert "permissions" in store_problem(PermissionError(13, "Permission denied"))
    assert "another version" in store_problem(StoreVersionMismatch("made by another version"))
    assert "damaged" in store_problem(duckdb.IOException("IO Error: not a valid DuckDB database file"))


def test_a_file_that_exhausts_memory_is_refused_as_such(monkeypatch):
    """`except MemoryError` stood after `except Exception`, which catches it: the reason said "the analysis failed"."""
    from dashboard.analysis import pipeline
    from dashboard.sources.files import RawDocument, RejectedFile

    def exhausted(doc, engine):
        raise MemoryError

    monkeypatch.setattr(pipeline, "analyse_document", exhausted)
    with pytest.raises(RejectedFile, match="more memory"):
        pipeline.analyse_document_safely(RawDocument("big.txt", "نص", "utf-8"))
