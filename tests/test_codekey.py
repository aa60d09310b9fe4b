"""The code part of the build caches' keys: every module the build and its writers
import, found from the imports themselves, so that no edit leaves a stale file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLE, run_copy, start_copy
from generator.build import codekey

BUILD, WRITER = "generator.build.packet", "generator.build.write"


def test_the_writers_key_follows_their_imports_and_nothing_else():
    writer = set(codekey.imported_modules(WRITER))
    assert {"generator.documents.qr", "generator.writers.ooxml", "generator.writers.weasy",
            "generator.writers.fonts", "generator.documents.vocabulary", "generator"} <= writer
    assert not {m for m in writer if m.startswith(("generator.web", "generator.archive", "generator.collect",
                                                   "generator.pact", "generator.cli"))}
    build = set(codekey.imported_modules(BUILD))
    assert writer < build and "generator.pact.load" in build and "generator.documents.context" in build


def test_the_build_key_covers_every_module_a_build_runs(tmp_path):
    """Checked against what a real build loads: no module runs that the key misses."""
    probe = ("import sys, generator.build.packet as packet; "
             f"packet.build({str(SAMPLE)!r}, {str(tmp_path)!r}); "
             "print('\\n'.join(m for m in sys.modules if m.split('.')[0] == 'generator'))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert {"generator.documents.qr", "generator.writers.pdf", "generator.writers.docx"} <= loaded
    assert sorted(loaded - set(codekey.imported_modules(BUILD))) == []


def test_relative_parenthesised_continued_and_joined_imports_are_followed(tmp_path, monkeypatch):
    package = tmp_path / "generator"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from . import b\n")
    (package / "sub" / "a.py").write_text("def f():\n    from .c import (\n        x,\n        y as z,\n    )\n")
    for name in ("b", "c", "d", "e", "f"):
        (package / "sub" / f"{name}.py").write_text("from ..sub import d\n" if name == "c" else "")
    (package / "sub" / "b.py").write_text("import os; import generator.sub.e\nfrom generator.sub import x, \\\n    f\n")
    monkeypatch.setattr(codekey, "PACKAGE", package)
    assert sorted(codekey.imported_modules("generator.sub.a")) == [
        "generator", "generator.sub", "generator.sub.a", "generator.sub.b", "generator.sub.c", "generator.sub.d",
        "generator.sub.e", "generator.sub.f"]


def test_an_edit_of_any_module_the_build_imports_is_seen(copy, tmp_path):
    """Every module of the build's import graph is edited in turn: one the writers
    import rewrites the documents; any other sends the build past its no-op answer to
    the document-by-document check (whose HTML hashes decide). Two copies of the
    package, each with its own output, take every other module, side by side (two
    cores: half the wall time)."""
    out = tmp_path / "out"
    first = run_copy(copy, *_build(out))
    assert first.returncode == 0, first.stderr
    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                           capture_output=True, text=True, cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)})
    assert where.stdout.startswith(str(copy)), where.stdout  # the copy runs, not the installed package
    lanes = [(copy, out)]
    for n in range(1, LANES):
        lane = (tmp_path / f"copy-{n}", tmp_path / f"out-{n}")
        shutil.copytree(copy, lane[0])
        shutil.copytree(out, lane[1])
        lanes.append(lane)
    writer = set(codekey.imported_modules(WRITER))
    modules = sorted(codekey.imported_modules(BUILD).items())
    for start in range(0, len(modules), LANES):
        edits = list(zip(modules[start:start + LANES], lanes))
        before = [_inputs(folder) for _, (_, folder) in edits]
        running = [_edited_build(package, folder, module, path) for (module, path), (package, folder) in edits]
        try:
            results = [process.communicate(timeout=300) for process in running]
        finally:
            for process in running:
                process.kill()
                process.wait()
        for ((module, _), (_, folder)), inputs, process, (stdout, stderr) in zip(edits, before, running, results):
            assert process.returncode == 0, (module, stderr)
            assert _inputs(folder) != inputs, module
            expected = "đã lập 2 tệp" if module in writer else "đã lập 0 tệp, giữ nguyên 2 tệp"
            assert expected in stdout, (module, stdout)


LANES = 2


def _inputs(out: Path) -> str:
    return json.loads((out / "2024/CTD12/manifest.json").read_text(encoding="utf-8"))["inputs"]


def _build(out: Path) -> tuple[str, ...]:
    return "build", str(SAMPLE), "--out", str(out), "--only", "signatures", "--jobs", "1"


def _edited_build(package: Path, out: Path, module: str, path: Path) -> subprocess.Popen:
    """`module` edited in the copy `package`, then its build started."""
    source = package / path.relative_to(ROOT)
    source.write_text(source.read_text(encoding="utf-8") + f"\n# edited: {module}\n", encoding="utf-8")
    return start_copy(package, *_build(out))
