"""Where pact reaches into a library's internals for speed, a library without them
gets its public path, and the same documents: each fallback is taken here by a
library changed the way a new version could change it, in a process of its own."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import SAMPLE

# Writes the signature grid (PDF/A-3b with the pact attached, and DOCX) and a report
# form (PDF form fields), and prints each file's SHA-256: the same documents are the
# same bytes, as a build gives byte-identical files for the same pact.
WRITE = """
import hashlib, sys
from pathlib import Path
{change}
from generator.build.packet import prepare
from generator.build.write import write_file
prepared = prepare(Path(sys.argv[1]), Path(sys.argv[2]), frozenset({{"signatures", "report-form"}}))
for job in prepared.jobs[:4]:
    print(job.filename, hashlib.sha256(write_file(job.format, job.rendered, job.attachment)).hexdigest())
{check}
"""

CHANGES = {
    "cffi opens only the libraries find_library finds": (
        # a cffi that no longer tries the name it is given: WeasyPrint's import fails
        # under the fast path, and is done again with find_library's searches
        "import cffi.api, ctypes.util\n"
        "searches = []\n"
        "def only_found(backend, name, flags):\n"
        "    path = ctypes.util.find_library(name)\n"
        "    searches.append(name)\n"
        "    if path is None:\n"
        "        raise OSError(name)\n"
        "    return backend.load_library(path, flags)\n"
        "cffi.api._load_backend_lib = only_found\n",
        "from weasyprint.text.ffi import pango\n"
        "assert pango is not None and len(searches) > 4, searches\n"),
    "cffi's parsed types are not a dict": (
        # a cffi whose table is another mapping: the types are left to its parser
        "import collections, weasyprint.text.ffi as f\n"
        "class Table(collections.UserDict):\n"
        "    pass\n"
        "f.ffi._parsed_types = Table(f.ffi._parsed_types)\n"
        "parses = []\n"
        "parse = f.ffi._parser.parse_type\n"
        "f.ffi._parser.parse_type = lambda cdecl: parses.append(cdecl) or parse(cdecl)\n",
        "assert type(f.ffi._parsed_types) is Table and parses, parses\n"),
    "python-docx without its package writer steps": (
        # a python-docx whose save runs differently named steps: its public save is used
        "from docx.opc import pkgwriter\n"
        "W = pkgwriter.PackageWriter\n"
        "steps = [W.__dict__[n].__func__ for n in ('_write_content_types_stream', '_write_pkg_rels', '_write_parts')]\n"
        "for n in ('_write_content_types_stream', '_write_pkg_rels', '_write_parts'):\n"
        "    delattr(W, n)\n"
        "saves = []\n"
        "def write(pkg_file, pkg_rels, parts):\n"
        "    saves.append(1)\n"
        "    phys = pkgwriter.PhysPkgWriter(pkg_file)\n"
        "    steps[0](phys, parts); steps[1](phys, pkg_rels); steps[2](phys, parts)\n"
        "    phys.close()\n"
        "W.write = staticmethod(write)\n",
        "assert len(saves) >= 2, saves\n"),  # the base document's save, then each DOCX
}


def written(tmp_path, change: str = "", check: str = "") -> str:
    script = tmp_path / "write.py"
    script.write_text(WRITE.format(change=change, check=check), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(SAMPLE), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def usual(tmp_path_factory) -> str:
    return written(tmp_path_factory.mktemp("usual"))


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_each_fallback_writes_the_same_documents(tmp_path, usual, change):
    fallback = written(tmp_path, *CHANGES[change])
    assert sorted(line.split()[0].rsplit(".", 1)[1] for line in usual.splitlines()) == ["docx", "docx", "pdf", "pdf"]
    assert fallback == usual


def test_where_the_internals_are_as_expected_the_fast_paths_are_taken():
    """The gains stay: no library search while WeasyPrint loads, its types made by the
    table, not the parser, and the DOCX package written by python-docx's own steps."""
    probe = ("import ctypes.util\n"
             "searches = []\n"
             "search = ctypes.util.find_library\n"
             "ctypes.util.find_library = lambda name: searches.append(name) or search(name)\n"
             "import generator.writers.weasy as weasy\n"
             "from weasyprint.text.ffi import ffi\n"
             "assert searches == [], searches\n"
             "assert isinstance(ffi._parsed_types, weasy._SimpleTypes)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    from docx.opc.pkgwriter import PackageWriter

    from generator.writers import docx_package

    assert all(callable(getattr(PackageWriter, step, None)) for step in docx_package._WRITER_STEPS)
