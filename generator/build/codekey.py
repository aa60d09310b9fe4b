"""The code a built file was made with, found by following imports, never listed.

A cache of built files is only as good as its key: a module left out of it leaves
files made by old code passing as current (qr.py was, while both writers drew its
QR codes). The key's code part is every module of this package that an entry module
imports, at the top or inside a function, directly or through other modules, read
from their source (nothing is imported to find them), and the installed libraries
with their versions. A module a writer starts to import joins the key by that
import alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).resolve().parent
# `from BASE import NAMES` (NAMES may be parenthesised over lines) or `import MODULES`,
# starting a line or after a `;`; a match inside a docstring only adds a module to the
# key, never leaves one out
_IMPORT = re.compile(r"(?:^|;)[ \t]*(?:from[ \t]+(?P<base>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#;]*)"
                     r"|import[ \t]+(?P<modules>[^\n#;]*))", re.MULTILINE)


@lru_cache(maxsize=None)
def code_digest(entry: str) -> str:
    """The digest of what running `entry` may execute. Once per process: a process
    runs the code it loaded as it started, whatever is on disk later."""
    digest = hashlib.sha256()
    for name, path in sorted(imported_modules(entry).items()):
        digest.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    digest.update(_libraries().encode("utf-8"))
    return digest.hexdigest()


def imported_modules(entry: str) -> dict[str, Path]:
    """The package's modules `entry` runs: itself, the packages it sits in, and
    everything they import, transitively."""
    modules = _package_modules()
    found: dict[str, Path] = {}
    todo = [entry]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for module in (".".join(parts[:n]) for n in range(1, len(parts) + 1)):  # a.b.c runs a, a.b, a.b.c
            if module in found or module not in modules:
                continue  # done already, or not a module of this package (a function, a library)
            found[module] = path = modules[module]
            todo += _imports(module, path.read_text(encoding="utf-8"), path.name == "__init__.py")
    return found


def _package_modules() -> dict[str, Path]:
    """Every module of the package by its name, found in one walk of its folders."""
    modules: dict[str, Path] = {}
    for folder, _, files in os.walk(PACKAGE):
        prefix = [PACKAGE.name, *Path(folder).relative_to(PACKAGE).parts]
        for file in files:
            if file.endswith(".py"):
                stem = file[:-3]
                modules[".".join(prefix if stem == "__init__" else [*prefix, stem])] = Path(folder, file)
    return modules


def _imports(module: str, source: str, is_package: bool) -> list[str]:
    """Every name an import statement in `source` may load as a module: `from a import
    b` loads a, and a.b when b is a module."""
    names = []
    for match in _IMPORT.finditer(source.replace("\\\n", " ")):  # a line continued with \ is one line
        if match["modules"] is not None:
            names += [_bare(n) for n in match["modules"].split(",")]
            continue
        base = _absolute(match["base"], module, is_package)
        names.append(base)
        names += [f"{base}.{_bare(n)}" for n in match["names"].strip("()").split(",") if _bare(n)]
    return [n for n in names if n]


def _bare(name: str) -> str:
    """`x as y` → x."""
    return name.split(" as ")[0].strip(" \t\n\\")


def _absolute(base: str, module: str, is_package: bool) -> str:
    """A relative import's module by its full name: `.x` in a.b is a.x."""
    level = len(base) - len(base.lstrip("."))
    if level == 0:
        return base
    package = module.split(".") if is_package else module.split(".")[:-1]
    anchor = package[: len(package) - (level - 1)]
    return ".".join(anchor + ([base[level:]] if base[level:] else []))


def _libraries() -> str:
    """The installed distributions and their versions, by the names of their metadata
    folders (weasyprint-66.0.dist-info): an upgraded WeasyPrint or python-docx, or
    anything they use, is new code too. All of them, not only those the writers
    reach: telling those apart needs importlib.metadata (40 ms at every start), and
    an install is rare."""
    names: list[str] = []
    for folder in sys.path:
        if os.path.basename(folder) in ("site-packages", "dist-packages"):
            try:
                names += sorted(e.name for e in os.scandir(folder) if e.name.endswith((".dist-info", ".egg-info")))
            except OSError:
                continue
    return "\n".join(names)
