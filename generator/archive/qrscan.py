"""QR codes read off the pages of a PDF: how a scan with no text layer is identified.

A scanner's PDF holds each page as one image at the scan's own resolution; decoding
that image as it is comes first, because re-rendering a page only resamples it and
loses detail. Only when no page yields a code do the slower tries follow: the page
rendered afresh, then its corners cut out and enlarged (our QR code sits in a corner,
and a small or blurred code decodes better when it fills more of the picture).
"""

from __future__ import annotations

from collections.abc import Iterable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp
from PIL import Image

RENDER_DPI = 200
CORNER_SHARE = 0.4  # a corner crop is this share of the page's width and height
ENLARGE = 2


def scan_codes(document: pdfium.PdfDocument) -> list[str]:
    """The texts of the QR codes found, page by page; the slow tries only if the
    pages' own images gave none."""
    found = [code for page in _pages(document) for code in _embedded_codes(page)]
    if found:
        return found
    for page in _pages(document):
        rendered = page.render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
        codes = decode(rendered) or [c for corner in _corners(rendered) for c in decode(corner)]
        found += codes
    return found


def decode(image: Image.Image) -> list[str]:
    """The texts of the QR codes zxing-cpp finds in `image`."""
    grey = image.convert("L")
    return [r.text for r in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode) if r.text]


def _pages(document: pdfium.PdfDocument) -> Iterable[pdfium.PdfPage]:
    for index in range(len(document)):
        yield document[index]


def _embedded_codes(page: pdfium.PdfPage) -> list[str]:
    """Codes in the page's images, each taken at its own resolution."""
    codes: list[str] = []
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        try:
            bitmap = image.get_bitmap(render=False).to_pil()
        except pdfium.PdfiumError:
            continue  # an image pdfium cannot decode on its own: the rendered page covers it
        codes += decode(bitmap)
    return codes


def _corners(page: Image.Image) -> list[Image.Image]:
    """The four corners of a rendered page, enlarged."""
    width, height = page.size
    w, h = int(width * CORNER_SHARE), int(height * CORNER_SHARE)
    boxes = [(0, 0, w, h), (width - w, 0, width, h), (0, height - h, w, height), (width - w, height - h, width, height)]
    return [page.crop(box).resize((w * ENLARGE, h * ENLARGE), Image.Resampling.LANCZOS) for box in boxes]
