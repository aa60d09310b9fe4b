"""The only module that builds raw OOXML: what python-docx has no API for, and the
body's paragraphs and tables, built with lxml directly: python-docx's proxies look
for each new element's place among its possible siblings, which took most of a
form's time. The elements come out as python-docx writes them, attribute for
attribute, so a document's bytes do not depend on which of the two built it."""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.shared import Length
from lxml import etree
from lxml.etree import SubElement

W = f"{{{nsmap['w']}}}"  # Clark prefix of the w: namespace: W + "p" is w:p
_XML_SPACE = qn("xml:space")
_BORDER = {W + "val": "single", W + "sz": "6", W + "space": "1", W + "color": "000000"}
_TABLE_LOOK = {W + "firstColumn": "1", W + "firstRow": "1", W + "lastColumn": "0", W + "lastRow": "0",
               W + "noHBand": "0", W + "noVBand": "1", W + "val": "04A0"}


def apply_style(paragraph, style_id: str) -> None:
    """Set a python-docx paragraph's style by id. python-docx's setter scans every
    style, then looks for the place of w:pStyle among 35 possible siblings; it is
    always first."""
    p_pr = paragraph._p.get_or_add_pPr()
    existing = p_pr.find(W + "pStyle")
    if existing is not None:
        existing.set(W + "val", style_id)
    else:
        p_pr.insert(0, p_pr.makeelement(W + "pStyle", {W + "val": style_id}))


def add_paragraph(container: etree._Element, style_id: str, *, rule_indent: Length | None = None,
                  exact_line: Length | None = None) -> etree._Element:
    """A paragraph at the end of `container` (a cell, a footer; the body before its
    w:sectPr is the caller's care). `rule_indent` draws a bottom border narrowed by
    that indent on both sides (a centred rule); `exact_line` fixes the line height.
    Its properties come in CT_PPr's order: pStyle, pBdr, spacing, ind."""
    p = SubElement(container, W + "p")
    p_pr = SubElement(p, W + "pPr")
    SubElement(p_pr, W + "pStyle", {W + "val": style_id})
    if rule_indent is not None:
        SubElement(SubElement(p_pr, W + "pBdr"), W + "bottom", _BORDER)
    if exact_line is not None:
        SubElement(p_pr, W + "spacing", {W + "lineRule": "exact", W + "line": str(exact_line.twips)})
    if rule_indent is not None:
        side = str(rule_indent.twips)
        SubElement(p_pr, W + "ind", {W + "left": side, W + "right": side})
    return p


