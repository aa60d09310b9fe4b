"""A folder's new files, all at once or not at all (a pact's build, a period's summary).

Every file is first written into a staging folder inside the target folder (the same
file system, so moving a file is a rename and needs no space). A full disk, or any
other failure while staging, removes the staging folder and the folders made for it:
the target stays exactly as it was. Once everything is staged a READY mark is written,
then the files are renamed into place, `last` (the manifest) last.

A process killed (or a rename failing) while moving leaves the staging folder with its
READY mark: `recover` finishes the move, and every publish into the folder recovers
first. A staging folder without the mark was never complete and is discarded.
Publishes into one folder take turns under a lock on the folder.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import InputError

STAGING = ".staging"
READY = ".ready"


def publish(folder: Path, files: dict[str, bytes], last: str | None = None) -> None:
    """Put files into folder (made if missing) all at once, or raise OSError having
    changed nothing."""
    folder = Path(folder).resolve()
    missing = [p for p in [folder, *folder.parents] if not p.exists()]  # innermost first
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder):
            _recover(folder)  # a failure here keeps the staging folder, to finish later
            staging = folder / STAGING
            try:
                _stage(staging, files, last)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            _move(folder, staging, last)
    except BaseException:
        for made in missing:  # only the folders this publish made, and only if empty
            _remove_empty(made)
        raise


class Unfinished(OSError):
    """Everything was staged but not all moved into place: the next publish into the
    folder, or recover(), finishes the move."""


def refusal(folder: Path, error: OSError, fix: str) -> InputError:
    """What the clerk is told when a publish failed: why, what changed, what to do."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "ổ đĩa đã đầy"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "không có quyền ghi"
    else:
        why = error.strerror or str(error)
    if isinstance(error, Unfinished):
        return InputError(f"Chưa đưa hết các tệp mới vào {folder} ({why}): sửa lỗi này rồi chạy lại lệnh, "
                          f"các tệp đã lập sẽ được đưa nốt vào chỗ (chúng đang ở {folder / STAGING}).")
    return InputError(f"Không ghi được vào {folder} ({why}); không tệp nào bị thay đổi: {fix}")


def recover(folder: Path) -> str | None:
    """Finish (or discard) what an interrupted publish left in folder: 'finished',
    'discarded', or None when there was nothing to do."""
    folder = Path(folder).resolve()
    if not (folder / STAGING).is_dir():
        return None
    with _locked(folder):
        return _recover(folder)


def _recover(folder: Path) -> str | None:
    staging = folder / STAGING
    if not staging.is_dir():
        return None
    if not (staging / READY).is_file():
        shutil.rmtree(staging)
        return "discarded"
    _move(folder, staging, (staging / READY).read_text(encoding="utf-8") or None)
    return "finished"


def _stage(staging: Path, files: dict[str, bytes], last: str | None) -> None:
    """Every file, then the READY mark naming the file to move last."""
    staging.mkdir()
    for name, content in files.items():
        _write(staging / name, content)
    _write(staging / READY, (last or "").encode("utf-8"))
    _sync(staging)


def _move(folder: Path, staging: Path, last: str | None) -> None:
    """Rename every staged file into place, last last, then drop the staging folder."""
    names = sorted(p.name for p in staging.iterdir() if p.name not in (READY, last))
    try:
        for name in names + ([last] if last and (staging / last).exists() else []):
            os.replace(staging / name, folder / name)
        _sync(folder)
        (staging / READY).unlink()
        staging.rmdir()
    except OSError as error:
        raise Unfinished(error.errno, error.strerror) from error


def _write(path: Path, content: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, 0o644)


def _sync(folder: Path) -> None:
    """The renames and new names of a folder on disk, not only in memory."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty (someone else's files) or gone: either way not ours to remove
