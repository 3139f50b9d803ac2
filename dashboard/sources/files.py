"""Files -> raw text: decoding, format extraction, and the one-line reasons a file is refused."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.analysis.text import arabic_ratio, has_arabic

MAX_BYTES = 20 * 1024 * 1024  # a news article is far smaller; larger files are refused, not truncated
SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ""}
BINARY_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"\x7fELF": "an executable", b"MZ": "a Windows executable", b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive", b"7z\xbc\xaf": "a 7z archive", b"ID3": "an MP3 file", b"OggS": "an audio file",
}


class RejectedFile(Exception):
    """A file that cannot be analysed; str(exc) is the one-line reason shown to the user."""


@dataclass
class RawDocument:
    name: str
    text: str
    encoding: str
    metadata: dict = field(default_factory=dict)  # title/date/source/author found by the format itself


def decode(data: bytes) -> tuple[str, str]:
    """Bytes of a text file -> (text, encoding). UTF-8 (BOM or not), UTF-16 (BOM or not), else Windows-1256."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4000]
    # UTF-16 without BOM: Arabic is U+06xx and ASCII U+00xx, so one byte of every pair is 0x06 or 0x00
    for enc, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if len(sample) >= 8 and (high.count(0) + high.count(6)) > 0.9 * len(high):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    if b"\x00" in sample:
        raise RejectedFile("binary content (NUL bytes), not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1256", errors="replace")
    return text, "cp1256"


def _sniff_binary(data: bytes) -> str | None:
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            return what
    return None


_DECLARED_DATE = re.compile(r"(published_time|datePublished|pubdate|<time[^>]+datetime=|name=[\"']date[\"'])", re.I)


def _html_text(html: str) -> tuple[str, dict]:
    """The article body of an HTML page (no scripts, menus or footers) and its metadata."""
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""
    meta = trafilatura.extract_metadata(html)
    info = {}
    if meta is not None:
        info = {"title": meta.title, "source": meta.sitename, "author": meta.author}
        # trust a date only when the page declares one; trafilatura otherwise guesses (e.g. from a copyright line)
        if _DECLARED_DATE.search(html):
            info["date"] = meta.date
    if not body.strip():
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
        for bad in tree.xpath("//script|//style|//noscript|//nav|//footer|//form|//aside"):
            bad.drop_tree()
        body = "\n\n".join(t.strip() for t in tree.xpath("//p//text()|//h1//text()|//h2//text()") if t.strip())
    if info.get("title") and not body.startswith(info["title"]):
        body = info["title"] + "\n\n" + body
    return body, {k: v for k, v in info.items() if v}


def _docx_text(data: bytes) -> tuple[str, dict]:
    import docx

    doc = docx.Document(io.BytesIO(data))
    props = doc.core_properties
    meta = {"title": props.title, "author": props.author,
            "date": props.created.date().isoformat() if props.created else None}
    return "\n\n".join(p.text for p in doc.paragraphs), {k: v for k, v in meta.items() if v}


def _pdf_text(data: bytes) -> tuple[str, dict]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n\n".join((page.extract_text() or "") for page in reader.pages)
    if not text.strip():
        raise RejectedFile("PDF has no text layer (scanned image?); run OCR first")
    return text, {}


def _markdown_text(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]\s)\s*", "", text, flags=re.M)
    return re.sub(r"(\*\*|__|`)", "", text)


def read_document(name: str, data: bytes) -> RawDocument:
    """Decode and extract one uploaded or on-disk file; raises RejectedFile with a one-line reason."""
    suffix = Path(name).suffix.lower()
    if not data:
        raise RejectedFile("empty file")
    if len(data) > MAX_BYTES:
        raise RejectedFile(f"file too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
    what = _sniff_binary(data)
    if what:
        raise RejectedFile(f"{what}, not an article")
    if suffix not in SUPPORTED:
        raise RejectedFile(f"unsupported file type '{suffix}' (use .txt, .md, .html, .docx or .pdf)")
    meta: dict = {}
    encoding = "binary"
    if data.startswith(b"%PDF"):
        text, meta = _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        if suffix != ".docx" and "word/document.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist():
            raise RejectedFile("a ZIP archive, not an article")
        try:
            text, meta = _docx_text(data)
        except Exception as exc:  # a damaged docx is the user's file problem, not a crash
            raise RejectedFile(f"unreadable .docx ({exc.__class__.__name__})") from None
    else:
        text, encoding = decode(data)
        if suffix in {".html", ".htm"} or re.match(r"\s*(<!doctype html|<html)", text[:200], re.I):
            text, meta = _html_text(text)
        elif suffix in {".md", ".markdown"}:
            text = _markdown_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if not text.strip():
        raise RejectedFile("no text in the file")
    if not has_arabic(text) or arabic_ratio(text) < 0.3:
        raise RejectedFile("no Arabic text (this dashboard analyses Arabic articles)")
    if text.count("\ufffd") > max(20, len(text) // 50):
        raise RejectedFile("text could not be decoded (unknown encoding)")
    return RawDocument(name=name, text=text, encoding=encoding, metadata=meta)
