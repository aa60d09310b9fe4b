"""The Archive page: what has come back for one pact (`archive status` as a matrix
of members × documents), signed copies added by upload (`archive add`), and the
archive checked (`archive verify`).

The archive is <served>/archive/: inside the served folder, never inside output/.
Digital signatures are judged as the command line judges them, trusted against the
root certificates in <served>/archive/trust/ when there are any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from starlette.datastructures import UploadFile

from generator import vn
from generator.archive import journal
from generator.archive.add import add
from generator.archive.identify import Flags
from generator.archive.signed import member_state, trust_roots
from generator.archive.status import SlotStatus, outside, status
from generator.archive.verify import verify
from generator.errors import InputError
from generator.pact.ids import Slot, label
from generator.pact.load import load_pact
from generator.pact.model import Pact
from generator.signing.verdicts import lines, summary
from generator.web.files import ServedFolder
from generator.web.uploads import PDF, shown, staged

ARCHIVE = "archive"


@dataclass(frozen=True)
class Cell:
    received: bool
    versions: int  # more than one: later versions were archived too
    due: str  # "15/06/2024", or ""
    overdue: bool
    signatures: str = ""  # the newest copy's digital signatures in a few words; "" if unsigned or none received
    earlier: tuple[str, ...] = ()  # ids of the copies made from an earlier version of the pact
    current: bool = False  # a copy of the current version is archived


@dataclass(frozen=True)
class Column:
    kind: str  # the kind's label
    period: str  # the period's name, for report forms; else ""


@dataclass(frozen=True)
class Row:
    unit: str
    cells: list[Cell]


@dataclass(frozen=True)
class MemberLine:
    unit: str
    state: str  # whether its signer and organisation signed the agreement, intact, in order
    complete: bool


@dataclass(frozen=True)
class Gone:
    """Received copies of a slot the pact no longer has (a member or period removed)."""

    kind: str  # the kind's label
    member: str  # the member's code as the copies' id gives it; "" for the whole cluster
    period: str  # the period's code, for report forms; else ""
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Matrix:
    original: Cell  # the signed pact agreement
    signed: list[MemberLine]  # per member, on the newest copy of the agreement
    columns: list[Column]
    rows: list[Row]  # one per member, cells in the columns' order
    received: int
    expected: int
    overdue: int
    gone: list[Gone]  # received copies the pact no longer has a slot for: kept, listed apart


@dataclass(frozen=True)
class Stored:
    """One uploaded file and where it went."""

    name: str
    kind: str  # the kind's label
    unit: str  # "" for the pact agreement
    period: str  # "" unless a report form
    seq: int  # its entry in the register
    note: str | None = None  # what to know before opening it (active content)
    signatures: tuple[str, ...] = ()  # one verdict per digital signature
    flagged: bool = False  # a signature broken, altered after, or of another unit: kept as evidence


@dataclass(frozen=True)
class Added:
    stored: list[Stored]
    already: list[Stored]  # the same bytes were archived before, as entry `seq`
    refused: list[tuple[str, str]]  # file name, reason
    repaired: list[str]  # what an interrupted add had left, rolled back first


@dataclass(frozen=True)
class Checked:
    count: int
    head: str
    problems: list[str]
    debris: list[str]  # what an interrupted add left: the next upload clears it
    signatures: list[str]  # every signed file's verdicts, checked again


def matrix(folder: ServedFolder, relative: str, today: dt.date) -> Matrix:
    pact = load_pact(folder.pact_file(relative))
    root = folder.resolve(ARCHIVE)
    slots = status(pact, root, trust_roots(root, None))
    periods = {p.id: p.name for p in pact.reporting.periods}
    first = pact.members[0].id
    columns = [Column(label(s.slot.kind), periods.get(s.slot.period or "", ""))
               for s in slots if s.slot.member == first]
    rows = [Row(m.unit, [_cell(s, today) for s in slots if s.slot.member == m.id]) for m in pact.members]
    original = next(s for s in slots if s.slot.member is None)
    return Matrix(
        original=_cell(original, today),
        signed=[MemberLine(m.unit, member_state(m), m.complete) for m in original.members_signed]
        if original.received else [],
        columns=columns,
        rows=rows,
        received=sum(s.received for s in slots),
        expected=len(slots),
        overdue=sum(s.overdue(today) for s in slots),
        gone=[Gone(label(g.slot.kind), g.slot.member or "", g.slot.period or "", tuple(d.text for d in g.ids))
              for g in outside(pact, root)],
    )


def add_files(folder: ServedFolder, relative: str, files: list[UploadFile]) -> Added:
    """`archive add` on the uploads, with the pact as --pact: a copy of another pact is refused."""
    pact = load_pact(folder.pact_file(relative))
    if not files:
        raise InputError("Chưa chọn tệp nào: kéo thả hoặc chọn các bản PDF đã ký, bản quét.")
    with staged(files, (PDF,)) as new:
        # No render lock: the PDFs are read in child processes (archive/sandbox.py),
        # never by this process's pdfium.
        root = folder.resolve(ARCHIVE)
        flags = Flags(pact, relative, roots=trust_roots(root, None))
        result = add(new.files, root, flags)
        return Added(
            stored=[replace(_stored(pact, item.path.name, item.document.slot, entry.seq, item.note),
                            signatures=tuple(lines(item.signatures, flags.units)), flagged=not item.signatures.sound)
                    for item, entry in result.added],
            already=[_stored(pact, path.name, Slot(e.kind, e.member, e.period), e.seq) for path, e in result.already],
            refused=[(path.name, shown(reason, new.folder)) for path, reason in result.refused],
            repaired=[shown(line, folder.root) for line in journal.described(result.repaired)] if result.repaired else [],
        )


def check(folder: ServedFolder) -> Checked:
    """`archive verify` of the served folder's archive; paths in problems shown from the folder."""
    root = folder.resolve(ARCHIVE)
    report = verify(root, signatures=True, roots=trust_roots(root, None))
    return Checked(report.count, report.head, [shown(p, folder.root) for p in report.problems],
                   [shown(d, folder.root) for d in report.debris], report.signatures)


def _cell(slot: SlotStatus, today: dt.date) -> Cell:
    return Cell(slot.received, slot.versions, vn.short_date(slot.due) if slot.due else "", slot.overdue(today),
                summary(slot.signatures) if slot.signatures and (slot.signatures.signatures or slot.signatures.unreadable)
                else "", tuple(d.text for d in slot.earlier), slot.current)


def _stored(pact: Pact, name: str, slot: Slot, seq: int, note: str | None = None) -> Stored:
    units = {m.id: m.unit for m in pact.members}
    periods = {p.id: p.name for p in pact.reporting.periods}
    return Stored(name, label(slot.kind), units.get(slot.member or "", ""),
                  periods.get(slot.period or "", ""), seq, note)
