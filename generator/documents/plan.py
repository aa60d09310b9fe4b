"""Which documents a pact yields, and where each one goes.

One entry per document (not per format): the writers turn each into a PDF and
a DOCX. Kinds and their templates are listed once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import vn
from generator.pact import ids

if TYPE_CHECKING:  # for annotations only: `pact build --only` reads KINDS without the schema
    from generator.pact.model import Pact

TEMPLATES = {
    "pact": "pact.html",
    "signatures": "signatures.html",
    "signature-page": "signature-page.html",
    "report-form": "report-form.html",
}
KINDS = tuple(TEMPLATES)
# Kinds kept for the archive: PDF/A-3b with the pact file attached (report forms stay plain).
ARCHIVAL_KINDS = frozenset({"pact", "signatures", "signature-page"})
FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Planned:
    kind: str
    member: str | None
    period: str | None
    id: str
    stem: str

    @property
    def template(self) -> str:
        return TEMPLATES[self.kind]


def output_folder(pact: Pact) -> str:
    """ROOT/<year>/<cluster code>: the code in ASCII so every file system takes it."""
    return f"{pact.year}/{vn.ascii_upper(pact.cluster.code)}"


def plan(pact: Pact, only: frozenset[str] | None = None) -> list[Planned]:
    documents = [
        _planned(pact, "pact", stem="ban-giao-uoc"),
        _planned(pact, "signatures", stem="trang-chu-ky"),
        *(
            _planned(pact, "signature-page", member=m.id, stem=f"trang-ky-{m.id}")
            for m in pact.members
        ),
        *(
            _planned(pact, "report-form", member=m.id, period=p.id, stem=f"bao-cao-{m.id}-{p.id}")
            for m in pact.members
            for p in pact.reporting.periods
        ),
    ]
    return [d for d in documents if only is None or d.kind in only]


def _planned(pact: Pact, kind: str, *, stem: str, member: str | None = None,
             period: str | None = None) -> Planned:
    return Planned(kind, member, period, ids.document_id(pact, kind, member, period), stem)
