"""The shapes of the data templates receive: plain frozen dataclasses, never dicts
(Jinja would resolve `section.items` on a dict to the dict method). context.py fills
them; everything in them is covered by the document's id HASH (ids.digest).

A report form also has a fingerprint (`report_fingerprint`): the digest of only what
defines the report, so `pact collect` can tell a form of an earlier version that asks
for exactly today's report from one that asks for another. It is stored in the file's
properties by the writers, never given to a template.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.documents import qr
from generator.documents.fields import ItemFields
from generator.pact import ids


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
class Issuer:
    """The header's left column: parent body over issuing body (upper case)."""

    authority: str
    issuer: str


@dataclass(frozen=True)
class Header(Issuer):
    number: str | None  # normalised document number, None: left blank
    dateline: str | None  # None: the template writes its own (a summary dated by hand)


@dataclass(frozen=True)
class FormItem:
    number: int
    text: str
    fields: ItemFields  # the field names, and the item itself (its target, its points)
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
class Cluster:
    name: str
    code: str


@dataclass(frozen=True)
class PactFacts:
    """What a document other than the agreement is told of its pact: how to name it."""

    year: int
    movement: str
    authority: str
    cluster: Cluster


@dataclass(frozen=True)
class Ceremony:
    place: str
    venue: str | None


@dataclass(frozen=True)
class SignedPactFacts(PactFacts):
    """The signature documents also say where the pact was signed."""

    ceremony: Ceremony


@dataclass(frozen=True)
class Document:
    id: str  # made from everything else the template receives (ids.digest)
    kind: str

    @property
    def qr(self) -> str:
        """The id as a QR code, a data: URI for <img class="qr">; made only where a
        template places it (a no-op rebuild renders every document's HTML)."""
        return qr.data_uri(self.id)


@dataclass(frozen=True)
class Agreement(Document):
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


@dataclass(frozen=True)
class Signed(Document):
    """A document signed apart from the agreement: it cites the agreement's id, so it
    changes whenever the agreement does."""

    header: Header
    ceremony_date: str
    pact_id: str


@dataclass(frozen=True)
class Signatures(Signed):
    grid: list[list[SignatureBlock]]


@dataclass(frozen=True)
class SignaturePage(Signed):
    member: SignatureBlock


@dataclass(frozen=True)
class FormDocument(Document):
    header: Issuer  # the form's number and dateline are the member's to fill
    member: SignatureBlock
    form: ReportForm


def report_fingerprint(doc: object) -> str | None:
    """What defines a report form's report, as a digest: the period, and each item's
    number, id, text, target (its whole commitment: metric, unit, thresholds, baseline
    year) and maximum score. Not the member's unit, signer or the address, which change
    a form's HASH but not what is reported. None for any other document."""
    if not isinstance(doc, FormDocument):
        return None
    items = [
        {"number": f"{section.number}.{item.number}", "id": item.fields.key, "text": item.text,
         "target": item.fields.item.target, "points": item.points}
        for section in doc.form.sections for item in section.items
    ]
    return ids.digest({"period": doc.form.period, "items": items})
