"""The cluster summary's template context: the figures as a clerk reads them,
numbers the Vietnamese way ("8,0%", "1.250"); the wording is in summary.html."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator import vn
from generator.collect.compute import ranks
from generator.collect.values import MemberReport
from generator.documents.context import identified, pact_facts, signature_block
from generator.documents.data import Header, SignatureBlock
from generator.documents.fields import ASSESSMENT_CODES, item_fields
from generator.pact.ids import Slot
from generator.pact.model import Pact, Period


@dataclass(frozen=True)
class TargetRow:
    unit: str
    baseline: str | None
    current: str | None
    value: str | None
    change: str | None  # "-8,0%"
    met: bool | None
    reached_max: bool | None
    zero_baseline: bool  # a baseline of 0: no percentage, said so rather than "not enough figures"


@dataclass(frozen=True)
class TargetTable:
    number: str  # "II.1", as in the pact
    metric: str
    unit: str
    direction: str | None  # decrease | increase, for a change target
    min_percent: str | None
    max_percent: str | None
    baseline_year: int | None
    at_least: str | None
    at_most: str | None
    rows: list[TargetRow]


@dataclass(frozen=True)
class RankRow:
    rank: int
    unit: str
    total: str
    counts: list[int]  # how many items at each assessment level, in ASSESSMENT_CODES order
    blank: list[str]  # the numbers of the items its form left blank ("II.1"): its total may fall short


@dataclass(frozen=True)
class ScoreRow:
    number: str
    text: str
    maximum: str
    scores: list[str]  # per received member, "" where not reported


@dataclass(frozen=True)
class Signer:
    name: str  # the certificate's common name: a person, or the unit itself
    role: str | None  # signer | organisation


@dataclass(frozen=True)
class ReturnRow:
    """How a member's form came back: signed digitally or not, by whom, when."""

    unit: str
    signed: bool
    signers: list[Signer]
    signed_at: str  # the last signature's claimed time, "26/03/2024 09:15" (Vietnam time), or ""


@dataclass(frozen=True)
class Summary:
    id: str
    kind: str
    header: Header
    place: str  # of the dateline, the leader's
    period: str
    received: str  # two digits
    expected: str
    missing: list[str]  # units without a form
    returns: list[ReturnRow]  # per member received, in the pact's order
    targets: list[TargetTable]
    score_columns: list[str]  # member place names
    score_widths: list[float]  # column shares in percent: number, text, one per member
    scores: list[ScoreRow]
    score_totals: list[str]  # per received member, in score_columns' order
    maximum: str  # the highest total a member can reach: the sum of the items' points
    ranking: list[RankRow]
    leader: SignatureBlock


def number(value: Decimal | None) -> str | None:
    return None if value is None else vn.plain_number(float(value))


def percent(value: Decimal | None) -> str | None:
    return None if value is None else f"{vn.number(float(value), 1)}%"


def member_totals(reports: list[MemberReport]) -> dict[str, Decimal]:
    return {r.member.id: r.total for r in reports}


def maximum_total(pact: Pact) -> float:
    return sum(item.points or 0 for section in pact.sections for item in section.items)


def summary_context(pact: Pact, period: Period, reports: list[MemberReport]) -> dict:
    received = {r.member.id for r in reports}
    order = {m.id: n for n, m in enumerate(pact.members)}
    reports = sorted(reports, key=lambda r: order[r.member.id])
    leader = pact.leader
    summary = Summary(
        id="",  # made from the rest by identified()
        kind="summary",
        header=Header(
            authority=vn.upper(pact.authority),
            issuer=vn.upper(pact.cluster.name),
            number=None,
            dateline=None,  # dated by hand, the words in summary.html
        ),
        place=leader.place,
        period=period.name,
        received=vn.two_digits(len(received)),
        expected=vn.two_digits(len(pact.members)),
        missing=[m.unit for m in pact.members if m.id not in received],
        returns=[return_row(r) for r in reports],
        targets=_targets(pact, reports),
        score_columns=[r.member.place for r in reports],
        score_widths=_score_widths(len(reports)),
        scores=_scores(pact, reports),
        score_totals=[number(r.total) for r in reports],
        maximum=vn.plain_number(maximum_total(pact)),
        ranking=_ranking(reports),
        leader=signature_block(leader),
    )
    return identified(pact, Slot("summary", None, period.id), pact_facts(pact), summary)


def return_row(report: MemberReport) -> ReturnRow:
    signatures = report.form.signatures.signatures
    times = [s.signed_at for s in signatures if s.signed_at]
    return ReturnRow(
        unit=report.member.unit,
        signed=bool(signatures),
        signers=[Signer(s.name, s.role) for s in signatures],
        signed_at=vn.moment(max(times)) if times else "",
    )


def _targets(pact: Pact, reports: list[MemberReport]) -> list[TargetTable]:
    tables = []
    for index, fields in enumerate(item_fields(pact)):
        target = fields.item.target
        if target is None:
            continue
        change, level = target.change, target.level
        rows = []
        for report in reports:
            item = report.items[index]
            rows.append(TargetRow(
                unit=report.member.unit,
                baseline=number(item.baseline),
                current=number(item.current),
                value=number(item.value),
                change=percent(item.change.rounded) if item.change else None,
                met=item.met,
                reached_max=item.change.reached_max if item.change else None,
                zero_baseline=item.zero_baseline,
            ))
        tables.append(TargetTable(
            number=fields.label,
            metric=target.metric,
            unit=target.unit,
            direction=change.direction if change else None,
            min_percent=vn.plain_number(change.min_percent) if change else None,
            max_percent=vn.plain_number(change.max_percent) if change and change.max_percent else None,
            baseline_year=change.baseline_year if change else None,
            at_least=vn.plain_number(level.at_least) if level and level.at_least is not None else None,
            at_most=vn.plain_number(level.at_most) if level and level.at_most is not None else None,
            rows=rows,
        ))
    return tables


def _score_widths(members: int) -> list[float]:
    """Number and text columns fixed, the rest shared by the members."""
    if members == 0:
        return [9.0, 91.0]
    return [9.0, 47.0] + [round(44.0 / members, 2)] * members


def _scores(pact: Pact, reports: list[MemberReport]) -> list[ScoreRow]:
    rows = []
    for index, fields in enumerate(item_fields(pact)):
        if fields.item.points is None:
            continue
        rows.append(ScoreRow(
            number=fields.label,
            text=fields.title,
            maximum=vn.plain_number(fields.item.points),
            scores=[number(r.items[index].score) or "" for r in reports],
        ))
    return rows


def _ranking(reports: list[MemberReport]) -> list[RankRow]:
    places = ranks(member_totals(reports))
    rows = [
        RankRow(
            rank=places[r.member.id],
            unit=r.member.unit,
            total=number(r.total),
            counts=[sum(1 for i in r.items if i.assessment == code) for code in ASSESSMENT_CODES],
            blank=[i.fields.label for i in r.items if i.blank],
        )
        for r in reports
    ]
    return sorted(rows, key=lambda row: row.rank)
