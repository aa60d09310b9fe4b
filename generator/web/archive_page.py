"""The Archive page: what has come back for one pact (`archive status` as a matrix
of members × documents), signed copies added by upload (`archive add`), and the
archive checked (`archive verify`).

The archive is <served>/archive/: inside the served folder, never inside output/.
Digital signatures are judged as the command line judges them, trusted against the
root certificates in <served>/archive/trust/ when there are any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from starlette.datastructures import UploadFile

from generator import vn
from generator.archive import journal
from generator.archive.add import add
from generator.archive.identify import Flags
from generator.archive.signed import member_state, trust_roots
from generator.archive.slots import expected_slots
from generator.archive.status import SlotStatus, outside, status
from generator.archive.verify import verify
from generator.errors import InputError
from generator.pact.ids import Slot, label
from generator.atomic import write_atomically
from generator.documents.plan import output_folder
from generator.pact.load import load_pact
from generator.pact.model import Pact
from generator.signing.verdicts import lines, summary
from generator.web.files import ServedFolder
from generator.web import received
from generator.web.uploads import DOCX, PDF, shown, staged

ARCHIVE = "archive"
UNPLACED = "cho-xep-kho"  # files without a readable id, waiting for their slot


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
    unplaced: list[str] = field(default_factory=list)  # of those refused: no id read, kept for the archivist to place
    forwarded: list[str] = field(default_factory=list)  # report forms kept for the Reports page too


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
    """`archive add` on the uploads, with the pact as --pact: a copy of another pact is
    refused, each bad file on its own. A report form archived is kept for the Reports
    page too; a file whose id cannot be read waits for the archivist to place it."""
    pact = load_pact(folder.pact_file(relative))
    if not files:
        raise InputError("Chưa chọn tệp nào: kéo thả hoặc chọn các bản PDF đã ký, bản quét, biểu mẫu báo cáo.")
    with staged(files, (PDF, DOCX), strict=False) as new:
        added = add_paths(folder, relative, pact, new.files, new.folder, forward=True)
        for path in added.unidentified:
            waiting = unplaced_folder(folder, pact)
            waiting.mkdir(parents=True, exist_ok=True)
            write_atomically(waiting / path.name, path.read_bytes())
        early = [(p.file, p.message) for p in new.refused]
        return replace(added.shown, refused=early + added.shown.refused,
                       unplaced=[p.name for p in added.unidentified])


@dataclass(frozen=True)
class _Result:
    shown: Added
    unidentified: list[Path]


def add_paths(folder: ServedFolder, relative: str, pact: Pact, paths: list[Path], scratch: Path,
              forward: bool = False, flags: Flags | None = None) -> _Result:
    """`archive add` of files in `scratch`; with `forward`, the report forms among them
    (stored now or before) also kept among the Reports page's received forms."""
    # No render lock: the files are read in child processes (archive/sandbox.py),
    # never by this process's pdfium.
    root = folder.resolve(ARCHIVE)
    flags = flags or Flags(pact, relative, roots=trust_roots(root, None))
    result = add(paths, root, flags)
    forwarded = []
    if forward:
        slots = [(item.path, item.document.slot) for item, _ in result.added]
        slots += [(path, Slot(e.kind, e.member, e.period)) for path, e in result.already]
        for path, slot in slots:
            if slot.kind == "report-form" and slot.period:
                received.keep(folder, pact, slot.period, slot.member, path)
                forwarded.append(path.name)
    return _Result(Added(
        stored=[replace(_stored(pact, item.path.name, item.document.slot, entry.seq, item.note),
                        signatures=tuple(lines(item.signatures, flags.units)), flagged=not item.signatures.sound)
                for item, entry in result.added],
        already=[_stored(pact, path.name, Slot(e.kind, e.member, e.period), e.seq) for path, e in result.already],
        refused=[(path.name, shown(reason, scratch)) for path, reason in result.refused
                 if path not in result.unidentified],
        repaired=[shown(line, folder.root) for line in journal.described(result.repaired)] if result.repaired else [],
        forwarded=forwarded,
    ), result.unidentified)


@dataclass(frozen=True)
class SlotChoice:
    value: str  # "kind|member|period", what the form sends back
    text: str  # "Trang ký - Công an tỉnh An Giang"


def unplaced(folder: ServedFolder, relative: str) -> tuple[list[str], list[SlotChoice]]:
    """The files waiting for their slot, and every slot of the pact to pick from."""
    pact = load_pact(folder.pact_file(relative))
    names = [p.name for p in received.files_in(unplaced_folder(folder, pact))]
    return names, [SlotChoice(_value(slot), _slot_text(pact, slot)) for slot in _slots(pact)] if names else []


def place(folder: ServedFolder, relative: str, name: str, value: str) -> Added:
    """A waiting file archived in the slot the archivist picked (as --kind/--member/
    --period would name it); it leaves the waiting folder once archived."""
    pact = load_pact(folder.pact_file(relative))
    waiting = unplaced_folder(folder, pact)
    path = next((p for p in received.files_in(waiting) if p.name == name), None)
    slot = next((s for s in _slots(pact) if _value(s) == value), None)
    if path is None or slot is None:
        raise InputError("Không còn tệp này chờ xếp, hoặc chưa chọn văn bản: tải lại trang Lưu trữ rồi chọn lại.")
    root = folder.resolve(ARCHIVE)
    flags = Flags(pact, relative, slot.kind, slot.member, slot.period, roots=trust_roots(root, None))
    added = add_paths(folder, relative, pact, [path], waiting, flags=flags).shown
    if added.stored or added.already:
        path.unlink(missing_ok=True)
    return added


def _slots(pact: Pact) -> list[Slot]:
    expected = expected_slots(pact)
    return [expected[0], Slot("signatures"), *expected[1:]]


def _value(slot: Slot) -> str:
    return f"{slot.kind}|{slot.member or ''}|{slot.period or ''}"


def _slot_text(pact: Pact, slot: Slot) -> str:
    stored = _stored(pact, "", slot, 0)
    return " - ".join(part for part in (stored.kind, stored.unit, stored.period) if part)


def unplaced_folder(folder: ServedFolder, pact: Pact) -> Path:
    """Where files the archive could not identify wait for the archivist to name their
    slot: beside the archive, never in it (verify would call them strangers)."""
    return folder.resolve(f"{UNPLACED}/{output_folder(pact)}")


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
