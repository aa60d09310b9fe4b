"""Report forms received, kept per period for the Reports page in
<served>/bao-cao-nhan-ve/<year>/<code>/<period>/, so a form that came yesterday still
counts today. A form received on either page lands in both places: the Reports page
archives what it keeps (reports.py), and the Archive page keeps here the report forms
it archives (archive_page.py), a DOCX form as its member filled it."""

from __future__ import annotations

from pathlib import Path

from generator.atomic import write_atomically
from generator.collect.read import form_format
from generator.documents.plan import FORMATS, output_folder
from generator.folders import walk
from generator.pact.model import Pact
from generator.web.files import ServedFolder

RECEIVED = "bao-cao-nhan-ve"


def received_folder(folder: ServedFolder, pact: Pact, period_id: str) -> Path:
    return folder.resolve(f"{RECEIVED}/{output_folder(pact)}/{period_id}")


def files_in(folder: Path) -> list[Path]:
    """The files directly in `folder`; a link out of it is neither listed nor read."""
    return walk(folder, recursive=False).files if folder.is_dir() else []


def kept_names(member: str, period_id: str) -> tuple[str, ...]:
    """The names a member's form for the period is kept under, one per format."""
    return tuple(f"bao-cao-{member}-{period_id}.{fmt}" for fmt in FORMATS)


def keep(folder: ServedFolder, pact: Pact, period_id: str, member: str, path: Path) -> None:
    """`path`, the member's form, among the period's received forms under the member's
    name: a form the member sends again replaces its earlier one whatever either file
    was called, and two members' files that came under one name never replace each other."""
    inbox = received_folder(folder, pact, period_id)
    inbox.mkdir(parents=True, exist_ok=True)
    pdf_name, docx_name = kept_names(member, period_id)
    name, other = (pdf_name, docx_name) if form_format(path) == "pdf" else (docx_name, pdf_name)
    write_atomically(inbox / name, path.read_bytes())
    (inbox / other).unlink(missing_ok=True)
