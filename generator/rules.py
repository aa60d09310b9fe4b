"""Rules that look across the whole pact, each pointing at the entry it is about.

They run on a structurally valid Pact; a structural error is reported first
because these rules would only repeat it in other words.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Pact

Loc = tuple[str | int, ...]


def check(pact: Pact) -> list[tuple[Loc, str]]:
    """Every cross-reference problem of the pact, in file order."""
    return [*_member_rules(pact), *_item_rules(pact), *_reporting_rules(pact)]


def _duplicates(values: list[str]) -> Iterator[tuple[int, str, int]]:
    """(index, value, index of the first occurrence) for each repeated value."""
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if value in first:
            yield index, value, first[value]
        else:
            first.setdefault(value, index)


def _member_rules(pact: Pact) -> Iterator[tuple[Loc, str]]:
    for index, value, earlier in _duplicates([m.id for m in pact.members]):
        yield ("members", index, "id"), (
            f"id '{value}' trùng với thành viên thứ {earlier + 1}: mỗi thành viên cần một id riêng."
        )
    leaders = [i for i, m in enumerate(pact.members) if m.role == "leader"]
    if not leaders:
        yield ("members",), (
            "Chưa có Cụm trưởng: đặt role: leader cho đúng một thành viên (đơn vị đăng cai)."
        )
    for index in leaders[1:]:
        yield ("members", index, "role"), (
            f"Đã có Cụm trưởng là thành viên thứ {leaders[0] + 1}: mỗi cụm chỉ có một "
            "role: leader; đổi thành deputy hoặc member."
        )
    deputies = [i for i, m in enumerate(pact.members) if m.role == "deputy"]
    for index in deputies[1:]:
        yield ("members", index, "role"), (
            f"Đã có Cụm phó là thành viên thứ {deputies[0] + 1}: mỗi cụm có nhiều nhất một "
            "role: deputy; đổi thành member."
        )


def _item_rules(pact: Pact) -> Iterator[tuple[Loc, str]]:
    places = [
        (s, i, item.id)
        for s, section in enumerate(pact.sections)
        for i, item in enumerate(section.items)
        if item.id is not None
    ]
    for index, value, earlier in _duplicates([item_id for _, _, item_id in places]):
        s, i, _ = places[index]
        es, ei, _ = places[earlier]
        yield ("sections", s, "items", i, "id"), (
            f"id '{value}' đã dùng cho nội dung {ei + 1} của phần {es + 1}: "
            "mỗi nội dung cần một id riêng."
        )


def _reporting_rules(pact: Pact) -> Iterator[tuple[Loc, str]]:
    reporting = pact.reporting
    for index, value, earlier in _duplicates([p.id for p in reporting.periods]):
        yield ("reporting", "periods", index, "id"), (
            f"id '{value}' trùng với kỳ báo cáo thứ {earlier + 1}: mỗi kỳ cần một id riêng."
        )
    member_ids = [m.id for m in pact.members]
    if reporting.send_to is not None and reporting.send_to not in member_ids:
        yield ("reporting", "send_to"), (
            f"send_to '{reporting.send_to}' không phải id của thành viên nào; "
            f"chọn một trong: {', '.join(member_ids)}."
        )
