"""Filling report forms the way members do: pypdf for the PDF, editing the content
controls of the DOCX as Word does, and LibreOffice for a round trip."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree
from pypdf import PdfReader, PdfWriter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def fill_pdf(source: Path, target: Path, values: dict[str, str]) -> Path:
    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with target.open("wb") as stream:
        writer.write(stream)
    return target


def fill_docx(source: Path, target: Path, values: dict[str, str]) -> Path:
    """Type into content controls: the placeholder mark goes, the text is the value
    (for a drop-down, the label the member picked, as Word stores it)."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in root.iter(f"{W}sdt"):
        properties = sdt.find(f"{W}sdtPr")
        name = properties.find(f"{W}tag").get(f"{W}val")
        if name not in values:
            continue
        placeholder = properties.find(f"{W}showingPlcHdr")
        if placeholder is not None:
            properties.remove(placeholder)
        texts = list(sdt.find(f"{W}sdtContent").iter(f"{W}t"))
        texts[0].text = values[name]
        for extra in texts[1:]:
            extra.text = ""
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def libreoffice_round_trip(soffice: str, source: Path, target: Path) -> Path:
    """Open a DOCX in LibreOffice and save it again as DOCX, as a member using it would."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        copy = work / "in" / source.name
        copy.parent.mkdir()
        shutil.copy(source, copy)
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
             "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(copy)],
            capture_output=True, check=True, timeout=240,
        )
        shutil.copy(work / "out" / source.name, target)
    return target
