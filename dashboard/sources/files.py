"""Files -> raw text: decoding, format extraction, and the one-line reasons a file is refused."""
from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.analysis.text import arabic_ratio, clean_text, has_arabic

MAX_BYTES = 20 * 1024 * 1024  # a news article is far smaller; larger files are refused, not truncated
# Archives (.docx is a ZIP) are checked from their directory before anything is inflated: a 5 MB zip bomb
# would otherwise expand to gigabytes inside the parser.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # all members together, inflated
MAX_ZIP_RATIO = 100  # inflated / compressed; text compresses ~3-10x, bombs 1000x and more
MAX_ZIP_MEMBERS = 2_000
# A UTF-8 file with a few bad bytes (a damaged download) is UTF-8 with those bytes replaced and reported; a file
# with more invalid sequences than this share of its characters is in another encoding (Windows-1256).
MAX_INVALID_UTF8_SHARE = 0.01
FEW_INVALID_UTF8 = 16  # so many bad sequences are a damaged UTF-8 file however short it is
REPAIRED_UTF8 = "utf-8 (repaired)"
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
    warnings: list[str] = field(default_factory=list)  # repaired problems the user should know of


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
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd")
    if bad <= max(FEW_INVALID_UTF8, MAX_INVALID_UTF8_SHARE * len(repaired)) and has_arabic(repaired):
        return repaired, REPAIRED_UTF8
    text = data.decode("cp1256", errors="replace")
    return text, "cp1256"


def _sniff_binary(data: bytes) -> str | None:
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            return what
    return None


_DECLARED_DATE = re.compile(r"(published_time|datePublished|pubdate|<time[^>]+datetime=|name=[\"']date[\"'])", re.I)


_INVISIBLE = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


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

        try:
            tree = lxml_html.fromstring(html)
            for bad in tree.xpath("//script|//style|//noscript|//nav|//footer|//form|//aside"):
                bad.drop_tree()
            body = "\n\n".join(t.strip() for t in tree.xpath("//p//text()|//h1//text()|//h2//text()") if t.strip())
        except (ValueError, RecursionError, lxml_html.etree.LxmlError):
            body = ""
        if not body.strip():  # pathological markup (100,000 nested divs): the words between the tags
            body = _TAG.sub(" ", _INVISIBLE.sub(" ", html))
    if info.get("title") and not body.startswith(info["title"]):
        body = info["title"] + "\n\n" + body
    return body, {k: v for k, v in info.items() if v}


def check_archive(data: bytes) -> zipfile.ZipFile:
    """Open a ZIP (or .docx) after checking its directory against the inflation limits; RejectedFile if not."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise RejectedFile("a damaged ZIP/.docx file (its directory cannot be read)") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise RejectedFile(f"archive with {len(members):,} members (the limit is {MAX_ZIP_MEMBERS:,})")
    inflated = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if inflated > MAX_UNZIPPED_BYTES or inflated / packed > MAX_ZIP_RATIO and inflated > MAX_BYTES // 20:
        raise RejectedFile(f"archive inflates to {inflated / 1e6:,.0f} MB ({inflated / packed:,.0f}x its size): "
                           f"refused as a possible zip bomb (limits {MAX_UNZIPPED_BYTES / 1e6:.0f} MB, {MAX_ZIP_RATIO}x)")
    return archive


def _docx_text(data: bytes) -> tuple[str, dict]:
    import docx

    doc = docx.Document(io.BytesIO(data))
    props = doc.core_properties
    meta = {"title": props.title, "author": props.author,
            "date": props.created.date().isoformat() if props.created else None}
    return "\n\n".join(p.text for p in doc.paragraphs), {k: v for k, v in meta.items() if v}


# pypdf logs what it repairs in a damaged PDF («EOF marker not found») as warnings, which reached the terminal of
# every import; a PDF it cannot read is still refused with its one-line reason
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _pdf_text(data: bytes) -> tuple[str, dict]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise RejectedFile("encrypted PDF; save an unprotected copy first")
        text = "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except RejectedFile:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise RejectedFile(f"unreadable PDF ({exc.__class__.__name__})") from None
    # PDFs printed by browsers store Arabic as presentation forms (U+FB50–U+FEFF); NFKC gives the letters back
    text = unicodedata.normalize("NFKC", text)
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
    warnings: list[str] = []
    if data.startswith(b"%PDF"):
        text, meta = _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        if "word/document.xml" not in check_archive(data).namelist():
            raise RejectedFile("a ZIP archive, not an article")
        try:
            text, meta = _docx_text(data)
        except Exception as exc:  # a damaged docx is the user's file problem, not a crash
            raise RejectedFile(f"unreadable .docx ({exc.__class__.__name__})") from None
    else:
        text, encoding = decode(data)
        if encoding == REPAIRED_UTF8:
            bad = text.count("\ufffd")
            warnings.append(f"{bad} invalid UTF-8 byte sequence{'s' if bad != 1 else ''} replaced by �")
        if suffix in {".html", ".htm"} or re.match(r"\s*(<!doctype html|<html)", text[:200], re.I):
            text, meta = _html_text(text)
        elif suffix in {".md", ".markdown"}:
            text = _markdown_text(text)
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise RejectedFile("no text in the file")
    if not has_arabic(text) or arabic_ratio(text) < 0.3:
        raise RejectedFile("no Arabic text (this dashboard analyses Arabic articles)")
    if text.count("\ufffd") > max(20, len(text) // 50):
        raise RejectedFile("text could not be decoded (unknown encoding)")
    return RawDocument(name=name, text=text, encoding=encoding, metadata=meta, warnings=warnings)
