"""What the editor does with a pact file: open it as a form, judge a draft, save it.

No web framework here: the routes in app.py call these with the request's
form, so every rule (stale copies, versions, drafts, validation) is testable alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.archive import turned
from generator.atomic import write_atomically
from generator.errors import InputError, Problem
from generator.pact.load import check_pact_text, load_pact, refuse_before_reading
from generator.pact import nextyear, roundtrip
from generator.pact.model import Pact
from generator.web import forms, versions, yamledit
from generator.web.archive_page import ARCHIVE
from generator.web.files import ServedFolder, fingerprint, locked


class StaleCopy(InputError):
    """The file changed since the editor opened it; saving would lose that change."""


class Unconfirmed(Exception):
    """The draft would turn received copies into copies of an earlier version, and the
    clerk has not confirmed this set of them: nothing was written."""

    def __init__(self, found: list[turned.Turned], version: str | None = None) -> None:
        super().__init__(f"{len(found)} slots left behind")
        self.turned = found
        self.token = turned.token(found)
        self.version = version  # the kept version a restore would put back; None for a save


@dataclass(frozen=True)
class Judged:
    """A pact text and what the loader says of it."""

    text: str
    pact: Pact | None
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)  # a valid pact's cautions


@dataclass(frozen=True)
class Opened:
    relative: str
    base: str  # fingerprint of the bytes the form was built from
    fields: tuple[forms.Field, ...]
    judged: Judged


def judge(path: Path, text: str) -> Judged:
    try:
        checked = check_pact_text(path, text)
    except InputError as error:
        return Judged(text, None, error.problems or [Problem(str(path), error.message)])
    return Judged(text, checked.pact, [], checked.warnings)


def _read(folder: ServedFolder, relative: str) -> tuple[Path, bytes, str]:
    """The file's bytes and text, refused as the loader would before the round trip
    reads it (which would expand its aliases)."""
    path = folder.pact_file(relative)
    content = path.read_bytes()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"Tệp {relative} không phải UTF-8: lưu lại tệp với bảng mã UTF-8 rồi mở lại.") from None
    refuse_before_reading(relative, text)
    return path, content, text


def open_pact(folder: ServedFolder, relative: str, from_draft: bool = False) -> Opened:
    """The file as a form; `from_draft`: its draft's text in the form, the file's
    fingerprint as the base, so saving it replaces the file it was made from."""
    path, content, text = _read(folder, relative)
    if from_draft and versions.draft_of(path).is_file():
        text = versions.draft_of(path).read_bytes().decode("utf-8-sig", errors="replace")
        refuse_before_reading(versions.draft_of(path).name, text)
    document = roundtrip.open_text(text, relative)
    return Opened(relative, fingerprint(content), forms.form_fields(document.root), judge(path, text))


@dataclass(frozen=True)
class Draft:
    judged: Judged
    stale: bool  # the file is no longer the one the form was built from


def draft(folder: ServedFolder, relative: str, form: Iterable[tuple[str, str]], base: str) -> Draft:
    """The file as it would be saved from this form, judged by the loader."""
    path, content, text = _read(folder, relative)
    document = roundtrip.open_text(text, relative)
    yamledit.apply(document.root, forms.submitted(form), Pact)
    return Draft(judge(path, document.dump()), fingerprint(content) != base)


@dataclass(frozen=True)
class Saved:
    judged: Judged
    draft: str | None = None  # the draft's name beside the file, when errors kept the file as it was


def save(folder: ServedFolder, relative: str, form: Iterable[tuple[str, str]], base: str,
         confirmed: str = "") -> Saved:
    """Write the form into the file; a form built from an older copy of the file is
    refused, never written over it. The check and the write are one step under the
    folder's lock: of two saves from the same copy at the same moment, the second
    finds the first's file and is refused. A form with errors leaves the file as it
    was and is kept as its draft. A valid draft that turns received copies into earlier
    versions is written only with `confirmed` naming exactly those copies (Unconfirmed
    otherwise)."""
    with locked(folder.pact_file(relative).parent):
        result = draft(folder, relative, form, base)
        if result.stale:
            raise StaleCopy(
                f"Chưa lưu: tệp {relative} đã được sửa ở nơi khác (trong một thẻ khác hoặc trình soạn "
                "thảo khác) sau khi bạn mở. Tải lại trang để lấy bản mới nhất rồi sửa lại; nội dung bạn "
                "vừa nhập vẫn còn trên trang này để chép."
            )
        _ask(folder, relative, result.judged, confirmed)
        return _write(folder.pact_file(relative), result.judged)


def restore(folder: ServedFolder, relative: str, version: str, confirmed: str = "") -> Saved:
    """Put a kept version back, as a save of its text (the text it replaces is kept in
    turn); like a save, it asks before turning received copies into earlier versions."""
    path = folder.pact_file(relative)
    with locked(path.parent):
        judged = judge(path, versions.text_of(path, version).decode("utf-8-sig"))
        _ask(folder, relative, judged, confirmed, version)
        return _write(path, judged)


@dataclass(frozen=True)
class Kept:
    versions: list[versions.Version]  # newest first
    draft: str | None  # the draft's name, when a save with errors left one
    limit: int = versions.KEPT


def kept(folder: ServedFolder, relative: str) -> Kept:
    path = folder.pact_file(relative)
    draft_path = versions.draft_of(path)
    return Kept(versions.listed(path), draft_path.name if draft_path.is_file() else None)


def _write(path: Path, judged: Judged) -> Saved:
    """A valid text replaces the file, whose text is kept among its versions; a text
    with errors becomes the file's draft and the file stays as it was."""
    content = judged.text.encode("utf-8")
    if judged.problems:
        write_atomically(versions.draft_of(path), content)
        return Saved(judged, versions.draft_of(path).name)
    versions.keep(path)
    write_atomically(path, content)
    versions.draft_of(path).unlink(missing_ok=True)
    return Saved(judged)


