"""The summary as a workbook a clerk can hand on (XLSX): units, item numbers and texts,
verdicts and self-assessments in words, numbers as numbers, and the item × unit grid
of scores the Reports page shows. Every word (sheet names, headings, verdicts) is the
templates' summary-tables.yaml; text that a spreadsheet would run as a formula is text."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable

from generator.collect.compute import ranks
from generator.collect.summary import maximum_total, member_totals, return_row
from generator.collect.tables import FORMULA_STARTS
from generator.collect.values import ItemReport, MemberReport
from generator.documents.fields import item_fields
from generator.documents.rendered import BUILTIN_TEMPLATES
from generator.documents.wording import read_wording
from generator.errors import TemplateError
from generator.pact.model import Pact

WORDING = "summary-tables.yaml"  # of the templates folders
# each sheet's fixed headings, in the order of its columns (the scores sheet then has one per unit)
SHEETS = {"summary": 12, "scores": 3, "ranking": 5, "signatures": 4}
WORDS = ("met", "not_met", "zero_baseline", "signed", "unsigned", "total")
WIDTHS = {"summary": {"A": 34, "C": 60, "D": 34}, "scores": {"B": 60}, "ranking": {"B": 34, "E": 30},
          "signatures": {"A": 34, "C": 40, "D": 18}}
FIXED_TIME = dt.datetime(2000, 1, 1)  # the same figures give the same bytes


@dataclass(frozen=True)
class Sheet:
    name: str
    headings: list[str]


@dataclass(frozen=True)
class Wording:
    sheets: dict[str, Sheet]  # by SHEETS' keys
    words: dict[str, str]  # by WORDS


def workbook_wording(search_path: tuple[Path, ...]) -> Wording:
    """The sheets' names and headings and the cells' words, from the first templates
    folder that has summary-tables.yaml. A part that folder's file lacks (a file written
    before that sheet existed) comes from the built-in file; a part it has must be whole."""
    own = read_wording(search_path, WORDING)
    builtin = read_wording((BUILTIN_TEMPLATES,), WORDING)

    def source(key: str) -> tuple[Path, object]:
        return own if isinstance(own[1], dict) and key in own[1] else builtin

    sheets = {key: _sheet(*source(key), key, columns) for key, columns in SHEETS.items()}
    return Wording(sheets, _words(*source("words")))


def _sheet(path: Path, data: object, key: str, columns: int) -> Sheet:
    part = data.get(key) if isinstance(data, dict) else None
    name = part.get("sheet") if isinstance(part, dict) else None
    headings = part.get("headings") if isinstance(part, dict) else None
    if not (isinstance(name, str) and name.strip() and isinstance(headings, list) and len(headings) == columns
            and all(isinstance(h, str) for h in headings)):
        raise TemplateError(
            f"{path}: mục {key} cần sheet (tên trang tính) và headings (đúng {columns} tiêu đề cột, theo "
            f"thứ tự có sẵn). Sửa tệp theo mẫu có sẵn (templates/{WORDING})."
        )
    return Sheet(name.strip(), headings)


def _words(path: Path, data: object) -> dict[str, str]:
    part = data.get("words") if isinstance(data, dict) else None
    if not (isinstance(part, dict) and all(isinstance(part.get(w), str) and part[w].strip() for w in WORDS)):
        raise TemplateError(f"{path}: mục words cần đủ các chữ {', '.join(WORDS)}. "
                            f"Sửa tệp theo mẫu có sẵn (templates/{WORDING}).")
    return {w: part[w].strip() for w in WORDS}


def summary_xlsx(pact: Pact, reports: list[MemberReport], labels: dict[str, str], wording: Wording) -> bytes:
    """The workbook: figures per unit and item, the scores grid, the ranking, the signatures.
    `labels` are the self-assessment levels' words (assessments.yaml)."""
    from openpyxl import Workbook

    order = {m.id: n for n, m in enumerate(pact.members)}
    reports = sorted(reports, key=lambda r: order[r.member.id])
    words, sheets = wording.words, wording.sheets
    book = Workbook()
    book.properties.created = book.properties.modified = FIXED_TIME
    book.remove(book.active)
    tables = {
        "summary": _summary_rows(reports, labels, words),
        "scores": _score_rows(pact, reports, words),
        "ranking": _ranking_rows(pact, reports),
        "signatures": _signature_rows(reports, words),
    }
    for key, rows in tables.items():
        headings = sheets[key].headings + ([r.member.unit for r in reports] if key == "scores" else [])
        _fill(book.create_sheet(sheets[key].name), headings, rows, WIDTHS[key])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary_rows(reports: list[MemberReport], labels: dict[str, str], words: dict[str, str]) -> Iterable[list]:
    for report in reports:
        for item in report.items:
            target = item.fields.item.target
            yield [report.member.unit, item.fields.label, item.fields.title, target.metric if target else None,
                   _number(item.baseline), _number(item.current), _number(item.value),
                   _number(item.change.rounded) if item.change else None,
                   _verdict(item, words), _yes_no(item.change.reached_max if item.change else None, words),
                   labels.get(item.assessment) if item.assessment else None, _number(item.score)]


def _verdict(item: ItemReport, words: dict[str, str]) -> str | None:
    return words["zero_baseline"] if item.zero_baseline else _yes_no(item.met, words)


def _yes_no(value: bool | None, words: dict[str, str]) -> str | None:
    return None if value is None else words["met" if value else "not_met"]


def _score_rows(pact: Pact, reports: list[MemberReport], words: dict[str, str]) -> Iterable[list]:
    """The item × unit grid: one row per scored item, then the totals."""
    for index, fields in enumerate(item_fields(pact)):
        if fields.item.points is not None:
            yield [fields.label, fields.title, fields.item.points, *(_number(r.items[index].score) for r in reports)]
    yield [None, words["total"], maximum_total(pact), *(_number(r.total) for r in reports)]


def _ranking_rows(pact: Pact, reports: list[MemberReport]) -> list[list]:
    places = ranks(member_totals(reports))
    maximum = maximum_total(pact)
    rows = [[places[r.member.id], r.member.unit, _number(r.total), maximum,
             ", ".join(i.fields.label for i in r.items if i.blank) or None] for r in reports]
    return sorted(rows, key=lambda row: row[0])  # stable: ties keep the pact's order


def _signature_rows(reports: list[MemberReport], words: dict[str, str]) -> Iterable[list]:
    for report in reports:
        row = return_row(report)
        yield [row.unit, words["signed" if row.signed else "unsigned"],
               "; ".join(s.name for s in row.signers) or None, row.signed_at or None]


def _fill(table, headings: list[str], rows: Iterable[list], widths: dict[str, int]) -> None:
    from openpyxl.styles import Font

    table.append(headings)
    for row in rows:
        table.append(row)
    _text_not_formulas(table)
    table.freeze_panes = "A2"
    for cell in table[1]:
        cell.font = Font(bold=True)
    for column, width in widths.items():
        table.column_dimensions[column].width = width


def _text_not_formulas(table) -> None:
    """openpyxl takes text starting with '=' for a formula: make every such cell text,
    with Excel's quote prefix so that editing the cell keeps it text."""
    for row in table.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
