"""`pact collect` on digitally signed report forms: figures as of the last signature;
a form changed after signing (a figure: named with both values; a page appended),
broken, or signed with another member's certificate is refused (exit 2); unsigned
forms still count."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import SAMPLE, run_pact
from readers import pdftotext
from signed import FORM, append_page, change_field, flip_byte, sign
from test_collect import PERIOD, blank_forms, fill  # noqa: F401  (module fixture)

KG = "Công an tỉnh Kiên Giang"
TAIL = "CTD12-2024-so-ket-6-thang"  # the summary files' names: tong-hop-TAIL.pdf, …


@pytest.fixture(scope="module")
def signed_form(blank_forms, pki, tmp_path_factory) -> Path:  # noqa: F811
    """Kiên Giang's form, filled (current 1150), signed by its director then its unit."""
    folder = tmp_path_factory.mktemp("signed-form")
    filled = fill(blank_forms, "kien-giang", "pdf", folder / "filled.pdf")
    by_director = sign(filled, folder / "director.pdf", pki.signer("Nguyễn Văn Giám Đốc", KG), "sign:kien-giang")
    return sign(by_director, folder / "bao-cao-kg-da-ky.pdf", pki.organisation(KG), "seal:kien-giang",
                (350, 120, 400, 180))


def collect(*inputs: Path, out: Path):
    return run_pact("collect", SAMPLE, *inputs, "--period", PERIOD, "--out", out)


def test_a_figure_changed_after_signing_is_refused_with_both_values(signed_form, tmp_path):
    changed = change_field(signed_form, tmp_path / "sua-sau-khi-ky.pdf", {FORM: "900"})
    result = collect(changed, out=tmp_path / "out")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "sua-sau-khi-ky.pdf" in result.stderr and FORM in result.stderr
    assert "'1.150'" in result.stderr and "'900'" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_a_broken_signature_is_refused(signed_form, tmp_path):
    broken = flip_byte(signed_form, tmp_path / "hong.pdf")
    result = collect(broken, out=tmp_path / "out")
    assert result.returncode == 2 and "hong.pdf" in result.stderr
    assert "không còn nguyên vẹn" in result.stderr and not (tmp_path / "out").exists()


def test_another_members_certificate_is_refused(blank_forms, pki, tmp_path):  # noqa: F811
    filled = fill(blank_forms, "kien-giang", "pdf", tmp_path / "filled.pdf")
    wrong = sign(filled, tmp_path / "ky-nham.pdf", pki.signer("Trần Văn E", "Công an tỉnh Cà Mau"), "ChuKySo")
    result = collect(wrong, out=tmp_path / "out")
    assert result.returncode == 2 and "ky-nham.pdf" in result.stderr
    assert "Công an tỉnh Cà Mau" in result.stderr and KG in result.stderr


def test_a_page_appended_after_signing_is_refused(signed_form, tmp_path):
    appended = append_page(signed_form, tmp_path / "them-trang.pdf")
    result = collect(appended, out=tmp_path / "out")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "them-trang.pdf" in result.stderr and "sau khi ký số" in result.stderr and "thêm, bớt trang" in result.stderr
    assert not (tmp_path / "out").exists()


def test_signed_and_unsigned_forms_together_and_the_summary_says_who_signed(
        signed_form, blank_forms, tmp_path):  # noqa: F811
    paper = fill(blank_forms, "an-giang", "pdf", tmp_path / "an-giang-giay.pdf")
    out = tmp_path / "out"
    result = collect(signed_form, paper, out=out)
    assert result.returncode == 0, result.stderr
    text = pdftotext(out / f"tong-hop-{TAIL}.pdf")
    assert "Nguyễn Văn Giám Đốc" in text and "Ký số" in text
    assert "Không ký số" in text
    with zipfile.ZipFile(out / f"tong-hop-{TAIL}.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Nguyễn Văn Giám Đốc" in body and "Không ký số" in body
    rows = list(load_workbook(out / f"tong-hop-{TAIL}.xlsx")["Chữ ký số"].iter_rows(values_only=True))
    kien_giang = next(r for r in rows if r[0] == KG)
    assert "Nguyễn Văn Giám Đốc" in kien_giang[2] and KG in kien_giang[2]
    assert kien_giang[1] == "Ký số" and kien_giang[3]  # in words, never TRUE/FALSE
    assert next(r for r in rows if r[0] == "Công an tỉnh An Giang")[1] == "Không ký số"
