"""A pact copied to the following year, comments kept (the web page's "Chuẩn bị năm
sau" and `pact new NEXT --from LAST`): the year, the dates and the baseline years move
on by one, and so do the years the texts name, where they name the pact's year or
the baseline year of the item's target. Every phrase changed is listed for the clerk
to check: a text may name the pact's year for another reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from generator import vn
from generator.errors import InputError
from generator.pact.roundtrip import open_text
from generator.pact.years import Moved, move_years
from generator.pact.problems import Loc

# Keys whose values are codes, never prose.
CODES = {"id", "code", "send_to"}



@dataclass(frozen=True)
class Change:
    """A phrase whose year moved: where (in the clerk's words), before and after."""

    where: str
    before: str
    after: str


@dataclass(frozen=True)
class Copied:
    year: int  # the new year
    text: str
    changes: list[Change]


def next_year(text: str, name: str) -> Copied:
    """The pact text one year on; `name` names the file in a refusal."""
    document = open_text(text, name)
    year = document.root.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise InputError(f"Tệp {name} chưa có năm (year) hợp lệ: sửa trước khi chép sang năm sau.")
    changes = [Change(_where(loc), m.before, m.after) for loc, m in _move_texts(document.root, (), {year})]
    _shift_years(document.root)
    return Copied(year + 1, document.dump(), changes)


def next_path(path: Path, year: int) -> Path:
    """Where the copy of a pact of `year` goes: <year>/<name> → <year+1>/<name>, any
    other <name> → <name>-<year+1> beside it."""
    if path.parent.name == str(year):
        return path.parent.parent / str(year + 1) / path.name
    return path.with_name(f"{path.stem}-{year + 1}{path.suffix}")


def _move_texts(node: object, loc: Loc, years: set[int]) -> list[tuple[Loc, Moved]]:
    """Move the named years in every text under node, in place; an item's texts also
    move its target's baseline year."""
    found: list[tuple[Loc, Moved]] = []
    if isinstance(node, CommentedMap):
        baseline = _baseline_year(node)
        inner = years | {baseline} if baseline is not None else years
        for key in list(node):
            if key in CODES:
                continue
            value = node[key]
            if isinstance(value, str):
                node[key] = _moved(value, (*loc, key), inner, found)
            else:
                found += _move_texts(value, (*loc, key), inner)
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            if isinstance(value, str):
                node[index] = _moved(value, (*loc, index), years, found)
            else:
                found += _move_texts(value, (*loc, index), years)
    return found


def _moved(value: str, loc: Loc, years: set[int], found: list[tuple[Loc, Moved]]) -> str:
    text, moved = move_years(str(value), years)
    if not moved:
        return value
    found += [(loc, m) for m in moved]
    return _restyled(value, text)


def _restyled(old: str, text: str) -> str:
    """The new text in the old scalar's style: a folded text keeps its line breaks
    (a year keeps its four digits, so the fold positions still fall on spaces)."""
    if not isinstance(old, ScalarString):
        return text
    new = type(old)(text)
    for attribute in ("fold_pos", "comment"):
        if hasattr(old, attribute):
            setattr(new, attribute, getattr(old, attribute))
    return new


def _baseline_year(node: CommentedMap) -> int | None:
    target = node.get("target")
    change = target.get("change") if isinstance(target, CommentedMap) else None
    year = change.get("baseline_year") if isinstance(change, CommentedMap) else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def _where(loc: Loc) -> str:
    """The place of a text in a clerk's words: "Phần II, nội dung 1", "Căn cứ 3"."""
    match loc:
        case ("legal_basis", int(index)):
            return f"Căn cứ {index + 1}"
        case ("sections", int(section), "items", int(item), *rest):
            return f"Phần {vn.roman(section + 1)}, nội dung {item + 1}" + (" (chỉ tiêu)" if rest[:1] == ["target"] else "")
        case ("sections", int(section), "title"):
            return f"Phần {vn.roman(section + 1)}, tên phần"
        case ("sections", int(section), "intro"):
            return f"Phần {vn.roman(section + 1)}, đoạn mở đầu"
        case ("reporting", "periods", int(period), *_):
            return f"Kỳ báo cáo {period + 1}"
    return ".".join(str(part) for part in loc)


def _shift_years(node: object) -> None:
    """Every year and date one year later: `year`, `baseline_year`, the ceremony and due
    dates (a date written in quotes too: the loader reads it as a date all the same)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("year", "baseline_year") and isinstance(value, int):
                node[key] = value + 1
            elif isinstance(value, dt.date):
                node[key] = _plus_a_year(value)
            elif isinstance(value, str) and _written_date(value):
                node[key] = _restyled(value, _plus_a_year(_written_date(value)).isoformat())
            else:
                _shift_years(value)
    elif isinstance(node, list):
        for value in node:
            _shift_years(value)


def _written_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _plus_a_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
