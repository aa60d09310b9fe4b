"""Which slot a returned file fills, told from the file itself.

A returned copy arrives with any name. Its document id is read from the PDF's
metadata and text layer (every page prints its id), or, for a scan without text,
from the QR code. Reading the text depends on no template's wording: an id a page
cites (a signature page names the agreement's) is told from the page's own by the
kinds of the two (ids.own_ids). The archivist's flags (--pact, --kind, --member,
--period) name the slot only for a file that carries no id, and a file whose id
contradicts them is refused: the file knows better than a flag typed for a folder.

The file is read by examine.py in a child process (sandbox.py) under the bounds of
bounds.py: a hostile file costs a refusal, never the machine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.archive import sandbox
from generator.archive.bounds import BOUNDS, Bounds
from generator.archive.refused import DAMAGED, NotAForm, Refused, Unidentified
from generator.archive.slots import kind_problem, slot_problem
from generator.documents.context import document_id
from generator.pact.ids import DocumentId, Slot, pact_key, parse_id
from generator.pact.model import Pact

if TYPE_CHECKING:  # both import the PDF libraries, which only the examining child needs
    from generator.archive.examine import Examination
    from generator.signing.check import Checked

EXAMINE = "generator.archive.examine:examine"
EXAMINE_DOCX = "generator.archive.examine:examine_docx"


@dataclass(frozen=True)
class Flags:
    """What the archivist says about files that carry no id."""

    pact: Pact | None = None
    pact_file: str | None = None  # for messages
    kind: str | None = None
    member: str | None = None
    period: str | None = None
    roots: tuple[bytes, ...] | None = None  # trusted root certificates (DER): --trust or <archive>/trust/

    @property
    def units(self) -> dict[str, str] | None:
        """Member id → unit name, to tell a signer's member from the certificate."""
        return {m.id: m.unit for m in self.pact.members} if self.pact else None


@dataclass(frozen=True)
class Identified:
    path: Path
    content: bytes
    sha256: str
    pages: int
    document: DocumentId
    method: str  # "metadata", "text", "qr", "docx" or "flags"
    signatures: Checked
    active: list[str] = field(default_factory=list)  # active content found: JavaScript, Launch, OpenAction

    @property
    def note(self) -> str | None:
        """What the archivist should know before opening the stored copy."""
        if not self.active:
            return None
        return (
            f"tệp chứa nội dung tự chạy ({', '.join(self.active)}): kho chỉ lưu, không chạy nó; mở bản lưu "
            "bằng trình đọc PDF đã tắt JavaScript và không cho mở chương trình khác, và hỏi đơn vị gửi vì sao tệp có nó."
        )


def identify(path: Path, flags: Flags, bounds: Bounds = BOUNDS) -> Identified:
    """The file's id and facts, or Refused naming the reason."""
    content = _read(path, bounds)
    docx = content.startswith(b"PK")
    if not (docx or content.startswith(b"%PDF-")):
        raise Refused("không phải tệp PDF hay DOCX: chỉ lưu bản PDF (xuất văn bản ra PDF hoặc quét thành PDF), "
                      "và bản DOCX của biểu mẫu báo cáo do đơn vị điền.")
    examined, usage = examined_within(content, bounds, flags, EXAMINE_DOCX if docx else EXAMINE)
    try:
        if docx:
            _docx_form(examined.found)
        chosen = _choose(examined.found, flags)
    except Refused as refused:
        refused.usage = usage
        raise
    return Identified(
        path=path,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        pages=examined.pages,
        document=chosen,
        method=examined.method if examined.found else "flags",
        signatures=examined.signatures,
        active=examined.active,
    )


