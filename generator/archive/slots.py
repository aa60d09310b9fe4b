"""The slots of a pact's archive: what the archivist waits for, whether a slot named
by flags (or read from an id) is one of the pact's, and which archived copies are of
an earlier version.

A document id (generator/pact/ids.py) says which slot a returned file fills: which
pact (CODE/YEAR), which kind of document, whose and for which reporting period. Its
HASH says which version: a copy whose HASH is not its slot's current one was made
before the pact changed in something that document shows. It is kept and counted,
and marked as an earlier version.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from generator.archive import register
from generator.documents.context import document_id
from generator.pact import ids
from generator.pact.ids import KINDS, PACKET_KINDS, DocumentId, Slot
from generator.pact.model import Pact


@dataclass(frozen=True)
class Copy:
    """One archived file of a pact."""

    entry: register.Entry
    document: DocumentId
    earlier: bool  # its HASH is not its slot's current one: made from an earlier version


def copies(connection: sqlite3.Connection, pact: Pact) -> list[Copy]:
    """The archived files of `pact` (its CODE/YEAR), any version, in register order."""
    current: dict[Slot, str | None] = {}
    found = []
    for entry in register.entries(connection):
        document = ids.parse_id(entry.document_id)
        if document is None or document.pact != ids.pact_key(pact):
            continue
        if document.slot not in current:
            current[document.slot] = current_hash(pact, document.slot)
        found.append(Copy(entry, document, document.hash != current[document.slot]))
    return found


def current_hash(pact: Pact, slot: Slot) -> str | None:
    """The HASH of the slot's document as the pact is now; None for a slot the pact no
    longer has (a member or period since removed)."""
    if slot_problem(pact, slot):
        return None
    return ids.parse_id(document_id(pact, slot)).hash


def expected_slots(pact: Pact) -> list[Slot]:
    """What the archivist waits for: the signed pact original, then per member its
    signature page and one report form per reporting period."""
    slots = [Slot("pact")]
    for member in pact.members:
        slots.append(Slot("signature-page", member.id))
        slots += [Slot("report-form", member.id, period.id) for period in pact.reporting.periods]
    return slots


def slot_problem(pact: Pact, slot: Slot) -> str | None:
    """Why `slot` is not a slot of `pact` (Vietnamese, for the archivist), or None."""
    if slot.kind not in PACKET_KINDS:
        return f"loại văn bản '{slot.kind}' không có; chọn trong: {', '.join(PACKET_KINDS)}."
    kind = KINDS[slot.kind]
    if kind.per_member and slot.member is None:
        return f"loại {slot.kind} cần --member (mã đơn vị trong giao ước)."
    if not kind.per_member and slot.member is not None:
        return f"loại {slot.kind} không thuộc riêng đơn vị nào: bỏ --member."
    if kind.per_period and slot.period is None:
        return f"loại {slot.kind} cần --period (mã kỳ báo cáo trong giao ước)."
    if not kind.per_period and slot.period is not None:
        return f"loại {slot.kind} không theo kỳ báo cáo: bỏ --period."
    members = [m.id for m in pact.members]
    if slot.member is not None and slot.member not in members:
        return f"đơn vị '{slot.member}' không có trong giao ước; các đơn vị: {', '.join(members)}."
    periods = [p.id for p in pact.reporting.periods]
    if slot.period is not None and slot.period not in periods:
        return f"kỳ báo cáo '{slot.period}' không có trong giao ước; các kỳ: {', '.join(periods)}."
    return None


def kind_problem(slot: Slot) -> str | None:
    """Why an id read from a file names no kind of document the archive keeps."""
    if slot.kind not in PACKET_KINDS:
        return f"mã tài liệu có loại '{slot.kind}' không phải văn bản của pact ({', '.join(PACKET_KINDS)})."
    return None
