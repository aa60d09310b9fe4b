"""The loader's messages in the form's words: the field by its label, values by
what the form shows.

`pact validate` speaks of the file ("members[1].role: … role: leader; đổi thành
deputy hoặc member"); the clerk in the editor sees boxes with labels and lists
with Vietnamese choices ("Thành viên 2 · Vai trò: … Cụm trưởng; đổi thành Cụm phó
hoặc Thành viên"). The messages stay the loader's, so the page and `validate`
never disagree on what is wrong; only the names of keys and values change, all
taken from labels.py.
"""

from __future__ import annotations

import re

from generator.errors import Problem
from generator.web.labels import CHOICES, LABELS, ROW_NOUNS

_STEP = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")
# a key of the file as messages write it: 'send_to', target.change.baseline_year, role: leader
_KEY = re.compile(r"(?<![\w'-])([a-z]+(?:_[a-z]+)*(?:\.[a-z]+(?:_[a-z]+)*)*)(?![\w'-])")
_ROW = re.compile(r"(thành viên|kỳ báo cáo) thứ (\d+)")
_SEPARATOR = " · "


def short(label: str) -> str:
    """A label without its explanation: "Mã đơn vị (chữ thường …)" → "Mã đơn vị";
    a unit in brackets stays ("Ít nhất (%)")."""
    return re.sub(r" \([^)]* [^)]*\)$", "", label)


def field_label(path: str) -> str:
    """"members[1].role" → "Thành viên 2 · Vai trò": each step by its label, a row by
    its noun and number, as the form shows them."""
    names: list[str] = []
    key = ""
    for match in _STEP.finditer(path):
        step, index = match.groups()
        if index is not None:
            noun = ROW_NOUNS.get(key, "")
            if noun and names:
                names[-1] = f"{noun.capitalize()} {int(index) + 1}"
            continue
        key = f"{key}.{step}" if key else step
        if key in LABELS:
            names.append(short(LABELS[key]))
    return _SEPARATOR.join(names)


def _values() -> dict[str, str]:
    """Every choice value the file spells in English, with the label the form shows."""
    return {value: label for choices in CHOICES.values() for value, label in choices.items()}


def _key_label(word: str, near: str) -> str | None:
    """The label of a key named in a message about the field `near`: the nearest key
    of that name, from the field itself outwards ("change.min_percent" under an item)."""
    tail = word.split(".")
    scope = near.split(".")
    while True:
        candidate = ".".join([*scope, *tail]) if scope and scope != [""] else ".".join(tail)
        if candidate in LABELS:
            return short(LABELS[candidate])
        if not scope or scope == [""]:
            break
        scope = scope[:-1]
    endings = [k for k in LABELS if k == word or k.endswith("." + word)]
    return short(LABELS[endings[0]]) if endings else None


def form_words(message: str, field: str = "") -> str:
    """The message with the file's keys and values named as the form names them."""
    key_path = re.sub(r"\[\d+\]", "", field)
    values = _values()
    message = _ROW.sub(lambda m: f"{m.group(1).capitalize()} {m.group(2)}", message)
    message = _CHOSEN.sub(lambda m: _chosen(m, key_path, values), message)
    message = _MISSING.sub(lambda m: f"Chưa điền «{_key_label(m.group(1), key_path) or m.group(1)}» (bắt buộc).", message)

    def named(match: re.Match) -> str:
        word = match.group(1)
        if word in values:
            return values[word]
        if word == "id":
            return "mã"
        label = _key_label(word, key_path) if ("_" in word or "." in word or word in _BARE_KEYS) else None
        return f"«{label}»" if label else word

    return _KEY.sub(named, message)


_MISSING = re.compile(r"Thiếu khóa bắt buộc '([a-z_]+)': thêm vào\.")  # load.py's "missing", a box left empty
_CHOSEN = re.compile(r"(?<![\w'-])([a-z_]+): ([a-z]+)(?![\w'-])")  # role: leader


def _chosen(match: re.Match, near: str, values: dict[str, str]) -> str:
    """"role: leader" → "vai trò Cụm trưởng": a key set to one of its choices."""
    key, value = match.groups()
    label = _key_label(key, near)
    if value not in values or label is None:
        return match.group(0)
    return f"{label[:1].lower()}{label[1:]} {values[value]}"


# keys that messages name bare, without an underscore or a dot to tell them from words
_BARE_KEYS = frozenset({"role", "target", "points", "change", "level", "members", "sections", "items", "signer"})


def shown(problem: Problem) -> dict:
    """A problem as the editor's script places it: under its field, in the form's words."""
    field = problem.field or ""
    return {"field": field, "label": field_label(field), "message": form_words(problem.message, field),
            "line": problem.line}
