"""The summary as CSV tables for further processing: UTF-8 with BOM, dot decimals,
members and items by their codes (the workbook a clerk hands on is workbook.py)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from generator.collect.compute import ranks
from generator.collect.summary import member_totals
from generator.collect.values import MemberReport

CSV_COLUMNS = ["member", "item", "metric", "baseline", "current", "value", "change_percent",
               "met", "reached_max", "assessment", "score"]
RANKING_COLUMNS = ["member", "score", "rank"]
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
