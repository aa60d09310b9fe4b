"""`pact new`: a commented starter pact, copied from templates/starter.yaml, or last
year's pact moved on to the next (`--from`, pact/nextyear.py)."""

from __future__ import annotations

from pathlib import Path

from generator.atomic import write_atomically
from generator.errors import InputError
from generator.documents.rendered import BUILTIN_TEMPLATES
from generator.pact.load import read_pact_text
from generator.pact.nextyear import Copied, next_year

STARTER = BUILTIN_TEMPLATES / "starter.yaml"


def write_starter(path: Path) -> None:
    _check_target(path)
    write_atomically(path, STARTER.read_bytes())


def write_next_year(source: Path, path: Path) -> Copied:
    """Last year's pact one year on, comments kept; nothing is written when the source
    cannot be read."""
    _check_target(path)
    copied = next_year(read_pact_text(source), str(source))
    write_atomically(path, copied.text.encode("utf-8"))
    return copied


def _check_target(path: Path) -> None:
    if path.exists():
        raise InputError(f"{path} đã có: pact new không ghi đè. Chọn tên tệp khác hoặc xóa tệp cũ trước.")
    if not path.parent.is_dir():
        raise InputError(f"Không có thư mục {path.parent}: tạo thư mục trước hoặc chọn đường dẫn khác.")
