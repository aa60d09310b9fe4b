"""What a returned PDF says about itself, read within bounds: its pages, the document
ids it carries and where they were read, its signatures and its active content.

This runs in the sandbox's child process (sandbox.py): everything here parses bytes
somebody sent. Each bound passed is a refusal naming the bound and the page, in the
archivist's words; a file the libraries cannot parse is refused as damaged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from generator.archive import qrscan
from generator.archive.activecontent import active_content
from generator.archive.bounds import Bounds
from generator.archive.refused import DAMAGED, Refused
from generator.pact.ids import METADATA_KEYS, DocumentId, find_ids, own_ids, parse_id
from generator.signing.check import Checked, check

import pyhanko.sign.validation  # noqa: E402,F401 - loaded once in the fork server (sandbox.PRELOAD), not per file

# The PDF metadata keys the PDF writer fills from <meta name="keywords"/"document-id">.
POINTS_PER_MM = 72 / 25.4
ENCRYPTED = (
    "tệp PDF được mã hoá, phải có mật khẩu mới mở được: kho không đọc được mã tài liệu và không lưu "
    "bản mà sau này có thể không mở được. Xin đơn vị gửi lại bản không đặt mật khẩu (khi xuất hoặc "
    "quét ra PDF, bỏ chọn mã hoá/mật khẩu; bản ký số thì ký trên bản không mã hoá)."
)


@dataclass(frozen=True)
class Examination:
    pages: int
    found: list[DocumentId]  # every id the file carries
    method: str  # where they were read: "metadata", "text", "qr", or "docx" (core properties, footers)
    signatures: Checked
    active: list[str]  # active content: "JavaScript", "Launch", "OpenAction"


def examine(content: bytes, bounds: Bounds, units: dict[str, str] | None = None,
            roots: list[bytes] | None = None) -> Examination:
    """The file's facts, or Refused naming the bound it passes or the damage.
    `units` and `roots` (DER certificates) as signatures() takes them."""
    document = _open(content)
    try:
        pages = len(document)
        _check_pages(document, pages, bounds)
        found, method = _ids_in(document, pages, bounds)
    finally:
        document.close()
    return Examination(pages, found, method, signatures(content, units, roots), active_content(content))


def examine_docx(content: bytes, bounds: Bounds, units: dict[str, str] | None = None,
                 roots: list[bytes] | None = None) -> Examination:
    """A DOCX's facts: the ids in its core properties and footers (how pact writes a
    report form). It has no pages to count and no PDF signatures; the archive takes
    it only as a member's report form, the original it filled (identify.py)."""
    from pathlib import Path

    from generator.collect.read import docx_ids
    from generator.errors import InputError

    name = Path("DOCX")
    try:
        found = sorted(docx_ids(content, name), key=lambda d: d.text)
    except InputError as error:  # "<name>: why": the archive names the file itself
        raise Refused(error.message.removeprefix(f"{name}: ")) from None
    return Examination(0, found, "docx", Checked(), [])


def signatures(content: bytes, units: dict[str, str] | None, roots: list[bytes] | None) -> Checked:
    """The file's digital signatures checked (signing/check.py); `units`: member id →
    unit name of the pact, if known; `roots`: trusted roots as DER, None: trust unchecked."""
    from asn1crypto import x509

    return check(content, units, None if roots is None else [x509.Certificate.load(der) for der in roots])


def _open(content: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise Refused(ENCRYPTED) from None
        raise Refused(DAMAGED) from None


def _check_pages(document: pdfium.PdfDocument, pages: int, bounds: Bounds) -> None:
    if pages > bounds.pages:
        raise Refused(
            f"tệp có {pages} trang, quá {bounds.pages} trang mà kho xem xét cho một văn bản: "
            "tách riêng từng văn bản, hoặc kiểm tra lại tệp (tệp hỏng có thể khai sai số trang)."
        )
    for index in range(pages):
        try:
            width, height = document.get_page_size(index)
        except pdfium.PdfiumError:
            raise _unreadable_page(index) from None
        if max(width, height) > bounds.page_points:
            raise Refused(
                f"trang {index + 1} khổ {width / POINTS_PER_MM:.0f} × {height / POINTS_PER_MM:.0f} mm, lớn hơn "
                f"khổ lớn nhất kho nhận (A0, {bounds.page_points / POINTS_PER_MM:.0f} mm): "
                "xin đơn vị gửi lại bản khổ A4."
            )


def _ids_in(document: pdfium.PdfDocument, pages: int, bounds: Bounds) -> tuple[list[DocumentId], str]:
    """Ids the file carries, and where they were read: metadata and text first
    (exact, cheap), the QR codes only when the file has neither."""
    in_metadata = [d for key in METADATA_KEYS for d in find_ids(document.get_metadata_value(key) or "")]
    in_text = []
    for index in range(pages):
        text = _unwrapped(_page(document, index).get_textpage().get_text_range())
        in_text += own_ids(find_ids(text))
    if in_metadata or in_text:
        return in_metadata + in_text, "metadata" if in_metadata else "text"
    try:
        codes = qrscan.scan_codes(document, bounds)
    except qrscan.ImageTooLarge as large:
        raise Refused(
            f"trang {large.page} có hình {large.width} × {large.height} điểm ảnh, quá "
            f"{bounds.image_pixels // 1_000_000} triệu điểm ảnh mà kho giải mã để tìm mã QR: "
            "quét lại ở 300 dpi, hoặc cho biết tệp là gì bằng --pact/--kind."
        ) from None
    return [c for c in (parse_id(code) for code in codes) if c is not None], "qr"


def _page(document: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    """One page; a page the file lists but cannot give (a broken page tree) is damage."""
    try:
        return document[index]
    except pdfium.PdfiumError:
        raise _unreadable_page(index) from None


def _unreadable_page(index: int) -> Refused:
    return Refused(
        f"tệp PDF bị hỏng: không đọc được trang {index + 1} (cây trang lỗi hoặc khai sai số trang): "
        "xin đơn vị gửi lại bản khác."
    )


def _unwrapped(text: str) -> str:
    """The text with line breaks after '/' or '-' removed: a word processor may wrap
    a long id there ("…/SO-KET-6-THANG/" + newline + "E5A89891")."""
    return re.sub(r"(?<=[/-])[ \t]*\r?\n[ \t]*", "", text)
