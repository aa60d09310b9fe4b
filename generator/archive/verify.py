"""`pact archive verify`: rehash every file, walk the chain, name every problem.

What a hash chain can show: a row edited, deleted from the middle, or moved. What
it cannot: the newest rows removed together with their files, since what is left
is still a valid chain. The chain head (count and hash) closes that gap when it is
written down elsewhere (the signed minutes) and later given back as `--head`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.archive import journal, register, store
from generator.archive.register import GENESIS, Entry
from generator.archive.signed import recheck, recorded
from generator.errors import InputError
from generator.signing import trust
from generator.signing.verdicts import lines

MIN_HEAD_PREFIX = 16  # hex digits of a head copied by hand that still identify it
KNOWN_NAMES = (store.FILES, register.FILENAME, register.FILENAME + "-journal", journal.LOCK,
               trust.FOLDER)  # trust/: the root certificates the archivist trusts, not archived files


@dataclass
class Report:
    count: int = 0
    head: str = GENESIS
    problems: list[str] = field(default_factory=list)  # tampering, or damage
    debris: list[str] = field(default_factory=list)  # what an interrupted add left: `archive repair` clears it
    signatures: list[str] = field(default_factory=list)  # with --signatures: every signed file's verdicts


def verify(root: Path, recorded_head: str | None = None, signatures: bool = False,
           roots: tuple[bytes, ...] | None = None) -> Report:
    """The chain and the files; with `signatures`, every stored file's digital
    signatures checked again (against `roots`, DER; None: trust not checked)."""
    if not root.is_dir():
        raise InputError(f"Không có thư mục lưu trữ {root}: kiểm tra --root.")
    report = Report()
    if not register.exists(root):
        files = list(store.stored(root))
        if files:
            report.problems.append(
                f"Sổ lưu trữ {root / register.FILENAME} không còn, nhưng thư mục có {len(files)} tệp."
            )
            return report
        raise InputError(f"Không có sổ lưu trữ trong {root}: kiểm tra --root.")
    with journal.locked(root, exclusive=False):  # an add still running is waited for, not called debris
        left = journal.debris(root)
        with register.connect(root) as connection:
            rows = register.entries(connection)
            report.count, report.head = register.head(connection)
    report.problems += chain_problems(rows)
    report.problems += file_problems(root, rows, left)
    report.debris = journal.described(left)
    if recorded_head is not None:
        report.problems += head_problems(rows, recorded_head)
    if signatures:
        _check_signatures(root, rows, roots, report)
    return report


def _check_signatures(root: Path, rows: list[Entry], roots: tuple[bytes, ...] | None, report: Report) -> None:
    """A broken signature, or a file changed after signing, is a problem (exit 3); the
    verdict of every signature is listed either way. A file whose bytes no longer
    match the register is named by file_problems already."""
    for row in rows:
        path = store.path_of(root, row.sha256)
        if not recorded(row) or not path.is_file():
            continue
        checked = recheck(root, row, None, roots)
        said = lines(checked, {})
        report.signatures.append(f"Mục #{row.seq} ({_name(row)}):")
        report.signatures += [f"  {line}" for line in said]
        if checked.broken or any(s.altered for s in checked.signatures):
            report.problems.append(f"Chữ ký số của mục #{row.seq} ({_name(row)}): " + " ".join(
                line for line, s in zip(said, checked.signatures) if not s.intact or s.altered)
                + (f" {said[-1]}" if checked.unreadable else ""))


def chain_problems(rows: list[Entry]) -> list[str]:
    """Each row against its own hash and its link to the row before."""
    problems: list[str] = []
    previous_seq, previous_hash = 0, GENESIS
    for row in rows:
        name = _name(row)
        gap = row.seq > previous_seq + 1
        if gap:
            missing = ", ".join(f"#{n}" for n in range(previous_seq + 1, row.seq))
            problems.append(f"Mục {missing} đã bị xoá khỏi sổ (chuỗi nhảy từ #{previous_seq} sang #{row.seq}).")
        if row.computed_hash() != row.entry_hash:
            moved_from = next(
                (s for s in _positions(rows) if s != row.seq and row.computed_hash(s) == row.entry_hash), None
            )
            if moved_from is not None:
                problems.append(f"Mục #{row.seq} ({name}) vốn là mục #{moved_from}: thứ tự trong sổ đã bị đổi.")
            else:
                problems.append(f"Mục #{row.seq} ({name}) đã bị sửa: nội dung không khớp mã băm của mục.")
        elif not gap and row.previous_hash != previous_hash:
            problems.append(
                f"Mục #{row.seq} ({name}) không nối với mục #{previous_seq}: mục trước nó đã bị sửa, "
                "thay hoặc chèn."
            )
        previous_seq, previous_hash = row.seq, row.entry_hash
    return problems


def _positions(rows: list[Entry]) -> range:
    return range(1, max((r.seq for r in rows), default=0) + 1)


def file_problems(root: Path, rows: list[Entry], left: journal.Debris) -> list[str]:
    """Every registered file rehashed; every file nobody registered named, except
    what an interrupted add left (`left`), which is debris, not tampering."""
    problems: list[str] = []
    registered = set()
    for row in rows:
        path = store.path_of(root, row.sha256)
        registered.add(path)
        if not path.is_file():
            problems.append(f"Tệp của mục #{row.seq} ({_name(row)}) không còn: {path}.")
        elif store.sha256_of(path) != row.sha256:
            problems.append(f"Tệp của mục #{row.seq} ({_name(row)}) đã bị thay đổi: {path}.")
    interrupted = set(left.unregistered + left.temporaries)
    for path in store.stored(root):
        if path not in registered and path not in interrupted:
            problems.append(f"Tệp không có trong sổ: {path}.")
    for path in sorted(root.iterdir()):
        if path.name not in KNOWN_NAMES and not journal.is_debris_name(root, path):
            problems.append(f"Tệp không có trong sổ: {path}.")
    return problems


def head_problems(rows: list[Entry], recorded: str) -> list[str]:
    """A head written down earlier must still be in the chain: entries after it are
    new, but it must not have disappeared."""
    recorded = recorded.strip().lower()
    if len(recorded) < MIN_HEAD_PREFIX:
        raise InputError(f"--head {recorded}: cần ít nhất {MIN_HEAD_PREFIX} chữ số đầu của mã đầu chuỗi đã ghi.")
    if GENESIS.startswith(recorded):
        return []
    if any(row.entry_hash.startswith(recorded) for row in rows):
        return []
    return [
        f"Đầu chuỗi đã ghi ({recorded}) không còn trong sổ: các mục cuối đã bị xoá hoặc sổ đã bị "
        "viết lại sau lần ghi đó."
    ]


def _name(row: Entry) -> str:
    return f"{row.original_name}, {row.document_id}"
