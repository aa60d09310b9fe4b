"""Where a loaded value stands and what is wrong with it, in Vietnamese.

The loader remembers the YAML position of every key and value (a Loc → mark map);
this module turns a location and a message, or one of pydantic's validation errors,
into a Problem with file:line:column and the field path the clerk can find.
"""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.errors import Problem
from generator.pact.model import UNPRINTABLE, Pact, code_points, unprintable_message

Loc = tuple[str | int, ...]  # a value's place in the pact: keys, list indexes, "<key>" for a key itself


def field_path(loc: Loc) -> str:
    text = ""
    for part in loc:
        if part == "<key>":
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def locate(path: Path, loc: Loc, message: str, marks: dict[Loc, Any], *, key: bool = False) -> Problem:
    """A Problem at the value (or key) of loc, or at the nearest enclosing entry we know."""
    probe = (*loc, "<key>") if key else loc
    mark = marks.get(probe) or marks.get(loc)
    while mark is None and probe:
        probe = probe[:-1]
        mark = marks.get(probe)
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(str(path), message, line, column, field_path(loc) or None)


def validation_problem(path: Path, error: dict, marks: dict[Loc, Any]) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return locate(path, loc, _unknown_key_message(loc), marks, key=True)
    return locate(path, loc, _message(kind, error), marks)


def visible(key: str) -> str:
    """A key as the message shows it: a control character by its code point, never sent
    raw to the clerk's terminal or page."""
    return UNPRINTABLE.sub(lambda found: code_points(found.group())[0], key)


def _unknown_key_message(loc: Loc) -> str:
    key = visible(str(loc[-1]))
    allowed = _allowed_keys(loc[:-1])
    hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    suggestion = f" Có phải ý bạn là '{hint[0]}'?" if hint else ""
    return f"Khóa '{key}' không có trong mẫu giao ước.{suggestion} Các khóa hợp lệ ở đây: {', '.join(allowed)}."


def _allowed_keys(loc: Loc) -> list[str]:
    """The field names of the model that sits at loc, found by walking the annotations."""
    model: Any = Pact
    for part in loc:
        if isinstance(part, int):
            continue
        model = _model_in(model.model_fields[part].annotation)
    return list(model.model_fields)


def _model_in(annotation: Any) -> Any:
    """The model inside an annotation such as `list[Member]` or `Reporting | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


_MESSAGES = {
    "missing": "Thiếu khóa bắt buộc '{key}': thêm vào.",
    "string_type": "Cần một đoạn chữ (nếu là số hoặc có ký tự đặc biệt, đặt trong ngoặc kép).",
    "string_too_short": "Không được để trống.",
    "string_too_long": "Quá dài (tối đa {max_length} ký tự): viết gọn lại.",
    "string_pattern_mismatch": "Chỉ dùng chữ thường không dấu, chữ số và dấu '-' (ví dụ: kien-giang).",
    "int_type": "Cần một số nguyên.",
    "int_parsing": "Cần một số nguyên.",
    "int_from_float": "Cần một số nguyên (không có phần thập phân).",
    "float_type": "Cần một số.",
    "float_parsing": "Cần một số (dùng dấu chấm cho phần thập phân, ví dụ 5.5).",
    "bool_type": "Cần true hoặc false.",
    "greater_than": "Phải lớn hơn {gt}.",
    "greater_than_equal": "Phải từ {ge} trở lên.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "less_than_equal": "Không được quá {le}.",
    "too_short": "Cần ít nhất {min_length} phần tử.",
    "too_long": "Quá nhiều: {actual_length} phần tử, tối đa {max_length}.",
    "finite_number": "Cần một số hữu hạn (không dùng .nan hay .inf).",
    "list_type": "Cần một danh sách (mỗi dòng bắt đầu bằng '- ').",
    "model_type": "Cần các cặp khóa: giá trị lồng bên trong, không phải một giá trị đơn.",
    "model_attributes_type": "Cần các cặp khóa: giá trị lồng bên trong, không phải một giá trị đơn.",
    "dict_type": "Cần các cặp khóa: giá trị lồng bên trong.",
    "literal_error": "Chỉ nhận một trong các giá trị: {expected}.",
    "date_type": "Cần một ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2024-03-26.",
    "date_parsing": "Cần một ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2024-03-26.",
    "date_from_datetime_parsing": "Ngày không có thật hoặc sai dạng: viết NĂM-THÁNG-NGÀY, ví dụ 2024-03-26.",
    "date_from_datetime_inexact": "Chỉ ghi ngày (NĂM-THÁNG-NGÀY), không ghi giờ.",
}


def _message(kind: str, error: dict) -> str:
    if kind in _MESSAGES:
        context = {k: _show(v) for k, v in (error.get("ctx") or {}).items()}
        context["key"] = error["loc"][-1] if error["loc"] else ""
        try:
            return _MESSAGES[kind].format(**context)
        except KeyError:
            return _MESSAGES[kind]
    if kind == "string_unicode":  # a lone surrogate, written as an escape such as "\ud800"
        return unprintable_message(error["input"])
    if kind.startswith("pact_"):
        return error["msg"]  # the model's own rules speak Vietnamese already
    return f"Giá trị không hợp lệ ({kind})."


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value.replace("'", "").replace(" or ", " hoặc ")
    return str(value)
