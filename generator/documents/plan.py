"""Which documents a pact yields, and where each one goes.

One entry per document (not per format): the writers turn each into a PDF and
a DOCX. The kinds are those of the ids module; each kind's template is named after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import vn
from generator.documents.context import document_id
from generator.pact.ids import Slot
from generator.pact.model import Pact

FORMATS = ("pdf", "docx")


def template(kind: str) -> str:
    """The template of a kind of document: `signature-page` → `signature-page.html`."""
    return f"{kind}.html"


@dataclass(frozen=True)
class Planned:
    kind: str
    member: str | None
    period: str | None
    id: str
    stem: str

    @property
    def template(self) -> str:
        return template(self.kind)

    @property
    def slot(self) -> Slot:
        return Slot(self.kind, self.member, self.period)


def output_folder(pact: Pact) -> str:
    """ROOT/<year>/<cluster code>: the code in ASCII so every file system takes it."""
    return f"{pact.year}/{vn.ascii_upper(pact.cluster.code)}"


def plan(pact: Pact, only: frozenset[str] | None = None) -> list[Planned]:
    slots = [
        (Slot("pact"), "ban-giao-uoc"),
        (Slot("signatures"), "trang-chu-ky"),
        *((Slot("signature-page", m.id), f"trang-ky-{m.id}") for m in pact.members),
        *(
            (Slot("report-form", m.id, p.id), f"bao-cao-{m.id}-{p.id}")
            for m in pact.members
            for p in pact.reporting.periods
        ),
    ]
    return [
        Planned(slot.kind, slot.member, slot.period, document_id(pact, slot), stem)
        for slot, stem in slots
        if only is None or slot.kind in only
    ]
