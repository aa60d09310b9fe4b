"""DOCX writer: walks the same checked HTML tree the PDF writer renders and
emits the same text as Word paragraphs and tables. python-docx opens the styled
base and does the package (sections, footers, pictures, properties); the body's
elements come from ooxml.py."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.parts.story import StoryPart
from docx.shared import Length, Pt
from lxml import etree

from generator.documents.rendered import FINGERPRINT_PROPERTY
from generator.writers import docx_styles as S
from generator.writers.docx_custom import add_custom_properties
from generator.writers import metrics, ooxml
from generator.writers.runs import Run, runs_of
from generator.writers.docx_package import package_at

LANGUAGE = "vi-VN"
PROPERTY_LENGTH = 255  # python-docx's limit for a core property
# A fixed time for every zip entry and core property: the same pact gives the same bytes.
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
# A rule "as long as the text" (span.ruled) is the text's width (metrics.py), a little
# wider so that Word's rounding never wraps the text.
RULE_SLACK = 1.0  # pt


FIELD_PLACEHOLDER = "……………"
GRID_STYLE = "Table Grid"  # python-docx's default template has it: single black lines


BLOCK_TAGS = {"p", "h1", "h2", "hr", "table", "textarea"}
# On every page: the document id, and the QR code of a document that comes back signed.
FOOTER_CLASSES = {"document-id", "qr"}


@dataclass(frozen=True)
class _Base:
    package: bytes
    style_ids: dict[str, str]  # style name → id: python-docx scans every style on each lookup


@lru_cache(maxsize=1)
def _styled_base() -> _Base:
    """An empty document with our styles, made once per process: installing ~30 styles
    costs more than loading them back."""
    document = docx.Document()
    _install_styles(document)
    ooxml.drop_optional_parts(document)
    ooxml.drop_table_styles(document, keep={GRID_STYLE})
    raw = io.BytesIO()
    document.save(raw)
    return _Base(raw.getvalue(), {style.name: style.style_id for style in document.styles})


def write_docx(root: etree._Element, fingerprint: str | None = None) -> bytes:
    """The document of the checked HTML tree `root`; a report form's `fingerprint`
    (Rendered.fingerprint) goes into its custom properties, beside the id in its core
    properties."""
    base = _styled_base()
    document = docx.Document(io.BytesIO(base.package))
    _page_setup(document, base.style_ids)
    _metadata(document, root)
    if fingerprint is not None:
        add_custom_properties(document, {FINGERPRINT_PROPERTY: fingerprint})
    writer = _Writer(document.part, base.style_ids)
    body = document.element.body
    for element in root.find("body"):
        if element.tag == "p" and element.get("class") in FOOTER_CLASSES:
            _footer(document, element, base.style_ids)
        else:
            writer.block(body, element, S.TEXT_WIDTH)
    body.append(body.sectPr)  # the blocks went in after it: the section's properties end the body
    return package_at(document, FIXED_ZIP_TIME)


def _page_setup(document: Document, style_ids: dict[str, str]) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = S.PAGE_WIDTH, S.PAGE_HEIGHT
    section.top_margin, section.bottom_margin = S.MARGIN_TOP, S.MARGIN_BOTTOM
    section.left_margin, section.right_margin = S.MARGIN_LEFT, S.MARGIN_RIGHT
    section.header_distance = section.footer_distance = Pt(24)
    section.different_first_page_header_footer = True  # page numbers from page 2 on
    number = section.header.paragraphs[0]
    ooxml.apply_style(number, style_ids[S.PAGE_NUMBER.name])
    ooxml.page_number(number)


def _footer(document: Document, element: etree._Element, style_ids: dict[str, str]) -> None:
    """The document id, or the QR code, in the bottom margin of every page, first page
    included."""
    section = document.sections[0]
    for footer in (section.footer, section.first_page_footer):
        _Writer(footer.part, style_ids).paragraph(footer.part.element, element, S.TEXT_WIDTH)


def _install_styles(document: Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = S.FONT
    normal.font.size = Pt(14)
    ooxml.fonts_and_language(normal, S.FONT, LANGUAGE)
    for spec in S.ALL_STYLES:
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = spec.style_id
        style.base_style = normal
        style.font.size = Pt(spec.size)
        style.font.bold = spec.bold
        style.font.italic = spec.italic
        fmt = style.paragraph_format
        fmt.alignment = spec.align
        fmt.first_line_indent = S.FIRST_LINE_INDENT if spec.indent else Length(0)
        fmt.space_before = Pt(spec.before)
        fmt.space_after = Pt(spec.after)
        fmt.line_spacing = Pt(spec.line_height)  # exact, as CSS sets a line box
        fmt.keep_with_next = spec.keep_with_next
        fmt.widow_control = True


def _property(text: str) -> str:
    """python-docx refuses a core property over 255 characters; a title joins names
    (and a template of one's own may say anything), so a long one is cut, marked '…'."""
    return text if len(text) <= PROPERTY_LENGTH else text[: PROPERTY_LENGTH - 1] + "…"


def _metadata(document: Document, root: etree._Element) -> None:
    head = root.find("head")
    meta = {m.get("name"): m.get("content", "") for m in head.iter("meta") if m.get("name")}
    props = document.core_properties
    props.title = _property(head.findtext("title", ""))
    props.subject = _property(meta.get("description", ""))
    props.author = _property(meta.get("author", ""))
    props.last_modified_by = _property(meta.get("author", ""))
    props.keywords = _property(meta.get("keywords", ""))
    props.comments = ""  # python-docx's template says "generated by python-docx"
    props.identifier = _property(meta.get("document-id", ""))
    props.language = LANGUAGE
    props.revision = 1
    props.created = props.modified = dt.datetime(*FIXED_ZIP_TIME)


def _style_of(element: etree._Element) -> S.ParagraphStyle:
    previous = element.getprevious()
    if element.tag == "hr" and previous is not None and (previous.tag, previous.get("class")) == ("p", "subject"):
        return S.RULE_UNDER_SUBJECT  # style.css: p.subject + hr.short
    return S.STYLES[(element.tag, element.get("class", ""))]


def _field(paragraph: etree._Element, element: etree._Element) -> None:
    name, title = element.get("name"), element.get("title", "")
    if element.tag == "select":
        options = [(o.get("value"), o.text or "") for o in element.iter("option") if o.get("value")]
        ooxml.dropdown_control(paragraph, name, title, FIELD_PLACEHOLDER, options)
    else:
        ooxml.text_control(paragraph, name, title, FIELD_PLACEHOLDER)


def _rule_indent(available: Length, length: Length) -> Length:
    """The indent on either side that leaves a centred rule of `length`."""
    return Length(max(int((available - length) / 2), 0))


def _exact_line(element: etree._Element, spec: S.ParagraphStyle, runs: list[Run]) -> Length | None:
    """A line height other than the style's: the room to sign, a line holding a form field."""
    if element.get("class") == "sign-space":
        return S.SIGNATURE_SPACE
    if any(run.field is not None for run in runs):
        return Pt(spec.field_line_height)
    return None


def _text_width(runs: list[Run], spec: S.ParagraphStyle) -> Length:
    """The width of these runs of a paragraph of style `spec`, plus RULE_SLACK."""
    return Pt(RULE_SLACK + sum(metrics.text_width(run.text, spec.size, bold=spec.bold or run.bold,
                                                  italic=spec.italic or run.italic) for run in runs))


def _column_shares(element: etree._Element) -> tuple[float, ...]:
    """From <col width="40%"> when the template gives them, else the class's fixed layout."""
    cols = element.findall("colgroup/col")
    if cols:
        return tuple(float(c.get("width", "0").rstrip("%")) / 100 for c in cols)
    return S.TABLE_COLUMNS[element.get("class")]


class _Writer:
    """Emits blocks into one story of the document (the body, a footer): `part` holds
    the story's pictures."""

    def __init__(self, part: StoryPart, style_ids: dict[str, str]):
        self.part = part
        self.style_ids = style_ids
        self.margin_below: dict[etree._Element, float] = {}  # a table written → style.css's margin-bottom

    def separate(self, container: etree._Element, margin_above: float) -> None:
        """Before a table: when the container ends with a table, a paragraph as tall as
        their collapsed margins, or Word and LibreOffice make the two one table."""
        if ooxml.ends_with_table(container):
            gap = max(self.margin_below.get(container[-1], 0), margin_above)
            ooxml.add_paragraph(container, self.style_ids[S.SPACER.name], exact_line=Pt(gap))

    def block(self, container: etree._Element, element: etree._Element, width: Length) -> None:
        tag = element.tag
        if tag == "table":
            self.table(container, element, width)
        elif tag == "textarea":
            kind = element.get("class", "")
            top, bottom = S.FIELD_BOX_MARGINS[kind]
            self.separate(container, top)
            cell = ooxml.add_box(container, Length(width), S.FIELD_BOX_HEIGHTS[kind], S.FIELD_BOX_PADDING, S.FIELD_FILL)
            self.margin_below[container[-1]] = bottom
            box = ooxml.add_paragraph(cell, self.style_ids[_style_of(element).name])
            ooxml.text_control(box, element.get("name"), element.get("title", ""), FIELD_PLACEHOLDER, multiline=True)
        elif tag in {"p", "h1", "h2", "hr", "td", "th"}:
            self.paragraph(container, element, width)

    def paragraph(self, container: etree._Element, element: etree._Element, width: Length) -> None:
        spec = _style_of(element)
        style_id = self.style_ids[spec.name]
        if element.tag == "hr":
            ooxml.add_paragraph(container, style_id, rule_indent=_rule_indent(width, width * 0.3))
            return
        runs = runs_of(element)
        ruled = [r for r in runs if r.ruled]
        paragraph = ooxml.add_paragraph(
            container,
            style_id,
            rule_indent=_rule_indent(width, _text_width(ruled, spec)) if ruled else None,
            exact_line=_exact_line(element, spec, runs),
        )
        for run in runs:
            if run.line_break:
                ooxml.add_line_break(paragraph)
            elif run.field is not None:
                _field(paragraph, run.field)
            elif run.image:
                self.qr_code(paragraph, run)
            else:
                ooxml.add_text(paragraph, run.text, bold=run.bold, italic=run.italic)

    def qr_code(self, paragraph: etree._Element, run: Run) -> None:
        """The QR code at the same place of the page as in the PDF (img.qr in style.css)."""
        inline = self.part.new_pic_inline(io.BytesIO(run.image), S.QR_SIZE, S.QR_SIZE)
        ooxml.add_floating_picture(paragraph, inline, S.QR_LEFT, S.QR_TOP, S.QR_CLEARANCE, run.description)

    def table(self, container: etree._Element, element: etree._Element, width: Length) -> None:
        head = element.findall("thead/tr")
        rows = head + element.findall("tr") + element.findall("tbody/tr")
        kind = element.get("class")
        widths = [Length(int(width * share)) for share in _column_shares(element)]
        padding = S.TABLE_PADDING[kind]
        ruled = kind in S.RULED_TABLES
        style_id = self.style_ids[GRID_STYLE] if ruled else None
        top, bottom = S.TABLE_MARGINS[kind]
        if kind in S.KEPT_WITH_PREVIOUS and len(container):
            ooxml.keep_with_next(container[-1])
        self.separate(container, top)
        table = ooxml.add_table(container, widths, padding, style_id, S.CELL_PADDING_TOP_BOTTOM if ruled else None)
        self.margin_below[table] = bottom
        for tr in rows:
            row = ooxml.add_row(table, cant_split=kind in S.UNSPLIT_ROWS, header=tr in head)
            column = 0
            for td in [c for c in tr if c.tag in {"td", "th"}]:
                span = int(td.get("colspan", "1"))
                spanned = widths[column : column + span]
                cell = ooxml.add_cell(row, spanned)
                self.fill_cell(cell, td, Length(sum(spanned) - 2 * padding))
                column += span
            for column_width in widths[column:]:  # columns the row leaves out stay empty
                ooxml.add_empty_paragraph(ooxml.add_cell(row, [column_width]))

    def fill_cell(self, cell: etree._Element, td: etree._Element, width: Length) -> None:
        """A cell holds either blocks (paragraphs, fields) or inline content (one paragraph)."""
        blocks = [c for c in td if isinstance(c.tag, str) and (c.tag in BLOCK_TAGS)]
        if blocks:
            for child in blocks:
                self.block(cell, child, width)
            ooxml.end_cell(cell)
        else:
            self.paragraph(cell, td, width)
