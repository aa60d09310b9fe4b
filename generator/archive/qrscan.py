"""QR codes read off the pages of a PDF: how a scan with no text layer is identified.

A scanner's PDF holds each page as one image at the scan's own resolution; decoding
that image as it is comes first, because re-rendering a page only resamples it and
loses detail. Only when no page yields a code do the slower tries follow: the page
rendered afresh, then its corners cut out and enlarged (our QR code sits in a corner,
and a small or blurred code decodes better when it fills more of the picture).

The code is printed on every page, so only the first pages are searched, and no
image is decoded, no page rendered, beyond the bounds' pixel counts: a sent file
may declare an image of a billion pixels in a few hundred bytes.
"""

from __future__ import annotations

import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp
from PIL import Image

from generator.archive.bounds import Bounds

RENDER_DPI = 200
CORNER_SHARE = 0.4  # a corner crop is this share of the page's width and height
ENLARGE = 2


class ImageTooLarge(Exception):
    """A page holds an image larger than the bounds allow decoding."""

    def __init__(self, page: int, width: int, height: int):
        super().__init__(f"page {page}: {width} x {height}")
        self.page, self.width, self.height = page, width, height


def scan_codes(document: pdfium.PdfDocument, bounds: Bounds) -> list[str]:
    """The texts of the QR codes found on the first pages; the slow tries only if
    the pages' own images gave none. ImageTooLarge before decoding a huge image."""
    searched = range(min(len(document), bounds.qr_pages))
    found = [code for index in searched for code in _embedded_codes(document[index], index, bounds)]
    if found:
        return found
    for index in range(min(len(document), bounds.rendered_pages)):
        rendered = _render(document[index], index, bounds)
        codes = decode(rendered) or [c for corner in _corners(rendered) for c in decode(corner)]
        found += codes
    return found


def decode(image: Image.Image) -> list[str]:
    """The texts of the QR codes zxing-cpp finds in `image`."""
    grey = image.convert("L")
    return [r.text for r in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode) if r.text]


def _embedded_codes(page: pdfium.PdfPage, index: int, bounds: Bounds) -> list[str]:
    """Codes in the page's images, each taken at its own resolution."""
    codes: list[str] = []
    for image in _images(page, index, bounds):
        try:
            bitmap = image.get_bitmap(render=False).to_pil()
        except pdfium.PdfiumError:
            continue  # an image pdfium cannot decode on its own: the rendered page covers it
        codes += decode(bitmap)
    return codes


def _images(page: pdfium.PdfPage, index: int, bounds: Bounds) -> list[pdfium.PdfImage]:
    """The page's images (inside its forms too), each checked small enough to decode."""
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    for image in images:
        size = image.get_metadata()
        if size.width * size.height > bounds.image_pixels:
            raise ImageTooLarge(index + 1, size.width, size.height)
    return images


def _render(page: pdfium.PdfPage, index: int, bounds: Bounds) -> Image.Image:
    """The page in grey at RENDER_DPI, or less when that would pass the raster bound;
    its images are checked first, since rendering decodes them whole."""
    _images(page, index, bounds)
    width, height = page.get_size()
    scale = min(RENDER_DPI / 72, math.sqrt(bounds.raster_pixels / max(width * height, 1.0)))
    return page.render(scale=scale, grayscale=True).to_pil()


def _corners(page: Image.Image) -> list[Image.Image]:
    """The four corners of a rendered page, enlarged."""
    width, height = page.size
    w, h = int(width * CORNER_SHARE), int(height * CORNER_SHARE)
    boxes = [(0, 0, w, h), (width - w, 0, width, h), (0, height - h, w, height), (width - w, height - h, width, height)]
    return [page.crop(box).resize((w * ENLARGE, h * ENLARGE), Image.Resampling.LANCZOS) for box in boxes]
