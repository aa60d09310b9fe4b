"""Word files as faithful as the PDF: the DOCX as LibreOffice lays it out puts the same
text on the same page as our PDF, draws the motto's rule as long as the motto, and
names the cluster and the document in its properties, in a clerk's words."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING

from lxml import etree

from readers import MM, W, libreoffice_pdf, text_words

# The documents whose pages are compared: the pact agreement, the signature grid, a
# member's signature page, report forms (their multi-line fields are framed boxes of
# the PDF's height in Word too).
COMPARED = ["ban-giao-uoc", "trang-chu-ky", "trang-ky-an-giang", "bao-cao-an-giang-so-ket-6-thang",
            "bao-cao-kien-giang-tong-ket-nam"]
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def page_words(pdf: Path) -> list[Counter]:
    """Per page, the words of the text area (page number and document id left out)."""
    with pdfplumber.open(pdf) as document:
        return [Counter(text_words([w["text"] for w in
                                    page.crop((0, 20 * MM - 1, page.width, page.height - 20 * MM + 1))
                                    .extract_words(use_text_flow=True)]))
                for page in document.pages]


# and of the pact nobody wrote the code for: seven members, a grid on two pages, a
# 150-character unit name
UNSEEN = ["ban-giao-uoc", "trang-chu-ky", "trang-ky-thu-nghiem"]


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory, soffice, sample_build, unseen_build) -> dict[str, tuple[Path, Path]]:
    """name → (our PDF, LibreOffice's PDF of our DOCX); the unseen pact's names end in "@unseen"."""
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = {name: sample_build / name for name in COMPARED}
    sources |= {f"{name}@unseen": unseen_build / name for name in UNSEEN}
    copies = [Path(shutil.copy(f"{source}.docx", folder / f"{name}.docx")) for name, source in sources.items()]
    return {name: (Path(f"{source}.pdf"), pdf)
            for (name, source), pdf in zip(sources.items(), libreoffice_pdf(soffice, copies, folder))}


@pytest.mark.parametrize("name", COMPARED + [f"{name}@unseen" for name in UNSEEN])
def test_libreoffice_puts_the_same_text_on_the_same_page(laid_out, name):
    ours, theirs = (page_words(pdf) for pdf in laid_out[name])
    assert len(theirs) == len(ours), f"{name}: {len(ours)} pages in our PDF, {len(theirs)} in LibreOffice"
    for number, (page, their_page) in enumerate(zip(ours, theirs), 1):
        assert their_page == page, (f"{name}, page {number}: only in our PDF {page - their_page}, "
                                    f"only in LibreOffice {their_page - page}")


def _motto_and_rule(pdf: Path) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """(the motto's left and right ends, the strokes ending just under it) on page 1:
    WeasyPrint draws the border of span.ruled as a box, LibreOffice as a line."""
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        line = next(l for l in page.extract_text_lines() if MOTTO in l["text"])
        chars = [c for c in line["chars"] if c["x0"] > page.width * 0.45]
        bottom = max(c["bottom"] for c in chars)
        strokes = [(r["x0"], r["x1"]) for r in page.rects + page.lines + page.curves
                   if 0 <= r["bottom"] - bottom < 5 and r["width"] > 20]
        return (min(c["x0"] for c in chars), max(c["x1"] for c in chars)), strokes


def test_the_rule_under_the_motto_is_as_long_as_the_motto(laid_out):
    for pdf in laid_out["ban-giao-uoc"]:
        (left, right), strokes = _motto_and_rule(pdf)
        assert any(abs(x0 - left) < 1.5 and abs(x1 - right) < 1.5 for x0, x1 in strokes), (pdf, left, right, strokes)


def test_line_and_paragraph_spacing_are_exact(sample_build):
    """Every style sets an exact line height (style.css's line-height × its size), never
    Word's "multiple", which LibreOffice and Word make looser than the PDF."""
    document = docx.Document(sample_build / "ban-giao-uoc.docx")
    ours = [s for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH and s.name.startswith("Giao ước")]
    assert len(ours) > 20
    for style in ours:
        fmt = style.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY, style.name
    body = document.styles["Giao ước - Nội dung"]
    assert body.font.size.pt == 14 and body.paragraph_format.line_spacing.pt == 17.5
    assert body.paragraph_format.space_after.pt == 6


def test_properties_name_the_cluster_and_the_document(sample_build):
    for name in COMPARED:
        path = sample_build / f"{name}.docx"
        props = docx.Document(path).core_properties
        assert props.author == props.last_modified_by == "Cụm thi đua số 12"
        assert "Cụm thi đua số 12" in props.title or "Cụm thi đua số 12" in props.subject, name
        assert props.title and props.subject and props.identifier.startswith("CTD12/2024/")
        with zipfile.ZipFile(path) as archive:
            properties = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("docProps/"))
        assert b"python-docx" not in properties.lower() and b"Microsoft" not in properties


def test_style_names_are_a_clerks_words_and_valid_in_word(sample_build):
    """Vietnamese names ("Giao ước - Nội dung"), with no comma (Word reads one as an alias);
    ASCII ids for the XML."""
    used = {}
    for name in COMPARED:
        document = docx.Document(sample_build / f"{name}.docx")
        cells = [c for t in document.tables for row in t.rows for c in row.cells]
        for paragraph in document.paragraphs + [p for c in cells for p in c.paragraphs]:
            used[paragraph.style.name] = paragraph.style.style_id
    assert {"Giao ước - Nội dung", "Giao ước - Tiêu ngữ", "Giao ước - Đoạn kết"} <= used.keys()
    for style_name, style_id in used.items():
        assert style_name.startswith("Giao ước - ") and "," not in style_name, style_name
        assert re.fullmatch(r"[A-Za-z0-9]+", style_id), style_id


def test_two_tables_never_touch(sample_build):
    """Word and LibreOffice make one table of two that touch (a report form's last box
    and its signature took each other's lines): a paragraph always stands between."""
    for path in sorted(sample_build.glob("*.docx")):
        with zipfile.ZipFile(path) as archive:
            body = etree.fromstring(archive.read("word/document.xml"))
        for table in body.iter(f"{W}tbl"):
            following = table.getnext()
            assert following is None or following.tag != f"{W}tbl", path.name
