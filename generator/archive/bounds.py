"""How much work one returned file may cost before it is refused.

A real return is a few pages of A4, a scan of a few megabytes; a hostile file is
small on disk and huge once opened (a page of five metres, a 900 MB image, 100,000
pages). Each bound below is far above any real return and far below what hurts the
machine; the child process's memory and time limits catch whatever slips past them.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Bounds:
    file_bytes: int = 100 * MB  # a 50-page colour scan is ~30 MB
    pages: int = 500  # a pact's longest document is a few dozen pages
    page_points: float = 3370.0  # the longer side of A0 (1189 mm); pact documents are A4
    qr_pages: int = 10  # pages whose images are searched for a QR code (it is on every page)
    rendered_pages: int = 4  # pages rendered afresh when their images held no code
    raster_pixels: int = 25_000_000  # a rendered page (A4 at 200 dpi is 3.9 million)
    image_pixels: int = 40_000_000  # a page image decoded (A4 scanned at 600 dpi is 35 million)
    memory_bytes: int = 400 * MB  # the examining child's address space beyond its start
    seconds: float = 60.0  # the examining child's wall time


BOUNDS = Bounds()