def add_text(paragraph: etree._Element, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """A run of text without tabs or line breaks (the caller collapsed white space)."""
    run = SubElement(paragraph, W + "r")
    _switches(run, "rPr", {"b": bold, "i": italic})
    element = SubElement(run, W + "t")
    element.text = text
    if len(text.strip()) < len(text):  # Word drops leading and trailing spaces without it
        element.set(_XML_SPACE, "preserve")


def add_line_break(paragraph: etree._Element) -> None:
    SubElement(SubElement(paragraph, W + "r"), W + "br")


def add_table(container: etree._Element, widths: Sequence[Length], padding: Length,
              style_id: str | None, padding_top_bottom: Length | None = None) -> etree._Element:
    """A table of fixed column widths at the end of `container`, with left and right
    (and top and bottom, if given) cell padding as the stylesheet's td padding. In a
    cell, the caller ends the cell with a paragraph (end_cell): Word wants one last."""
    table = SubElement(container, W + "tbl")
    properties = SubElement(table, W + "tblPr")
    if style_id is not None:
        SubElement(properties, W + "tblStyle", {W + "val": style_id})
    SubElement(properties, W + "tblW", {W + "type": "auto", W + "w": "0"})
    SubElement(properties, W + "tblLayout", {W + "type": "fixed"})
    SubElement(properties, W + "tblLook", _TABLE_LOOK)
    margins = SubElement(properties, W + "tblCellMar")
    sides = {"left": padding, "right": padding}
    if padding_top_bottom is not None:
        sides = {"top": padding_top_bottom, "left": padding, "bottom": padding_top_bottom, "right": padding}
    for side, length in sides.items():  # CT_TblCellMar's order: top, left, bottom, right
        SubElement(margins, W + side, {W + "w": str(length.twips), W + "type": "dxa"})
    grid = SubElement(table, W + "tblGrid")
    for width in widths:
        SubElement(grid, W + "gridCol", {W + "w": str(width.twips)})
    return table


def keep_with_next(block: etree._Element) -> None:
    """Keep a paragraph, or a table's last row, on the page of what follows: w:keepNext
    on the paragraph, on every paragraph of the row."""
    if block.tag == W + "p":
        paragraphs = [block]
    elif block.tag == W + "tbl" and block.findall(W + "tr"):
        paragraphs = list(block.findall(W + "tr")[-1].iter(W + "p"))
    else:
        return
    for paragraph in paragraphs:
        p_pr = paragraph.find(W + "pPr")
        if p_pr is None:
            p_pr = paragraph.makeelement(W + "pPr", {})
            paragraph.insert(0, p_pr)
        if p_pr.find(W + "keepNext") is None:
            keep = p_pr.makeelement(W + "keepNext", {})
            style = p_pr.find(W + "pStyle")
            style.addnext(keep) if style is not None else p_pr.insert(0, keep)  # CT_PPr: pStyle, keepNext, …


def ends_with_table(container: etree._Element) -> bool:
    return len(container) > 0 and container[-1].tag == W + "tbl"


def end_cell(cell: etree._Element) -> None:
    """An empty paragraph at the end of a cell that ends with a table: Word wants a
    cell's last element to be a paragraph."""
    if len(cell) == 0 or ends_with_table(cell):
        add_empty_paragraph(cell)


def add_row(table: etree._Element, *, cant_split: bool = False, header: bool = False) -> etree._Element:
    """A table row; `cant_split` keeps it (a signature block) on one page, `header`
    repeats it at the top of every page the table runs onto."""
    row = SubElement(table, W + "tr")
    _switches(row, "trPr", {"cantSplit": cant_split, "tblHeader": header})
    return row


def _switches(owner: etree._Element, properties: str, switches: dict[str, bool]) -> None:
    """The owner's properties element with an empty child for each switch that is on,
    in the order given (the schema's); no properties element when none is."""
    on = [tag for tag, wanted in switches.items() if wanted]
    if on:
        element = SubElement(owner, W + properties)
        for tag in on:
            SubElement(element, W + tag)


def add_cell(row: etree._Element, widths: Sequence[Length]) -> etree._Element:
    """A cell spanning the grid columns of these widths, still empty: Word wants at
    least one paragraph in it."""
    cell = SubElement(row, W + "tc")
    properties = SubElement(cell, W + "tcPr")
    SubElement(properties, W + "tcW", {W + "type": "dxa", W + "w": str(sum(w.twips for w in widths))})
    if len(widths) > 1:
        SubElement(properties, W + "gridSpan", {W + "val": str(len(widths))})
    return cell


def add_box(container: etree._Element, width: Length, height: Length, padding: Length,
            fill: str) -> etree._Element:
    """A framed box (dotted lines, `fill` behind) at least `height` tall that grows with
    its text and never splits across pages: a one-cell table, the DOCX twin of a
    multi-line form field. Returns the cell, still empty."""
    table = add_table(container, [width], padding, None)
    borders = SubElement(table.find(W + "tblPr"), W + "tblBorders")
    table.find(f"{W}tblPr/{W}tblW").addnext(borders)  # CT_TblPr's order: tblW, …, tblBorders, …
    for side in ("top", "left", "bottom", "right"):
        SubElement(borders, W + side, {W + "val": "dotted", W + "sz": "4", W + "space": "0", W + "color": "000000"})
    row = add_row(table, cant_split=True)
    SubElement(row.find(W + "trPr"), W + "trHeight", {W + "val": str(height.twips), W + "hRule": "atLeast"})
    cell = add_cell(row, [width])
    SubElement(cell.find(W + "tcPr"), W + "shd", {W + "val": "clear", W + "color": "auto", W + "fill": fill})
    return cell


def add_empty_paragraph(container: etree._Element) -> None:
    SubElement(container, W + "p")


def page_number(paragraph) -> None:
    """A PAGE field: Word and LibreOffice fill in the number."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def fonts_and_language(run_properties_owner, font: str, language: str) -> None:
    """Set the font for every script slot and the proofing language on a style."""
    r_pr = run_properties_owner.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        r_fonts.set(qn(slot), font)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language)


def _control(paragraph: etree._Element, name: str, title: str, placeholder: str) -> etree._Element:
    """A run-level content control: its tag is the field name (what collect reads), its
    alias the title Word shows the clerk. LibreOffice drops tags on a round trip but
    keeps aliases: collect then knows the field by its title (documents/titles.py)."""
    sdt = SubElement(paragraph, W + "sdt")
    properties = SubElement(sdt, W + "sdtPr")
    SubElement(properties, W + "alias", {W + "val": title or name})
    SubElement(properties, W + "tag", {W + "val": name})
    SubElement(properties, W + "showingPlcHdr")
    text = SubElement(SubElement(SubElement(sdt, W + "sdtContent"), W + "r"), W + "t")
    text.text = placeholder
    return properties


def text_control(paragraph: etree._Element, name: str, title: str, placeholder: str, multiline: bool = False) -> None:
    properties = _control(paragraph, name, title, placeholder)
    text = SubElement(properties, W + "text")
    if multiline:
        text.set(W + "multiLine", "1")


def dropdown_control(paragraph: etree._Element, name: str, title: str, placeholder: str,
                     options: list[tuple[str, str]]) -> None:
    """A drop-down list: Word shows the labels and keeps the chosen label as the text."""
    properties = _control(paragraph, name, title, placeholder)
    choices = SubElement(properties, W + "dropDownList")
    for value, label in options:
        SubElement(choices, W + "listItem", {W + "displayText": label, W + "value": value})


def add_floating_picture(paragraph: etree._Element, inline: etree._Element, left: Length, top: Length,
                         clearance: Length, description: str) -> None:
    """A picture (python-docx's w:inline, from its part's new_pic_inline) fixed at
    (left, top) of the page where the paragraph falls, with text kept `clearance`
    away: python-docx only places pictures inline, and an inline QR code would take
    room from the signatures. The inline goes into the document before it turns into
    an anchor, as python-docx's add_picture left it: that is where lxml declares the
    namespaces of the moved children."""
    SubElement(SubElement(paragraph, W + "r"), W + "drawing").append(inline)
    anchor = OxmlElement("wp:anchor")
    distance = str(int(clearance))
    for key, value in {"distT": distance, "distB": distance, "distL": distance, "distR": distance,
                       "simplePos": "0", "relativeHeight": "251658240", "behindDoc": "0", "locked": "1",
                       "layoutInCell": "1", "allowOverlap": "0"}.items():
        anchor.set(key, value)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    for axis, offset in (("wp:positionH", left), ("wp:positionV", top)):
        position = OxmlElement(axis)
        position.set("relativeFrom", "page")
        value = OxmlElement("wp:posOffset")
        value.text = str(int(offset))
        position.append(value)
        anchor.append(position)
    anchor.append(inline.find(qn("wp:extent")))
    extent = OxmlElement("wp:effectExtent")
    for side in ("l", "t", "r", "b"):
        extent.set(side, "0")
    anchor.append(extent)
    wrap = OxmlElement("wp:wrapSquare")
    wrap.set("wrapText", "bothSides")
    anchor.append(wrap)
    doc_pr = inline.find(qn("wp:docPr"))
    doc_pr.set("descr", description)
    for child in (doc_pr, inline.find(qn("wp:cNvGraphicFramePr")), inline.find(qn("a:graphic"))):
        anchor.append(child)
    inline.getparent().replace(inline, anchor)


# Parts python-docx's default template carries that Word and LibreOffice do without:
# styles for Word 2010 (438 KB), a thumbnail, a bibliography store, and the extended
# properties, which claim the file was saved by "Microsoft Macintosh Word".
OPTIONAL_PARTS = ("/stylesWithEffects", "/thumbnail", "/customXml", "/extended-properties")


def drop_optional_parts(document) -> None:
    """Unlink the optional parts: a package holds only the parts its relationships reach."""
    for rels in (document.part.package.rels, document.part.rels):
        for r_id in [r for r, rel in rels.items() if rel.reltype.endswith(OPTIONAL_PARTS)]:
            del rels[r_id]


def drop_table_styles(document, keep: set[str]) -> None:
    """Remove the table styles not named in `keep` (the default one always stays): the
    template's hundred coloured grids are 97 % of its styles.xml, parsed and
    compressed again for every document."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) != "table" or style.get(qn("w:default")) == "1":
            continue
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in keep:
            styles.remove(style)
