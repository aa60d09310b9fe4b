"""Files the clerk sends through the page: each checked for size and for what it
is (by content, never by name), then put in a private scratch folder.

The pages hand the scratch copies to `collect` or `archive add`, which judge them
as they judge files named on the command line; only once that worked does
anything reach the served folder (reports) or the archive. A refused upload
leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from starlette.datastructures import FormData, UploadFile

from generator.errors import InputError, Problem
from generator.web.security import MAX_BODY

FILES_FIELD = "files"
PDF = ".pdf"
DOCX = ".docx"
KIND_NAMES = {PDF: "PDF", DOCX: "DOCX"}
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Staged:
    folder: Path  # the scratch folder; file names in messages are shown relative to it
    files: list[Path]
    refused: list[Problem]  # too large or of another type (only when not strict)


def kind_of(stream: BinaryIO) -> str | None:
    """PDF or DOCX as the bytes say (a DOCX is a zip holding word/document.xml)."""
    stream.seek(0)
    head = stream.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK"):
        stream.seek(0)
        with contextlib.suppress(zipfile.BadZipFile), zipfile.ZipFile(stream) as archive:
            if "word/document.xml" in archive.namelist():
                return DOCX
    return None


def safe_name(given: str | None, kind: str, taken: set[str]) -> str:
    """The upload's own name, reduced to a plain file name (a browser may send a
    path; a name may carry any character) with the suffix its content has."""
    name = re.split(r"[\\/]", given or "")[-1]
    name = re.sub(r"[\x00-\x1f<>:\"|?*]", "", name).strip(" .") or "tep-gui-len"
    stem = name[: -len(kind)] if name.lower().endswith(kind) else name
    candidate, number = f"{stem}{kind}", 2
    while candidate.lower() in taken:
        candidate, number = f"{stem}-{number}{kind}", number + 1
    taken.add(candidate.lower())
    return candidate


def uploads(form: FormData) -> list[UploadFile]:
    """The files of the form's file input; a browser sends one nameless part when none is chosen."""
    return [u for u in form.getlist(FILES_FIELD) if isinstance(u, UploadFile) and (u.filename or u.size)]


@contextlib.contextmanager
def staged(files: list[UploadFile], kinds: tuple[str, ...], strict: bool = True) -> Iterator[Staged]:
    """The uploads as files in a scratch folder, removed on leaving; InputError naming
    every file that is too large or of another type, before anything is kept; or, not
    `strict`, those files named in `refused` and the others kept (one bad file in a
    sending does not sink the good ones)."""
    problems: list[Problem] = []
    accepted = " hoặc ".join(KIND_NAMES[k] for k in kinds)
    with tempfile.TemporaryDirectory(prefix="pact-upload-") as scratch:
        folder = Path(scratch)
        paths: list[Path] = []
        taken: set[str] = set()
        for upload in files:
            name = upload.filename or "?"
            if upload.size is not None and upload.size > MAX_BODY:
                problems.append(Problem(name, f"tệp lớn hơn {MAX_BODY // (1024 * 1024)} MB: không nhận."))
                continue
            kind = kind_of(upload.file)
            if kind not in kinds:
                problems.append(Problem(name, f"nội dung tệp không phải {accepted}: chỉ nhận tệp {accepted}."))
                continue
            path = folder / safe_name(upload.filename, kind, taken)
            upload.file.seek(0)
            with path.open("wb") as out:
                while chunk := upload.file.read(CHUNK):
                    out.write(chunk)
            paths.append(path)
        if problems and strict:
            raise InputError("Không nhận các tệp gửi lên: không tệp nào được lưu.", problems)
        yield Staged(folder, paths, problems)


def shown(text: str, *folders: Path) -> str:
    """A message as the clerk should read it: the page's own folders left out of
    the paths it names, so only file names remain."""
    for folder in folders:
        text = text.replace(f"{folder}/", "")
    return text
