"""DOCX writer: walks the same checked HTML tree the PDF writer renders and
emits python-docx objects, so both formats carry the same text."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Length, Pt
from lxml import etree

from generator import qr
from generator.writers import docx_styles as S
from generator.writers import ooxml

LANGUAGE = "vi-VN"
# A fixed time for every zip entry and core property: the same pact gives the same bytes.
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
BOLD_WIDTH_EM = 0.52  # average advance of Times New Roman bold, for rules "as long as the text"


@dataclass
class _Run:
    text: str
    bold: bool = False
    italic: bool = False
    ruled: bool = False
    line_break: bool = False
    image: bytes | None = None  # a QR code's PNG
    description: str = ""  # the image's text alternative


def write_docx(root: etree._Element) -> bytes:
    document = docx.Document()
    _install_styles(document)
    _page_setup(document)
    _metadata(document, root)
    body = root.find("body")
    for element in body:
        if element.tag == "p" and element.get("class") == "document-id":
            _footer(document, element)
        else:
            _block(document, element, S.TEXT_WIDTH)
    return _deterministic(document)


def _page_setup(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = S.PAGE_WIDTH, S.PAGE_HEIGHT
    section.top_margin, section.bottom_margin = S.MARGIN_TOP, S.MARGIN_BOTTOM
    section.left_margin, section.right_margin = S.MARGIN_LEFT, S.MARGIN_RIGHT
    section.header_distance = section.footer_distance = Pt(24)
    section.different_first_page_header_footer = True  # page numbers from page 2 on
    number = section.header.paragraphs[0]
    number.style = document.styles[S.PAGE_NUMBER.name]
    ooxml.page_number(number)


def _install_styles(document: Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = S.FONT
    normal.font.size = Pt(14)
    ooxml.fonts_and_language(normal, S.FONT, LANGUAGE)
    for spec in [*S.STYLES.values(), S.PAGE_NUMBER]:
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(spec.size)
        style.font.bold = spec.bold
        style.font.italic = spec.italic
        fmt = style.paragraph_format
        fmt.alignment = spec.align
        fmt.first_line_indent = S.FIRST_LINE_INDENT if spec.indent else Length(0)
        fmt.space_before = Pt(spec.before)
        fmt.space_after = Pt(spec.after)
        fmt.line_spacing = S.LINE_SPACING
        fmt.keep_with_next = spec.keep_with_next
        fmt.widow_control = True


def _metadata(document: Document, root: etree._Element) -> None:
    head = root.find("head")
    meta = {m.get("name"): m.get("content", "") for m in head.iter("meta") if m.get("name")}
    props = document.core_properties
    props.title = head.findtext("title", "")
    props.subject = meta.get("description", "")
    props.author = meta.get("author", "")
    props.last_modified_by = meta.get("author", "")
    props.keywords = meta.get("keywords", "")
    props.identifier = meta.get("document-id", "")
    props.language = LANGUAGE
    props.revision = 1
    props.created = props.modified = dt.datetime(*FIXED_ZIP_TIME)


def _footer(document: Document, element: etree._Element) -> None:
    """The document id in the bottom margin of every page, first page included."""
    section = document.sections[0]
    for footer in (section.footer, section.first_page_footer):
        _paragraph(footer, element, S.TEXT_WIDTH)


def _block(container, element: etree._Element, width: Length) -> None:
    tag = element.tag
    if tag == "table":
        _table(container, element, width)
    elif tag in {"p", "h1", "h2", "hr"}:
        _paragraph(container, element, width)


def _style_of(element: etree._Element) -> S.ParagraphStyle:
    return S.STYLES[(element.tag, element.get("class", ""))]


def _paragraph(container, element: etree._Element, width: Length) -> None:
    spec = _style_of(element)
    paragraph = container.add_paragraph(style=spec.name)
    if element.tag == "hr":
        _rule(paragraph, width, width * 0.3)
        return
    runs = _runs(element)
    for run in runs:
        if run.line_break:
            paragraph.add_run().add_break()
            continue
        if run.image:
            _qr_code(paragraph, run)
            continue
        added = paragraph.add_run(run.text)
        if run.bold:
            added.bold = True
        if run.italic:
            added.italic = True
    ruled = "".join(r.text for r in runs if r.ruled)
    if ruled:
        _rule(paragraph, width, Pt(spec.size * BOLD_WIDTH_EM * len(ruled)))
    if element.get("class") == "sign-space":
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = S.SIGNATURE_SPACE


def _qr_code(paragraph, run: _Run) -> None:
    """The QR code at the same place of the page as in the PDF (img.qr in style.css)."""
    picture = paragraph.add_run().add_picture(io.BytesIO(run.image), width=S.QR_SIZE, height=S.QR_SIZE)
    ooxml.float_on_page(picture, S.QR_LEFT, S.QR_TOP, S.QR_CLEARANCE, run.description)


def _rule(paragraph, available: Length, length: Length) -> None:
    """A centred rule of the given length: a bottom border narrowed by indents."""
    side = max(int((available - length) / 2), 0)
    paragraph.paragraph_format.left_indent = Length(side)
    paragraph.paragraph_format.right_indent = Length(side)
    ooxml.bottom_border(paragraph)


def _runs(element: etree._Element) -> list[_Run]:
    """The element's text as formatted runs, white space collapsed as HTML does."""
    runs: list[_Run] = []
    _collect(element, runs, bold=False, italic=False, ruled=False)
    text_runs = [r for r in runs if not r.line_break]
    for run in text_runs:
        run.text = re.sub(r"\s+", " ", run.text)
    # collapse spaces across run boundaries, then trim the paragraph's ends
    previous_space = True
    for run in runs:
        if run.line_break or run.image:
            previous_space = run.line_break
            continue
        if previous_space and run.text.startswith(" "):
            run.text = run.text[1:]
        if run.text:
            previous_space = run.text.endswith(" ")
    for run in reversed(runs):
        if run.line_break or run.image:
            break
        stripped = run.text.rstrip(" ")
        run.text = stripped
        if stripped:
            break
    return [r for r in runs if r.line_break or r.image or r.text]


