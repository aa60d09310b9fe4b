"""Wording kept in YAML beside the templates, where a table is needed: read from the
first templates folder that has the file (a secretariat's folder rewords it), and
checked against what the code relies on, so a reworded file cannot misplace a value."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from generator.documents.fields import ASSESSMENT_CODES
from generator.documents.rendered import first_file
from generator.errors import TemplateError

ASSESSMENTS = "assessments.yaml"


def read_wording(search_path: tuple[Path, ...], name: str) -> tuple[Path, object]:
    """The file `name` of the first templates folder that has it, and its data."""
    path = first_file(search_path, name)
    if path is None:
        raise TemplateError(f"Không tìm thấy {name} trong: {', '.join(map(str, search_path))}.")
    try:
        return path, yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise TemplateError(f"{path}: không đọc được ({error}). Sửa tệp theo mẫu có sẵn.") from None


def assessment_labels(search_path: tuple[Path, ...]) -> dict[str, str]:
    """Each self-assessment level's code → the label forms and summaries print, in the
    levels' order. The codes are the forms' contract with collect; the labels, words.
    Read again only when the file changed: asked for every document."""
    path = first_file(search_path, ASSESSMENTS)
    stat = path.stat() if path is not None else None
    return dict(_labels(search_path, stat and (stat.st_mtime_ns, stat.st_size)))


@lru_cache(maxsize=8)
def _labels(search_path: tuple[Path, ...], version: tuple[int, int] | None) -> tuple[tuple[str, str], ...]:
    path, data = read_wording(search_path, ASSESSMENTS)
    labels = data if isinstance(data, dict) else {}
    texts = [labels.get(code) for code in ASSESSMENT_CODES]
    if (set(labels) != set(ASSESSMENT_CODES) or not all(isinstance(t, str) and t.strip() for t in texts)
            or len({folded(t) for t in texts}) != len(texts)):
        raise TemplateError(
            f"{path}: cần đúng các mã {', '.join(ASSESSMENT_CODES)}, mỗi mã một chữ riêng, không trùng nhau "
            f"(sửa chữ, giữ nguyên mã). Sửa tệp theo mẫu có sẵn (templates/{ASSESSMENTS})."
        )
    return tuple((code, unicodedata.normalize("NFC", text.strip())) for code, text in zip(ASSESSMENT_CODES, texts))


@dataclass(frozen=True)
class Levels:
    """The self-assessment levels as a returned form is read: a DOCX keeps the label
    picked, which may be any templates folder's (a form made with either reads back)."""

    labels: dict[str, str]  # code → label, as forms print them
    codes: dict[str, str]  # a label of any templates folder, folded → its code

    def code(self, text: str) -> str | None:
        return text if text in self.labels else self.codes.get(folded(text))


def assessment_levels(search_path: tuple[Path, ...]) -> Levels:
    codes: dict[str, str] = {}
    for folder in search_path:
        if (folder / ASSESSMENTS).is_file():
            for code, label in assessment_labels((folder,)).items():
                codes.setdefault(folded(label), code)
    return Levels(assessment_labels(search_path), codes)


def folded(text: str) -> str:
    """How labels are compared: NFC, case-insensitive, outer spaces dropped."""
    return unicodedata.normalize("NFC", text.strip()).casefold()
