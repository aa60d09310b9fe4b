"""The summary as tables for the secretariat's spreadsheets: CSV (UTF-8 with BOM,
dot decimals, codes) and XLSX (numbers as numbers, Vietnamese headings)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from generator.collect.compute import ranks
from generator.collect.summary import member_totals
from generator.collect.values import MemberReport

CSV_COLUMNS = ["member", "item", "metric", "baseline", "current", "value", "change_percent",
               "met", "reached_max", "assessment", "score"]
XLSX_HEADINGS = ["Đơn vị", "Nội dung", "Chỉ tiêu", "Cùng kỳ", "Kỳ báo cáo", "Kết quả", "Tăng, giảm (%)",
                 "Đạt", "Đạt mức tối đa", "Tự đánh giá", "Điểm"]
RANKING_COLUMNS = ["member", "score", "rank"]
XLSX_RANKING_HEADINGS = ["Đơn vị", "Tổng điểm", "Hạng"]
FIXED_TIME = dt.datetime(2000, 1, 1)  # the same figures give the same bytes


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
            _flag(v) if isinstance(v, bool) else _plain(v) if isinstance(v, Decimal) else ("" if v is None else v)
            for v in row
        ])
    return out.getvalue().encode("utf-8-sig")


def summary_csv(reports: list[MemberReport]) -> bytes:
    return _csv(CSV_COLUMNS, rows(reports))


def ranking_csv(reports: list[MemberReport]) -> bytes:
    return _csv(RANKING_COLUMNS, ranking_rows(reports))


def summary_xlsx(reports: list[MemberReport], units: dict[str, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.properties.created = book.properties.modified = FIXED_TIME
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append(XLSX_HEADINGS)
    for row in rows(reports):
        sheet.append([units[row[0]], *(_cell(v) for v in row[1:])])
    ranking = book.create_sheet("Xếp hạng")
    ranking.append(XLSX_RANKING_HEADINGS)
    for member, total, rank in ranking_rows(reports):
        ranking.append([units[member], float(total), rank])
    for table in (sheet, ranking):
        table.freeze_panes = "A2"
        for cell in table[1]:
            cell.font = Font(bold=True)
        table.column_dimensions["A"].width = 34
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    """Excel types: Excel shows booleans in the user's own language."""
    if isinstance(value, Decimal):
        return float(value)
    return value
