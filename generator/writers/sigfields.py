"""Empty PDF signature fields at the signing spaces, written with the PDF itself.

WeasyPrint makes no signature fields, so they are added in its finisher hook: the
layout tells where each marked signing space ended up (`Page.anchors` holds the
rectangle of every element with an id), and the fields go into the same PDF objects
before they are written. Done there rather than as an incremental update afterwards
(pyHanko's `append_signature_field`): an update would give every build a random file
/ID and a new XMP date, so the same pact would no longer give the same bytes, and a
PDF/A document would carry a second revision before anyone signed it.
"""

from __future__ import annotations

import pydyf

from generator.signing.fields import SIGNER, field_name, field_rects, parse_field_name

PRINT = 4  # annotation flag: printed (PDF/A requires it on every widget)
PX = 0.75  # PDF points per CSS pixel


def add_signature_fields(document, pdf) -> None:
    """A finisher for `write_pdf`: two empty signature fields (signer, organisation) at
    every signing space a template marked; nothing for a document without one."""
    page_numbers = pdf.pages["Kids"][::3]
    for page, number in zip(document.pages, page_numbers):
        for anchor, rectangle in page.anchors.items():
            name = parse_field_name(anchor)
            if name is None or name.role != SIGNER:
                continue
            space = _pdf_rect(rectangle, page.height)
            for role, rect in field_rects(space).items():
                _add_field(pdf, pdf.objects[number], field_name(role, name.member), rect)


def _pdf_rect(rectangle, page_height: float) -> tuple[float, float, float, float]:
    """CSS pixels from the page's top left → PDF points from its bottom left."""
    x1, y1, x2, y2 = rectangle
    return (x1 * PX, (page_height - y2) * PX, x2 * PX, (page_height - y1) * PX)


def _add_field(pdf, page, name: str, rect) -> None:
    """A signature field merged with its widget: invisible until signed, with the
    empty appearance PDF/A asks of every widget."""
    x1, y1, x2, y2 = rect
    appearance = pydyf.Stream([], pydyf.Dictionary({
        "Type": "/XObject", "Subtype": "/Form",
        "BBox": pydyf.Array([0, 0, x2 - x1, y2 - y1]),
    }))
    pdf.add_object(appearance)
    field = pydyf.Dictionary({
        "Type": "/Annot", "Subtype": "/Widget", "FT": "/Sig",
        "T": pydyf.String(name),
        "Rect": pydyf.Array([x1, y1, x2, y2]),
        "F": PRINT,
        "P": page.reference,
        "AP": pydyf.Dictionary({"N": appearance.reference}),
    })
    pdf.add_object(field)
    page.setdefault("Annots", pydyf.Array()).append(field.reference)
    form = pdf.catalog.setdefault("AcroForm", pydyf.Dictionary({"Fields": pydyf.Array()}))
    form["Fields"].append(field.reference)
