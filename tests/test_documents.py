"""The documents as a clerk reads them back: poppler, pdfplumber, python-docx, LibreOffice."""

from __future__ import annotations

import json
import subprocess
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
import pytest
from pypdf import PdfReader

from conftest import LONG_UNIT, SAMPLE, unseen_pact_data
from generator import vn
from generator.pact.load import load_pact
from readers import docx_paragraphs, docx_words, flat, libreoffice_pdf, pdf_body_words, pdftotext, text_differences

SAMPLE_PACT = load_pact(SAMPLE)


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def document_files(folder: Path, kind: str, fmt: str) -> list[Path]:
    return [folder / d["path"] for d in manifest(folder)["documents"] if d["kind"] == kind and d["format"] == fmt]


def expected_phrases(pact) -> list[str]:
    """What a clerk checks: every unit (upper case in the grid), section, item, the dateline."""
    phrases = [vn.dateline(pact.ceremony.place, pact.ceremony.date)]
    phrases += [m.unit for m in pact.members] + [vn.upper(m.unit) for m in pact.members]
    for section in pact.sections:
        phrases.append(section.title)
        phrases += [item.text.rstrip(" .;") for item in section.items]
    return phrases


@pytest.fixture(scope="module", params=["sample", "unseen"])
def built(request, sample_build, unseen_build):
    if request.param == "sample":
        return SAMPLE_PACT, sample_build
    from generator.pact.model import Pact

    return Pact.model_validate(_nfc(unseen_pact_data())), unseen_build


