"""Archival PDFs: the pact and the signature documents are PDF/A-3b carrying the pact
file they were made from, as an archivist would check with poppler's pdfdetach."""

from __future__ import annotations

import json
import subprocess

from pypdf import PdfReader

from conftest import SAMPLE

ARCHIVAL = {"pact", "signatures", "signature-page"}


def test_pact_and_signature_documents_are_pdfa3b_with_the_pact_file(sample_build, tmp_path):
    manifest = json.loads((sample_build / "manifest.json").read_text(encoding="utf-8"))
    pdfs = [d for d in manifest["documents"] if d["format"] == "pdf"]
    assert {d["kind"] for d in pdfs} == ARCHIVAL | {"report-form"}
    for form in (d for d in pdfs if d["kind"] == "report-form"):  # plain fillable PDFs
        reader = PdfReader(sample_build / form["path"])
        assert "/AcroForm" in reader.trailer["/Root"] and "/OutputIntents" not in reader.trailer["/Root"]
    for entry in (d for d in pdfs if d["kind"] in ARCHIVAL):
        path = sample_build / entry["path"]
        listed = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True).stdout
        assert "1 embedded files" in listed and SAMPLE.name in listed, entry["path"]
        out = tmp_path / entry["path"]
        subprocess.run(["pdfdetach", "-save", "1", "-o", str(out), str(path)], check=True)
        assert out.read_bytes() == SAMPLE.read_bytes()
        reader = PdfReader(path)
        rdf = reader.xmp_metadata.rdf_root.toxml()
        assert 'pdfaid:part="3"' in rdf and 'pdfaid:conformance="B"' in rdf
        assert entry["id"] in rdf  # the id is in the XMP too (pdf:Keywords)
        root = reader.trailer["/Root"]
        assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
        assert [spec.get_object()["/AFRelationship"] for spec in root["/AF"]] == ["/Source"]  # listed once
        for page in reader.pages:  # PDF/A forbids interpolated images
            for image in page["/Resources"].get("/XObject", {}).values():
                assert image.get_object().get("/Interpolate") in (None, False)
