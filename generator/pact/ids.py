"""Document ids, CODE/YEAR/KIND/MEMBER/PERIOD/HASH in ASCII upper case: their one owner.

Everything pact knows about an id lives here: the kinds of documents, with what each
one is and how pact names it to a user; building an id; reading ids out of any text
with one pattern; and telling a page's own id from an id it cites (a signature page
prints the agreement's id in its text). Plan, build, archive, collect and the web
pages call this module; none of them spells an id or a kind list of its own.

HASH names exactly what the document shows: it is taken over the data its template
receives (documents/context.py), so a change rewrites only the documents that show it,
and a copy whose HASH is not its slot's current one is of an earlier version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator import vn

if TYPE_CHECKING:  # for annotations only: the schema is heavy to import
    from generator.pact.model import Pact

# Where a PDF's document information carries its id: /documentid (its <meta name="document-id">)
# and /Keywords (templates/base.html's <meta name="keywords">). Readers look in both.
METADATA_KEYS = ("documentid", "Keywords")
EMPTY = "-"  # an id's MEMBER or PERIOD for a document that has none
SEPARATOR = "/"


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of document, as the manifest, `--only` and `--kind` name it."""

    name: str
    label: str  # how pact names it to a user, beside the id (terminal, web pages)
    per_member: bool  # one per member: the id's MEMBER is set
    per_period: bool  # one per reporting period: the id's PERIOD is set
    signed: bool  # comes back signed: archival PDF/A-3b, dated and numbered as the pact
    packet: bool  # written by `pact build` and kept by the archive
    cites: str | None = None  # the kind whose id this document prints in its text


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("pact", "Bản giao ước", per_member=False, per_period=False, signed=True, packet=True),
    Kind("signatures", "Trang chữ ký", per_member=False, per_period=False, signed=True, packet=True,
         cites="pact"),
    Kind("signature-page", "Trang ký", per_member=True, per_period=False, signed=True, packet=True,
         cites="pact"),
    Kind("report-form", "Biểu mẫu báo cáo", per_member=True, per_period=True, signed=False, packet=True),
    Kind("summary", "Báo cáo tổng hợp", per_member=False, per_period=True, signed=False, packet=False),
)}
# What `pact build` writes, in plan order, and what the archive keeps.
PACKET_KINDS = tuple(name for name, kind in KINDS.items() if kind.packet)
SIGNED_KINDS = frozenset(name for name, kind in KINDS.items() if kind.signed)
# Signed by every member (the agreement and the grid), not by one member each.
SIGNED_BY_EVERY_MEMBER = frozenset(name for name, kind in KINDS.items() if kind.signed and not kind.per_member)


def label(kind: str) -> str:
    """The kind's name for a user; an unknown kind (read from a foreign id) as it is."""
    return KINDS[kind].label if kind in KINDS else kind


@dataclasses.dataclass(frozen=True, order=True)
class Slot:
    """A document's place within its pact: kind, member and period (None where the
    kind has none), as the pact file spells them (lower-case slugs)."""

    kind: str
    member: str | None = None
    period: str | None = None


@dataclasses.dataclass(frozen=True)
class DocumentId:
    code: str  # the cluster code as printed (ASCII upper case)
    year: int
    slot: Slot
    hash: str

    @property
    def text(self) -> str:
        """The id as printed."""
        slot = self.slot
        return SEPARATOR.join([
            self.code, str(self.year), vn.ascii_upper(slot.kind),
            vn.ascii_upper(slot.member) if slot.member else EMPTY,
            vn.ascii_upper(slot.period) if slot.period else EMPTY,
            self.hash,
        ])

    @property
    def pact(self) -> str:
        """CODE/YEAR: the key that groups every document of one pact, of any version."""
        return f"{self.code}{SEPARATOR}{self.year}"

    def __str__(self) -> str:
        return self.text


def digest(data: object) -> str:
    """An id's HASH: the first 8 hex digits of the SHA-256 of `data` (what a template
    receives: dataclasses, the pact model, plain values) as canonical JSON. Comments
    and spacing in the pact file are not data, so they change no id."""
    canonical = json.dumps(data, default=_plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8].upper()


def _plain(value: object) -> object:
    """JSON's fallback: a dataclass as its fields, a pydantic model as its JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"{type(value).__name__} is not template data")


def make(pact: Pact, slot: Slot, digest: str) -> str:
    """The id of `pact`'s document in `slot` whose data hashes to `digest`."""
    return DocumentId(vn.ascii_upper(pact.cluster.code), pact.year, slot, digest).text


def pact_key(pact: Pact) -> str:
    """CODE/YEAR: what every id of the pact's documents starts with, in any version."""
    return f"{vn.ascii_upper(pact.cluster.code)}{SEPARATOR}{pact.year}"


# One part of an id: upper-case words joined by single hyphens. An id stands alone:
# neither a letter, a digit, '/' nor '-' touches it on either side, so a longer
# slash-separated path ("X/CTD12/2024/…") holds no id.
_PART = r"[A-Z0-9]+(?:-[A-Z0-9]+)*"
_DIGEST = r"[0-9A-F]{8}"  # what digest() makes
PATTERN = re.compile(
    rf"(?<![A-Z0-9/-])({_PART})/(\d{{4}})/({_PART})/(-|{_PART})/(-|{_PART})/({_DIGEST})(?![A-Z0-9/-])"
)


def as_digest(text: str) -> str | None:
    """`text` (read back from a file's properties) if it is a digest, else None."""
    text = text.strip()
    return text if re.fullmatch(_DIGEST, text) else None


def find_ids(text: str) -> list[DocumentId]:
    """Every well-formed document id in `text`, in order of appearance."""
    return [_from_match(m) for m in PATTERN.finditer(text)]


def parse_id(text: str) -> DocumentId | None:
    """`text` as a document id, or None if it is not exactly one."""
    match = PATTERN.fullmatch(text.strip())
    return _from_match(match) if match else None


def _from_match(match: re.Match) -> DocumentId:
    code, year, kind, member, period, digest = match.groups()
    slot = Slot(
        kind.lower(),
        None if member == EMPTY else member.lower(),
        None if period == EMPTY else period.lower(),
    )
    return DocumentId(code, int(year), slot, digest)


def own_ids(found: Iterable[DocumentId]) -> list[DocumentId]:
    """The ids read from one page that are the page's own. A signature page prints the
    agreement's id in its text: an id of the kind that another id of the same pact on
    the page cites is that citation, whatever words the template put around either."""
    found = list(found)
    cited = {(d.code, d.year, KINDS[d.slot.kind].cites) for d in found if d.slot.kind in KINDS}
    return [d for d in found if (d.code, d.year, d.slot.kind) not in cited]