def _collect(element: etree._Element, runs: list[_Run], *, bold: bool, italic: bool, ruled: bool) -> None:
    if element.text:
        runs.append(_Run(element.text, bold, italic, ruled))
    for child in element:
        if not isinstance(child.tag, str):
            pass  # a comment: its tail still counts
        elif child.tag == "br":
            runs.append(_Run("", line_break=True))
        elif child.tag == "img":
            runs.append(_Run("", image=qr.png_from_data_uri(child.get("src", "")), description=child.get("alt", "")))
        else:
            _collect(
                child,
                runs,
                bold=bold or child.tag == "strong",
                italic=italic or child.tag == "em",
                ruled=ruled or (child.tag == "span" and child.get("class") == "ruled"),
            )
        if child.tail:
            runs.append(_Run(child.tail, bold, italic, ruled))


def _table(container, element: etree._Element, width: Length) -> None:
    rows = element.findall("tr")
    shares = S.TABLE_COLUMNS[element.get("class")]
    widths = [Length(int(width * share)) for share in shares]
    table = container.add_table(rows=len(rows), cols=len(shares))
    table.autofit = False
    ooxml.cell_padding(table, S.TABLE_PADDING[element.get("class")])
    for column, column_width in zip(table.columns, widths):
        column.width = column_width
    for row, tr in zip(table.rows, rows):
        if element.get("class") == "signature-grid":
            ooxml.cant_split(row)
        for cell, cell_width in zip(row.cells, widths):
            cell.width = cell_width
        column = 0
        for td in tr.findall("td"):
            span = int(td.get("colspan", "1"))
            cell = row.cells[column]
            if span > 1:
                cell = cell.merge(row.cells[column + span - 1])
            padding = 2 * S.TABLE_PADDING[element.get("class")]
            _fill_cell(cell, td, Length(sum(widths[column : column + span]) - padding))
            column += span


def _fill_cell(cell, td: etree._Element, width: Length) -> None:
    first = cell.paragraphs[0]
    for child in td:
        if isinstance(child.tag, str):
            _block(cell, child, width)
    if len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)  # python-docx cells start with an empty one


def _deterministic(document: Document) -> bytes:
    """Re-pack with fixed zip times so identical input gives identical bytes."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
