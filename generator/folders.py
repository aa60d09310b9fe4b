"""The files inside a folder a user names, without following links out of it.

A folder of returned files may hold symbolic links: one to a PDF elsewhere on the
machine would be archived as if it had been sent, one to /etc/passwd opened and
read. So a folder is walked without following links; a link whose target lies
inside the folder is read like the target, a link out of it is set aside and named.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Walked:
    files: list[Path] = field(default_factory=list)  # regular files, and links to files inside the folder
    outside: list[Path] = field(default_factory=list)  # links that lead out of the folder: not followed


def walk(folder: Path, recursive: bool = True) -> Walked:
    """Every file under `folder` (only directly in it unless `recursive`), sorted."""
    root = folder.resolve()
    found = Walked()
    for current, subfolders, files in os.walk(folder):
        here = Path(current)
        for name in subfolders if recursive else []:
            if (here / name).is_symlink() and not _inside(here / name, root):
                found.outside.append(here / name)  # os.walk itself never descends into a link
        for name in files:
            path = here / name
            if path.is_symlink() and not _inside(path, root):
                found.outside.append(path)
            elif path.is_file():
                found.files.append(path)
        if not recursive:
            break
    found.files.sort()
    found.outside.sort()
    return found


def _inside(link: Path, root: Path) -> bool:
    return link.resolve().is_relative_to(root)


def outside_notice(path: Path) -> str:
    """How a link out of the folder is reported (Vietnamese, for the user)."""
    return f"{path}: liên kết tới chỗ ngoài thư mục, không đọc (chép chính tệp vào thư mục nếu cần)."
