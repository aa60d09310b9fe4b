"""DOCX writer: walks the same checked HTML tree the PDF writer renders and
emits python-docx objects, so both formats carry the same text."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache

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


FIELD_PLACEHOLDER = "……………"
GRID_STYLE = "Table Grid"  # python-docx's default template has it: single black lines


@dataclass
class _Run:
    text: str
    bold: bool = False
    italic: bool = False
    ruled: bool = False
    line_break: bool = False
    field: etree._Element | None = None  # an <input> or <select>: a content control
    image: bytes | None = None  # a QR code's PNG
    description: str = ""  # the image's text alternative


BLOCK_TAGS = {"p", "h1", "h2", "hr", "table", "textarea"}


@lru_cache(maxsize=1)
def _styled_base() -> bytes:
    """An empty document with our styles, made once per process: installing ~30 styles
    costs more than loading them back."""
    document = docx.Document()
    _install_styles(document)
    ooxml.drop_optional_parts(document)
    ooxml.drop_table_styles(document, keep={GRID_STYLE})
    raw = io.BytesIO()
    document.save(raw)
    return raw.getvalue()


def write_docx(root: etree._Element) -> bytes:
    document = docx.Document(io.BytesIO(_styled_base()))
    _page_setup(document)
    _metadata(document, root)
    writer = _Writer(document)
    for element in root.find("body"):
        if element.tag == "p" and element.get("class") == "document-id":
            writer.footer(element)
        else:
            writer.block(document, element, S.TEXT_WIDTH)
    return ooxml.package_at(document, FIXED_ZIP_TIME)


def _page_setup(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = S.PAGE_WIDTH, S.PAGE_HEIGHT
    section.top_margin, section.bottom_margin = S.MARGIN_TOP, S.MARGIN_BOTTOM
    section.left_margin, section.right_margin = S.MARGIN_LEFT, S.MARGIN_RIGHT
    section.header_distance = section.footer_distance = Pt(24)
    section.different_first_page_header_footer = True  # page numbers from page 2 on
    number = section.header.paragraphs[0]
    ooxml.apply_style(number, document.styles[S.PAGE_NUMBER.name])
    ooxml.page_number(number)


def _install_styles(document: Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = S.FONT
    normal.font.size = Pt(14)
    ooxml.fonts_and_language(normal, S.FONT, LANGUAGE)
    for spec in dict.fromkeys([*S.STYLES.values(), S.PAGE_NUMBER]):  # shared specs once
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


def _style_of(element: etree._Element) -> S.ParagraphStyle:
    return S.STYLES[(element.tag, element.get("class", ""))]


def _field(paragraph, element: etree._Element) -> None:
    name = element.get("name")
    if element.tag == "select":
        options = [(o.get("value"), o.text or "") for o in element.iter("option") if o.get("value")]
        ooxml.dropdown_control(paragraph, name, FIELD_PLACEHOLDER, options)
    else:
        ooxml.text_control(paragraph, name, FIELD_PLACEHOLDER)


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
    for run in runs:
        run.text = re.sub(r"\s+", " ", run.text)
    # collapse spaces across run boundaries, then trim the paragraph's ends
    previous_space = True
    for run in runs:
        if run.line_break or run.image:
            previous_space = run.line_break
            continue
        if run.field is not None:
            previous_space = False
            continue
        if previous_space and run.text.startswith(" "):
            run.text = run.text[1:]
        if run.text:
            previous_space = run.text.endswith(" ")
    for run in reversed(runs):
        if run.line_break or run.field is not None or run.image:
            break
        stripped = run.text.rstrip(" ")
        run.text = stripped
        if stripped:
            break
    return [r for r in runs if r.line_break or r.field is not None or r.image or r.text]


def _collect(element: etree._Element, runs: list[_Run], *, bold: bool, italic: bool, ruled: bool) -> None:
    if element.text:
        runs.append(_Run(element.text, bold, italic, ruled))
    for child in element:
        if not isinstance(child.tag, str):
            pass  # a comment: its tail still counts
        elif child.tag == "br":
            runs.append(_Run("", line_break=True))
        elif child.tag in {"input", "select"}:
            runs.append(_Run("", field=child))
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


def _column_shares(element: etree._Element) -> tuple[float, ...]:
    """From <col width="40%"> when the template gives them, else the class's fixed layout."""
    cols = element.findall("colgroup/col")
    if cols:
        return tuple(float(c.get("width", "0").rstrip("%")) / 100 for c in cols)
    return S.TABLE_COLUMNS[element.get("class")]


