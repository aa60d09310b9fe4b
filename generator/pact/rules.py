"""Rules that look across the whole pact, each pointing at the entry it is about.

They run on a structurally valid Pact; a structural error is reported first
because these rules would only repeat it in other words. The duplicate-id rules
are the exception: they read plain data, and run on an invalid pact too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.pact.model import MAX_ITEMS_TOTAL, MAX_REPORT_FORMS, Pact
from generator.pact.problems import Loc


def check(pact: Pact) -> list[tuple[Loc, str]]:
    """Every cross-reference problem of the pact, in file order."""
    return [*duplicate_ids(pact.model_dump()), *_role_rules(pact), *_send_to_rule(pact), *_size_rules(pact)]


def duplicate_ids(data: Mapping) -> list[tuple[Loc, str]]:
    """Repeated ids of members, items and periods. Reads plain data, so it also runs on a
    pact that does not validate yet: an id is checked as soon as it is written (the web
    editor's new row), whatever else its entry still lacks."""
    return [*_member_ids(data), *_item_ids(data), *_period_ids(data)]


def _entries(data: object, *keys: str) -> list:
    """The list at data[keys...], or an empty one where the shape is wrong."""
    for key in keys:
        data = data.get(key) if isinstance(data, Mapping) else None
    return data if isinstance(data, list) else []


def _id_list(entries: list) -> list[tuple[int, str]]:
    """(index, id) of the entries that have a text id."""
    return [(i, e["id"]) for i, e in enumerate(entries) if isinstance(e, Mapping) and isinstance(e.get("id"), str)]


def _duplicates(values: list[tuple[int, str]]) -> Iterator[tuple[int, str, int]]:
    """(index, value, index of the first occurrence) for each repeated (index, value)."""
    first: dict[str, int] = {}
    for index, value in values:
        if value in first:
            yield index, value, first[value]
        else:
            first.setdefault(value, index)


def _member_ids(data: Mapping) -> Iterator[tuple[Loc, str]]:
    for index, value, earlier in _duplicates(_id_list(_entries(data, "members"))):
        yield ("members", index, "id"), (
            f"id '{value}' trùng với thành viên thứ {earlier + 1}: mỗi thành viên cần một id riêng."
        )


def _role_rules(pact: Pact) -> Iterator[tuple[Loc, str]]:
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


def _item_ids(data: Mapping) -> Iterator[tuple[Loc, str]]:
    places = [
        (s, i, item_id)
        for s, section in enumerate(_entries(data, "sections"))
        for i, item_id in _id_list(_entries(section, "items"))
    ]
    for index, value, earlier in _duplicates([(n, p[2]) for n, p in enumerate(places)]):
        s, i, _ = places[index]
        es, ei, _ = places[earlier]
        yield ("sections", s, "items", i, "id"), (
            f"id '{value}' đã dùng cho nội dung {ei + 1} của phần {es + 1}: "
            "mỗi nội dung cần một id riêng."
        )


def _period_ids(data: Mapping) -> Iterator[tuple[Loc, str]]:
    for index, value, earlier in _duplicates(_id_list(_entries(data, "reporting", "periods"))):
        yield ("reporting", "periods", index, "id"), (
            f"id '{value}' trùng với kỳ báo cáo thứ {earlier + 1}: mỗi kỳ cần một id riêng."
        )


def _send_to_rule(pact: Pact) -> Iterator[tuple[Loc, str]]:
    reporting = pact.reporting
    member_ids = [m.id for m in pact.members]
    if reporting.send_to is not None and reporting.send_to not in member_ids:
        yield ("reporting", "send_to"), (
            f"send_to '{reporting.send_to}' không phải id của thành viên nào; "
            f"chọn một trong: {', '.join(member_ids)}."
        )


def _size_rules(pact: Pact) -> Iterator[tuple[Loc, str]]:
    """The limits that look across the pact, so that a build's work stays bounded."""
    items = sum(len(s.items) for s in pact.sections)
    if items > MAX_ITEMS_TOTAL:
        yield ("sections",), (
            f"Giao ước có {items} nội dung, quá mức {MAX_ITEMS_TOTAL} của một giao ước: gộp bớt các nội dung."
        )
    forms = len(pact.members) * len(pact.reporting.periods)
    if forms > MAX_REPORT_FORMS:
        yield ("reporting", "periods"), (
            f"{len(pact.members)} thành viên × {len(pact.reporting.periods)} kỳ báo cáo là {forms} biểu mẫu, "
            f"quá mức {MAX_REPORT_FORMS}: bớt kỳ báo cáo hoặc tách cụm."
        )
