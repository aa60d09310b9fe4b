"""How a user reads our files back: poppler, pdfplumber, python-docx, LibreOffice."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
import tempfile
import zipfile
from pathlib import Path

import pdfplumber
from lxml import etree

MM = 72 / 25.4
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text: str) -> str:
    """White space folded: what a search for a phrase sees."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_body_words(path: Path) -> list[str]:
    """Words inside the page's text area, margins (page number, document id) left out.
    A word broken at a line end after '/' (a document id) is joined again."""
    words: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            body = page.crop((0, 20 * MM - 1, page.width, page.height - 20 * MM + 1))
            for word in body.extract_words(keep_blank_chars=False, use_text_flow=True):
                if words and words[-1].endswith("/") and len(words[-1]) > 1:
                    words[-1] += word["text"]
                else:
                    words.append(word["text"])
    return words


def docx_paragraphs(path: Path, part: str = "word/document.xml") -> list[str]:
    """Every paragraph's text, tables and content controls included, in document order."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read(part))
    paragraphs = []
    for p in root.iter(f"{W}p"):
        text = ""
        for node in p.iter(f"{W}t", f"{W}br", f"{W}tab"):
            text += node.text or "" if node.tag == f"{W}t" else " "
        paragraphs.append(text)
    return paragraphs


def docx_words(path: Path) -> list[str]:
    return " ".join(docx_paragraphs(path)).split()


def libreoffice_pdf(soffice: str, docx_files: list[Path], out: Path) -> list[Path]:
    """Open DOCX files in LibreOffice and export them to PDF, as a member's clerk might."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), *map(str, docx_files)],
            capture_output=True, check=True, timeout=240,
        )
    return [out / (f.stem + ".pdf") for f in docx_files]


def docx_heading_row_words(path: Path) -> set[str]:
    """Words of table heading rows (w:tblHeader), which a PDF repeats on every page."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    words: set[str] = set()
    for row in root.iter(f"{W}tr"):
        if row.find(f"{W}trPr/{W}tblHeader") is not None:
            words |= set(" ".join(t.text or "" for t in row.iter(f"{W}t")).split())
    return words


def text_words(words: list[str]) -> list[str]:
    """Words without the dotted placeholders of empty form fields."""
    return [w for w in words if w.strip("….")]


def text_differences(pdf: Path, docx_file: Path) -> tuple[Counter, Counter]:
    """(words of the DOCX missing from the PDF, words the PDF adds beyond repeated
    table heading rows): both empty when the two formats carry the same text."""
    in_pdf = Counter(text_words(pdf_body_words(pdf)))
    in_docx = Counter(text_words(docx_words(docx_file)))
    headings = docx_heading_row_words(docx_file)
    extra = Counter({w: n for w, n in (in_pdf - in_docx).items() if w not in headings})
    return in_docx - in_pdf, extra
