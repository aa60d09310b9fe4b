"""The served folder: the only place the web page may read or write.

Every path that arrives in a request is relative to the folder and goes
through `ServedFolder.resolve`, which refuses absolute paths, `..` and
symlinks that lead out, before anything is opened.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import InputError

PACT_SUFFIXES = (".yaml", ".yml")
SKIPPED_FOLDERS = ("output", "archive", "node_modules")  # besides hidden and __dunder__ ones
MAX_LISTED = 500
LOCK_WAIT_SECONDS = 10.0  # a save takes milliseconds: waiting longer means something is stuck
LOCK_POLL_SECONDS = 0.01


class OutsideFolder(InputError):
    """A request named a file the page may not touch."""


def fingerprint(content: bytes) -> str:
    """What the editor remembers of the file it opened, to detect a stale save."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class ServedFolder:
    root: Path  # resolved
    output: Path  # resolved: where the page writes what `pact build` and `pact collect` would (--out)

    @classmethod
    def at(cls, folder: Path, output: Path | None = None) -> "ServedFolder":
        """The folder served; `output` as `pact serve --out` gives it (default: the
        folder's own output/, for callers that write nothing there)."""
        root = Path(folder).resolve()
        return cls(root, (root / "output") if output is None else Path(output).resolve())

    def resolve(self, relative: str) -> Path:
        """The file `relative` names inside the folder, or OutsideFolder."""
        parts = PurePosixPath(relative.replace("\\", "/"))
        if "\0" in relative or parts.is_absolute() or ".." in parts.parts or not parts.parts:
            raise OutsideFolder(f"Đường dẫn không hợp lệ: {relative!r}. Chỉ mở được tệp trong thư mục đang phục vụ.")
        path = (self.root / parts).resolve()
        if not path.is_relative_to(self.root):
            raise OutsideFolder(f"{relative} dẫn ra ngoài thư mục đang phục vụ: không mở được.")
        return path

    def pact_file(self, relative: str) -> Path:
        """An existing pact file (.yaml/.yml) inside the folder."""
        path = self.resolve(relative)
        if path.suffix.lower() not in PACT_SUFFIXES:
            raise OutsideFolder(f"{relative}: chỉ mở được tệp giao ước .yaml hoặc .yml.")
        if not path.is_file():
            raise OutsideFolder(f"Không có tệp {relative} trong thư mục đang phục vụ.")
        return path

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def pact_files(self) -> list[str]:
        """Every .yaml/.yml under the folder, skipping hidden, output and archive folders."""
        found: list[str] = []
        for folder, subfolders, files in os.walk(self.root):
            subfolders[:] = sorted(
                d for d in subfolders
                if not d.startswith((".", "__")) and d not in SKIPPED_FOLDERS
                and not os.path.islink(os.path.join(folder, d))
            )
            for name in sorted(files):
                path = Path(folder) / name
                if path.suffix.lower() in PACT_SUFFIXES and path.resolve().is_relative_to(self.root):
                    found.append(self.relative(path))
            if len(found) >= MAX_LISTED:
                break
        return found[:MAX_LISTED]



def shown_place(path: Path) -> str:
    """A folder as the clerk finds it: relative to where `pact serve` was started
    when it lies below, else in full."""
    try:
        return f"{path.relative_to(Path.cwd().resolve()).as_posix()}/"
    except ValueError:
        return f"{path.as_posix()}/"


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder's exclusive lock: what is checked and written inside (a save's
    stale-copy check and its write) happens as one step for every thread and every
    `pact serve` process. The lock is flock(2) on the folder itself, so it leaves no
    file behind and a crashed holder releases it."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"Thư mục {folder.name} đang được ghi quá lâu: chưa lưu. Đợi một lát rồi lưu lại."
                    ) from None
                time.sleep(LOCK_POLL_SECONDS)
        yield
    finally:
        os.close(descriptor)  # closing the last descriptor releases the lock
