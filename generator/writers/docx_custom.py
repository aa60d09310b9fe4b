"""A DOCX's custom document properties (docProps/custom.xml), which python-docx has no
API for: a part of its own, related from the package. Word and LibreOffice keep them
when they save a document again, and show them to no one who does not look for them."""

from __future__ import annotations

import zipfile

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

PARTNAME = "/docProps/custom.xml"
NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VALUE_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The one format id every custom property carries; ids start at 2 (the specification's rule).
FORMAT_ID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
FIRST_PID = 2


def add_custom_properties(document: Document, properties: dict[str, str]) -> None:
    """`properties` as text-valued custom properties of `document`."""
    if not properties:
        return
    root = etree.Element(f"{{{NAMESPACE}}}Properties", nsmap={None: NAMESPACE, "vt": VALUE_TYPES})
    for pid, (name, value) in enumerate(properties.items(), start=FIRST_PID):
        prop = etree.SubElement(root, f"{{{NAMESPACE}}}property", fmtid=FORMAT_ID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VALUE_TYPES}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    part = Part(PackURI(PARTNAME), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


def read_custom_property(archive: zipfile.ZipFile, name: str, parser: etree.XMLParser) -> str | None:
    """The text of custom property `name` of the DOCX `archive`, or None."""
    try:
        root = etree.fromstring(archive.read(PARTNAME.lstrip("/")), parser)
    except KeyError:
        return None
    for prop in root.iter(f"{{{NAMESPACE}}}property"):
        if prop.get("name") == name:
            return "".join(prop.itertext()).strip()
    return None
