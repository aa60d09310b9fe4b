"""An `archive add` that was killed halfway is finished or rolled back, never left.

Storing files and appending their register entries cannot be one atomic step: the
files are written first, the entries committed after. So before storing anything an
add writes down which files it is about to store (pending-add.json), and removes
that note once its entries are committed. An add killed in between (kill -9, power
cut) leaves the note: the next add, or `pact archive repair`, keeps the listed files
the register holds, removes the ones it does not (and half-written temporary files),
and says so. `verify` reads the same note to tell the debris of an interrupted add
from tampering.

Adds and repairs take an exclusive lock on the archive (flock on .lock, released by
the kernel when a process dies), verify a shared one: nobody repairs, or calls
debris, the files of an add that is still running.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.archive import register, store
from generator.atomic import write_atomically
from generator.errors import InputError

LOCK = ".lock"
PENDING = "pending-add.json"
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Debris:
    """What an interrupted add left behind."""

    note: Path | None = None  # pending-add.json, or a half-written copy of it
    unregistered: list[Path] = field(default_factory=list)  # stored, entry never committed
    registered: list[str] = field(default_factory=list)  # listed and committed: the add had finished
    temporaries: list[Path] = field(default_factory=list)  # half-written files

    def __bool__(self) -> bool:
        return bool(self.note or self.unregistered or self.temporaries)


@contextmanager
def locked(root: Path, exclusive: bool = True) -> Iterator[None]:
    """The archive's lock, exclusive for writers; a reader of an archive without a
    lock file (never written by this version, or on read-only media) goes unlocked."""
    path = root / LOCK
    if not exclusive and not path.exists():
        yield
        return
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT if exclusive else os.O_RDONLY, 0o644)
    except OSError as error:
        raise InputError(f"Không mở được khoá {path} ({error.strerror or error}): kiểm tra quyền ghi.") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(handle)


def begin(root: Path, sha256s: list[str]) -> None:
    """Note the files an add is about to store; call under the exclusive lock."""
    write_atomically(root / PENDING, json.dumps({"storing": sha256s}, indent=1).encode("utf-8"))


def end(root: Path) -> None:
    """The add is committed (or fully undone): drop its note."""
    (root / PENDING).unlink(missing_ok=True)


def debris(root: Path) -> Debris:
    """What interrupted adds left in `root`; call under the lock."""
    found = Debris()
    found.temporaries = [p for p in store.stored(root) if _temporary(p)]
    found.temporaries += sorted(p for p in root.glob(f".{PENDING}.*.tmp") if p.is_file())
    note = root / PENDING
    if not note.is_file():
        return found
    found.note = note
    listed = _listed(note)
    known = _registered(root, listed)
    for sha256 in listed:
        if sha256 in known:
            found.registered.append(sha256)
        elif store.path_of(root, sha256).is_file():
            found.unregistered.append(store.path_of(root, sha256))
    return found


def repair(root: Path) -> Debris:
    """Roll back what an interrupted add left (its unregistered files, temporary files,
    its note) and return what that was; call under the exclusive lock."""
    found = debris(root)
    for path in [*found.unregistered, *found.temporaries]:
        path.unlink(missing_ok=True)
    end(root)
    return found


def repair_archive(root: Path) -> Debris:
    """`pact archive repair`: take the lock and roll back what an interrupted add left."""
    if not root.is_dir():
        raise InputError(f"Không có thư mục lưu trữ {root}: kiểm tra --root.")
    with locked(root):
        try:
            return repair(root)
        except OSError as error:
            raise InputError(f"Không dọn được kho {root} ({error.strerror or error}): kiểm tra quyền ghi.") from None


def described(found: Debris) -> list[str]:
    """What an interrupted add left, one line each (Vietnamese, for the archivist)."""
    lines = [f"tệp {path} đã lưu nhưng chưa kịp vào sổ" for path in found.unregistered]
    lines += [f"tệp tạm {path} ghi dở" for path in found.temporaries]
    if found.registered:
        lines.append(f"{len(found.registered)} tệp đã kịp vào sổ: giữ nguyên")
    if found.note is not None:
        lines.append(f"ghi chú {found.note} của lần thêm đó")
    return lines


def is_debris_name(root: Path, path: Path) -> bool:
    """A name only the add's own steps use: its note and its temporary files."""
    return path == root / PENDING or _temporary(path) or (path.parent == root and path.name.startswith(f".{PENDING}."))


def _temporary(path: Path) -> bool:
    """store.put's temporary files: files/ab/.<random>.tmp."""
    return path.name.startswith(".") and path.name.endswith(".tmp")


def _listed(note: Path) -> list[str]:
    try:
        data = json.loads(note.read_text(encoding="utf-8"))
        return [s for s in data["storing"] if isinstance(s, str) and SHA256.fullmatch(s)]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # a note that cannot be read lists nothing: no file is removed on its word


def _registered(root: Path, sha256s: list[str]) -> set[str]:
    if not register.exists(root) or not sha256s:
        return set()
    with register.connect(root) as connection:
        return {sha for sha in sha256s if register.find(connection, sha) is not None}
