"""Values derived from the pact, computed once in Python so templates only place them.

Templates get plain objects (dataclasses), never dicts: Jinja would resolve
`section.items` on a dict to the dict method.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import vn
from generator.documents import qr
from generator.documents.fields import ItemFields, item_fields
from generator.pact.ids import document_id
from generator.pact.model import Member, Pact
from generator.documents.plan import Planned
from generator.signing.fields import signing_space

ROLE_ORDER = {"leader": 0, "deputy": 1, "member": 2}


@dataclass(frozen=True)
class SignatureBlock:
    member_id: str
    unit: str  # upper case
    title: str  # upper case
    role: str  # leader | deputy | member: the template words it
    rank: str | None
    name: str | None
    signing_space: str  # the id marking where this member signs: its signature fields go there


@dataclass(frozen=True)
class NumberedItem:
    number: int
    text: str
    points: str | None  # Vietnamese number, e.g. "10" or "2,5"


@dataclass(frozen=True)
class NumberedSection:
    number: str  # Roman numeral
    title: str
    intro: str | None
    items: list[NumberedItem]


@dataclass(frozen=True)
class Deadline:
    name: str
    due: str | None  # "15/06/2024"


@dataclass(frozen=True)
class Header:
    authority: str  # upper case
    issuer: str  # upper case
    number: str | None  # normalised document number, None: left blank
    dateline: str | None  # None: the template writes its own (a summary dated by hand)


@dataclass(frozen=True)
class FormItem:
    number: int
    text: str
    fields: ItemFields
    metric: str | None
    unit: str | None
    baseline_year: int | None
    points: str | None  # the maximum score, as a Vietnamese number


@dataclass(frozen=True)
class FormSection:
    number: str  # Roman numeral, as in the pact
    title: str
    items: list[FormItem]


@dataclass(frozen=True)
class ReportForm:
    unit: str  # the reporting member's unit name
    place: str  # its dateline place
    period: str  # the period's name
    due: str | None
    send_to: str  # unit name
    send_to_leader: bool
    sections: list[FormSection]


@dataclass(frozen=True)
class Document:
    id: str
    kind: str
    pact_id: str  # the pact agreement's own id, which signature pages cite
    header: Header
    ceremony_date: str  # "ngày 26 tháng 3 năm 2024"
    members: list[str]  # unit names in pact order
    legal_basis: list[str]
    sections: list[NumberedSection]
    closing_number: str  # Roman numeral of the section after the pact's own
    copies: str  # two digits
    extra_copies: str | None  # copies beyond one per member, two digits
    grid: list[list[SignatureBlock]]
    leader: SignatureBlock
    deadlines: list[Deadline]
    report_to: str  # unit name of the member reports are sent to
    member: SignatureBlock | None = None
    form: ReportForm | None = None

    @property
    def qr(self) -> str:
        """The id as a QR code, a data: URI for <img class="qr">; made only where a
        template places it (a no-op rebuild renders every document's HTML)."""
        return qr.data_uri(self.id)


def document_context(pact: Pact, planned: Planned) -> dict:
    """Everything a template may use for one planned document."""
    blocks = [signature_block(m) for m in signing_order(pact)]
    copies = pact.document.copies or len(pact.members) + 1
    extra = copies - len(pact.members)
    member = pact.member(planned.member) if planned.member else None
    issuer = member.unit if planned.kind == "report-form" else pact.cluster.name
    doc = Document(
        id=planned.id,
        kind=planned.kind,
        pact_id=document_id(pact, "pact"),
        header=Header(
            authority=vn.upper(pact.authority),
            issuer=vn.upper(issuer),
            number=normalise_number(pact.document.number),
            dateline=vn.dateline(pact.ceremony.place, pact.ceremony.date),
        ),
        ceremony_date=vn.date_words(pact.ceremony.date),
        members=[m.unit for m in pact.members],
        legal_basis=[legal_basis_line(b) for b in pact.legal_basis],
        sections=numbered_sections(pact),
        closing_number=vn.roman(len(pact.sections) + 1),
        copies=vn.two_digits(copies),
        extra_copies=vn.two_digits(extra) if extra > 0 else None,
        grid=[blocks[i : i + 2] for i in range(0, len(blocks), 2)],
        leader=blocks[0],
        deadlines=[
            Deadline(p.name, vn.short_date(p.due) if p.due else None)
            for p in pact.reporting.periods
        ],
        report_to=report_to(pact).unit,
        member=next((b for b in blocks if b.member_id == planned.member), None),
        form=report_form(pact, member, planned.period) if planned.kind == "report-form" else None,
    )
    return {"pact": pact, "doc": doc}


def report_to(pact: Pact) -> Member:
    return pact.member(pact.reporting.send_to or pact.leader.id)


def report_form(pact: Pact, member: Member, period_id: str | None) -> ReportForm:
    period = next(p for p in pact.reporting.periods if p.id == period_id)
    by_section: dict[int, list[FormItem]] = {}
    for fields in item_fields(pact):
        target = fields.item.target
        by_section.setdefault(fields.section, []).append(FormItem(
            number=fields.number,
            text=strip_end(fields.item.text),
            fields=fields,
            metric=target.metric if target else None,
            unit=target.unit if target else None,
            baseline_year=target.change.baseline_year if target and target.change else None,
            points=vn.plain_number(fields.item.points) if fields.item.points else None,
        ))
    return ReportForm(
        unit=member.unit,
        place=member.place,
        period=period.name,
        due=vn.short_date(period.due) if period.due else None,
        send_to=report_to(pact).unit,
        send_to_leader=report_to(pact).role == "leader",
        sections=[
            FormSection(vn.roman(s), section.title, by_section[s])
            for s, section in enumerate(pact.sections, start=1)
        ],
    )


def signing_order(pact: Pact) -> list[Member]:
    """Leader first, deputy next, then the members in the pact's order."""
    return sorted(pact.members, key=lambda m: ROLE_ORDER[m.role])


def signature_block(member: Member) -> SignatureBlock:
    return SignatureBlock(
        member_id=member.id,
        signing_space=signing_space(member.id),
        unit=vn.upper(member.unit),
        title=vn.upper(member.signer.title),
        role=member.role,
        rank=member.signer.rank,
        name=member.signer.name,
    )


def numbered_sections(pact: Pact) -> list[NumberedSection]:
    return [
        NumberedSection(
            number=vn.roman(s),
            title=section.title,
            intro=section.intro,
            items=[
                NumberedItem(i, strip_end(item.text), vn.plain_number(item.points) if item.points else None)
                for i, item in enumerate(section.items, start=1)
            ],
        )
        for s, section in enumerate(pact.sections, start=1)
    ]


def strip_end(text: str) -> str:
    """Item and basis texts get their closing punctuation from the template."""
    return text.rstrip(" ;.,")


def legal_basis_line(text: str) -> str:
    """'Căn cứ Luật …;' and 'Luật …' both become 'Luật …': the template says 'Căn cứ'."""
    return strip_end(re.sub(r"^\s*căn cứ\s+", "", text, flags=re.IGNORECASE))


def normalise_number(number: str | None) -> str | None:
    """'5/GƯ-CTĐ12' → '05/GƯ-CTĐ12': numbers below 10 take a leading zero."""
    if number is None:
        return None
    return re.sub(r"^(\d)(?=\D|$)", r"0\1", number)