def _ask(folder: ServedFolder, relative: str, judged: Judged, confirmed: str, version: str | None = None) -> None:
    """Unconfirmed, unless the text leaves no received copy behind or `confirmed`
    names exactly the copies it does."""
    found = left_behind(folder, relative, judged)
    if found and turned.token(found) != confirmed:
        raise Unconfirmed(found, version)


def left_behind(folder: ServedFolder, relative: str, judged: Judged) -> list[turned.Turned]:
    """The received copies in the served folder's archive that are current for the
    file as saved and would not be for the draft; [] when either does not load."""
    if judged.pact is None:
        return []
    try:
        before = load_pact(folder.pact_file(relative))
    except InputError:
        return []  # the saved file has no current version to leave behind
    return turned.turned(folder.resolve(ARCHIVE), before, judged.pact)


def next_year(folder: ServedFolder, relative: str) -> str:
    """A copy of the pact for the following year, comments kept (pact/nextyear.py);
    returns the new file's path."""
    path, _, text = _read(folder, relative)
    copied = nextyear.next_year(text, relative)
    target = nextyear.next_path(path, copied.year - 1)
    new_relative = folder.relative(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target.parent):  # two clicks at once make one copy, never one over the other
        if target.exists():
            raise InputError(f"Đã có {new_relative}: mở tệp đó để sửa, hoặc xóa nó trước khi chép lại.")
        write_atomically(folder.resolve(new_relative), copied.text.encode("utf-8"))
    return new_relative


def year_changes(folder: ServedFolder, relative: str) -> list[nextyear.Change]:
    """The phrases whose year the copy of this pact to the next year moves: shown on
    the copy's page for the clerk to check."""
    try:
        _, _, text = _read(folder, relative)
        return nextyear.next_year(text, relative).changes
    except InputError:
        return []  # the earlier file is gone or changed past reading since: nothing to list
