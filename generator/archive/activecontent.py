"""Active content in a PDF: what a reader may run on opening it (JavaScript, an
opening action, a program launch). The archive never runs it, but the archivist
should know before opening the stored copy in a reader that would."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

JAVASCRIPT = "JavaScript"
LAUNCH = "Launch"
OPEN_ACTION = "OpenAction"


def active_content(content: bytes) -> list[str]:
    """Which of JavaScript, OpenAction (an action run on opening, not merely the page
    to show first) and Launch the file holds, walking every object reachable from
    its trailer once."""
    reader = PdfReader(io.BytesIO(content), strict=False)
    found: set[str] = set()
    for node in _reachable(reader.trailer):
        if not isinstance(node, DictionaryObject):
            continue
        action = node.get("/S")
        if action == "/JavaScript" or "/JS" in node or isinstance(node.get("/JavaScript"), (DictionaryObject, IndirectObject)):
            found.add(JAVASCRIPT)
        if action == "/Launch":
            found.add(LAUNCH)
        opening = node.get("/OpenAction")
        if opening is not None and isinstance(opening.get_object(), DictionaryObject):
            found.add(OPEN_ACTION)
    return sorted(found)


def _reachable(start: DictionaryObject):
    """Every object reachable from `start`, each indirect object visited once (a
    loop of references ends), without recursion (a deep nest cannot overflow)."""
    seen: set[tuple[int, int]] = set()
    stack: list = [start]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        yield node
        if isinstance(node, DictionaryObject):
            stack += [v for k, v in node.items() if k != NameObject("/Parent")]
        elif isinstance(node, ArrayObject):
            stack += list(node)
