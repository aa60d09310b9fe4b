"""Whose signature it is and in which role, told three ways.

1. The field it fills: `sign:<member>` (the signer) or `seal:<member>` (the organisation),
   the empty fields our documents carry where Nghị định 30 puts each signature.
2. Else the signature block its widget lies on: a signing tool that adds a field of its
   own (VGCA Sign names it as it likes) still places it over our empty field there.
3. Else the certificate: a unit's own certificate names the unit (CN), a person's
   names the unit it belongs to (O or OU).

The first that answers gives the member; any other that answers differently is a
disagreement the checker reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import vn
from generator.signing.fields import ORGANISATION, SIGNER, parse_field_name

MIN_OVERLAP = 0.3  # share of the union two rectangles must have in common to be "on" one another
MAX_PAGES = 500  # page tree nodes walked to place widgets
MAX_ANNOTATIONS = 2000


@dataclass(frozen=True)
class Claim:
    member: str
    role: str | None
    how: str  # "field", "block" or "certificate"


@dataclass(frozen=True)
class Widget:
    name: str  # the field's full name
    page: int
    rect: tuple[float, float, float, float]
    filled: bool


def field_claim(name: str) -> Claim | None:
    """`sign:an-giang` → an-giang as signer; any other name says nothing."""
    parsed = parse_field_name(name)
    return Claim(parsed.member, parsed.role, "field") if parsed else None


def block_claim(widget: Widget | None, widgets: list[Widget]) -> Claim | None:
    """The empty `sign:`/`seal:` field this widget covers best, if it covers one."""
    if widget is None:
        return None
    best, best_overlap = None, MIN_OVERLAP
    for block in widgets:
        claim = field_claim(block.name)
        if claim is None or block.filled or block.page != widget.page:
            continue
        overlap = _overlap(widget.rect, block.rect)
        if overlap > best_overlap:
            best, best_overlap = Claim(claim.member, claim.role, "block"), overlap
    return best


def certificate_claim(subject: dict, units: dict[str, str]) -> Claim | None:
    """The member whose unit the certificate names: as CN, a unit's own certificate
    (the organisation); as O or OU, a person of that unit (the signer)."""
    folded = {vn.ascii_upper(unit): member for member, unit in units.items()}

    def member_named(key: str) -> str | None:
        values = subject.get(key) or []
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and vn.ascii_upper(value) in folded:
                return folded[vn.ascii_upper(value)]
        return None

    unit = member_named("common_name")
    if unit is not None:
        return Claim(unit, ORGANISATION, "certificate")
    person_of = member_named("organization_name") or member_named("organizational_unit_name")
    return Claim(person_of, SIGNER, "certificate") if person_of else None


def widgets(root) -> list[Widget]:
    """Every signature widget on the pages (pyHanko objects), with its full field
    name, page index and rectangle; walks at most MAX_PAGES pages and MAX_ANNOTATIONS."""
    found: list[Widget] = []
    for index, page in enumerate(_pages(root["/Pages"])):
        for annotation in _list(page.get("/Annots"))[:MAX_ANNOTATIONS - len(found)]:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Widget" or _inherited(annotation, "/FT") != "/Sig":
                continue
            rect = [float(v) for v in _list(annotation.get("/Rect"))][:4]
            if len(rect) == 4:
                found.append(Widget(_full_name(annotation), index, _normalised(rect),
                                    _inherited(annotation, "/V") is not None))
    return found


def _pages(node):
    """The leaf pages of the page tree in order; no loops, at most MAX_PAGES."""
    stack, seen, count = [node], set(), 0
    while stack and count < MAX_PAGES:
        current = stack.pop()
        reference = getattr(current, "reference", None) or id(current)
        if reference in seen:
            continue
        seen.add(reference)
        current = current.get_object()
        if current.get("/Type") == "/Pages" or "/Kids" in current:
            stack += list(reversed(_list(current.get("/Kids"))))
        else:
            count += 1
            yield current


def _list(value) -> list:
    value = value.get_object() if value is not None and hasattr(value, "get_object") else value
    return list(value) if isinstance(value, list) else []


def _inherited(field, key: str):
    for _ in range(32):  # a field's ancestry is short; a loop is not followed for ever
        if key in field:
            return field[key]
        parent = field.get("/Parent")
        if parent is None:
            return None
        field = parent.get_object()
    return None


def _full_name(field) -> str:
    parts: list[str] = []
    for _ in range(32):
        if "/T" in field:
            parts.append(str(field["/T"]))
        parent = field.get("/Parent")
        if parent is None:
            break
        field = parent.get_object()
    return ".".join(reversed(parts))


def _normalised(rect: list[float]) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = rect
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Intersection over union: 1 for the same rectangle, ~1/3 for a third of it."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    common = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - common
    return common / union if union > 0 else 0.0
