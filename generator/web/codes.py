"""Codes made from the text: a new member, item or period gets its id from what the
clerk writes (the unit's place, the target's metric or the item's text, the
period's name), as vn.slug spells it; the page fills an id box with it until the
clerk types a code of their own, and "Theo tên" takes it for a renamed unit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator import vn
from generator.pact.model import ID_LENGTH

ITEM_WORDS = 5  # an item's text is a sentence: its first words make the code


def suggested(data: Mapping) -> dict[str, str]:
    """Form name of each id box → the code its row's text makes, unique among the
    codes the form already holds (a second 'kien-giang' becomes 'kien-giang-2')."""
    rows = list(_rows(data))
    held = [str(row.get("id")) for _, row, _ in rows if row.get("id")]
    codes: dict[str, str] = {}
    for name, row, source in rows:
        code = vn.slug(source, ID_LENGTH, ITEM_WORDS) if source else ""
        if code:
            others = set(held) - {str(row.get("id"))} if held.count(str(row.get("id"))) == 1 else set(held)
            codes[name] = _free(code, others | set(codes.values()))
    return codes


def _rows(data: Mapping) -> Iterator[tuple[str, Mapping, str]]:
    """(id box's form name, row, text the code comes from) of every member, item and period."""
    for i, member in enumerate(_list(data, "members")):
        yield f"members[{i}].id", member, str(member.get("place") or member.get("unit") or "")
    for s, section in enumerate(_list(data, "sections")):
        for i, item in enumerate(_list(section, "items")):
            target = item.get("target") if isinstance(item.get("target"), Mapping) else {}
            yield f"sections[{s}].items[{i}].id", item, str(target.get("metric") or item.get("text") or "")
    reporting = data.get("reporting") if isinstance(data.get("reporting"), Mapping) else {}
    for i, period in enumerate(_list(reporting, "periods")):
        yield f"reporting.periods[{i}].id", period, str(period.get("name") or "")


def _list(data: Mapping, key: str) -> list[Mapping]:
    value = data.get(key)
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list) else []


def _free(code: str, taken: set[str]) -> str:
    if code not in taken:
        return code
    number = 2
    while f"{code}-{number}"[:ID_LENGTH] in taken:
        number += 1
    return f"{code[: ID_LENGTH - len(str(number)) - 1]}-{number}"
