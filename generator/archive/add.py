"""`pact archive add`: identify each returned file, store it, register it.

Each file is judged on its own: the identified ones are stored and registered
together in one transaction, each refused one is reported with its reason. The
slow part, identification (a scan's QR code), happens before the register is
locked, so a second `archive add` running at the same time waits only briefly.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import socket
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from generator.archive import journal, register, store
from generator.archive.identify import Flags, Identified, Refused, identify
from generator.archive.refused import NotAForm, Unidentified
from generator.errors import InputError
from generator.folders import walk

SUFFIXES = (store.PDF, store.DOCX)  # what is taken from a folder: PDFs, and DOCX report forms


@dataclass
class AddResult:
    added: list[tuple[Identified, register.Entry]] = field(default_factory=list)
    already: list[tuple[Path, register.Entry]] = field(default_factory=list)  # same bytes archived before
    refused: list[tuple[Path, str]] = field(default_factory=list)
    unidentified: list[Path] = field(default_factory=list)  # of those refused: no id read, the slot to be named
    skipped: list[Path] = field(default_factory=list)  # not PDFs, found inside folders
    outside: list[Path] = field(default_factory=list)  # links out of a folder named: not followed
    repaired: journal.Debris | None = None  # what an earlier, interrupted add had left, now rolled back


def add(paths: list[Path], root: Path, flags: Flags) -> AddResult:
    problem = store.root_problem(root)
    if problem:
        raise InputError(problem)
    result = AddResult()
    identified: list[Identified] = []
    for path in _files(paths, result):
        try:
            identified.append(identify(path, flags))
        except NotAForm as reason:
            if path in paths:
                result.refused.append((path, str(reason)))
            else:  # a DOCX found in a folder, not a report form: set aside as the other files there
                result.skipped.append(path)
        except Refused as reason:
            result.refused.append((path, str(reason)))
            if isinstance(reason, Unidentified):
                result.unidentified.append(path)
    if identified:
        _register(root, identified, result)
    return result


def _files(paths: list[Path], result: AddResult) -> list[Path]:
    """The files named, and the PDFs (and DOCX report forms) inside the folders named (other files there are
    set aside: an archivist drops whole folders, with whatever else is in them; links
    out of the folder are not followed)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            walked = walk(path)
            for found in walked.files:
                (files if found.suffix.lower() in SUFFIXES else result.skipped).append(found)
            result.outside += walked.outside
        else:
            files.append(path)
    return files


def _register(root: Path, identified: list[Identified], result: AddResult) -> None:
    """Store and register every identified file in one transaction, under the
    archive's lock, after rolling back whatever an interrupted add left; a file this
    call stored is removed again if the transaction fails, and if this process dies
    first, its note (journal.py) lets the next add or `archive repair` do it."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"Không tạo được thư mục lưu trữ {root} ({error.strerror or error}).") from None
    with journal.locked(root):
        try:
            result.repaired = journal.repair(root) or None
            journal.begin(root, [item.sha256 for item in identified])
        except OSError as error:
            raise InputError(
                f"Không ghi được vào thư mục lưu trữ {root} ({error.strerror or error}): kiểm tra quyền ghi "
                "và chỗ trống trên đĩa."
            ) from None
        _store_and_append(root, identified, result)
        journal.end(root)


def _store_and_append(root: Path, identified: list[Identified], result: AddResult) -> None:
    created: list[str] = []
    with register.connect(root, create=True) as connection:
        try:
            with register.transaction(connection):
                for item in identified:
                    known = register.find(connection, item.sha256)
                    if known is not None:
                        result.already.append((item.path, known))
                        continue
                    if store.put(root, item.sha256, item.content):
                        created.append(item.sha256)
                    result.added.append((item, register.append(connection, _row(item))))
        except BaseException as error:
            for sha256 in created:
                store.remove(root, sha256)
            journal.end(root)
            result.added.clear()
            if isinstance(error, sqlite3.Error):
                raise InputError(
                    f"Không ghi được sổ lưu trữ trong {root} ({error}): không tệp nào được thêm; "
                    "chạy lại sau, hoặc kiểm tra quyền ghi và chỗ trống trên đĩa."
                ) from None
            raise


def _row(item: Identified) -> dict:
    slot = item.document.slot
    return {
        "sha256": item.sha256,
        "size": len(item.content),
        "pages": item.pages,
        "original_name": item.path.name,
        "kind": slot.kind,
        "member": slot.member,
        "period": slot.period,
        "document_id": item.document.text,
        "pact_id": item.document.pact,
        "identified_by": item.method,
        "signatures": json.dumps(item.signatures.as_json(), ensure_ascii=False),  # as checked on arrival
        "added_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "added_by": _who(),
    }


def _who() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"{user}@{socket.gethostname()}"
