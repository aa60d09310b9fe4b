"""Archive fixtures: a folder of returned copies (renamed), scans made from generated
pages, and the archive command line."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from conftest import SAMPLE, run_pact

SCAN_DPI = 150


def archive(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return run_pact("archive", *args, cwd=cwd)


def scan(pdf: Path, out: Path, angle: float = 1.2, strips: int = 1) -> Path:
    """What an office scanner makes of a printed copy: every page at 150 dpi grey,
    slightly rotated, as images only (no text, no metadata); `strips` > 1 stores each
    page as that many horizontal image bands, as some scanners do."""
    prefix = out.parent / f".{out.stem}-page"
    subprocess.run(["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(out.parent.glob(f"{prefix.name}-*.png"))
    images = []
    for page in pages:
        image = Image.open(page).convert("L").rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
        images.append(image)
        page.unlink()
    if strips == 1:
        images[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
    else:
        _save_in_strips(images, out, strips)
    return out


def _save_in_strips(images: list[Image.Image], out: Path, strips: int) -> None:
    """One PDF page per image, drawn from `strips` separate image objects."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for image in images:
        width, height = image.size
        points = (width * 72 / SCAN_DPI, height * 72 / SCAN_DPI)
        page = document.new_page(*points)
        band = height // strips + 1
        for n in range(strips):
            top = n * band
            piece = image.crop((0, top, width, min(top + band, height)))
            obj = pdfium.PdfImage.new(document)
            obj.set_bitmap(pdfium.PdfBitmap.from_pil(piece))
            w, h = piece.size[0] * 72 / SCAN_DPI, piece.size[1] * 72 / SCAN_DPI
            obj.set_matrix(pdfium.PdfMatrix().scale(w, h).translate(0, points[1] - top * 72 / SCAN_DPI - h))
            page.insert_obj(obj)
        page.gen_content()
    document.save(out)


def entries(root: Path) -> list[dict]:
    with sqlite3.connect(root / "register.sqlite3") as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute("SELECT * FROM entries ORDER BY seq")]


@pytest.fixture
def returned(tmp_path, sample_build) -> Path:
    """The sample's signed PDFs as they come back: renamed, in one folder with other files."""
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    signed = [p for p in sorted(sample_build.glob("*.pdf")) if not p.name.startswith("bao-cao-")]
    for n, pdf in enumerate(signed, start=1):
        shutil.copy(pdf, folder / f"scan_{n:04d}.PDF")
    (folder / "ghi-chu.txt").write_text("không phải PDF", encoding="utf-8")
    return folder


@pytest.fixture
def sample() -> Path:
    return SAMPLE
