"""Incremental builds: a file is written again only when what it is made from changed.

A file's inputs are its checked HTML (the pact data and templates, through the
context), the stylesheet and other assets of the templates folders, the attached
pact file (archival PDFs) and the writers' code (every module they import,
found by codekey.py). Their hash is kept in the
manifest; a file whose hash is unchanged, and whose bytes on disk are still the
ones the manifest lists, is kept as it is.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from generator.build.codekey import code_digest
from generator.documents.rendered import Rendered, Source

WRITER = "generator.build.write"  # the code between HTML and file: what this module imports
TEXT_ONLY = {".html", ".yaml"}  # templates reach a file through its HTML already


def previous_entries(manifest: Path) -> dict[str, dict]:
    """The last build's manifest entries by file name; none when there is no usable manifest."""
    try:
        documents = json.loads(manifest.read_text(encoding="utf-8"))["documents"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {str(e["path"]): e for e in documents if isinstance(e, dict) and "path" in e}


def input_hash(rendered: Rendered, fmt: str, attachment: Source | None) -> str:
    """What the file is made of. The stylesheet and other assets count for a PDF only:
    the DOCX writer reads nothing but the HTML."""
    assets = _assets_digest(rendered.search_path) if fmt == "pdf" else ""
    digest = hashlib.sha256()
    for part in (code_digest(WRITER), fmt, assets, rendered.html, rendered.fingerprint or ""):
        digest.update(part.encode("utf-8") + b"\0")
    if attachment is not None:
        digest.update(attachment.name.encode("utf-8") + b"\0" + attachment.content)
    return digest.hexdigest()


def unchanged(folder: Path, entry: dict | None, digest: str) -> bytes | None:
    """The file's bytes when it can be kept: same inputs, and nobody changed it since."""
    if entry is None or entry.get("input") != digest:
        return None
    return intact(folder, entry)


def intact(folder: Path, entry: dict) -> bytes | None:
    """The bytes of the manifest entry's file, when they are still the ones it lists."""
    try:
        content = (folder / str(entry["path"])).read_bytes()
    except (OSError, KeyError):
        return None
    return content if hashlib.sha256(content).hexdigest() == entry.get("sha256") else None


def _assets_digest(search_path: tuple[Path, ...]) -> str:
    """Stylesheet, fonts, images: every non-template file a PDF may fetch, first match wins."""
    files: dict[str, Path] = {}
    for folder in reversed(search_path):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix not in TEXT_ONLY:
                files[path.relative_to(folder).as_posix()] = path
    return files_digest(files)


def files_digest(files: dict[str, Path]) -> str:
    """The files' names and contents, hashed; read again only when a file's time or
    size changed, so it is cheap to ask on every document."""
    signature = tuple((name, p.stat().st_mtime_ns, p.stat().st_size) for name, p in sorted(files.items()))
    return _content_digest(signature, tuple(str(files[name]) for name, _, _ in signature))


@lru_cache(maxsize=32)
def _content_digest(signature: tuple, paths: tuple[str, ...]) -> str:
    """Hashed by content, cached by name, time and size: cheap on every document."""
    digest = hashlib.sha256()
    for (name, _, _), path in zip(signature, paths):
        digest.update(name.encode("utf-8") + b"\0" + Path(path).read_bytes())
    return digest.hexdigest()
