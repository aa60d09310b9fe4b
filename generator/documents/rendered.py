"""A rendered document as the writers get it, and where templates and their assets
are looked up: apart from render.py, so that what only writes files (the PDF
process) never loads Jinja."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# The name a report form's fingerprint is stored under: a PDF's document information
# key, a DOCX's custom property (what `pact collect` reads back).
FINGERPRINT_PROPERTY = "PactFingerprint"


@dataclass(frozen=True)
class Rendered:
    template: str  # the template's name, for messages
    html: str
    search_path: tuple[Path, ...]  # where assets (style.css) are looked up, in order
    # a report form's fingerprint (data.report_fingerprint): the writers store it in the
    # file's properties beside the id; no template receives it, so none prints it
    fingerprint: str | None = None


@dataclass(frozen=True)
class Source:
    """The file a document was made from, embedded in its archival PDF."""

    name: str
    content: bytes


def search_path(templates_dir: Path | None) -> tuple[Path, ...]:
    if templates_dir is None:
        return (BUILTIN_TEMPLATES,)
    return (Path(templates_dir).resolve(), BUILTIN_TEMPLATES)


def first_file(search_path: tuple[Path, ...], name: str) -> Path | None:
    """The file `name` of the first templates folder that has it: a user's folder
    overrides the built-in one file by file."""
    return next((folder / name for folder in search_path if (folder / name).is_file()), None)