def _nfc(data):
    if isinstance(data, dict):
        return {k: _nfc(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_nfc(v) for v in data]
    return unicodedata.normalize("NFC", data) if isinstance(data, str) else data


def test_manifest_lists_every_document_with_its_hash(built):
    pact, folder = built
    documents = manifest(folder)["documents"]
    kinds = Counter((d["kind"], d["format"]) for d in documents)
    members = len(pact.members)
    forms = members * len(pact.reporting.periods)
    assert kinds == {("pact", "pdf"): 1, ("pact", "docx"): 1, ("signatures", "pdf"): 1,
                     ("signatures", "docx"): 1, ("signature-page", "pdf"): members,
                     ("signature-page", "docx"): members, ("report-form", "pdf"): forms,
                     ("report-form", "docx"): forms}
    import hashlib

    for d in documents:
        assert hashlib.sha256((folder / d["path"]).read_bytes()).hexdigest() == d["sha256"]
        assert (d["period"] is None) == (d["kind"] != "report-form")
        assert (d["member"] is None) == (d["kind"] in {"pact", "signatures"})
        assert d["id"].isascii() and d["id"] == d["id"].upper()
    assert {d["member"] for d in documents if d["member"]} == {m.id for m in pact.members}
    assert {d["period"] for d in documents if d["period"]} == {p.id for p in pact.reporting.periods}
    assert not list(folder.glob("*.tmp")) and not list(folder.glob(".*"))


def test_pact_pdf_text_has_every_phrase_in_nfc(built):
    pact, folder = built
    text = pdftotext(document_files(folder, "pact", "pdf")[0])
    assert unicodedata.is_normalized("NFC", text)
    missing = [p for p in expected_phrases(pact) if flat(p) not in flat(text)]
    assert not missing


def test_pact_docx_text_has_every_phrase(built):
    pact, folder = built
    text = "\n".join(docx_paragraphs(document_files(folder, "pact", "docx")[0]))
    missing = [p for p in expected_phrases(pact) if flat(p) not in flat(text)]
    assert not missing


def test_docx_carries_only_the_parts_and_styles_it_uses(sample_build):
    """python-docx's template brings Word 2010 styles, a thumbnail and a hundred coloured
    table styles: 800 KB parsed and compressed for every file, none of it shown."""
    path = sample_build / "ban-giao-uoc.docx"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        styles = docx.Document(path).styles
    assert not {n for n in names if "stylesWithEffects" in n or "thumbnail" in n or n.startswith("customXml")}
    assert sorted(s.name for s in styles if s.type == WD_STYLE_TYPE.TABLE) == ["Normal Table", "Table Grid"]
    assert {"Normal", "Heading 1", "Header", "Footer"} <= {s.name for s in styles}  # Word's gallery stays
    assert path.stat().st_size < 30_000


def test_pdf_and_docx_carry_the_same_text(built):
    _, folder = built
    for pdf in sorted(folder.glob("*.pdf")):
        assert text_differences(pdf, pdf.with_suffix(".docx")) == (Counter(), Counter()), pdf.name


def test_document_id_in_footer_metadata_and_core_properties(built):
    _, folder = built
    for entry in manifest(folder)["documents"]:
        path = folder / entry["path"]
        if entry["format"] == "pdf":
            reader = PdfReader(path)
            assert reader.metadata["/documentid"] == entry["id"]
            assert reader.metadata["/Keywords"] == entry["id"]
            for page in reader.pages:
                assert f"Mã tài liệu: {entry['id']}" in flat(page.extract_text())
        else:
            document = docx.Document(path)
            assert document.core_properties.identifier == entry["id"]
            footers = {p.text for s in document.sections for p in s.footer.paragraphs + s.first_page_footer.paragraphs}
            assert f"Mã tài liệu: {entry['id']}" in footers


def test_values_are_data_not_markup(unseen_build):
    """'<b>', '{{ 7*7 }}', '<img …>', '&' and quotes appear literally in both formats."""
    literal = ["<b>Quảng Ngãi</b>", "{{ 7*7 }}", "<img src=file:///etc/passwd>", "<script>alert(1)</script>",
               "& và \"ngoặc kép\" và 'nháy đơn'", "Quy chế \"A & B\" {% if 1 %}x{% endif %}"]
    pdf_text = flat(pdftotext(unseen_build / "ban-giao-uoc.pdf"))
    docx_text = flat(" ".join(docx_paragraphs(unseen_build / "ban-giao-uoc.docx")))
    for phrase in literal:
        assert phrase in pdf_text and phrase in docx_text, phrase
    assert "49" not in pdf_text.replace("2049", "")


def test_pact_wording(sample_build):
    text = flat(pdftotext(sample_build / "ban-giao-uoc.pdf"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "BỘ CÔNG AN CỤM THI ĐUA SỐ 12" in text
    assert "Số: ……/GƯ-CTĐ12" in text
    assert "Kiên Giang, ngày 26 tháng 3 năm 2024" in text
    assert "BẢN GIAO ƯỚC THI ĐUA" in text
    assert "Thực hiện phong trào thi đua “Vì an ninh Tổ quốc” năm 2024" in text
    assert "Căn cứ Luật Thi đua, khen thưởng năm 2022;" in text
    assert "năm 2024 của Bộ Công an." in text  # the last legal basis ends with '.'
    assert "được lập thành 06 bản" in text
    for number, title in [("I.", "Thực hiện 3 giải pháp"), ("II.", "Phòng, chống tội phạm"),
                          ("IV.", "Xây dựng Đảng"), ("V.", "Tổ chức thực hiện")]:
        assert f"{number} {title}" in text
    assert "(Cụm trưởng)" in text
    assert text.count("……………………………") == 5  # no signer named: a dotted line each


def test_unseen_pact_numbers_dates_and_roles(unseen_build):
    text = flat(pdftotext(unseen_build / "ban-giao-uoc.pdf"))
    assert "Số: 03/GƯ-CTĐ4" in text
    assert "Đà Nẵng, ngày 05 tháng 01 năm 2030" in text
    assert "được lập thành 08 bản" in text
    assert "(Cụm trưởng)" in text and "(Cụm phó)" in text
    assert "Đại tá Người Ký 1" in text
    grid = text[text.index("CÔNG AN THÀNH PHỐ ĐÀ NẴNG GIÁM ĐỐC"):]
    assert grid.index("CÔNG AN TỈNH QUẢNG TRỊ") < grid.index("CÔNG AN TỈNH THỪA THIÊN HUẾ")


def test_signature_blocks_never_split_across_pages(unseen_build):
    """Seven members and a 150-character unit: each block's unit, title and signing
    line are on one page."""
    for name in ["ban-giao-uoc.pdf", "trang-chu-ky.pdf"]:
        pages = [flat(p.extract_text()) for p in PdfReader(unseen_build / name).pages]
        for page in pages:
            titles = page.count("GIÁM ĐỐC")
            lines = page.count("……………………………") + sum(page.count(f"Người Ký {n}") for n in range(7))
            assert titles == lines, page
        assert sum(p.count("GIÁM ĐỐC") for p in pages) == 7
        assert any(flat(vn.upper(LONG_UNIT)) in p for p in pages)


def test_signature_page_names_the_pact_and_one_member(sample_build):
    pact_id = json.loads((sample_build / "manifest.json").read_text())["documents"][0]["id"]
    for member in SAMPLE_PACT.members:
        text = flat(pdftotext(sample_build / f"trang-ky-{member.id}.pdf"))
        assert vn.upper(member.unit) in text
        others = [m for m in SAMPLE_PACT.members if m.id != member.id]
        assert not any(vn.upper(m.unit) in text for m in others)
        assert "Cụm thi đua số 12" in text and "ngày 26 tháng 3 năm 2024" in text
        assert pact_id in text
        assert len(PdfReader(sample_build / f"trang-ky-{member.id}.pdf").pages) == 1


def test_fonts_are_embedded_times_metric(sample_build):
    """Liberation Serif (Times New Roman's metric twin) throughout; form fields use a
    subset of it (Pact Form Serif), which a PDF with fields must embed whole."""
    for pdf in sample_build.glob("*.pdf"):
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows
        for row in rows:
            name = row.split()[0].split("+")[-1].replace("-", "")
            assert name.startswith(("LiberationSerif", "TimesNewRoman", "PactFormSerif")), row
            assert row.split()[-5] == "yes", row  # emb


def test_libreoffice_opens_the_docx_and_the_text_survives(tmp_path, soffice, sample_build, unseen_build):
    sources = [sample_build / "ban-giao-uoc.docx", unseen_build / "ban-giao-uoc.docx",
               unseen_build / "trang-ky-thu-nghiem.docx"]
    copies = []
    for n, source in enumerate(sources):
        copy = tmp_path / f"{n}-{source.name}"
        copy.write_bytes(source.read_bytes())
        copies.append(copy)
    for docx_file, pdf in zip(copies, libreoffice_pdf(soffice, copies, tmp_path)):
        assert Counter(pdf_body_words(pdf)) == Counter(docx_words(docx_file)), docx_file.name
        assert "Mã tài liệu:" in pdftotext(pdf)
