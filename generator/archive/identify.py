"""Which slot a returned file fills, told from the file itself.

A returned copy arrives with any name. Its document id is read from the PDF's
metadata and text layer (every page prints its id), or, for a scan without text,
from the QR code. Reading the text depends on no template's wording: an id a page
cites (a signature page names the agreement's) is told from the page's own by the
kinds of the two (ids.own_ids). The archivist's flags (--pact, --kind, --member,
--period) name the slot only for a file that carries no id, and a file whose id
contradicts them is refused: the file knows better than a flag typed for a folder.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from generator.archive import qrscan
from generator.archive.signatures import DigitalSignature, digital_signatures
from generator.archive.slots import kind_problem, pact_id, slot_problem
from generator.pact.ids import DocumentId, Slot, find_ids, own_ids, parse_id, slot_id
from generator.pact.model import Pact

# The PDF metadata keys the PDF writer fills from <meta name="keywords"/"document-id">.
METADATA_KEYS = ("documentid", "Keywords")


@dataclass(frozen=True)
class Flags:
    """What the archivist says about files that carry no id."""

    pact: Pact | None = None
    pact_file: str | None = None  # for messages
    kind: str | None = None
    member: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class Identified:
    path: Path
    content: bytes
    sha256: str
    pages: int
    document: DocumentId
    method: str  # "metadata", "text", "qr" or "flags"
    signatures: list[DigitalSignature]


class Refused(Exception):
    """A file that cannot be archived as it is; the message says why and what to do."""


def identify(path: Path, flags: Flags) -> Identified:
    """The file's id and facts, or Refused naming the reason."""
    content = _read(path)
    if not content.startswith(b"%PDF-"):
        raise Refused("không phải tệp PDF: chỉ lưu bản PDF (xuất văn bản ra PDF hoặc quét thành PDF).")
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError:
        raise Refused("tệp PDF bị hỏng, không mở được: xin đơn vị gửi lại bản khác.") from None
    try:
        pages = len(document)
        found, method = _ids_in(document)
    finally:
        document.close()
    chosen = _choose(found, method, flags)
    return Identified(
        path=path,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        pages=pages,
        document=chosen,
        method=method if found else "flags",
        signatures=digital_signatures(content),
    )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise Refused("không tìm thấy tệp: kiểm tra lại đường dẫn.") from None
    except OSError as error:
        raise Refused(f"không đọc được tệp ({error.strerror or error}).") from None


def _ids_in(document: pdfium.PdfDocument) -> tuple[list[DocumentId], str]:
    """Ids the file carries, and where they were read: metadata and text first
    (exact, cheap), the QR codes only when the file has neither."""
    in_metadata = [d for key in METADATA_KEYS for d in find_ids(document.get_metadata_value(key) or "")]
    in_text = []
    for index in range(len(document)):
        text = _unwrapped(document[index].get_textpage().get_text_range())
        in_text += own_ids(find_ids(text))
    if in_metadata or in_text:
        return in_metadata + in_text, "metadata" if in_metadata else "text"
    codes = [parse_id(code) for code in qrscan.scan_codes(document)]
    return [c for c in codes if c is not None], "qr"


def _unwrapped(text: str) -> str:
    """The text with line breaks after '/' or '-' removed: a word processor may wrap
    a long id there ("…/SO-KET-6-THANG/" + newline + "E5A89891")."""
    return re.sub(r"(?<=[/-])[ \t]*\r?\n[ \t]*", "", text)


def _choose(found: list[DocumentId], method: str, flags: Flags) -> DocumentId:
    """The one id of the file, checked against the flags; or the id the flags make."""
    distinct = sorted({d.text for d in found})
    if len(distinct) > 1:
        raise Refused(
            f"tệp mang {len(distinct)} mã tài liệu khác nhau ({', '.join(distinct)}): mỗi tệp phải là "
            "một văn bản; tách riêng từng văn bản rồi thêm lại."
        )
    if not found:
        return _from_flags(flags)
    document = found[0]
    problem = kind_problem(document.slot)
    if problem:
        raise Refused(problem)
    _check_flags(document, flags)
    return document


def _check_flags(document: DocumentId, flags: Flags) -> None:
    if flags.pact is not None:
        expected = pact_id(flags.pact)
        if document.pact_id != expected:
            raise Refused(
                f"mã tài liệu {document.text} thuộc giao ước khác ({document.pact_id}), không phải "
                f"giao ước {expected} của --pact {flags.pact_file}: kiểm tra lại tệp giao ước hoặc bỏ tệp này."
            )
    for flag, given, carried in (
        ("--kind", flags.kind, document.slot.kind),
        ("--member", flags.member, document.slot.member),
        ("--period", flags.period, document.slot.period),
    ):
        if given is not None and given != carried:
            raise Refused(
                f"{flag} {given} trái với mã tài liệu trong tệp ({document.text}): tệp đã tự mang mã, "
                f"bỏ {flag} hoặc kiểm tra lại tệp."
            )


def _from_flags(flags: Flags) -> DocumentId:
    if flags.pact is None or flags.kind is None:
        raise Refused(
            "không tìm thấy mã tài liệu (không có trong chữ, siêu dữ liệu, cũng không đọc được mã QR): "
            "cho biết tệp là gì bằng --pact TỆP_GIAO_ƯỚC --kind LOẠI [--member ĐƠN_VỊ] [--period KỲ]."
        )
    slot = Slot(flags.kind, flags.member, flags.period)
    problem = slot_problem(flags.pact, slot)
    if problem:
        raise Refused(f"tệp không mang mã tài liệu và cờ chưa đúng: {problem}")
    made = parse_id(slot_id(flags.pact, slot))
    assert made is not None, "document_id() always makes a parseable id"
    return made
