"""The data each template receives, derived once in Python so templates only place it.

A template receives only its document's data, and that data is what the document's
id HASH is taken over: the agreement gets the whole pact; a signature page what it
shows (how the pact is named, where and when it was signed, the agreement's id, the
member's block); a report form what it shows (the items, their targets and points,
the period, the member's unit and signer, the cluster, where it is sent). A template
that reaches for anything else fails to build (StrictUndefined), so no document can
print what its id does not cover, and a change rewrites only the documents that show it.
The shapes of that data are in data.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator import vn
from generator.documents.data import (
    Agreement, Ceremony, Cluster, Deadline, Document, FormDocument, FormItem, FormSection, Header, Issuer,
    NumberedItem, NumberedSection, PactFacts, ReportForm, SignatureBlock, SignaturePage, Signatures,
    SignedPactFacts,
)
from generator.documents.fields import item_fields
from generator.pact import ids
from generator.pact.ids import Slot
from generator.pact.model import Member, Pact
from generator.signing.fields import signing_space

ROLE_ORDER = {"leader": 0, "deputy": 1, "member": 2}


def document_context(pact: Pact, slot: Slot) -> dict:
    """Everything the template of one document receives, and nothing else: `pact`
    (the whole pact for the agreement; how to name it for the others) and `doc`,
    whose id is made from the rest."""
    about, doc = BUILDERS[slot.kind](pact, slot)
    return identified(pact, slot, about, doc)


def identified(pact: Pact, slot: Slot, about: object, doc: Document) -> dict:
    """The context with doc.id made: its HASH covers exactly what the template gets."""
    digest = ids.digest({"pact": about, "doc": doc})
    return {"pact": about, "doc": replace(doc, id=ids.make(pact, slot, digest))}


def document_id(pact: Pact, slot: Slot) -> str:
    """The current id of a slot's document."""
    return document_context(pact, slot)["doc"].id


def pact_facts(pact: Pact) -> PactFacts:
    return PactFacts(pact.year, pact.movement, pact.authority, Cluster(pact.cluster.name, pact.cluster.code))


def _agreement(pact: Pact, slot: Slot) -> tuple[Pact, Agreement]:
    blocks = [signature_block(m) for m in signing_order(pact)]
    copies = pact.document.copies or len(pact.members) + 1
    extra = copies - len(pact.members)
    return pact, Agreement(
        id="",
        kind=slot.kind,
        header=_header(pact),
        ceremony_date=vn.date_words(pact.ceremony.date),
        members=[m.unit for m in pact.members],
        legal_basis=[legal_basis_line(b) for b in pact.legal_basis],
        sections=numbered_sections(pact),
        closing_number=vn.roman(len(pact.sections) + 1),
        copies=vn.two_digits(copies),
        extra_copies=vn.two_digits(extra) if extra > 0 else None,
        grid=_grid(blocks),
        leader=blocks[0],
        deadlines=[
            Deadline(p.name, vn.short_date(p.due) if p.due else None)
            for p in pact.reporting.periods
        ],
        report_to=report_to(pact).unit,
    )


def _signatures(pact: Pact, slot: Slot) -> tuple[SignedPactFacts, Signatures]:
    blocks = [signature_block(m) for m in signing_order(pact)]
    return _signed_facts(pact), Signatures(
        id="", kind=slot.kind, header=_header(pact), ceremony_date=vn.date_words(pact.ceremony.date),
        pact_id=document_id(pact, Slot("pact")), grid=_grid(blocks),
    )


def _signature_page(pact: Pact, slot: Slot) -> tuple[SignedPactFacts, SignaturePage]:
    return _signed_facts(pact), SignaturePage(
        id="", kind=slot.kind, header=_header(pact), ceremony_date=vn.date_words(pact.ceremony.date),
        pact_id=document_id(pact, Slot("pact")), member=signature_block(pact.member(slot.member)),
    )


def _report_form(pact: Pact, slot: Slot) -> tuple[PactFacts, FormDocument]:
    member = pact.member(slot.member)
    return pact_facts(pact), FormDocument(
        id="",
        kind=slot.kind,
        header=Issuer(vn.upper(pact.authority), vn.upper(member.unit)),
        member=signature_block(member),
        form=report_form(pact, member, slot.period),
    )


BUILDERS = {
    "pact": _agreement,
    "signatures": _signatures,
    "signature-page": _signature_page,
    "report-form": _report_form,
}


def _signed_facts(pact: Pact) -> SignedPactFacts:
    return SignedPactFacts(**vars(pact_facts(pact)), ceremony=Ceremony(pact.ceremony.place, pact.ceremony.venue))


def _header(pact: Pact) -> Header:
    return Header(
        authority=vn.upper(pact.authority),
        issuer=vn.upper(pact.cluster.name),
        number=normalise_number(pact.document.number),
        dateline=vn.dateline(pact.ceremony.place, pact.ceremony.date),
    )


def _grid(blocks: list[SignatureBlock]) -> list[list[SignatureBlock]]:
    """Two blocks a row, leader first."""
    return [blocks[i : i + 2] for i in range(0, len(blocks), 2)]


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
