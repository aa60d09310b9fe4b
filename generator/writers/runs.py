"""An HTML element's text as formatted runs for the DOCX writer: bold, italic, ruled,
line breaks, form fields and pictures, white space collapsed as HTML does."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from generator.documents import qr


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    ruled: bool = False
    line_break: bool = False
    field: etree._Element | None = None  # an <input> or <select>: a content control
    image: bytes | None = None  # a QR code's PNG
    description: str = ""  # the image's text alternative


def runs_of(element: etree._Element) -> list[Run]:
    """The element's text as formatted runs, white space collapsed as HTML does."""
    runs: list[Run] = []
    _collect(element, runs, bold=False, italic=False, ruled=False)
    for run in runs:
        run.text = re.sub(r"\s+", " ", run.text)
    # collapse spaces across run boundaries, then trim the paragraph's ends
    previous_space = True
    for run in runs:
        if run.line_break or run.image:
            previous_space = run.line_break
            continue
        if run.field is not None:
            previous_space = False
            continue
        if previous_space and run.text.startswith(" "):
            run.text = run.text[1:]
        if run.text:
            previous_space = run.text.endswith(" ")
    for run in reversed(runs):
        if run.line_break or run.field is not None or run.image:
            break
        stripped = run.text.rstrip(" ")
        run.text = stripped
        if stripped:
            break
    return [r for r in runs if r.line_break or r.field is not None or r.image or r.text]


def _collect(element: etree._Element, runs: list[Run], *, bold: bool, italic: bool, ruled: bool) -> None:
    if element.text:
        runs.append(Run(element.text, bold, italic, ruled))
    for child in element:
        if not isinstance(child.tag, str):
            pass  # a comment: its tail still counts
        elif child.tag == "br":
            runs.append(Run("", line_break=True))
        elif child.tag in {"input", "select"}:
            runs.append(Run("", field=child))
        elif child.tag == "img":
            runs.append(Run("", image=qr.png_from_data_uri(child.get("src", "")), description=child.get("alt", "")))
        else:
            _collect(
                child,
                runs,
                bold=bold or child.tag == "strong",
                italic=italic or child.tag == "em",
                ruled=ruled or (child.tag == "span" and child.get("class") == "ruled"),
            )
        if child.tail:
            runs.append(Run(child.tail, bold, italic, ruled))
