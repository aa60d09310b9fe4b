"""Word paragraph styles for each vocabulary class: the DOCX twin of style.css.

Real Word styles (not direct formatting) so that a clerk who wants the body in
13 pt changes one style in Word and the whole document follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Length, Mm, Pt

from generator import vn

FONT = "Times New Roman"
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(25)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FIRST_LINE_INDENT = Cm(1.27)
SIGNATURE_SPACE = Mm(28)
# The QR code (img.qr in style.css): its side, 5 mm from the page's right and bottom
# edges, text kept a quiet zone away.
QR_SIZE = Mm(18)
QR_LEFT = PAGE_WIDTH - Mm(5) - QR_SIZE
QR_TOP = PAGE_HEIGHT - Mm(5) - QR_SIZE
QR_CLEARANCE = Mm(3)

# table class → column shares of the text width, and the cells' left/right padding
TABLE_COLUMNS = {
    "national-header": (0.40, 0.60),
    "signature-grid": (0.50, 0.50),
    "closing": (0.45, 0.55),
}
TABLE_PADDING = {
    "national-header": Mm(0),
    "signature-grid": Mm(3),
    "closing": Mm(0),
    "form": Length(Mm(1.5) + Pt(0.25)),  # plus half the 0.5pt grid line a collapsed border takes
    "data": Length(Mm(1.5) + Pt(0.25)),
}
RULED_TABLES = {"form", "data"}  # drawn with grid lines
UNSPLIT_ROWS = RULED_TABLES | {"signature-grid", "closing"}  # style.css: tr { break-inside: avoid }
CELL_PADDING_TOP_BOTTOM = Pt(2.25)  # of the ruled tables' cells, plus half the grid line

# A line holding a form field (input, select: 15pt boxes with vertical-align: middle in
# style.css) is taller than its text: the box is centred half an x-height above the
# baseline. The metrics of Liberation Serif (Times New Roman's), per em.
ASCENT, DESCENT, X_HEIGHT = 0.891, 0.216, 0.459
FIELD_HEIGHT = 15  # pt


@dataclass(frozen=True)
class ParagraphStyle:
    name: str  # as a Vietnamese clerk finds it in Word's style list
    size: float
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER
    indent: bool = False  # first-line indent of body text
    before: float = 0
    after: float = 0
    keep_with_next: bool = False
    line: float = 1.25  # line height / font size: style.css's line-height, exact in Word too
    exact: float | None = None  # a line height in pt instead (a rule's paragraph)

    @property
    def line_height(self) -> float:
        return self.exact if self.exact is not None else self.size * self.line

    @property
    def field_line_height(self) -> float:
        """The height of a line of this style holding a form field, as CSS lays it out."""
        half_leading = (self.line_height - (ASCENT + DESCENT) * self.size) / 2
        middle = X_HEIGHT * self.size / 2
        above = max(ASCENT * self.size + half_leading, middle + FIELD_HEIGHT / 2)
        below = max(DESCENT * self.size + half_leading, FIELD_HEIGHT / 2 - middle)
        return above + below

    @property
    def style_id(self) -> str:
        """An ASCII id for the Vietnamese name ("Giao ước - Nội dung" → "GiaoUocNoiDung"):
        Word and LibreOffice show the name, the XML refers to the id."""
        return re.sub(r"[^A-Za-z0-9]", "", vn.ascii_upper(self.name).title())


J = WD_ALIGN_PARAGRAPH.JUSTIFY
L = WD_ALIGN_PARAGRAPH.LEFT
HEADER_LINE = 1.15  # table.national-header p in style.css
# A rule (hr.short) is the bottom border of a paragraph whose line ends where the
# rule's top margin in style.css does: the border is drawn BORDER_SPACE below the line.
BORDER_SPACE = 1  # pt; ooxml's border, as span.ruled's padding-bottom


def _rule(name: str, margin_top: float, margin_bottom: float) -> ParagraphStyle:
    return ParagraphStyle(name, 2, exact=margin_top - BORDER_SPACE, after=margin_bottom)


# (tag, class) → style; the same sizes, weights, line heights and margins as style.css
STYLES: dict[tuple[str, str], ParagraphStyle] = {
    ("p", ""): ParagraphStyle("Giao ước - Nội dung", 14, align=J, indent=True, after=6),
    ("p", "item"): ParagraphStyle("Giao ước - Nội dung thi đua", 14, align=J, indent=True, after=6),
    # the paragraph before the signatures: on the page where they start (keep with next);
    # its margin collapses with the grid's margin-top of 12pt
    ("p", "closing"): ParagraphStyle("Giao ước - Đoạn kết", 14, align=J, indent=True, after=12,
                                     keep_with_next=True),
    ("p", "basis"): ParagraphStyle("Giao ước - Căn cứ", 14, italic=True, align=J, indent=True, after=6),
    ("h1", ""): ParagraphStyle("Giao ước - Tên loại văn bản", 14, bold=True, before=12, keep_with_next=True),
    ("h2", ""): ParagraphStyle("Giao ước - Đề mục", 14, bold=True, align=J, indent=True, before=6, after=6,
                               keep_with_next=True),
    ("p", "subject"): ParagraphStyle("Giao ước - Trích yếu", 14, bold=True, keep_with_next=True),
    ("p", "parent"): ParagraphStyle("Giao ước - Cơ quan chủ quản", 13, line=HEADER_LINE),
    ("p", "issuer"): ParagraphStyle("Giao ước - Cơ quan ban hành", 13, bold=True, line=HEADER_LINE),
    ("p", "nation"): ParagraphStyle("Giao ước - Quốc hiệu", 12, bold=True, line=HEADER_LINE),
    ("p", "motto"): ParagraphStyle("Giao ước - Tiêu ngữ", 13, bold=True, line=HEADER_LINE),
    ("p", "number"): ParagraphStyle("Giao ước - Số và ký hiệu", 13, before=4, line=HEADER_LINE),
    ("p", "dateline"): ParagraphStyle("Giao ước - Địa danh và ngày tháng", 13, italic=True, before=4,
                                      line=HEADER_LINE),
    ("p", "sign-unit"): ParagraphStyle("Giao ước - Đơn vị ký", 13, bold=True, before=6),
    ("p", "sign-title"): ParagraphStyle("Giao ước - Chức vụ người ký", 13, bold=True),
    ("p", "sign-role"): ParagraphStyle("Giao ước - Vai trò trong cụm", 13, italic=True),
    ("p", "sign-space"): ParagraphStyle("Giao ước - Chỗ ký", 13),
    ("p", "sign-name"): ParagraphStyle("Giao ước - Họ tên người ký", 13, bold=True, after=18),
    ("p", "document-id"): ParagraphStyle("Giao ước - Mã tài liệu", 7.5, align=L),
    ("hr", "short"): _rule("Giao ước - Đường kẻ", 2, 0),  # under the issuing body
    ("p", "qr"): ParagraphStyle("Giao ước - Mã QR", 2),
}
# p.subject + hr.short: the rule under the subject lines
RULE_UNDER_SUBJECT = _rule("Giao ước - Đường kẻ dưới trích yếu", 3, 12)
_CELL = ParagraphStyle("Giao ước - Ô bảng", 12, align=L)

# A multi-line field (textarea) is a framed box of style.css's height, its text in it.
FIELD_BOX_HEIGHTS = {"": Mm(16), "large": Mm(38)}
# style.css's top and bottom margins (pt) of what becomes a Word table: Word merges two
# tables that touch, so a paragraph as tall as their collapsed margins goes between.
TABLE_MARGINS = {"national-header": (0, 12), "signature-grid": (12, 0), "form": (6, 9), "data": (6, 9),
                 "closing": (12, 0)}
FIELD_BOX_MARGINS = {"": (2, 4), "large": (2, 9)}
# Tables that take what comes before them onto their page (style.css: break-before: avoid)
KEPT_WITH_PREVIOUS = {"closing"}
FIELD_BOX_PADDING = Pt(2)
FIELD_FILL = "F4F6FB"  # style.css's background of form fields
_FIELD_BOX = ParagraphStyle("Giao ước - Ô nhập nhiều dòng", 13, align=L)
STYLES |= {
    ("p", "center"): ParagraphStyle("Giao ước - Dòng giữa", 14, after=6),
    ("p", "field"): ParagraphStyle("Giao ước - Dòng biểu mẫu", 12, align=L, before=2, after=2),
    ("p", "recipients-head"): ParagraphStyle("Giao ước - Nơi nhận", 12, bold=True, italic=True, align=L),
    ("p", "recipient"): ParagraphStyle("Giao ước - Dòng nơi nhận", 11, align=L),
    ("textarea", ""): _FIELD_BOX,
    ("textarea", "large"): _FIELD_BOX,
    ("td", ""): _CELL,
    ("td", "text"): _CELL,
    ("td", "fields"): _CELL,
    ("td", "center"): ParagraphStyle("Giao ước - Ô bảng căn giữa", 12),
    ("td", "number"): ParagraphStyle("Giao ước - Ô số", 12, align=WD_ALIGN_PARAGRAPH.RIGHT),
    ("td", "section"): ParagraphStyle("Giao ước - Ô đề mục", 12, bold=True, align=L, keep_with_next=True),
    ("th", ""): ParagraphStyle("Giao ước - Ô tiêu đề", 12, bold=True),
}
PAGE_NUMBER = ParagraphStyle("Giao ước - Số trang", 13)
SPACER = ParagraphStyle("Giao ước - Khoảng cách giữa hai bảng", 1, keep_with_next=True)
ALL_STYLES = [*dict.fromkeys([*STYLES.values(), RULE_UNDER_SUBJECT, PAGE_NUMBER, SPACER])]  # shared specs once
