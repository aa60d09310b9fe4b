"""The wording of forms and summaries lives with the templates: the self-assessment
labels (assessments.yaml), the summary's dateline and heading numbers (summary.html).
A secretariat's templates folder rewords them; Python holds none of it."""

from __future__ import annotations

import csv
import io
import zipfile

from lxml import etree
from pypdf import PdfReader

from conftest import SAMPLE, run_pact, unseen_pact_data, write_yaml
from forms import W, fill_docx
from generator.collect.summary import summary_context
from generator.documents.render import render
from generator.documents.rendered import BUILTIN_TEMPLATES
from generator.pact.load import load_pact
from readers import flat, pdftotext

PERIOD = "so-ket-6-thang"
TAIL = f"CTD12-2024-{PERIOD}"  # the summary files' names: tong-hop-TAIL.pdf, …
ITEM = "giam-toi-pham-ttxh:assessment"
BEST = "Hoàn thành xuất sắc"


def reworded(folder, old: str, new: str):
    folder.mkdir(exist_ok=True)
    text = (BUILTIN_TEMPLATES / "assessments.yaml").read_text(encoding="utf-8")
    (folder / "assessments.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_reworded_labels_are_on_the_forms_and_the_summary_and_read_back(tmp_path):
    own = reworded(tmp_path / "mau", "hoan-thanh-tot: Hoàn thành tốt", f"hoan-thanh-tot: {BEST}")
    built = run_pact("build", SAMPLE, "--out", tmp_path / "forms", "--only", "report-form", "--templates", own)
    assert built.returncode == 0, built.stderr
    forms = tmp_path / "forms/2024/CTD12"
    choice = next(f for f in PdfReader(forms / f"bao-cao-an-giang-{PERIOD}.pdf").get_fields().values()
                  if f.get("/FT") == "/Ch")
    assert [list(map(str, o)) for o in choice["/Opt"]][1] == ["hoan-thanh-tot", BEST]
    with zipfile.ZipFile(forms / f"bao-cao-an-giang-{PERIOD}.docx") as archive:
        items = etree.fromstring(archive.read("word/document.xml")).iter(f"{W}listItem")
        assert next(items).get(f"{W}displayText") == BEST

    returned = tmp_path / "returned"
    returned.mkdir()
    fill_docx(forms / f"bao-cao-an-giang-{PERIOD}.docx", returned / "ag.docx", {ITEM: BEST})
    fill_docx(forms / f"bao-cao-ca-mau-{PERIOD}.docx", returned / "cm.docx", {ITEM: "Hoàn thành tốt"})  # built-in
    result = run_pact("collect", SAMPLE, returned, "--period", PERIOD, "--out", tmp_path / "out", "--templates", own)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / f"out/tong-hop-{TAIL}.csv").read_bytes().decode("utf-8-sig"))))
    assert {r["member"]: r["assessment"] for r in rows if r["item"] == "giam-toi-pham-ttxh"} == {
        "an-giang": "hoan-thanh-tot", "ca-mau": "hoan-thanh-tot"}
    assert BEST in flat(pdftotext(tmp_path / f"out/tong-hop-{TAIL}.pdf"))  # the ranking's column

    without = run_pact("collect", SAMPLE, returned, "--period", PERIOD, "--out", tmp_path / "plain")
    assert without.returncode == 2 and "Traceback" not in without.stderr
    assert f"'{BEST}' không phải mức tự đánh giá: chọn Hoàn thành tốt, Hoàn thành, Chưa hoàn thành." in without.stderr


def test_an_assessments_file_that_would_lose_a_level_is_refused(tmp_path):
    own = reworded(tmp_path / "mau", "hoan-thanh: Hoàn thành\n", "hoan-thanh: Hoàn thành tốt\n")
    result = run_pact("build", SAMPLE, "--out", tmp_path / "out", "--only", "report-form", "--templates", own)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{own / 'assessments.yaml'}: cần đúng các mã hoan-thanh-tot, hoan-thanh, chua-hoan-thanh" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_summary_numbers_its_headings_and_writes_its_dateline_in_its_template(tmp_path):
    sample = load_pact(SAMPLE)
    with_scores = render("summary.html", summary_context(sample, sample.reporting.periods[0], [])).html
    assert "<h2>3. Điểm tự chấm</h2>" in with_scores and "<h2>4. Xếp hạng</h2>" in with_scores
    assert "Kiên Giang, ngày …… tháng …… năm 2024" in with_scores

    data = unseen_pact_data()
    for section in data["sections"]:
        for item in section["items"]:
            item.pop("points", None)
    unscored = load_pact(write_yaml(tmp_path / "unscored.yaml", data))
    html = render("summary.html", summary_context(unscored, unscored.reporting.periods[0], [])).html
    assert "Điểm tự chấm" not in html and "<h2>3. Xếp hạng</h2>" in html
    assert "Đà Nẵng, ngày …… tháng …… năm 2030" in html

    own = tmp_path / "mau"
    own.mkdir()
    text = (BUILTIN_TEMPLATES / "summary.html").read_text(encoding="utf-8")
    (own / "summary.html").write_text(text.replace("ngày …… tháng …… năm", "ngày ….. tháng ….. năm"), encoding="utf-8")
    html = render("summary.html", summary_context(unscored, unscored.reporting.periods[0], []), own).html
    assert "Đà Nẵng, ngày ….. tháng ….. năm 2030" in html
