"""What a valid pact may say by mistake: each caution points at its entry, like an
error, but the pact still builds. `pact validate` prints them as warnings (exit 0)
and the web editor shows them under their fields.

They run on a pact that passed the rules (rules.py): one leader, send_to a member.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.pact.model import Pact

Loc = tuple[str | int, ...]


def cautions(pact: Pact) -> list[tuple[Loc, str]]:
    """Every caution of the pact, in file order."""
    return [*_reports_bypass_the_leader(pact)]


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
