"""Document ids: CODE/YEAR/KIND/MEMBER/PERIOD/HASH, ASCII upper case.

The hash is taken over the validated pact data, not the file's bytes, so
comments and spacing in the pact file do not change any id; any change of
substance does, which is how a returned copy of an older draft is told apart.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import vn

if TYPE_CHECKING:  # for annotations only: the schema is heavy to import
    from generator.pact.model import Pact

EMPTY = "-"


def pact_hash(pact: Pact) -> str:
    canonical = json.dumps(
        pact.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8].upper()


def document_id(
    pact: Pact, kind: str, member: str | None = None, period: str | None = None
) -> str:
    parts = [
        vn.ascii_upper(pact.cluster.code),
        str(pact.year),
        vn.ascii_upper(kind),
        vn.ascii_upper(member) if member else EMPTY,
        vn.ascii_upper(period) if period else EMPTY,
        pact_hash(pact),
    ]
    return "/".join(parts)


ID_PATTERN = re.compile(r"\b([A-Z0-9-]+)/(\d{4})/([A-Z-]+)/([A-Z0-9-]+)/([A-Z0-9-]+)/([0-9A-F]{8})\b")


@dataclass(frozen=True)
class DocumentId:
    code: str
    year: int
    kind: str
    member: str
    period: str
    hash: str

    def __str__(self) -> str:
        return "/".join([self.code, str(self.year), self.kind, self.member, self.period, self.hash])


def find_ids(text: str) -> set[DocumentId]:
    """Every document id written in a text (a footer, a metadata field)."""
    return {
        DocumentId(code, int(year), kind, member, period, digest)
        for code, year, kind, member, period, digest in ID_PATTERN.findall(text)
    }
