"""The editor's form, built from the pact models, and the submitted form back to data.

A field's form name is its path in the pact file written the way the loader
names a problem's field ("members[2].signer.title"), so each error finds its
input by name. Submitted text is typed by the model's annotation (numbers,
dates) but never validated here: the loader judges the result, so the page
and `pact validate` always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel

from generator.pact.model import Pact
from generator.web.labels import CHOICES, LABELS, LONG_TEXTS, ROW_NOUNS

# Hidden in every list row: the row's index in the file the editor opened, so a
# moved member keeps its own comments when the file is written back.
ORIGIN = "_from"
MAX_ROWS = 200  # a list index above this in a request is not a clerk's form


@dataclass(frozen=True)
class Shape:
    """What kind of value an annotation asks for, as far as the form cares."""

    kind: str  # model | list | text | int | float | date | choice
    model: type[BaseModel] | None = None
    item: "Shape | None" = None
    choices: tuple[str, ...] = ()


def shape_of(annotation: Any) -> Shape:
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is Annotated:
        return shape_of(arguments[0])
    if origin in (typing.Union, types.UnionType):
        return shape_of(next(a for a in arguments if a is not type(None)))
    if origin is list:
        return Shape("list", item=shape_of(arguments[0]))
    if origin is Literal:
        return Shape("choice", choices=tuple(map(str, arguments)))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("model", model=annotation)
    return Shape({int: "int", float: "float", dt.date: "date"}.get(annotation, "text"))


@dataclass(frozen=True)
class Field:
    """One input, group or list of the form."""

    name: str  # form name and problem field: "members[0].signer.title"
    key: str  # label key, without indexes: "members.signer.title"
    segment: str  # this field's own step of the name ("title"); "" for a list row
    label: str
    kind: str  # text | textarea | number | date | choice | group | list
    value: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    children: tuple["Field", ...] = ()  # a group's fields, a list's rows
    blank: "Field | None" = None  # a list's empty row, which the page copies to add one
    origin: int | None = None  # a row's index in the opened file
    noun: str = ""  # a list row's name, for "Thêm …"


def form_fields(data: Mapping) -> tuple[Field, ...]:
    """The whole form for the pact data as read from the file (or nothing, for a new one)."""
    return _model_fields(Pact, data, "", "")


def _model_fields(model: type[BaseModel], data: Any, name: str, key: str) -> tuple[Field, ...]:
    data = data if isinstance(data, Mapping) else {}
    fields = []
    for field_name, info in model.model_fields.items():
        default = info.default if isinstance(info.default, str) else None
        value = data.get(field_name, default)
        fields.append(
            _field(shape_of(info.annotation), value, _join(name, field_name), _join(key, field_name),
                   field_name, info.is_required())
        )
    return tuple(fields)


def _join(prefix: str, step: str) -> str:
    return f"{prefix}.{step}" if prefix else step


def _field(shape: Shape, value: Any, name: str, key: str, segment: str, required: bool,
           origin: int | None = None) -> Field:
    label = LABELS.get(key, key)
    if shape.kind == "model":
        return Field(name, key, segment, label, "group", required=required, origin=origin,
                     children=_model_fields(shape.model, value, name, key))
    if shape.kind == "list":
        rows = value if isinstance(value, list) else []
        return Field(
            name, key, segment, label, "list", required=required, noun=ROW_NOUNS.get(key, ""),
            children=tuple(_field(shape.item, row, f"{name}[{i}]", key, "", True, origin=i)
                           for i, row in enumerate(rows)),
            blank=_field(shape.item, None, f"{name}[]", key, "", True),
        )
    if shape.kind == "choice":
        labels = CHOICES.get(key, {})
        choices = (("", "—"), *((c, labels.get(c, c)) for c in shape.choices))
        return Field(name, key, segment, label, "choice", _shown(value), required, choices, origin=origin)
    kind = {"int": "number", "float": "number", "date": "date"}.get(shape.kind, "text")
    if key in LONG_TEXTS:
        kind = "textarea"
    return Field(name, key, segment, label, kind, _shown(value), required, origin=origin)


def _shown(value: Any) -> str:
    if value is None or isinstance(value, (Mapping, list)):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- the submitted form back to data ------------------------------------------

_STEP = re.compile(r"\.?([A-Za-z_]+)|\[(\d+)\]")
_EMPTY = object()


def submitted(form: Iterable[tuple[str, str]]) -> dict:
    """Pact data from the form's (name, value) pairs: typed, empty values left out,
    names outside the model ignored (a request cannot add keys of its own)."""
    tree: dict = {}
    for name, value in form:
        steps = _steps(name)
        if steps:
            _put(tree, steps, value)
    return _typed_model(Pact, tree)


def _steps(name: str) -> list[str | int] | None:
    steps: list[str | int] = []
    position = 0
    while position < len(name):
        match = _STEP.match(name, position)
        if match is None:
            return None
        key, index = match.groups()
        if index is not None and int(index) > MAX_ROWS:
            return None
        steps.append(key if key is not None else int(index))
        position = match.end()
    return steps


def _put(tree: dict, steps: list[str | int], value: str) -> None:
    node = tree
    for step in steps[:-1]:
        child = node.setdefault(step, {})
        if not isinstance(child, dict):
            return  # "a" and "a.b" both sent: keep the first
        node = child
    node.setdefault(steps[-1], value)


def _typed_model(model: type[BaseModel], node: Any) -> dict:
    result: dict = {}
    if not isinstance(node, dict):
        return result
    for name, info in model.model_fields.items():
        if name in node:
            value = _typed(shape_of(info.annotation), node[name])
            if value is not _EMPTY:
                result[name] = value
    return result


def _typed(shape: Shape, raw: Any) -> Any:
    """The value a field of this shape holds, or _EMPTY: an empty group or list is left out
    like an empty box, so an optional section the clerk did not fill stays absent."""
    if shape.kind == "model":
        return _typed_model(shape.model, raw) or _EMPTY
    if shape.kind == "list":
        rows = [_typed_row(shape.item, raw[i]) for i in sorted(k for k in raw if isinstance(k, int))] \
            if isinstance(raw, dict) else []
        return rows or _EMPTY
    return _typed_scalar(shape, raw)


def _typed_row(shape: Shape, raw: Any) -> Any:
    """A row the clerk added stays even when empty, so its missing fields are reported."""
    if shape.kind != "model":
        value = _typed_scalar(shape, raw)
        return "" if value is _EMPTY else value
    row = _typed_model(shape.model, raw)
    origin = raw.get(ORIGIN) if isinstance(raw, dict) else None
    if isinstance(origin, str) and origin.isdigit():
        row[ORIGIN] = int(origin)
    return row


def _typed_scalar(shape: Shape, raw: Any) -> Any:
    if not isinstance(raw, str):
        return _EMPTY
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text:
        return _EMPTY
    if shape.kind in ("int", "float"):
        return _number(text)
    if shape.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _number(text: str) -> Any:
    """'10' → 10, '2,5' and '2.5' → 2.5 (the clerk's decimal comma), anything else stays
    text for the loader to refuse in words."""
    candidate = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        number = float(candidate)
    except ValueError:
        return text
    return int(number) if number.is_integer() and abs(number) < 1e15 else number
