"""build(): load → plan → context → render → write, nothing written until all has rendered.

The stages, for one pact:
  prepare  load the pact, plan its documents, render each to checked HTML and
           decide which files must be written (the others are unchanged since the
           last build: same HTML, assets, attachment and writer code);
  write    turn the HTML into PDF and DOCX bytes (the costly part; batch.py runs it
           in parallel processes);
  publish  write the new files and manifest.json aside, then rename them into
           place, the manifest last: all at once or not at all (staging.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import incremental
from generator.build import uptodate
from generator.build.write import write_file
from generator import staging
from generator.documents.context import document_context
from generator.pact.ids import SIGNED_KINDS
from generator.pact.load import load_pact
from generator.pact.model import Pact
from generator.documents.plan import FORMATS, Planned, output_folder, plan
from generator.documents.render import render
from generator.documents.rendered import Rendered, Source
from generator.documents.vocabulary import parse

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Job:
    """One file to write: picklable, so a worker process can do it."""

    planned: Planned
    format: str
    rendered: Rendered
    attachment: Source | None  # the pact file, for PDF/A-3b
    input_hash: str

    @property
    def filename(self) -> str:
        return f"{self.planned.stem}.{self.format}"


@dataclass(frozen=True)
class Built:
    planned: Planned
    format: str
    filename: str
    content: bytes
    input_hash: str
    reused: bool = False

    def manifest_entry(self) -> dict:
        return {
            "kind": self.planned.kind,
            "member": self.planned.member,
            "period": self.planned.period,
            "format": self.format,
            "path": self.filename,
            "sha256": hashlib.sha256(self.content).hexdigest(),
            "id": self.planned.id,
            "input": self.input_hash,
        }


@dataclass
class Prepared:
    """A pact ready to write: the jobs still to do and the files that stay as they are."""

    source: Path
    pact: Pact
    folder: Path
    only: frozenset[str] | None
    jobs: list[Job]
    reused: list[Built]
    inputs: str  # what the whole pact folder is made from (uptodate.py)
    done: list[Built] = field(default_factory=list)


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    documents: list[Built]


def prepare(pact_path: Path, out_root: Path, only: frozenset[str] | None = None,
            templates_dir: Path | None = None, force: bool = False) -> Prepared:
    pact = load_pact(pact_path)
    folder = Path(out_root) / output_folder(pact)
    staging.recover(folder)  # an interrupted publish finished first: the manifest then tells the truth
    source_bytes = Path(pact_path).read_bytes()
    previous = {} if force else incremental.previous_entries(folder / MANIFEST)
    jobs: list[Job] = []
    reused: list[Built] = []
    for planned in plan(pact, only):
        rendered = render(planned.template, document_context(pact, planned.slot), templates_dir)
        todo = []
        for fmt in FORMATS:
            attachment = Source(Path(pact_path).name, source_bytes) if fmt == "pdf" and planned.kind in SIGNED_KINDS else None
            digest = incremental.input_hash(rendered, fmt, attachment)
            job = Job(planned, fmt, rendered, attachment, digest)
            content = incremental.unchanged(folder, previous.get(job.filename), digest)
            if content is None:
                todo.append(job)
            else:
                reused.append(Built(planned, fmt, job.filename, content, digest, reused=True))
        if todo:
            parse(rendered)  # refuse HTML outside the vocabulary before anything is written
            jobs += todo
    inputs = uptodate.inputs_digest(pact_path, source_bytes, only, templates_dir)
    return Prepared(Path(pact_path), pact, folder, only, jobs, reused, inputs)


def publish(prepared: Prepared) -> BuildResult:
    """Every new file of the pact and its manifest (listing the files in plan order),
    all at once or not at all (staging.py): a full disk leaves the folder as it was."""
    by_name = {b.filename: b for b in prepared.reused + prepared.done}
    built = [by_name[f"{p.stem}.{fmt}"] for p in plan(prepared.pact, prepared.only) for fmt in FORMATS]
    files = {d.filename: d.content for d in prepared.done} | {MANIFEST: _manifest(prepared, built)}
    try:
        staging.publish(prepared.folder, files, last=MANIFEST)
    except OSError as error:
        raise staging.refusal(prepared.folder, error, "giải phóng chỗ trống hoặc chọn thư mục khác bằng --out, "
                              "rồi chạy lại.") from None
    return BuildResult(prepared.folder, built)


def build(pact_path: Path, out_root: Path = Path("output"), only: frozenset[str] | None = None,
          templates_dir: Path | None = None, force: bool = False) -> BuildResult:
    """One pact, in this process (the web page's downloads; batch.py for the command line)."""
    prepared = prepare(pact_path, out_root, only, templates_dir, force)
    prepared.done = [Built(j.planned, j.format, j.filename, write_file(j.format, j.rendered, j.attachment),
                           j.input_hash) for j in prepared.jobs]
    return publish(prepared)


def _manifest(prepared: Prepared, built: list[Built]) -> bytes:
    entries = [d.manifest_entry() for d in built]
    if prepared.only is not None:
        entries = _kept_entries(prepared.folder, prepared.only) + entries
    manifest = {"source": prepared.source.as_posix(), "inputs": prepared.inputs, "documents": entries}
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _kept_entries(folder: Path, only: frozenset[str]) -> list[dict]:
    """A partial build (--only) keeps the manifest's entries for the other kinds."""
    return [
        e for e in incremental.previous_entries(folder / MANIFEST).values()
        if e.get("kind") not in only and (folder / str(e.get("path"))).is_file()
    ]
