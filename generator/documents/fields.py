"""Report-form field names: the contract between the forms we write and `pact collect`.

Identical in the PDF (AcroForm field names) and the DOCX (content-control tag and
alias), so a form is read back the same way whoever filled it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import vn
from generator.pact.model import Item, Pact

# the self-assessment levels' codes, best first: a form's values (their labels, the
# words a member sees and picks, are the templates' assessments.yaml)
ASSESSMENT_CODES = ("hoan-thanh-tot", "hoan-thanh", "chua-hoan-thanh")
FREE_TEXT = ("highlights", "shortcomings", "proposals")
HEADER_FIELDS = ("report-number", "report-date")


@dataclass(frozen=True)
class ItemFields:
    """The field names of one pact item on a report form (None: the item has no such field)."""

    key: str
    section: int  # 1-based, as numbered in the pact
    number: int  # 1-based within its section
    item: Item
    result: str
    assessment: str
    baseline: str | None
    current: str | None
    value: str | None
    score: str | None

    @property
    def label(self) -> str:
        """'II.1': the item's number as the pact prints it, and the summary with it."""
        return f"{vn.roman(self.section)}.{self.number}"

    @property
    def title(self) -> str:
        """The item's text without its closing punctuation, for a table's row."""
        return self.item.text.rstrip(" .;")


def item_key(section: int, number: int, item: Item) -> str:
    """An item's id, or `s<section>-<item>` (both 1-based) for an item without one."""
    return item.id or f"s{section}-{number}"


def item_fields(pact: Pact) -> list[ItemFields]:
    fields = []
    for s, section in enumerate(pact.sections, start=1):
        for n, item in enumerate(section.items, start=1):
            key = item_key(s, n, item)
            change = item.target is not None and item.target.change is not None
            level = item.target is not None and item.target.level is not None
            fields.append(ItemFields(
                key=key, section=s, number=n, item=item,
                result=f"{key}:result",
                assessment=f"{key}:assessment",
                baseline=f"{key}:baseline" if change else None,
                current=f"{key}:current" if change else None,
                value=f"{key}:value" if level else None,
                score=f"{key}:score" if item.points is not None else None,
            ))
    return fields


def all_field_names(pact: Pact) -> set[str]:
    """Every field a report form of this pact carries: what a returned form must match."""
    names = set(HEADER_FIELDS) | set(FREE_TEXT)
    for f in item_fields(pact):
        names |= {n for n in (f.result, f.assessment, f.baseline, f.current, f.value, f.score) if n}
    return names
