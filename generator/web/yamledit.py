"""Writing the editor's data back into the clerk's YAML, keeping what they wrote around it.

ruamel.yaml round trip (the document from pact/roundtrip.py), used by the editor only: loading and validation stay
with PyYAML in load.py (positions, Vietnamese messages). Comments, key order,
quoting and folded text survive; a key the form does not know (a typo the
loader reports) is left where it is. Every text we write is read back by
load.py, so a value is quoted whenever PyYAML would read it as anything else.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml as pyyaml
from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString, SingleQuotedScalarString

from generator.web.forms import ORIGIN, Shape, shape_of

_STR_TAG = "tag:yaml.org,2002:str"


def apply(node: CommentedMap, data: Mapping, model: type[BaseModel]) -> None:
    """Make node say what data says for every key of model, in place."""
    trailer = _Trailer.of(node)
    fields = list(model.model_fields)
    for name in fields:
        if name not in data:
            node.pop(name, None)
            continue
        shape = shape_of(model.model_fields[name].annotation)
        value = _merged(node.get(name), data[name], shape)
        if name not in node:
            node.insert(_position(node, fields[: fields.index(name)]), name, value)
        elif node[name] is not value:
            node[name] = value  # the key keeps its place and its end-of-line comment
    trailer.follow(node)


def _position(node: CommentedMap, earlier: list[str]) -> int:
    """Where a new key goes: right after the last key the model puts before it."""
    keys = list(node)
    return max((keys.index(k) + 1 for k in earlier if k in node), default=0)


def _merged(old: Any, new: Any, shape: Shape) -> Any:
    if shape.kind == "model":
        target = old if isinstance(old, CommentedMap) else CommentedMap()
        apply(target, new, shape.model)
        return target
    if shape.kind == "list":
        return _merged_list(old, new, shape.item)
    return _scalar(old, new)


def _merged_list(old: Any, rows: list, item: Shape) -> CommentedSeq:
    """Rows in the form's order; a row that came from the file keeps its own mapping
    (and so its comments) wherever it moved."""
    seq = old if isinstance(old, CommentedSeq) else CommentedSeq()
    trailer = _Trailer.of(seq)
    before = list(seq)
    used: set[int] = set()
    values = []
    for index, row in enumerate(rows):
        if item.kind != "model":
            values.append(_scalar(before[index] if index < len(before) else None, row))
            continue
        origin = row.get(ORIGIN)
        fresh = origin in used or not isinstance(origin, int) or not 0 <= origin < len(before) \
            or not isinstance(before[origin], CommentedMap)
        target = CommentedMap() if fresh else before[origin]
        used.add(origin)
        apply(target, row, item.model)
        values.append(target)
    for index, value in enumerate(values):
        if index >= len(seq):
            seq.append(value)
        elif seq[index] is not value:
            seq[index] = value
    del seq[len(values):]
    trailer.follow(seq)
    return seq


@dataclass
class _Trailer:
    """The comment lines after a block, which ruamel.yaml hangs on the block's last
    key: when the block gets a new last entry, they move down to stay after it."""

    owner: CommentedMap | None
    key: Any
    token: Any

    @classmethod
    def of(cls, node: Any) -> "_Trailer":
        owner, key = _last_slot(node)
        return cls(owner, key, _slot_token(owner, key))

    def follow(self, node: Any) -> None:
        owner, key = _last_slot(node)
        if self.token is None or owner is None or (owner is self.owner and key == self.key):
            return
        head, newline, tail = self.token.value.partition("\n")
        if not tail:
            return
        self.token.value = head + newline
        token = _slot_token(owner, key)
        if token is None:
            token = copy.copy(self.token)
            token.value = ""
            owner.ca.items.setdefault(key, [None, None, None, None])[2] = token
        token.value = (token.value or "\n") + tail


def _last_slot(node: Any) -> tuple[CommentedMap | None, Any]:
    """The mapping and key whose line ends the block: the deepest last key, not
    descending into flow style ({…}), which is one line."""
    owner, key = None, None
    while isinstance(node, (CommentedMap, CommentedSeq)) and node and not node.fa.flow_style():
        if isinstance(node, CommentedSeq):
            node = node[-1]
            continue
        owner, key = node, list(node)[-1]
        node = node[key]
    return owner, key


def _slot_token(owner: CommentedMap | None, key: Any) -> Any:
    entry = owner.ca.items.get(key) if owner is not None else None
    return entry[2] if entry and len(entry) > 2 else None


def _scalar(old: Any, new: Any) -> Any:
    """The old scalar itself when the value did not change (its quotes and folding stay),
    else the new value in the old one's style."""
    if type(old) is not bool and old == new and not isinstance(old, (Mapping, list)):
        return old
    if not isinstance(new, str):
        return new
    if isinstance(old, ScalarString):
        return type(old)(new)
    if _read_otherwise(new):
        return SingleQuotedScalarString(new)
    return new


def _read_otherwise(text: str) -> bool:
    """Whether PyYAML (YAML 1.1: yes, no, on, 1_000 …) would read this plain text as no string."""
    resolver = pyyaml.resolver.Resolver()
    return resolver.resolve(pyyaml.ScalarNode, text, (True, False)) != _STR_TAG
