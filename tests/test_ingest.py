import io

import pytest

from dashboard.sources.files import MAX_BYTES, RejectedFile, decode, read_document

ARABIC = "قال رئيس الوزراء العراقي إن الحكومة ستواجه الفصائل المسلحة في بغداد."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
def test_decodes_common_arabic_encodings(encoding):
    text, _ = decode(ARABIC.encode(encoding))
    assert text == ARABIC


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
    (b"\x00\x01\x02\x03binary\x00stuff" * 20, "binary"),
    (b"This is an English article about something else entirely." * 5, "no Arabic"),
])
def test_bad_files_get_a_one_line_reason(data, reason):
    with pytest.raises(RejectedFile) as exc:
        read_document("bad.txt", data)
    assert reason in str(exc.value) and "\n" not in str(exc.value)


def test_huge_file_is_refused_not_truncated():
    with pytest.raises(RejectedFile, match="too large"):
        read_document("big.txt", ARABIC.encode() * (MAX_BYTES // len(ARABIC.encode()) + 2))


def test_html_keeps_article_body_drops_scripts_and_chrome(fixture_text):
    doc = read_document("page.html", fixture_text("page.html").encode("utf-8"))
    assert "مصطفى الكاظمي" in doc.text
    assert "alert" not in doc.text and "سكربت" not in doc.text and "tracking" not in doc.text
    assert "جميع الحقوق" not in doc.text
    assert doc.metadata.get("title") == "الكاظمي يلتقي بايدن في البيت الأبيض"


def test_docx_paragraphs_are_read():
    import docx

    d = docx.Document()
    d.add_paragraph("عنوان الخبر")
    d.add_paragraph(ARABIC)
    buf = io.BytesIO()
    d.save(buf)
    doc = read_document("a.docx", buf.getvalue())
    assert ARABIC in doc.text


def test_pdf_without_text_layer_is_rejected_with_advice():
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(RejectedFile, match="no text layer"):
        read_document("scan.pdf", buf.getvalue())
