"""What a valid pact may say by mistake: each caution points at its entry, like an
error, but the pact still builds. `pact validate` prints them as warnings (exit 0)
and the web editor shows them under their fields.

They run on a pact that passed the rules (rules.py): one leader, send_to a member.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.pact.model import Pact
from generator.pact.years import base_years
from generator.pact.problems import Loc


def cautions(pact: Pact) -> list[tuple[Loc, str]]:
    """Every caution of the pact, in file order."""
    return [*_base_years_named_otherwise(pact), *_reports_bypass_the_leader(pact)]


def _base_years_named_otherwise(pact: Pact) -> Iterator[tuple[Loc, str]]:
    """An item's text compares with another year than its target's baseline: the text
    or the baseline was not moved on with the year (the report forms ask for the
    baseline year's figures)."""
    for s, section in enumerate(pact.sections):
        for i, item in enumerate(section.items):
            change = item.target.change if item.target else None
            if change is None:
                continue
            for named in sorted(set(base_years(item.text)) - {change.baseline_year}):
                yield ("sections", s, "items", i, "text"), (
                    f"Nội dung ghi \"so với năm {named}\" nhưng năm gốc của chỉ tiêu "
                    f"(target.change.baseline_year) là {change.baseline_year}: sửa cho khớp, vì biểu mẫu "
                    f"báo cáo hỏi số liệu năm {change.baseline_year}."
                )


def _reports_bypass_the_leader(pact: Pact) -> Iterator[tuple[Loc, str]]:
    """Reports go to the leader unless send_to says otherwise on purpose: a send_to left
    on a former leader would address every report form to it."""
    send_to, leader = pact.reporting.send_to, pact.leader
    if send_to is not None and send_to != leader.id:
        yield ("reporting", "send_to"), (
            f"Báo cáo đang gửi về {pact.member(send_to).unit} ({send_to}), không phải Cụm trưởng "
            f"{leader.unit} ({leader.id}). Nếu đúng ý bạn, giữ nguyên; nếu không, xóa send_to "
            "để báo cáo gửi về Cụm trưởng."
        )
