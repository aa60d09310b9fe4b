"""`pact collect` and a form of an earlier version of the pact: accepted, with a notice
naming the version, only when it asks for exactly today's report (its fingerprint:
period, items, targets, points), refused when the member reported against another
commitment; a form made before fingerprints were stored is judged by its fields."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import SAMPLE, run_pact
from forms import fill_docx, libreoffice_round_trip
from readers import docx_paragraphs, pdftotext
from test_collect import PERIOD, blank_forms, edited_pact, fill, refused  # noqa: F401 (a fixture)

from generator.collect.read import read_form
from generator.documents.context import document_context
from generator.documents.data import report_fingerprint
from generator.documents.rendered import FINGERPRINT_PROPERTY
from generator.pact.ids import Slot
from generator.pact.load import load_pact

MEMBER = "an-giang"
SIGNER = ("  - id: an-giang\n    unit: Công an tỉnh An Giang\n    place: An Giang\n    role: member\n"
          "    signer:\n      title: Giám đốc")
# Changes to the pact after the forms went out, and whether a form sent before still asks
# for today's report: a signer name it shows but does not report on; a target's threshold,
# an item's text, a maximum score it does.
SAME_REPORT = {"signer name": (SIGNER, SIGNER + "\n      name: Trần Văn B")}
OTHER_REPORT = {
    "target threshold": ("baseline_year: 2023, min_percent: 5}", "baseline_year: 2023, min_percent: 10}"),
    "item text": ("text: Kiềm chế tai nạn giao thông", "text: Kiềm chế, kéo giảm tai nạn giao thông"),
    "points": ("text: Kiềm chế tai nạn giao thông\n        points: 5", "text: Kiềm chế tai nạn giao thông\n        points: 8"),
}
FIGURES = {"giam-toi-pham-ttxh:baseline": "980", "giam-toi-pham-ttxh:current": "950"}
FORM_ID = f"CTD12/2024/REPORT-FORM/AN-GIANG/{PERIOD.upper()}/"


def fingerprint_of(pact_path: Path, member: str = MEMBER) -> str:
    return report_fingerprint(document_context(load_pact(pact_path), Slot("report-form", member, PERIOD))["doc"])


def collect(pact: Path, form: Path, out: Path):
    return run_pact("collect", pact, form, "--period", PERIOD, "--out", out)


@pytest.mark.parametrize("how", ["pdf", "docx"])
@pytest.mark.parametrize("change", SAME_REPORT)
def test_a_form_asking_for_todays_report_is_accepted_with_a_notice(blank_forms, tmp_path, how, change):
    form = fill(blank_forms, MEMBER, how, tmp_path / f"an-giang.{how}", FIGURES)
    newer = edited_pact(tmp_path, *SAME_REPORT[change])
    result = collect(newer, form, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    (notice,) = [line for line in result.stderr.splitlines() if "phiên bản trước" in line]
    assert str(form) in notice and FORM_ID in notice and "bản hiện hành: " + FORM_ID in notice
    assert "đúng như bản hiện hành" in notice and "không kiểm tra chính xác" not in notice


@pytest.mark.parametrize("how", ["pdf", "docx"])
@pytest.mark.parametrize("change", OTHER_REPORT)
def test_a_form_asking_for_another_report_is_refused(blank_forms, tmp_path, how, change):
    """The fields are the same names before and after each change: only the fingerprint
    tells the member reported against another commitment."""
    form = fill(blank_forms, MEMBER, how, tmp_path / f"an-giang.{how}", FIGURES)
    newer = edited_pact(tmp_path, *OTHER_REPORT[change])
    assert fingerprint_of(newer) != fingerprint_of(SAMPLE)
    stderr = refused(tmp_path, form, phrase="nội dung báo cáo không còn khớp bản hiện hành", pact=newer)
    assert str(form) in stderr and stderr.count(FORM_ID) == 2  # both versions
    assert "Gửi Công an tỉnh An Giang biểu mẫu hiện hành" in stderr and "thiếu trường" not in stderr


def test_the_fingerprint_survives_libreoffice(blank_forms, tmp_path, soffice):
    """A member who saves the form in LibreOffice keeps its custom properties."""
    with tempfile.TemporaryDirectory() as work:
        filled = fill_docx(blank_forms / f"bao-cao-{MEMBER}-{PERIOD}.docx", Path(work) / "f.docx", FIGURES)
        form = libreoffice_round_trip(soffice, filled, tmp_path / "lo.docx")
    assert read_form(form).fingerprint == fingerprint_of(SAMPLE)
    refused(tmp_path, form, phrase="nội dung báo cáo không còn khớp", pact=edited_pact(tmp_path, *OTHER_REPORT["target threshold"]))


def test_a_signed_form_keeps_its_fingerprint(blank_forms, pki, tmp_path):
    """Signing appends a revision (pyHanko): the document information keeps the fingerprint."""
    from signed import sign

    filled = fill(blank_forms, "kien-giang", "pdf", tmp_path / "f.pdf", FIGURES)
    signed = sign(filled, tmp_path / "ky.pdf", pki.signer("Nguyễn Văn A", "Công an tỉnh Kiên Giang"), "sign:kien-giang")
    assert read_form(signed).fingerprint == fingerprint_of(SAMPLE, "kien-giang")


def without_fingerprint(form: Path, target: Path) -> Path:
    """The form as pact made it before it stored fingerprints."""
    if form.suffix == ".pdf":
        writer = PdfWriter(clone_from=PdfReader(form))
        metadata = {k: v for k, v in writer.metadata.items() if k != f"/{FINGERPRINT_PROPERTY}"}
        writer.metadata = None
        writer.add_metadata(metadata)
        writer.write(target)
    else:
        with zipfile.ZipFile(form) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in source.infolist():
                if info.filename != "docProps/custom.xml":
                    copy.writestr(info, source.read(info))
    assert read_form(target).fingerprint is None and read_form(target).ids == read_form(form).ids
    return target


@pytest.mark.parametrize("how", ["pdf", "docx"])
def test_a_form_without_fingerprint_is_judged_by_its_fields_and_says_so(blank_forms, tmp_path, how):
    form = without_fingerprint(fill(blank_forms, MEMBER, how, tmp_path / f"f.{how}", FIGURES), tmp_path / f"old.{how}")
    newer = edited_pact(tmp_path, *OTHER_REPORT["target threshold"])
    result = collect(newer, form, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    (notice,) = [line for line in result.stderr.splitlines() if "phiên bản trước" in line]
    assert str(form) in notice and "không kiểm tra chính xác được" in notice


def test_a_form_without_fingerprint_whose_fields_differ_is_refused(blank_forms, tmp_path):
    form = without_fingerprint(fill(blank_forms, MEMBER, "pdf", tmp_path / "f.pdf", FIGURES), tmp_path / "old.pdf")
    newer = edited_pact(tmp_path, "        text: Kiềm chế tai nạn giao thông\n        points: 5",
                        "        text: Kiềm chế tai nạn giao thông\n        points: 5\n"
                        "        target: {metric: Số vụ tai nạn, unit: vụ, level: {at_most: 10}}")
    stderr = refused(tmp_path, form, phrase="không còn khớp", pact=newer)
    assert "thiếu trường: kiem-che-tai-nan-giao-thong:value" in stderr


def test_the_fingerprint_is_in_the_properties_never_printed(blank_forms):
    """Stored beside the id in each file's properties; no template receives it, so
    neither the PDF's text nor the DOCX's shows it."""
    fingerprint = fingerprint_of(SAMPLE)
    context = document_context(load_pact(SAMPLE), Slot("report-form", MEMBER, PERIOD))
    assert fingerprint not in repr(context)
    for suffix in ("pdf", "docx"):
        form = blank_forms / f"bao-cao-{MEMBER}-{PERIOD}.{suffix}"
        assert read_form(form).fingerprint == fingerprint
    assert PdfReader(blank_forms / f"bao-cao-{MEMBER}-{PERIOD}.pdf").metadata[f"/{FINGERPRINT_PROPERTY}"] == fingerprint
    assert fingerprint not in pdftotext(blank_forms / f"bao-cao-{MEMBER}-{PERIOD}.pdf")
    assert fingerprint not in "\n".join(docx_paragraphs(blank_forms / f"bao-cao-{MEMBER}-{PERIOD}.docx"))


def test_only_what_defines_the_report_changes_the_fingerprint():
    """Unit, signer, address and due date change a form's HASH, not its fingerprint;
    the period's name, an item's id, text, target or points change both."""
    sample = SAMPLE.read_text(encoding="utf-8")
    same = {
        "unit": ("unit: Công an tỉnh An Giang", "unit: Công an tỉnh An Giang (mới)"),
        "signer": SAME_REPORT["signer name"],
    }
    other = OTHER_REPORT | {
        "period name": ("name: Sơ kết 6 tháng", "name: Sơ kết sáu tháng đầu năm"),
        "item id": ("id: kiem-che-tai-nan-giao-thong", "id: tai-nan-giao-thong"),
        "max percent": ("min_percent: 5, max_percent: 10}", "min_percent: 5, max_percent: 12}"),
    }
    original = fingerprint_of(SAMPLE)
    with tempfile.TemporaryDirectory() as work:
        for name, (old, new) in (same | other).items():
            assert old in sample, name
            path = Path(work) / "p.yaml"
            path.write_text(sample.replace(old, new), encoding="utf-8")
            assert (fingerprint_of(path) == original) == (name in same), name
