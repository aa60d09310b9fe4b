"""build(): load → plan → context → render → write, nothing written until all has rendered."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.context import document_context
from generator.errors import InputError
from generator.load import load_pact
from generator.plan import ARCHIVAL_KINDS, Planned, output_folder, plan
from generator.render import render
from generator.vocabulary import parse

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Built:
    planned: Planned
    format: str
    filename: str
    content: bytes

    def manifest_entry(self) -> dict:
        return {
            "kind": self.planned.kind,
            "member": self.planned.member,
            "period": self.planned.period,
            "format": self.format,
            "path": self.filename,
            "sha256": hashlib.sha256(self.content).hexdigest(),
            "id": self.planned.id,
        }


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    documents: list[Built]


def build(
    pact_path: Path,
    out_root: Path = Path("output"),
    only: frozenset[str] | None = None,
    templates_dir: Path | None = None,
) -> BuildResult:
    from generator.writers.docx import write_docx
    from generator.writers.pdf import Source, write_pdf

    pact = load_pact(pact_path)
    source = Source(Path(pact_path).name, Path(pact_path).read_bytes())
    built: list[Built] = []
    for planned in plan(pact, only):
        rendered = render(planned.template, document_context(pact, planned), templates_dir)
        tree = parse(rendered)
        attached = source if planned.kind in ARCHIVAL_KINDS else None
        built.append(Built(planned, "pdf", f"{planned.stem}.pdf", write_pdf(rendered, attached)))
        built.append(Built(planned, "docx", f"{planned.stem}.docx", write_docx(tree)))
    folder = Path(out_root) / output_folder(pact)
    try:
        _write(folder, pact_path, built, only)
    except OSError as error:
        raise InputError(
            f"Không ghi được vào {folder} ({error.strerror or error}): chọn thư mục khác bằng --out "
            "hoặc kiểm tra quyền ghi."
        ) from None
    return BuildResult(folder, built)


def _write(folder: Path, source: Path, built: list[Built], only: frozenset[str] | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for document in built:
        write_atomically(folder / document.filename, document.content)
    entries = [d.manifest_entry() for d in built]
    if only is not None:
        entries = _kept_entries(folder, only) + entries
    manifest = {"source": Path(source).as_posix(), "documents": entries}
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    write_atomically(folder / MANIFEST, text.encode("utf-8"))


def _kept_entries(folder: Path, only: frozenset[str]) -> list[dict]:
    """A partial build (--only) keeps the manifest's entries for the other kinds."""
    try:
        previous = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["documents"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [
        e for e in previous
        if isinstance(e, dict) and e.get("kind") not in only and (folder / str(e.get("path"))).is_file()
    ]


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary name in the same folder, then rename: never a half file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
