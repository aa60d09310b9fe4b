"""What the editor keeps beside a pact file: its last saved versions, and the draft
of a save that still had errors.

Versions live in a hidden folder beside the file (`.cum-12.yaml.versions/`), one
file per save holding the text the save replaced, the newest ten kept: the page
restores any of them. Their names end in `.yaml.bak`, so `pact build pacts/`
(which builds every `.yaml`) never mistakes one for a pact. The draft is
`cum-12.yaml.draft` beside the file, for the same reason; it goes once the pact is
saved without errors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator import vn
from generator.atomic import write_atomically
from generator.web.files import OutsideFolder

KEPT = 10
VERSION_SUFFIX = ".yaml.bak"
DRAFT_SUFFIX = ".draft"
_NAME = re.compile(r"(\d{8}-\d{6}-\d{6})" + re.escape(VERSION_SUFFIX))


@dataclass(frozen=True)
class Version:
    name: str  # "20261201-131005-123456.yaml.bak"
    when: str  # "13:10:05 ngày 01/12/2026": when a save replaced it
    lines: int


def folder_of(path: Path) -> Path:
    return path.with_name(f".{path.name}.versions")


def draft_of(path: Path) -> Path:
    return path.with_name(path.name + DRAFT_SUFFIX)


def keep(path: Path, now: dt.datetime | None = None) -> None:
    """Keep the file's current text as a version before a save replaces it; only the
    newest KEPT stay."""
    if not path.is_file():
        return
    folder = folder_of(path)
    folder.mkdir(exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    write_atomically(folder / f"{stamp}{VERSION_SUFFIX}", path.read_bytes())
    for old in _names(folder)[KEPT:]:
        (folder / old).unlink()


def listed(path: Path) -> list[Version]:
    """The kept versions, newest first."""
    folder = folder_of(path)
    return [Version(name, _when(name), (folder / name).read_bytes().count(b"\n")) for name in _names(folder)]


def text_of(path: Path, name: str) -> bytes:
    """One kept version's bytes; a name that is not one of them is refused."""
    if not _NAME.fullmatch(name) or name not in _names(folder_of(path)):
        raise OutsideFolder(f"Không có bản đã lưu {name!r} của {path.name}: tải lại trang để xem các bản còn giữ.")
    return (folder_of(path) / name).read_bytes()


def _names(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if _NAME.fullmatch(p.name) and p.is_file()), reverse=True)


def _when(name: str) -> str:
    stamp = dt.datetime.strptime(_NAME.fullmatch(name).group(1), "%Y%m%d-%H%M%S-%f")
    return f"{stamp:%H:%M:%S} ngày {vn.short_date(stamp.date())}"
