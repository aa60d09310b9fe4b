"""The summary as tables for the secretariat's spreadsheets: CSV (UTF-8 with BOM,
dot decimals, codes) and XLSX (numbers as numbers, Vietnamese headings). The XLSX
wording (sheet names, headings) is the templates' summary-tables.yaml."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.collect.compute import ranks
from generator.collect.summary import member_totals, return_row
from generator.collect.values import MemberReport
from generator.errors import TemplateError
from generator.documents.rendered import BUILTIN_TEMPLATES
from generator.documents.wording import read_wording

CSV_COLUMNS = ["member", "item", "metric", "baseline", "current", "value", "change_percent",
               "met", "reached_max", "assessment", "score"]
RANKING_COLUMNS = ["member", "score", "rank"]
SIGNATURE_COLUMNS = 4  # unit, signed digitally, signed by, when
WORDING = "summary-tables.yaml"  # of the templates folders
FIXED_TIME = dt.datetime(2000, 1, 1)  # the same figures give the same bytes
# What makes a spreadsheet read a cell as a formula (OWASP, CSV injection): text that
# starts so is written as text. Numbers are never text, so a negative change stays a number.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    """A leading apostrophe, the OWASP advice: spreadsheets show the field as text."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _flag(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def rows(reports: list[MemberReport]) -> list[list]:
    """One row per member and item, typed: Decimal, bool, str or None."""
    table = []
    for report in reports:
        for item in report.items:
            target = item.fields.item.target
            table.append([
                report.member.id, item.fields.key, target.metric if target else None,
                item.baseline, item.current, item.value,
                item.change.rounded if item.change else None,
                item.met, item.change.reached_max if item.change else None,
                item.assessment, item.score,
            ])
    return table


def ranking_rows(reports: list[MemberReport]) -> list[list]:
    totals = member_totals(reports)
    places = ranks(totals)
    return sorted(([m, totals[m], places[m]] for m in totals), key=lambda row: (row[2], row[0]))


def _csv(header: list[str], table: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in table:
        writer.writerow([
            _flag(v) if isinstance(v, bool) else _plain(v) if isinstance(v, Decimal)
            else _csv_text(v) if isinstance(v, str) else ("" if v is None else v)
            for v in row
        ])
    return out.getvalue().encode("utf-8-sig")


def summary_csv(reports: list[MemberReport]) -> bytes:
    return _csv(CSV_COLUMNS, rows(reports))


def ranking_csv(reports: list[MemberReport]) -> bytes:
    return _csv(RANKING_COLUMNS, ranking_rows(reports))


@dataclass(frozen=True)
class Sheet:
    name: str
    headings: list[str]


def xlsx_wording(search_path: tuple[Path, ...]) -> tuple[Sheet, Sheet, Sheet]:
    """The summary, ranking and signature sheets' names and headings, from the first
    templates folder that has summary-tables.yaml; one heading per column, in the CSV's
    order. A secretariat's file written before the signature sheet existed keeps
    working: that sheet's wording then comes from the built-in file."""
    path, data = read_wording(search_path, WORDING)
    own = isinstance(data, dict) and "signatures" in data
    signatures = (path, data) if own else read_wording((BUILTIN_TEMPLATES,), WORDING)
    return (_sheet(path, data, "summary", len(CSV_COLUMNS)), _sheet(path, data, "ranking", len(RANKING_COLUMNS)),
            _sheet(*signatures, "signatures", SIGNATURE_COLUMNS))


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


def summary_xlsx(reports: list[MemberReport], units: dict[str, str], wording: tuple[Sheet, Sheet, Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    summary, ranked, signed = wording
    book = Workbook()
    book.properties.created = book.properties.modified = FIXED_TIME
    sheet = book.active
    sheet.title = summary.name
    sheet.append(summary.headings)
    for row in rows(reports):
        sheet.append([units[row[0]], *(_cell(v) for v in row[1:])])
    ranking = book.create_sheet(ranked.name)
    ranking.append(ranked.headings)
    for member, total, rank in ranking_rows(reports):
        ranking.append([units[member], float(total), rank])
    signatures = book.create_sheet(signed.name)
    signatures.append(signed.headings)
    for report in reports:
        row = return_row(report)
        signatures.append([row.unit, row.signed, "; ".join(s.name for s in row.signers), row.signed_at])
    for table in (sheet, ranking, signatures):
        _text_not_formulas(table)
        table.freeze_panes = "A2"
        for cell in table[1]:
            cell.font = Font(bold=True)
        table.column_dimensions["A"].width = 34
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_not_formulas(table) -> None:
    """openpyxl takes text starting with '=' for a formula: make every such cell text,
    with Excel's quote prefix so that editing the cell keeps it text."""
    for row in table.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def _cell(value):
    """Excel types: Excel shows booleans in the user's own language."""
    if isinstance(value, Decimal):
        return float(value)
    return value
