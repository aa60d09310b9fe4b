"""The quick answer to a rebuild with nothing to do, found without validating the pact
or rendering a template (pydantic, Jinja's templates and the writers stay unloaded).

A pact's manifest keeps the digest of everything its files were made from, taken as a
whole: the pact file's bytes and path, the kinds asked for, the templates folders, the
build's code and pact's version. When the digest is unchanged and every file is still
the one the manifest lists, nothing is written. Anything else falls back to the
document-by-document check of incremental.py, which rewrites only what changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

from generator import vn
from generator.build.codekey import code_digest
from generator.build.incremental import files_digest, intact
from generator.documents.rendered import search_path

BUILD = "generator.build.packet"  # the code between a pact file and its files: what this module imports


def inputs_digest(source: Path, source_bytes: bytes, only: frozenset[str] | None,
                  templates_dir: Path | None) -> str:
    digest = hashlib.sha256()
    for part in (_surroundings(templates_dir), Path(source).as_posix(), ",".join(sorted(only or ["*"]))):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(source_bytes)
    return digest.hexdigest()


def _surroundings(templates_dir: Path | None) -> str:
    """What every pact of a batch is built with: the templates folders (files read again
    only when changed) and the code, with pact's version."""
    files: dict[str, Path] = {}
    for rank, folder in enumerate(search_path(templates_dir)):
        files |= {f"{rank}/{p.relative_to(folder).as_posix()}": p for p in folder.rglob("*") if p.is_file()}
    return f"{code_digest(BUILD)}/{files_digest(files)}"


def kept_files(source: Path, out_root: Path, only: frozenset[str] | None,
               templates_dir: Path | None) -> tuple[Path, list[str]] | None:
    """The pact's folder and its files, when a build would write none of them; None
    when it might (or when this cannot tell quickly: the full build will say)."""
    try:
        source_bytes = Path(source).read_bytes()
        folder = Path(out_root) / _folder(source_bytes)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, LookupError, yaml.YAMLError):
        return None
    if manifest.get("inputs") != inputs_digest(source, source_bytes, only, templates_dir):
        return None
    entries = [e for e in manifest.get("documents", []) if only is None or e.get("kind") in only]
    if not entries or not all(intact(folder, entry) is not None for entry in entries):
        return None
    return folder, [str(e["path"]) for e in entries]


def _folder(source_bytes: bytes) -> str:
    """ROOT/<year>/<code>, read from the raw file (plan.output_folder reads it validated).
    A wrong guess costs nothing: the manifest found there names other inputs. Composed,
    not constructed: an alias is a shared node here, never a copy."""
    root = yaml.compose(source_bytes, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    cluster = _value(root, "cluster")
    return f"{_value(root, 'year').value}/{vn.ascii_upper(str(_value(cluster, 'code').value))}"


def _value(mapping: yaml.Node, key: str) -> yaml.Node:
    if isinstance(mapping, yaml.MappingNode):
        for k, v in mapping.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    raise LookupError(key)

