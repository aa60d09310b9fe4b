"""Pact file → validated Pact: bytes, YAML with positions, NFC, model, rules.

Every problem found is reported at once with file:line:column and the field
path, in Vietnamese, and nothing downstream runs on a refused file.
"""

from __future__ import annotations

from dataclasses import dataclass
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.pact import rules
from generator.pact.cautions import cautions
from generator.errors import InputError, Problem
from generator.pact.model import UNPRINTABLE, Pact, unprintable_message
from generator.pact.problems import Loc, field_path, locate, validation_problem, visible

MAX_BYTES = 100_000  # the 2024 pact is 6 KB; bounds the text every report form repeats
MAX_REPORTED = 20  # of one kind of problem: enough to see the pattern, not a flood
ALIAS_PROBLEM = "không dùng bí danh YAML (*tên): hãy viết đầy đủ giá trị tại chỗ"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

@dataclass(frozen=True)
class Checked:
    """A valid pact and its cautions (cautions.py), located like errors."""

    pact: Pact
    warnings: list[Problem]


def load_pact(path: str | Path) -> Pact:
    """Read, parse and validate one pact file, or raise InputError listing every problem."""
    return check_pact(path).pact


def check_pact(path: str | Path) -> Checked:
    """load_pact, with what the valid pact may say by mistake."""
    path = Path(path)
    return check_pact_text(path, _read_text(path))


def check_pact_text(path: str | Path, text: str) -> Checked:
    """check_pact on text that is not on disk yet (the web editor's draft) as if it were
    the file at path: the same problems, at the lines the saved file would have."""
    path = Path(path)
    _check_size(path, len(text.encode("utf-8", "surrogatepass")))
    _refuse_unprintable(path, text)
    data, marks, problems = _parse_yaml(path, unicodedata.normalize("NFC", text))
    pact = _validate(path, data, marks, problems)
    return Checked(pact, [locate(path, loc, message, marks) for loc, message in cautions(pact)])


def read_pact_text(path: str | Path) -> str:
    """A pact file's text as load_pact reads it (bounded, UTF-8, NFC), refused if it
    has what refuse_before_reading refuses: for a round trip (the next-year copy)."""
    path = Path(path)
    text = _read_text(path)
    refuse_before_reading(path, text)
    return text


def _refuse(path: Path, message: str, line: int | None = None, column: int | None = None) -> InputError:
    return InputError(
        f"Không đọc được tệp giao ước {path}.", [Problem(str(path), message, line, column)]
    )


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _refuse(path, "Không tìm thấy tệp: kiểm tra lại đường dẫn và tên tệp.") from None
    except IsADirectoryError:
        raise _refuse(path, "Đây là một thư mục, không phải tệp .yaml: chỉ đến tệp giao ước.") from None
    except OSError as error:
        raise _refuse(path, f"Không mở được tệp ({error.strerror}).") from None
    _check_size(path, len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise _refuse(
            path,
            "Tệp không phải UTF-8: lưu lại tệp với bảng mã UTF-8 (trong Notepad: Lưu thành… → Mã hóa UTF-8).",
            line,
            column,
        ) from None
    return unicodedata.normalize("NFC", text)


def _check_size(path: Path, size: int) -> None:
    if size > MAX_BYTES:
        raise _refuse(path, f"Tệp quá lớn ({size:,} byte, tối đa {MAX_BYTES:,}): một tệp giao ước chỉ vài chục KB.")


def _refuse_unprintable(path: Path, text: str) -> None:
    """Characters YAML itself cannot read (it would stop at the first with an English
    message): each named by its code point at its line and column, before parsing."""
    problems = []
    for found in UNPRINTABLE.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        problems.append(Problem(str(path), unprintable_message(found.group()), line, column))
        if len(problems) == MAX_REPORTED:
            break
    if problems:
        raise InputError(f"Tệp giao ước {path} có ký tự không đọc được.", problems)


class _PactYamlLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases: a pact file never needs them, and
    nested aliases are how a small file expands into billions of nodes."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem=ALIAS_PROBLEM, problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def refuse_before_reading(path: str | Path, text: str) -> None:
    """The loader's refusals for another YAML reader (the web editor's round trip), made
    before that reader builds anything: too large, unprintable characters, and aliases,
    which it would expand from a few KB into millions of nodes. Aliases are found in
    parse events, so nothing is expanded; syntax errors are left to that reader."""
    path = Path(path)
    _check_size(path, len(text.encode("utf-8", "surrogatepass")))
    _refuse_unprintable(path, text)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, AliasEvent):
                mark = event.start_mark
                raise _refuse(path, f"Lỗi cú pháp YAML: {ALIAS_PROBLEM}.", mark.line + 1, mark.column + 1)
    except yaml.YAMLError:
        return


