"""Small hostile PDFs, written byte by byte as an attacker would: each is tiny on
disk and costly (or malformed) for whoever opens it."""

from __future__ import annotations

import subprocess
import zlib
from pathlib import Path


def pdf(objects: list[bytes], root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF of the given objects (numbered from 1), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, trailer, xref)
    return bytes(out)


def huge_page() -> bytes:
    """One page of 14,400 × 14,400 pt (5 × 5 m), the largest a PDF allows: ~400 bytes."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>",
    ])


def image_bomb(side: int = 30_000) -> bytes:
    """An A4 page drawing one grey image of side × side pixels (900 MB decoded),
    deflated to under a megabyte."""
    compressor = zlib.compressobj(9)
    row = bytes(side)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (side, side, len(data), data),
    ])


def blank_pages(count: int) -> bytes:
    """`count` blank A4 pages (no text, no image, no id): every page a candidate for the QR scan."""
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        *pages,
    ])


def page_tree_loop() -> bytes:
    """A page tree whose node lists itself among its kids."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])


def claims_pages(count: int = 100_000) -> bytes:
    """A file whose page tree claims `count` pages and holds one."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])


def with_actions() -> bytes:
    """A page that runs JavaScript when opened and a link that launches a program."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R /Names << /JavaScript << /Names [(a) 4 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R] >>",
        b"<< /S /JavaScript /JS (app.alert\\('x'\\)) >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (calc.exe) >> >>",
    ])


def encrypt(source: Path, out: Path, user_password: str = "matkhau") -> Path:
    """`source` encrypted with qpdf (AES-256), opening only with `user_password`."""
    subprocess.run(["qpdf", "--encrypt", user_password, "chu-so-huu", "256", "--", str(source), str(out)], check=True)
    return out
