"""Slots of a pact's archive and the document ids that name them.

A document id (CODE/YEAR/KIND/MEMBER/PERIOD/HASH, see generator/pact/ids.py) says which
slot a returned file fills: which pact (code, year, hash), which kind of document,
whose and for which reporting period. Member and period ids are slugs, so their
upper-case form in the id maps back to the pact file's id by lower-casing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.pact.ids import EMPTY, document_id
from generator.pact.model import Pact

KINDS = ("pact", "signatures", "signature-page", "report-form")
WITH_MEMBER = {"signature-page", "report-form"}
WITH_PERIOD = {"report-form"}
# How the archive speaks of each kind to the archivist (terminal output, not documents).
KIND_LABELS = {
    "pact": "Bản giao ước (bản ký)",
    "signatures": "Trang chữ ký",
    "signature-page": "Trang ký",
    "report-form": "Biểu mẫu báo cáo",
}

_PART = r"[A-Z0-9]+(?:-[A-Z0-9]+)*"
ID_PATTERN = re.compile(
    rf"(?<![A-Z0-9/-])({_PART})/(\d{{4}})/({_PART})/(-|{_PART})/(-|{_PART})/([0-9A-F]{{8}})(?![A-Z0-9/-])"
)


@dataclass(frozen=True, order=True)
class Slot:
    """What a file is, within one pact: kind, member and period (None where the kind has none)."""

    kind: str
    member: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class DocumentId:
    text: str  # the id as printed
    code: str
    year: int
    slot: Slot
    pact_hash: str

    @property
    def pact_id(self) -> str:
        """The pact agreement's id: the key that groups every document of one pact."""
        return f"{self.code}/{self.year}/PACT/{EMPTY}/{EMPTY}/{self.pact_hash}"


def find_ids(text: str) -> list[DocumentId]:
    """Every well-formed document id in `text`, in order of appearance."""
    return [_document_id(m) for m in ID_PATTERN.finditer(text)]


def parse_id(text: str) -> DocumentId | None:
    """`text` as a document id, or None if it is not exactly one."""
    match = ID_PATTERN.fullmatch(text.strip())
    return _document_id(match) if match else None


def _document_id(match: re.Match) -> DocumentId:
    code, year, kind, member, period, digest = match.groups()
    slot = Slot(
        kind.lower(),
        None if member == EMPTY else member.lower(),
        None if period == EMPTY else period.lower(),
    )
    return DocumentId(match.group(0), code, int(year), slot, digest)


def pact_id(pact: Pact) -> str:
    return document_id(pact, "pact")


def slot_id(pact: Pact, slot: Slot) -> str:
    return document_id(pact, slot.kind, slot.member, slot.period)


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
    if slot.kind not in KINDS:
        return f"loại văn bản '{slot.kind}' không có; chọn trong: {', '.join(KINDS)}."
    if slot.kind in WITH_MEMBER and slot.member is None:
        return f"loại {slot.kind} cần --member (mã đơn vị trong giao ước)."
    if slot.kind not in WITH_MEMBER and slot.member is not None:
        return f"loại {slot.kind} không thuộc riêng đơn vị nào: bỏ --member."
    if slot.kind in WITH_PERIOD and slot.period is None:
        return f"loại {slot.kind} cần --period (mã kỳ báo cáo trong giao ước)."
    if slot.kind not in WITH_PERIOD and slot.period is not None:
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
    if slot.kind not in KINDS:
        return f"mã tài liệu có loại '{slot.kind}' không phải văn bản của pact ({', '.join(KINDS)})."
    return None
