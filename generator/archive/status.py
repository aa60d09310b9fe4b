"""`pact archive status`: what has come back for one pact, and what is still missing.

A copy made from an earlier version of the pact (its HASH is not its slot's current
one) counts as received and is marked as such, naming its id: the archivist sees
which documents were signed or filled before the pact changed in what they show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator import vn
from generator.archive import register
from generator.archive.signed import MemberSigned, member_state, members_signed, recheck, recorded
from generator.archive.slots import copies, expected_slots, slot_problem
from generator.pact.ids import PACKET_KINDS, SIGNED_BY_EVERY_MEMBER, DocumentId, Slot, label
from generator.pact.model import Pact
from generator.signing.check import Checked
from generator.signing.verdicts import summary


@dataclass(frozen=True)
class SlotStatus:
    slot: Slot
    unit: str | None  # the member's unit name, for the table
    due: dt.date | None  # report forms: the period's due date from the pact
    versions: int  # archived files for this slot; more than one: later versions
    signatures: Checked | None = None  # the newest copy's, checked now; None: none received
    members_signed: list[MemberSigned] = field(default_factory=list)  # pact and grid: per member
    earlier: tuple[DocumentId, ...] = ()  # the archived copies made from an earlier version

    @property
    def received(self) -> bool:
        return self.versions > 0

    @property
    def current(self) -> bool:
        """A copy of the slot's current version is archived."""
        return self.versions > len(self.earlier)

    def overdue(self, today: dt.date) -> bool:
        return not self.received and self.due is not None and self.due < today

    def as_json(self) -> dict:
        return {
            "member": self.slot.member,
            "kind": self.slot.kind,
            "period": self.slot.period,
            "received": self.received,
            "versions": self.versions,
            "current": self.current,
            "earlier_versions": [d.text for d in self.earlier],
            "signatures": self.signatures.as_json() if self.signatures else [],
            "in_pact": True,
            **({"members_signed": [m.as_json() for m in self.members_signed]}
               if self.slot.kind in SIGNED_BY_EVERY_MEMBER else {}),
        }


@dataclass(frozen=True)
class Outside:
    """Received copies of the pact (its CODE/YEAR) for a slot it no longer has: a member
    or a reporting period removed from the file after they came back. Never dropped:
    the archive keeps them, and the status names them."""

    slot: Slot
    ids: tuple[DocumentId, ...]

    def as_json(self) -> dict:
        return {
            "member": self.slot.member,
            "kind": self.slot.kind,
            "period": self.slot.period,
            "received": True,
            "versions": len(self.ids),
            "current": False,
            "earlier_versions": [d.text for d in self.ids],
            "signatures": [],
            "in_pact": False,
        }


def outside(pact: Pact, root: Path) -> list[Outside]:
    """The archived copies of `pact` whose slot the pact no longer has, slot by slot."""
    found: dict[Slot, list[DocumentId]] = {}
    if register.exists(root):
        with register.connect(root) as connection:
            for copy in copies(connection, pact):
                if slot_problem(pact, copy.document.slot):
                    found.setdefault(copy.document.slot, []).append(copy.document)
    order = {kind: n for n, kind in enumerate(PACKET_KINDS)}
    by_member = sorted(found.items(), key=lambda item: (item[0].member or "", order.get(item[0].kind, 0),
                                                        item[0].period or ""))
    return [Outside(slot, tuple(documents)) for slot, documents in by_member]


def status(pact: Pact, root: Path, roots: tuple[bytes, ...] | None = None) -> list[SlotStatus]:
    """Every expected slot of the pact (and the signature grid once one is archived),
    with how many versions the archive holds and the newest copy's signatures checked
    now against `roots` (DER; None: trust not checked), and which copies were made from
    an earlier version of the pact."""
    counts: dict[Slot, int] = {}
    newest: dict[Slot, register.Entry] = {}
    earlier: dict[Slot, list[DocumentId]] = {}
    if register.exists(root):
        with register.connect(root) as connection:
            for copy in copies(connection, pact):
                slot = copy.document.slot
                counts[slot] = counts.get(slot, 0) + 1
                newest[slot] = copy.entry
                if copy.earlier:
                    earlier.setdefault(slot, []).append(copy.document)
    dues = {p.id: p.due for p in pact.reporting.periods}
    units = {m.id: m.unit for m in pact.members}
    slots = expected_slots(pact)
    slots[1:1] = [Slot("signatures")] if Slot("signatures") in counts else []
    result = []
    for slot in slots:
        entry = newest.get(slot)
        checked = None
        if entry is not None:
            checked = recheck(root, entry, units, roots) if recorded(entry) else Checked()
        every = members_signed(pact, checked or Checked()) if slot.kind in SIGNED_BY_EVERY_MEMBER else []
        result.append(SlotStatus(slot, units.get(slot.member or ""), dues.get(slot.period or ""),
                                 counts.get(slot, 0), checked, every, tuple(earlier.get(slot, ()))))
    return result


def table(slots: list[SlotStatus], pact: Pact, today: dt.date, gone: Sequence[Outside] = ()) -> str:
    """The status as a plain-text table for a terminal; `gone`: the copies of slots the
    pact no longer has, listed after the counts."""
    periods = {p.id: p.name for p in pact.reporting.periods}
    rows = [("Đơn vị", "Văn bản", "Kỳ", "Hạn", "Tình trạng", "Chữ ký số (bản mới nhất)")]
    for item in slots:
        if item.received:
            state = "đã nhận" + (f" ({item.versions} bản)" if item.versions > 1 else "") + _earlier(item)
        else:
            state = "QUÁ HẠN, chưa nhận" if item.overdue(today) else "chưa nhận"
        rows.append((
            item.unit or "(cả cụm)",
            label(item.slot.kind),
            periods.get(item.slot.period or "", ""),
            vn.short_date(item.due) if item.due else "",
            state,
            summary(item.signatures) if item.signatures is not None else "",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    missing = sum(not s.received for s in slots)
    late = sum(s.overdue(today) for s in slots)
    lines.append("")
    lines.append(f"Đã nhận {len(slots) - missing}/{len(slots)}; còn thiếu {missing}, trong đó quá hạn {late}.")
    if gone:
        lines.append("")
        lines.append("Bản đã nhận của đơn vị hoặc kỳ báo cáo không còn trong tệp giao ước (vẫn giữ trong kho):")
        lines += [f"  {_gone(item)}: {len(item.ids)} bản ({', '.join(d.text for d in item.ids)})" for item in gone]
    for item in slots:
        if item.received and item.members_signed:
            done = sum(m.complete for m in item.members_signed)
            lines.append("")
            lines.append(f"{label(item.slot.kind)}, bản điện tử: {done}/{len(item.members_signed)} đơn vị đủ chữ ký số "
                         "(người ký rồi cơ quan, tổ chức; Điều 5 Nghị định 30):")
            lines += [f"  {m.unit}: {member_state(m)}" for m in item.members_signed]
    return "\n".join(lines)


def _gone(item: Outside) -> str:
    """A slot the pact no longer has, named by what its id says."""
    slot = item.slot
    return ", ".join([label(slot.kind), *([f"đơn vị {slot.member}"] if slot.member else []),
                      *([f"kỳ {slot.period}"] if slot.period else [])])


def _earlier(item: SlotStatus) -> str:
    """What the archive holds of an earlier version, said after "đã nhận"."""
    if not item.earlier:
        return ""
    which = ", ".join(d.hash for d in item.earlier)
    if not item.current:
        return f", của phiên bản trước ({which}); chưa có bản hiện hành"
    return f", trong đó {len(item.earlier)} bản của phiên bản trước ({which})"
