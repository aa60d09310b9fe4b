"""Report forms received, kept per period for the Reports page in
<served>/bao-cao-nhan-ve/<year>/<code>/<period>/, so a form that came yesterday still
counts today. A form received on either page lands in both places: the Reports page
archives what it keeps (reports.py), and the Archive page keeps here the report forms
it archives (archive_page.py), a DOCX form as its member filled it."""

from __future__ import annotations

from pathlib import Path

from generator.atomic import write_atomically
from generator.documents.plan import output_folder
from generator.folders import walk
from generator.pact.model import Pact
from generator.web.files import ServedFolder

RECEIVED = "bao-cao-nhan-ve"


def received_folder(folder: ServedFolder, pact: Pact, period_id: str) -> Path:
    return folder.resolve(f"{RECEIVED}/{output_folder(pact)}/{period_id}")


def files_in(folder: Path) -> list[Path]:
    """The files directly in `folder`; a link out of it is neither listed nor read."""
    return walk(folder, recursive=False).files if folder.is_dir() else []


def keep(folder: ServedFolder, pact: Pact, period_id: str, path: Path) -> None:
    """`path` among the period's received forms, under its own name: a form sent again
    under the same name replaces the earlier one, as on the Reports page."""
    inbox = received_folder(folder, pact, period_id)
    inbox.mkdir(parents=True, exist_ok=True)
    write_atomically(inbox / path.name, path.read_bytes())
