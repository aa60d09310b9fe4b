"""`pact archive export`: one pact's archived files in a zip, with a manifest that
carries, per file, the metadata Nghị định 30/2020/NĐ-CP asks of an electronic
record (number, date, subject, signer's position and name, page count) and the
register's chain head at the time of export."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pypdfium2 as pdfium

from generator.archive import register, store
from generator.archive.register import Entry
from generator.archive.slots import copies
from generator.atomic import write_atomically
from generator.documents.context import document_context, document_id, normalise_number, signing_order
from generator.errors import InputError, IntegrityError, TemplateError
from generator.pact.ids import KINDS, PACKET_KINDS, SIGNED_KINDS, Slot, pact_key
from generator.pact.model import Member, Pact
from generator.documents.plan import template
from generator.documents.render import render
from generator.documents.vocabulary import parse

MANIFEST = "manifest.json"


def export(pact: Pact, root: Path, out: Path) -> tuple[int, tuple[int, str]]:
    """Write the zip; return how many files it holds and the chain head it records."""
    if out.resolve().is_relative_to(root.resolve()):
        raise InputError(f"--out {out} nằm trong thư mục lưu trữ {root}: chọn chỗ khác cho tệp zip.")
    if not register.exists(root):
        raise InputError(f"Không có sổ lưu trữ trong {root}: kiểm tra --root.")
    with register.connect(root) as connection:
        found = copies(connection, pact)
        head = register.head(connection)
    if not found:
        raise InputError(
            f"Kho {root} chưa có tệp nào của giao ước {pact_key(pact)}: thêm tệp bằng pact archive add trước."
        )
    earlier = {c.entry.seq for c in found if c.earlier}
    rows = [c.entry for c in found]
    archive = io.BytesIO()
    files = []
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, row in _named(root, rows):
            content = _checked(root, row)
            bundle.writestr(_info(f"files/{name}", row), content)
            files.append(_manifest_entry(pact, row, name, content) | {"earlier_version": row.seq in earlier})
        manifest = {"pact_id": document_id(pact, Slot("pact")), "chain_head": {"entries": head[0], "hash": head[1]}, "files": files}
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        bundle.writestr(MANIFEST, text.encode("utf-8"))
    try:
        write_atomically(out, archive.getvalue())
    except OSError as error:
        raise InputError(f"Không ghi được {out} ({error.strerror or error}): chọn chỗ khác bằng --out.") from None
    return len(files), head


def _named(root: Path, rows: list[Entry]) -> list[tuple[str, Entry]]:
    """A readable name per file: its slot and version ("signature-page-an-giang-v2.pdf"),
    with the stored file's suffix (a report form may be its member's DOCX)."""
    versions: dict[tuple, int] = {}
    named = []
    for row in rows:
        key = (row.kind, row.member, row.period)
        versions[key] = versions.get(key, 0) + 1
        parts = [p for p in key if p]
        named.append((f"{'-'.join(parts)}-v{versions[key]}{store.path_of(root, row.sha256).suffix}", row))
    return named


def _checked(root: Path, row: Entry) -> bytes:
    """The stored file, refused if it no longer matches its register entry."""
    path = store.path_of(root, row.sha256)
    try:
        content = path.read_bytes()
    except OSError:
        raise IntegrityError(
            f"Tệp của mục #{row.seq} ({row.original_name}) không còn trong kho: {path}. Chạy pact archive verify."
        ) from None
    if store.sha256_of(path) != row.sha256:
        raise IntegrityError(
            f"Tệp của mục #{row.seq} ({row.original_name}) đã bị thay đổi: {path}. Chạy pact archive verify."
        )
    return content


def _info(name: str, row: Entry) -> zipfile.ZipInfo:
    """A zip entry dated when the file was archived."""
    added = row.added_at
    info = zipfile.ZipInfo(name, (int(added[:4]), int(added[5:7]), int(added[8:10]),
                                  int(added[11:13]), int(added[14:16]), int(added[17:19])))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _manifest_entry(pact: Pact, row: Entry, name: str, content: bytes) -> dict:
    slot = Slot(row.kind, row.member, row.period)
    return {
        "path": f"files/{name}",
        "slot": {"kind": row.kind, "member": row.member, "period": row.period},
        "document_id": row.document_id,
        "sha256": row.sha256,
        "size": row.size,
        "pages": row.pages,
        "original_name": row.original_name,
        "added_at": row.added_at,
        "added_by": row.added_by,
        "identified_by": row.identified_by,
        "digital_signatures": json.loads(row.signatures),
        "record": {
            "number": normalise_number(pact.document.number) if slot.kind in SIGNED_KINDS else None,
            "date": pact.ceremony.date.isoformat() if slot.kind in SIGNED_KINDS else None,
            "subject": _subject(pact, slot, content),
            "signers": [_signer(m) for m in _signers(pact, slot)],
            "pages": row.pages,
        },
    }


def _signers(pact: Pact, slot: Slot) -> list[Member]:
    if KINDS[slot.kind].per_member and slot.member is not None:
        return [m for m in pact.members if m.id == slot.member]
    return signing_order(pact)


def _signer(member: Member) -> dict:
    signer = member.signer
    return {"unit": member.unit, "position": signer.title, "rank": signer.rank, "name": signer.name}


def _subject(pact: Pact, slot: Slot, content: bytes) -> str | None:
    """The subject the file states in its metadata; for a scan, which states none, the
    subject its template gives that document (wording stays in the templates)."""
    try:
        document = pdfium.PdfDocument(content)
        try:
            stated = document.get_metadata_value("Subject")
        finally:
            document.close()
    except pdfium.PdfiumError:
        stated = ""
    return stated or _template_subject(pact, slot)


def _template_subject(pact: Pact, slot: Slot) -> str | None:
    if slot.kind not in PACKET_KINDS:
        return None
    try:
        tree = parse(render(template(slot.kind), document_context(pact, slot)))
    except TemplateError:
        return None
    description = tree.find("head/meta[@name='description']")
    return description.get("content") if description is not None else None
