"""A pact file as ruamel.yaml holds it: comments, key order, quoting and folded text
survive a round trip. The web editor writes its form back through it (web/yamledit.py)
and the next-year copy moves its years in it (nextyear.py); loading and validation
stay with PyYAML in load.py."""

from __future__ import annotations

import io
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from generator.errors import InputError, Problem


@dataclass
class Document:
    """A pact file as ruamel.yaml holds it, with the indentation it was written in."""

    yaml: YAML
    root: CommentedMap

    def dump(self) -> str:
        stream = io.StringIO()
        self.yaml.dump(self.root, stream)
        return stream.getvalue()


def open_text(text: str, name: str) -> Document:
    """The round-trip document of a pact file's text, or InputError when it is not a mapping."""
    try:
        _, indent, offset = load_yaml_guess_indent(text) if text.strip() else (None, 2, 0)
        indent, offset = indent or 2, offset or 0  # nothing nested in blocks: nothing to guess from
        engine = YAML(typ="rt")
        engine.preserve_quotes = True
        engine.width = 4096  # never re-wrap the clerk's long lines
        engine.indent(mapping=(indent - offset) or indent, sequence=indent, offset=offset)
        root = engine.load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InputError(
            f"Tệp {name} có lỗi cú pháp YAML: sửa bằng trình soạn thảo văn bản rồi mở lại.",
            [Problem(name, str(getattr(error, "problem", None) or error), line)],
        ) from None
    if root is None:
        root = CommentedMap()
    if not isinstance(root, CommentedMap):
        raise InputError(f"Tệp {name} không phải tệp giao ước: gốc của tệp phải là các cặp khóa: giá trị.")
    return Document(engine, root)
