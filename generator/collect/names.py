"""The summary files' names: one owner, so the web page and `pact collect` name them
alike, each for its cluster, year and period (a clerk hands them on without renaming)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import vn

if TYPE_CHECKING:  # for annotations only: the schema is heavy to import
    from generator.pact.model import Pact, Period

SUMMARY_FORMATS = ("pdf", "docx", "xlsx", "csv")


def summary_names(pact: Pact, period: Period) -> dict[str, str]:
    """What → file name: `pdf` → `tong-hop-CTD12-2025-so-ket-6-thang.pdf`, …, and
    `ranking` → `xep-hang-CTD12-2025-so-ket-6-thang.csv`."""
    tail = f"{vn.ascii_upper(pact.cluster.code)}-{pact.year}-{period.id}"
    names = {kind: f"tong-hop-{tail}.{kind}" for kind in SUMMARY_FORMATS}
    names["ranking"] = f"xep-hang-{tail}.csv"
    return names
