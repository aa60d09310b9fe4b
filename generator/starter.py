"""`pact new`: a commented starter pact, copied from templates/starter.yaml."""

from __future__ import annotations

from pathlib import Path

from generator.atomic import write_atomically
from generator.errors import InputError
from generator.documents.rendered import BUILTIN_TEMPLATES

STARTER = BUILTIN_TEMPLATES / "starter.yaml"


def write_starter(path: Path) -> None:
    if path.exists():
        raise InputError(f"{path} đã có: pact new không ghi đè. Chọn tên tệp khác hoặc xóa tệp cũ trước.")
    if not path.parent.is_dir():
        raise InputError(f"Không có thư mục {path.parent}: tạo thư mục trước hoặc chọn đường dẫn khác.")
    write_atomically(path, STARTER.read_bytes())
