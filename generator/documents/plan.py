"""Which documents a pact yields, and where each one goes.

One entry per document (not per format): the writers turn each into a PDF and
a DOCX. The kinds are those of the ids module; each kind's template is named after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import vn
from generator.pact import ids

if TYPE_CHECKING:  # for annotations only: the schema is heavy to import
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