def _parse_yaml(path: Path, text: str) -> tuple[dict, dict[Loc, Any], list[Problem]]:
    """Plain data, the position of every key and value, and the duplicate keys found."""
    loader = _PactYamlLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise _refuse(path, "Tệp trống: viết nội dung giao ước (xem `pact new` để có tệp mẫu).")
        marks: dict[Loc, Any] = {}
        problems: list[Problem] = []
        data = _to_python(loader, root, (), marks, problems, path)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise _refuse(path, f"Lỗi cú pháp YAML: {_yaml_problem(error)}.", line, column) from None
    except yaml.YAMLError as error:
        raise _refuse(path, f"Lỗi cú pháp YAML: {error}.") from None
    except RecursionError:
        raise _refuse(path, "Cấu trúc lồng nhau quá sâu: một tệp giao ước không cần quá vài cấp.") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise _refuse(
            path,
            "Gốc của tệp phải là các cặp khóa: giá trị (year:, cluster:, members: …), "
            "không phải danh sách hay một giá trị đơn.",
            root.start_mark.line + 1,
            root.start_mark.column + 1,
        )
    return data, marks, problems


def _yaml_problem(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or ""
    translations = {
        "found duplicate anchor": "tên neo (&) bị trùng",
        "mapping values are not allowed here": "dấu ':' không đúng chỗ (giá trị có dấu ':' cần đặt trong ngoặc kép)",
        "found character '\\t' that cannot start any token": "có ký tự Tab: YAML chỉ thụt lề bằng dấu cách",
        "could not find expected ':'": "thiếu dấu ':' sau tên khóa",
        "found undefined alias": "bí danh (*) chưa được định nghĩa",
        "expected <block end>, but found '<block mapping start>'": "thụt lề không thẳng hàng",
        "expected <block end>, but found '-'": "dấu '-' của danh sách thụt lề không thẳng hàng",
        "found unexpected end of stream": "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép đóng?)",
        "expected a single document in the stream": "tệp chỉ được có một tài liệu (bỏ dòng '---' thứ hai)",
    }
    for english, vietnamese in translations.items():
        if problem.startswith(english):
            return vietnamese
    return problem or "cấu trúc không hợp lệ"


def _to_python(loader, node: Node, loc: Loc, marks, problems, path) -> Any:
    """Build plain Python data from the node tree, remembering where each value stands."""
    marks[loc] = node.start_mark
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _to_python(loader, key_node, (*loc, "<key>"), {}, problems, path)
            key = str(key)
            if key in result:
                first = marks[(*loc, key, "<key>")]
                problems.append(
                    Problem(
                        str(path),
                        f"Khóa '{visible(key)}' lặp lại (đã có ở dòng {first.line + 1}): "
                        "YAML chỉ giữ giá trị sau cùng, hãy gộp hoặc xóa một dòng.",
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        field_path((*loc, key)),
                    )
                )
                continue
            marks[(*loc, key, "<key>")] = key_node.start_mark
            result[key] = _to_python(loader, value_node, (*loc, key), marks, problems, path)
        return result
    if isinstance(node, SequenceNode):
        return [
            _to_python(loader, child, (*loc, index), marks, problems, path)
            for index, child in enumerate(node.value)
        ]
    if isinstance(node, ScalarNode) and node.tag == TIMESTAMP_TAG:
        return node.value  # dates are validated by the model, with a message of ours
    value = loader.construct_object(node, deep=True)
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _validate(path: Path, data: dict, marks: dict[Loc, Any], problems: list[Problem]) -> Pact:
    """The model, or every problem: YAML's, the model's and, on a sound structure, the rules'."""
    try:
        pact = Pact.model_validate(data)
    except ValidationError as error:
        problems = problems + [validation_problem(path, e, marks) for e in error.errors(include_url=False)]
        problems += [locate(path, loc, msg, marks) for loc, msg in rules.duplicate_ids(data)]
    else:
        problems = problems + [locate(path, loc, msg, marks) for loc, msg in rules.check(pact)]
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(f"Tệp giao ước {path} có {len(problems)} lỗi.", problems)
    return pact
