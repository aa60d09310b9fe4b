"""The QR code of the document id: on every page of a document that comes back
signed, in the bottom margin, the same in PDF and DOCX, readable from a 150 dpi scan."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from conftest import SAMPLE, run_pact
from generator.archive.qrscan import decode
from generator.documents.rendered import BUILTIN_TEMPLATES
from readers import MM, libreoffice_pdf

QUIET = 2 * MM  # no character this close to the code


def qr_boxes(pdf: Path) -> dict[int, list[dict]]:
    """Images per page number (1-based), with their boxes in points."""
    with pdfplumber.open(pdf) as document:
        return {n: [dict(i) | {"page_width": p.width, "page_height": p.height, "chars": p.chars} for i in p.images]
                for n, p in enumerate(document.pages, start=1)}


def decoded_at_150_dpi(pdf: Path, page: int, tmp_path: Path) -> list[str]:
    prefix = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(prefix)], check=True)
    return decode(Image.open(f"{prefix}.png"))


def documents(folder: Path) -> list[dict]:
    """The PDFs that come back signed (report forms are identified by their text and fields)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [d for d in manifest["documents"] if d["format"] == "pdf" and d["kind"] != "report-form"]


@pytest.mark.parametrize("which", ["sample", "unseen"])
def test_qr_code_on_every_page_clear_of_text_and_readable(which, sample_build, unseen_build, tmp_path):
    """A page of a signature grid that runs onto two pages, scanned alone, is still matched."""
    folder = sample_build if which == "sample" else unseen_build
    for entry in documents(folder):
        pdf = folder / entry["path"]
        for number, images in qr_boxes(pdf).items():
            (image,) = images
            width, height = image["x1"] - image["x0"], image["bottom"] - image["top"]
            assert 18 * MM - 0.01 <= width <= 20 * MM and abs(width - height) < 0.1
            assert min(image["x0"], image["top"], image["page_width"] - image["x1"],
                       image["page_height"] - image["bottom"]) >= 5 * MM - 0.01
            near = [c for c in image["chars"] if c["text"].strip()
                    and c["x1"] > image["x0"] - QUIET and c["x0"] < image["x1"] + QUIET
                    and c["bottom"] > image["top"] - QUIET and c["top"] < image["bottom"] + QUIET]
            assert near == [], (pdf.name, number)
            assert decoded_at_150_dpi(pdf, number, tmp_path) == [entry["id"]], (pdf.name, number)


def test_docx_puts_the_same_code_in_the_same_place(tmp_path, soffice, unseen_build):
    sources = []
    for name in ("ban-giao-uoc", "trang-ky-kon-tum"):
        copy = tmp_path / f"{name}.docx"
        copy.write_bytes((unseen_build / f"{name}.docx").read_bytes())
        sources.append(copy)
    for source, converted in zip(sources, libreoffice_pdf(soffice, sources, tmp_path / "lo")):
        ours = qr_boxes(unseen_build / f"{source.stem}.pdf")
        theirs = qr_boxes(converted)
        assert len(theirs) == len(ours) and all(len(images) == 1 for images in theirs.values()), source.name
        for number in ours:  # every page, there too, at the same place
            a, b = ours[number][0], theirs[number][0]
            for key in ("x0", "x1", "top", "bottom"):
                assert abs(a[key] - b[key]) < 0.5 * MM, (source.name, number, key)
        expected = next(d["id"] for d in documents(unseen_build) if d["path"] == f"{source.stem}.pdf")
        assert decoded_at_150_dpi(converted, max(theirs), tmp_path) == [expected]


@pytest.mark.parametrize("markup", [
    '<p class="qr"><img class="qr" src="data:image/svg+xml;base64,PHN2Zy8+"></p>',
    '<p class="qr"><img class="qr" src="logo.png"></p>',
    '<p class="qr"><img class="qr" src="{{ doc.qr }}" width="300"></p>',
])
def test_only_our_qr_image_is_accepted(tmp_path, markup):
    own = tmp_path / "mau"
    own.mkdir()
    text = (BUILTIN_TEMPLATES / "signatures.html").read_text(encoding="utf-8")
    (own / "signatures.html").write_text(text.replace("<h1>", markup + "\n<h1>"), encoding="utf-8")
    result = run_pact("build", SAMPLE, "--only", "signatures", "--templates", own, "--out", tmp_path / "out")
    assert result.returncode == 2 and "signatures.html" in result.stderr and "<img" in result.stderr
    assert not (tmp_path / "out").exists()
