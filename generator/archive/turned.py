"""Which received copies a change to the pact turns into copies of an earlier version.

Before the editor writes a pact that already has copies in the archive, it asks this
module: a copy that is current for the file as saved now (its HASH is its slot's
current one) and would not be for the draft is named to the clerk, who confirms or
goes back. Most edits change no id (generator/pact/ids.py: a document's HASH covers
only what it shows), so most saves ask nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.archive import register
from generator.archive.slots import copies, current_hash, expected_slots
from generator.pact import ids
from generator.pact.ids import Slot
from generator.pact.model import Pact


@dataclass(frozen=True)
class Turned:
    """The received copies of one slot that the draft would leave behind."""

    slot: Slot
    label: str  # the kind's name for a user
    unit: str | None  # the member's unit as the saved file names it; None for the whole cluster
    period: str | None  # the reporting period's name, for a report form
    ids: tuple[str, ...]  # the copies' document ids
    gone: bool  # the draft has no such slot at all (member or period removed, code or year changed)


def turned(root: Path, before: Pact, after: Pact) -> list[Turned]:
    """The slots whose current received copies (for `before`) are not current for
    `after`, in the order the archive lists slots; [] without an archive."""
    if not register.exists(root):
        return []
    with register.connect(root) as connection:
        current = [c for c in copies(connection, before) if not c.earlier]
    same_pact = ids.pact_key(after) == ids.pact_key(before)
    left: dict[Slot, list[str]] = {}
    gone: dict[Slot, bool] = {}
    for copy in current:
        slot = copy.document.slot
        now = current_hash(after, slot) if same_pact else None
        if now != copy.document.hash:
            left.setdefault(slot, []).append(copy.document.text)
            gone[slot] = now is None
    units = {m.id: m.unit for m in before.members}
    periods = {p.id: p.name for p in before.reporting.periods}
    order = {slot: n for n, slot in enumerate([Slot("pact"), Slot("signatures"), *expected_slots(before)[1:]])}
    return [Turned(slot, ids.label(slot.kind), units.get(slot.member or ""), periods.get(slot.period or ""), tuple(found), gone[slot])
            for slot, found in sorted(left.items(), key=lambda item: order.get(item[0], len(order)))]


def token(found: list[Turned]) -> str:
    """What the clerk confirmed: a save carrying this token writes even though it
    leaves exactly these copies behind; any other set is asked about again."""
    named = "\n".join(sorted(i for t in found for i in t.ids))
    return hashlib.sha256(named.encode("ascii")).hexdigest()[:16]
