"""The figures of a cluster summary: change against the baseline, verdicts, scores, ranks.

Pure functions over parsed values, so the arithmetic can be checked against a
plain reference on random values (tests/collect/test_compute.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.pact.model import Change, Level

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class ChangeResult:
    percent: Decimal | None  # exact; None when it cannot be computed
    met: bool | None
    reached_max: bool | None

    @property
    def rounded(self) -> Decimal | None:
        """One decimal, half away from zero: what the summary prints."""
        return None if self.percent is None else self.percent.quantize(ONE_DECIMAL, ROUND_HALF_UP)


def change_result(change: Change, baseline: Decimal | None, current: Decimal | None) -> ChangeResult:
    """(current − baseline) / baseline × 100, judged on the exact value, never the rounded one.

    A baseline of 0 (or a value not reported) gives no percent and no verdict.
    """
    if baseline is None or current is None or baseline == 0:
        return ChangeResult(None, None, None)
    percent = (current - baseline) / baseline * 100
    sign = Decimal(-1) if change.direction == "decrease" else Decimal(1)
    met = sign * percent >= Decimal(str(change.min_percent))
    reached_max = None
    if change.max_percent is not None:
        reached_max = sign * percent >= Decimal(str(change.max_percent))
    return ChangeResult(percent, met, reached_max)


def level_met(level: Level, value: Decimal | None) -> bool | None:
    if value is None:
        return None
    if level.at_least is not None and value < Decimal(str(level.at_least)):
        return False
    if level.at_most is not None and value > Decimal(str(level.at_most)):
        return False
    return True


def ranks(totals: dict[str, Decimal]) -> dict[str, int]:
    """Competition ranking: higher totals first, ties share a rank (1, 1, 3)."""
    ordered = sorted(totals.values(), reverse=True)
    return {member: ordered.index(total) + 1 for member, total in totals.items()}
