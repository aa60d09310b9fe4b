"""`pact archive status`: what has come back for one pact, and what is still missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator import vn
from generator.archive import register
from generator.archive.slots import expected_slots, pact_id
from generator.pact.ids import Slot, label
from generator.pact.model import Pact


@dataclass(frozen=True)
class SlotStatus:
    slot: Slot
    unit: str | None  # the member's unit name, for the table
    due: dt.date | None  # report forms: the period's due date from the pact
    versions: int  # archived files for this slot; more than one: later versions

    @property
    def received(self) -> bool:
        return self.versions > 0

    def overdue(self, today: dt.date) -> bool:
        return not self.received and self.due is not None and self.due < today

    def as_json(self) -> dict:
        return {
            "member": self.slot.member,
            "kind": self.slot.kind,
            "period": self.slot.period,
            "received": self.received,
            "versions": self.versions,
        }


def status(pact: Pact, root: Path) -> list[SlotStatus]:
    """Every expected slot of the pact, with how many versions the archive holds."""
    counts: dict[Slot, int] = {}
    if register.exists(root):
        with register.connect(root) as connection:
            for entry in register.entries(connection, pact_id(pact)):
                slot = Slot(entry.kind, entry.member, entry.period)
                counts[slot] = counts.get(slot, 0) + 1
    dues = {p.id: p.due for p in pact.reporting.periods}
    units = {m.id: m.unit for m in pact.members}
    return [
        SlotStatus(slot, units.get(slot.member or ""), dues.get(slot.period or ""), counts.get(slot, 0))
        for slot in expected_slots(pact)
    ]


def table(slots: list[SlotStatus], pact: Pact, today: dt.date) -> str:
    """The status as a plain-text table for a terminal."""
    periods = {p.id: p.name for p in pact.reporting.periods}
    rows = [("Đơn vị", "Văn bản", "Kỳ", "Hạn", "Tình trạng")]
    for item in slots:
        if item.received:
            state = "đã nhận" + (f" ({item.versions} bản)" if item.versions > 1 else "")
        else:
            state = "QUÁ HẠN, chưa nhận" if item.overdue(today) else "chưa nhận"
        rows.append((
            item.unit or "(cả cụm)",
            label(item.slot.kind),
            periods.get(item.slot.period or "", ""),
            vn.short_date(item.due) if item.due else "",
            state,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    missing = sum(not s.received for s in slots)
    late = sum(s.overdue(today) for s in slots)
    lines.append("")
    lines.append(f"Đã nhận {len(slots) - missing}/{len(slots)}; còn thiếu {missing}, trong đó quá hạn {late}.")
    return "\n".join(lines)
