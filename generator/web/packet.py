"""Downloads: the saved pact built by `build()` itself, in a temporary folder.

What the clerk downloads is exactly what `pact build` would write for the file
on disk (PDF, DOCX, manifest), never a draft still being typed; a download writes
nothing to the output folder, whose place the page names (`build_place`).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.build.packet import build
from generator.documents.plan import FORMATS, output_folder, plan
from generator.errors import InputError
from generator.pact.load import load_pact
from generator.web.files import ServedFolder, shown_place
from generator.web.locks import RENDER_LOCK


@dataclass(frozen=True)
class Packet:
    name: str  # "CTD12-2024": the ZIP's name and folder
    files: dict[str, bytes]  # file name → content, in build order

    def zip(self) -> bytes:
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            for filename, content in self.files.items():
                archive.writestr(f"{self.name}/{filename}", content)
        return stream.getvalue()


def packet(pact_path: Path, templates_dir: Path | None) -> Packet:
    with RENDER_LOCK, tempfile.TemporaryDirectory(prefix="pact-serve-") as temporary:
        result = build(pact_path, Path(temporary), None, templates_dir)
        files = {d.filename: d.content for d in result.documents}
        files["manifest.json"] = (result.folder / "manifest.json").read_bytes()
    return Packet(f"{result.folder.name}-{result.folder.parent.name}", files)  # <year>/<CODE>


def planned_files(pact_path: Path) -> dict[str, str | None]:
    """The packet's file names and the member each belongs to (None: the cluster's),
    known from the plan alone, before anything is built."""
    files: dict[str, str | None] = {f"{d.stem}.{f}": d.member for d in plan(load_pact(pact_path)) for f in FORMATS}
    files["manifest.json"] = None
    return files


def build_place(folder: ServedFolder, relative: str) -> str | None:
    """Where `pact build` writes this pact's packet, in the output folder the page
    writes summaries to; None while the saved file is invalid."""
    try:
        return shown_place(folder.output / output_folder(load_pact(folder.pact_file(relative))))
    except InputError:
        return None