def examined_within(content: bytes, bounds: Bounds, flags: Flags = Flags(),
                    target: str = EXAMINE) -> tuple[Examination, sandbox.Usage]:
    """examine() (or `target`) in a child process under the bounds' memory and time
    limits; every way it can fail is a refusal of this one file."""
    limits = sandbox.Limits(bounds.memory_bytes, bounds.seconds)
    roots = None if flags.roots is None else list(flags.roots)
    try:
        return sandbox.run(target, content, bounds, flags.units, roots, limits=limits)
    except sandbox.Failed as failed:
        if isinstance(failed.error, Refused):
            raise Refused(str(failed.error), failed.usage) from None
        if failed.ours:
            raise Refused(
                f"lỗi nội bộ của pact khi đọc tệp này ({type(failed.error).__name__}: {failed.error}), không phải "
                "do tệp: tệp chưa được lưu, các tệp khác vẫn được xét; báo cho người phát triển kèm tệp này.",
                failed.usage,
            ) from None
        raise Refused(f"{DAMAGED} (lỗi khi đọc: {failed.error})", failed.usage) from None
    except sandbox.Exceeded as exceeded:
        message = _EXCEEDED[exceeded.limit].format(
            seconds=f"{bounds.seconds:g}", megabytes=bounds.memory_bytes // (1024 * 1024))
        raise Refused(message, exceeded.usage) from None


_EXCEEDED = {
    "time": "đọc tệp quá {seconds} giây mà chưa xong: tệp quá nặng hoặc cố ý gây treo; xin đơn vị gửi lại bản khác.",
    "memory": "đọc tệp cần hơn {megabytes} MB bộ nhớ: tệp quá nặng hoặc cố ý gây tràn bộ nhớ; "
              "xin đơn vị gửi lại bản khác.",
    "crash": "trình đọc PDF dừng khi mở tệp (tệp hỏng, hoặc đọc cần hơn {megabytes} MB bộ nhớ): "
             "xin đơn vị gửi lại bản khác.",
}


def _read(path: Path, bounds: Bounds) -> bytes:
    try:
        size = path.stat().st_size
        if size > bounds.file_bytes:
            raise Refused(
                f"tệp {size // (1024 * 1024)} MB, lớn hơn {bounds.file_bytes // (1024 * 1024)} MB mà kho nhận cho "
                "một văn bản: quét lại ở độ phân giải thấp hơn (150–300 dpi, đen trắng hoặc xám)."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise Refused("không tìm thấy tệp: kiểm tra lại đường dẫn.") from None
    except OSError as error:
        raise Refused(f"không đọc được tệp ({error.strerror or error}).") from None


def _choose(found: list[DocumentId], flags: Flags) -> DocumentId:
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


def _docx_form(found: list[DocumentId]) -> None:
    """A DOCX is kept only as what it is the original of: a member's report form, as
    the member filled it. Any other document is kept as its signed PDF or its scan."""
    if len(found) == 1 and found[0].slot.kind == "report-form":
        return
    what = f"mang mã {', '.join(d.text for d in found)}" if found else "không mang mã tài liệu"
    raise NotAForm(f"tệp DOCX {what}, không phải biểu mẫu báo cáo do pact lập: kho chỉ lưu bản DOCX của biểu "
                  "mẫu báo cáo (bản gốc đơn vị điền); văn bản khác lưu bản PDF đã ký hoặc bản quét.")


def _check_flags(document: DocumentId, flags: Flags) -> None:
    if flags.pact is not None:
        expected = pact_key(flags.pact)
        if document.pact != expected:
            raise Refused(
                f"mã tài liệu {document.text} thuộc giao ước khác ({document.pact}), không phải "
                f"giao ước {expected} của --pact {flags.pact_file}: kiểm tra lại tệp giao ước hoặc bỏ tệp này."
            )
        problem = slot_problem(flags.pact, document.slot)
        if problem:
            raise Refused(f"mã tài liệu {document.text} không ứng với văn bản nào của --pact {flags.pact_file}: {problem}")
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
        raise Unidentified(
            "không tìm thấy mã tài liệu (không có trong chữ, siêu dữ liệu, cũng không đọc được mã QR): "
            "cho biết tệp là gì bằng --pact TỆP_GIAO_ƯỚC --kind LOẠI [--member ĐƠN_VỊ] [--period KỲ]."
        )
    slot = Slot(flags.kind, flags.member, flags.period)
    problem = slot_problem(flags.pact, slot)
    if problem:
        raise Refused(f"tệp không mang mã tài liệu và cờ chưa đúng: {problem}")
    made = parse_id(document_id(flags.pact, slot))
    assert made is not None, "context.document_id() always makes a parseable id"
    return made