class _Writer:
    """Emits one document's body; holds its styles by name, because python-docx scans
    every style on each lookup, which dominated the time of a form."""

    def __init__(self, document: Document):
        self.document = document
        self.styles = {style.name: style for style in document.styles}

    def add_paragraph(self, container, spec: S.ParagraphStyle):
        paragraph = container.add_paragraph()
        ooxml.apply_style(paragraph, self.styles[spec.name])
        return paragraph

    def footer(self, element: etree._Element) -> None:
        """The document id in the bottom margin of every page, first page included."""
        section = self.document.sections[0]
        for footer in (section.footer, section.first_page_footer):
            self.paragraph(footer, element, S.TEXT_WIDTH)

    def block(self, container, element: etree._Element, width: Length) -> None:
        tag = element.tag
        if tag == "table":
            self.table(container, element, width)
        elif tag == "textarea":
            box = self.add_paragraph(container, _style_of(element))
            ooxml.text_control(box, element.get("name"), FIELD_PLACEHOLDER, multiline=True)
        elif tag in {"p", "h1", "h2", "hr", "td", "th"}:
            self.paragraph(container, element, width)

    def paragraph(self, container, element: etree._Element, width: Length) -> None:
        spec = _style_of(element)
        paragraph = self.add_paragraph(container, spec)
        if element.tag == "hr":
            _rule(paragraph, width, width * 0.3)
            return
        runs = _runs(element)
        for run in runs:
            if run.line_break:
                paragraph.add_run().add_break()
                continue
            if run.field is not None:
                _field(paragraph, run.field)
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

    def table(self, container, element: etree._Element, width: Length) -> None:
        head = element.findall("thead/tr")
        rows = head + element.findall("tr") + element.findall("tbody/tr")
        kind = element.get("class")
        shares = _column_shares(element)
        widths = [Length(int(width * share)) for share in shares]
        table = container.add_table(rows=len(rows), cols=len(shares))
        table.autofit = False
        if kind in S.RULED_TABLES:
            table.style = GRID_STYLE
        ooxml.cell_padding(table, S.TABLE_PADDING[kind])
        for column, column_width in zip(table.columns, widths):
            column.width = column_width
        for row, tr in zip(table.rows, rows):
            if element.get("class") == "signature-grid":
                ooxml.cant_split(row)
            if tr in head:
                ooxml.repeat_header(row)
            cells = row.cells  # python-docx works the row's grid out again on every call
            for cell, cell_width in zip(cells, widths):
                cell.width = cell_width
            column = 0
            for td in [c for c in tr if c.tag in {"td", "th"}]:
                span = int(td.get("colspan", "1"))
                cell = cells[column]
                if span > 1:
                    cell = cell.merge(cells[column + span - 1])
                padding = 2 * S.TABLE_PADDING[kind]
                self.fill_cell(cell, td, Length(sum(widths[column : column + span]) - padding))
                column += span

    def fill_cell(self, cell, td: etree._Element, width: Length) -> None:
        """A cell holds either blocks (paragraphs, fields) or inline content (one paragraph)."""
        first = cell.paragraphs[0]
        blocks = [c for c in td if isinstance(c.tag, str) and (c.tag in BLOCK_TAGS)]
        if blocks:
            for child in blocks:
                self.block(cell, child, width)
        else:
            self.paragraph(cell, td, width)
        first._p.getparent().remove(first._p)  # python-docx cells start with an empty one
