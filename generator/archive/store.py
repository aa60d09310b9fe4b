"""Content-addressed files: each stored once under its SHA-256, read-only, never
overwritten. The name is the content's hash, so a changed file no longer matches
its name, and two copies of the same bytes are one file."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import InputError

FILES = "files"
OUTPUT = "output"  # pact build's default --out
READ_ONLY = 0o444
PDF, DOCX = ".pdf", ".docx"


def root_problem(root: Path) -> str | None:
    """Why `root` may not hold an archive: never inside a folder named output, which
    `pact build` rewrites and a clerk may delete (wherever the command runs from)."""
    if OUTPUT in root.resolve().parts:
        return (
            f"Thư mục lưu trữ {root} nằm trong output/, nơi pact build ghi lại và có thể bị xoá: "
            "chọn thư mục khác bằng --root (mặc định: archive)."
        )
    return None


def suffix_of(content: bytes) -> str:
    """A stored file's suffix, from its bytes: a DOCX (a report form as its member
    filled it, the original) is a zip; everything else the archive takes is a PDF."""
    return DOCX if content.startswith(b"PK") else PDF


def path_of(root: Path, sha256: str, suffix: str | None = None) -> Path:
    """Where the file with this hash lives: files/ab/abcdef….pdf (two-letter folders
    keep any one folder small); without `suffix`, the one stored (.docx if that is
    there, else .pdf), so the register need not say which."""
    folder = root / FILES / sha256[:2]
    if suffix is None:
        suffix = DOCX if (folder / f"{sha256}{DOCX}").exists() else PDF
    return folder / f"{sha256}{suffix}"


def put(root: Path, sha256: str, content: bytes) -> bool:
    """Store `content` under its hash; True if this call created the file, False if
    it was already there. Written under a temporary name and linked into place, so
    the final name never holds a partial file and is never replaced."""
    target = path_of(root, sha256, suffix_of(content))
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ValueError("content does not match its hash")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, READ_ONLY)
            os.link(temporary, target)
            return True
        except FileExistsError:
            return False
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as error:
        raise InputError(
            f"Không ghi được vào thư mục lưu trữ {root} ({error.strerror or error}): kiểm tra quyền ghi "
            "hoặc chọn thư mục khác bằng --root."
        ) from None


def remove(root: Path, sha256: str) -> None:
    """Undo a `put` whose register entry could not be written: no file without its entry."""
    path_of(root, sha256).unlink(missing_ok=True)


def stored(root: Path) -> Iterator[Path]:
    """Every file under the archive's files folder, stray ones included."""
    folder = root / FILES
    if folder.is_dir():
        yield from sorted(p for p in folder.rglob("*") if p.is_file())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
