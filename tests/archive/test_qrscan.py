"""Scans with no text layer: identified by the QR code, from the scan's own image first,
from a re-rendered page when no single image holds the whole code."""

from __future__ import annotations

import subprocess

import pypdfium2 as pdfium

from archiving import archive, entries, scan
from conftest import SAMPLE
from generator.archive import qrscan
from generator.archive.bounds import BOUNDS
from readers import pdftotext


def test_a_scanned_signature_page_and_pact_are_identified_by_their_qr_codes(tmp_path, sample_build):
    page = scan(sample_build / "trang-ky-hau-giang.pdf", tmp_path / "IMG_0042.pdf", angle=-1.5)
    pact = scan(sample_build / "ban-giao-uoc.pdf", tmp_path / "scan0001.pdf", angle=0.8)
    for made in (page, pact):  # image-only, as a scanner makes them
        assert pdftotext(made).strip() == ""
        assert "image" in subprocess.run(["pdfimages", "-list", str(made)], capture_output=True, text=True).stdout
    root = tmp_path / "kho"
    result = archive("add", page, pact, "--root", root, "--pact", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("nhận diện qua mã QR") == 2
    rows = {r["original_name"]: r for r in entries(root)}
    assert rows["IMG_0042.pdf"]["document_id"].startswith("CTD12/2024/SIGNATURE-PAGE/HAU-GIANG/-/")
    assert rows["scan0001.pdf"]["kind"] == "pact" and rows["scan0001.pdf"]["pages"] == 3
    assert {r["identified_by"] for r in rows.values()} == {"qr"}


def test_every_signature_page_decodes_at_150_dpi_from_its_own_image(tmp_path, sample_build):
    """The scan's own image, at the scan's resolution, is enough: no re-rendering needed."""
    for n, pdf in enumerate(sorted(sample_build.glob("trang-ky-*.pdf"))):
        scanned = scan(pdf, tmp_path / f"{n}.pdf", angle=(-2.0, -1.0, 0.5, 1.5, 2.5)[n % 5])
        document = pdfium.PdfDocument(scanned)
        codes = [c for i in range(len(document)) for c in qrscan._embedded_codes(document[i], i, BOUNDS)]
        expected = pdf.stem.removeprefix("trang-ky-").upper()
        assert len(codes) == 1 and f"/SIGNATURE-PAGE/{expected}/" in codes[0], pdf.name


def test_a_code_split_across_image_strips_is_read_from_the_rendered_page(tmp_path, sample_build):
    scanned = scan(sample_build / "trang-ky-ca-mau.pdf", tmp_path / "strips.pdf", strips=20)
    document = pdfium.PdfDocument(scanned)
    assert qrscan._embedded_codes(document[0], 0, BOUNDS) == []  # no single strip holds the whole code
    codes = qrscan.scan_codes(document, BOUNDS)
    assert len(codes) == 1 and "/SIGNATURE-PAGE/CA-MAU/" in codes[0]
