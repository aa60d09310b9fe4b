"""Each report-form field's title, as the template gives it ("1.1 · Cùng kỳ năm 2023
(vụ)"): what a PDF reader's tooltip and Word's content-control title show the
clerk, instead of the field's name.

The name stays the contract with `collect` (fields.py). A DOCX that went through
LibreOffice has lost its controls' tags and keeps only their titles, so `collect`
asks this module which name each title stands for: the same pact, member, period
and templates give the same form, hence the same titles.
"""

from __future__ import annotations

from pathlib import Path

from generator.documents.context import document_context
from generator.documents.plan import template
from generator.documents.render import render
from generator.documents.vocabulary import parse
from generator.pact.ids import Slot
from generator.pact.model import Pact

FIELD_TAGS = ("input", "select", "textarea")


def field_names_by_title(pact: Pact, member: str, period: str, templates_dir: Path | None = None) -> dict[str, str]:
    """title → field name on that member's form for the period (titles shared by two
    fields are left out: such a title names neither for sure)."""
    slot = Slot("report-form", member, period)
    tree = parse(render(template(slot.kind), document_context(pact, slot), templates_dir))
    pairs = [(e.get("title"), e.get("name")) for e in tree.iter(*FIELD_TAGS) if e.get("title") and e.get("name")]
    titles = [title for title, _ in pairs]
    return {title: name for title, name in pairs if titles.count(title) == 1}


def titles_by_name(pact: Pact, period: str, templates_dir: Path | None = None) -> dict[str, str]:
    """Field name → title on the period's forms, for messages a clerk reads: the
    titles do not depend on the member (the first one's form is read)."""
    by_title = field_names_by_title(pact, pact.members[0].id, period, templates_dir)
    return {name: title for title, name in by_title.items()}
