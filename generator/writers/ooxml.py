"""The only module that builds raw OOXML: what python-docx has no API for."""

from __future__ import annotations

import io
import zipfile

from docx.document import Document
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length

ZipTime = tuple[int, int, int, int, int, int]


def apply_style(paragraph, style) -> None:
    """Set a paragraph's style by id. python-docx's setter scans every style, then
    looks for the place of w:pStyle among 35 possible siblings; it is always first."""
    p_pr = paragraph._p.get_or_add_pPr()
    existing = p_pr.find(qn("w:pStyle"))
    if existing is not None:
        existing.set(qn("w:val"), style.style_id)
    else:
        _child(p_pr, "w:pStyle", val=style.style_id, first=True)


def bottom_border(paragraph, size_eighths: int = 6) -> None:
    """A rule under the paragraph, as long as the paragraph is wide (indents set it)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": str(size_eighths), "w:space": "1", "w:color": "000000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr must precede spacing/ind/jc in CT_PPr's sequence
    anchor = next((c for c in p_pr if c.tag in {qn("w:shd"), qn("w:tabs"), qn("w:spacing"), qn("w:ind"), qn("w:jc")}), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        p_pr.append(borders)


def cant_split(row) -> None:
    """Keep a table row (a signature block) on one page."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    tr_pr.insert(0, element)


def repeat_header(row) -> None:
    """A heading row repeated at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


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


def cell_padding(table, left_right: Length) -> None:
    """Left and right cell padding of the whole table, as the stylesheet's td padding."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(left_right.twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)


def _child(parent, tag: str, first: bool = False, **attributes: str):
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    if first:
        parent.insert(0, element)
    else:
        parent.append(element)
    return element


def _control(paragraph, name: str, placeholder: str):
    """A run-level content control whose tag and alias are the field name:
    LibreOffice drops tags on a round trip but keeps aliases."""
    sdt = OxmlElement("w:sdt")
    properties = _child(sdt, "w:sdtPr")
    _child(properties, "w:alias", val=name)
    _child(properties, "w:tag", val=name)
    _child(properties, "w:showingPlcHdr")
    content = _child(sdt, "w:sdtContent")
    run = _child(content, "w:r")
    text = _child(run, "w:t")
    text.text = placeholder
    paragraph._p.append(sdt)
    return properties


def text_control(paragraph, name: str, placeholder: str, multiline: bool = False) -> None:
    properties = _control(paragraph, name, placeholder)
    text = _child(properties, "w:text")
    if multiline:
        text.set(qn("w:multiLine"), "1")


def dropdown_control(paragraph, name: str, placeholder: str, options: list[tuple[str, str]]) -> None:
    """A drop-down list: Word shows the labels and keeps the chosen label as the text."""
    properties = _control(paragraph, name, placeholder)
    choices = _child(properties, "w:dropDownList")
    for value, label in options:
        _child(choices, "w:listItem", displayText=label, value=value)
def float_on_page(picture, left: Length, top: Length, clearance: Length, description: str) -> None:
    """Turn an inline picture into one fixed at (left, top) of the page where its
    paragraph falls, with text kept `clearance` away: python-docx only places
    pictures inline, and an inline QR code would take room from the signatures."""
    inline = picture._inline
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
# styles for Word 2010 (438 KB), a thumbnail, a bibliography store.
OPTIONAL_PARTS = ("/stylesWithEffects", "/thumbnail", "/customXml")


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


def package_at(document: Document, date_time: ZipTime) -> bytes:
    """The document's package as a zip whose entries all carry `date_time`, so the
    same document gives the same bytes. The parts go straight into that zip through
    python-docx's package writer steps (the entries in its order): its own save
    stamps the current time, and unzipping and zipping that again cost a sixth of
    a document's time."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = _FixedTimeZip(archive, date_time)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
    return out.getvalue()


class _FixedTimeZip:
    """The interface of python-docx's physical package writer over a zip of fixed times."""

    def __init__(self, archive: zipfile.ZipFile, date_time: ZipTime):
        self.archive = archive
        self.date_time = date_time

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, self.date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        self.archive.writestr(entry, blob)
