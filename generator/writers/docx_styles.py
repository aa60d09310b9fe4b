"""Word paragraph styles for each vocabulary class: the DOCX twin of style.css.

Real Word styles (not direct formatting) so that a clerk who wants the body in
13 pt changes one style in Word and the whole document follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm

FONT = "Times New Roman"
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(25)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FIRST_LINE_INDENT = Cm(1.27)
LINE_SPACING = 1.15
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
    "form": Mm(1.5),
    "data": Mm(1.5),
}
RULED_TABLES = {"form", "data"}  # drawn with grid lines


@dataclass(frozen=True)
class ParagraphStyle:
    name: str
    size: float
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER
    indent: bool = False  # first-line indent of body text
    before: float = 0
    after: float = 0
    keep_with_next: bool = False


J = WD_ALIGN_PARAGRAPH.JUSTIFY
L = WD_ALIGN_PARAGRAPH.LEFT

# (tag, class) → style; the same sizes and weights as style.css
STYLES: dict[tuple[str, str], ParagraphStyle] = {
    ("p", ""): ParagraphStyle("Pact Body", 14, align=J, indent=True, after=6),
    ("p", "item"): ParagraphStyle("Pact Item", 14, align=J, indent=True, after=6),
    # the paragraph before the signatures: on the page where they start (keep with next)
    ("p", "closing"): ParagraphStyle("Pact Closing", 14, align=J, indent=True, after=6, keep_with_next=True),
    ("p", "basis"): ParagraphStyle("Pact Legal Basis", 14, italic=True, align=J, indent=True, after=6),
    ("h1", ""): ParagraphStyle("Pact Title", 14, bold=True, before=12, keep_with_next=True),
    ("h2", ""): ParagraphStyle("Pact Section", 14, bold=True, align=J, indent=True, before=6, after=6,
                               keep_with_next=True),
    ("p", "subject"): ParagraphStyle("Pact Subject", 14, bold=True, keep_with_next=True),
    ("p", "parent"): ParagraphStyle("Pact Parent Body", 13),
    ("p", "issuer"): ParagraphStyle("Pact Issuer", 13, bold=True),
    ("p", "nation"): ParagraphStyle("Pact Nation", 12, bold=True),
    ("p", "motto"): ParagraphStyle("Pact Motto", 13, bold=True),
    ("p", "number"): ParagraphStyle("Pact Number", 13, before=4),
    ("p", "dateline"): ParagraphStyle("Pact Dateline", 13, italic=True, before=4),
    ("p", "sign-unit"): ParagraphStyle("Pact Signer Unit", 13, bold=True, before=6),
    ("p", "sign-title"): ParagraphStyle("Pact Signer Title", 13, bold=True),
    ("p", "sign-role"): ParagraphStyle("Pact Signer Role", 13, italic=True),
    ("p", "sign-space"): ParagraphStyle("Pact Signature Space", 13),
    ("p", "sign-name"): ParagraphStyle("Pact Signer Name", 13, bold=True, after=18),
    ("p", "document-id"): ParagraphStyle("Pact Document Id", 7.5, align=L),
    ("hr", "short"): ParagraphStyle("Pact Rule", 2, after=6),
    ("p", "qr"): ParagraphStyle("Pact QR Code", 2),
}
_CELL = ParagraphStyle("Pact Cell", 12, align=L)
_FIELD_BOX = ParagraphStyle("Pact Field Box", 13, align=L, after=4)
STYLES |= {
    ("p", "center"): ParagraphStyle("Pact Centred", 14, after=6),
    ("p", "field"): ParagraphStyle("Pact Field", 12, align=L, before=2, after=2),
    ("p", "recipients-head"): ParagraphStyle("Pact Recipients Head", 12, bold=True, italic=True, align=L),
    ("p", "recipient"): ParagraphStyle("Pact Recipient", 11, align=L),
    ("textarea", ""): _FIELD_BOX,
    ("textarea", "large"): _FIELD_BOX,
    ("td", ""): _CELL,
    ("td", "text"): _CELL,
    ("td", "fields"): _CELL,
    ("td", "center"): ParagraphStyle("Pact Cell Centred", 12),
    ("td", "number"): ParagraphStyle("Pact Cell Number", 12, align=WD_ALIGN_PARAGRAPH.RIGHT),
    ("td", "section"): ParagraphStyle("Pact Cell Section", 12, bold=True, align=L, keep_with_next=True),
    ("th", ""): ParagraphStyle("Pact Cell Head", 12, bold=True),
}
PAGE_NUMBER = ParagraphStyle("Pact Page Number", 13)
