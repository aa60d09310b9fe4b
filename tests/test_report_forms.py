"""Report forms: the same named fields in PDF and DOCX, labelled as the issue words them."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import SAMPLE
from generator.collect.read import read_form
from generator.documents.fields import all_field_names
from generator.documents.rendered import search_path
from generator.documents.wording import assessment_labels
from generator.pact.load import load_pact
from readers import W, flat, pdftotext

ASSESSMENTS = assessment_labels(search_path(None))

PACT = load_pact(SAMPLE)
FORM = "bao-cao-an-giang-so-ket-6-thang"


def docx_controls(path):
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    controls = {}
    for sdt in root.iter(f"{W}sdt"):
        properties = sdt.find(f"{W}sdtPr")
        controls[properties.find(f"{W}tag").get(f"{W}val")] = properties
    return controls


def test_fields_show_the_clerk_the_item_number_and_label_not_the_field_name(sample_build):
    """A PDF reader's tooltip (/TU) and Word's content-control title (w:alias) read like
    the form's own words; the names collect relies on stay."""
    pdf = {name: str(field.get("/TU")) for name, field in PdfReader(sample_build / f"{FORM}.pdf").get_fields().items()
           if field.get("/FT") != "/Sig"}
    docx = {tag: p.find(f"{W}alias").get(f"{W}val") for tag, p in docx_controls(sample_build / f"{FORM}.docx").items()}
    expected = {
        "giam-toi-pham-ttxh:baseline": "II.1 · Cùng kỳ năm 2023 (vụ)",
        "giam-toi-pham-ttxh:current": "II.1 · Kỳ báo cáo (vụ)",
        "giam-toi-pham-ttxh:assessment": "II.1 · Tự đánh giá",
        "giam-toi-pham-ttxh:score": "II.1 · Điểm tự chấm (tối đa 15)",
        "report-number": "Số báo cáo",
        "proposals": "IV. Đề xuất, kiến nghị",
    }
    for titles in (pdf, docx):
        assert set(titles) == all_field_names(PACT)
        assert {name: titles[name] for name in expected} == expected, titles
        assert not any(":" in title for title in titles.values()), titles  # no field name shows through
        assert len(set(titles.values())) == len(titles)  # each title names one field


def test_one_form_per_member_and_period(sample_build):
    forms = sorted(p.stem for p in sample_build.glob("bao-cao-*.pdf"))
    assert len(forms) == len(PACT.members) * len(PACT.reporting.periods)


def test_same_field_names_in_pdf_and_docx(sample_build):
    expected = all_field_names(PACT)
    assert "s1-1:result" not in expected  # every sample item has an id
    pdf_fields = PdfReader(sample_build / f"{FORM}.pdf").get_fields()
    form_fields = {name for name, field in pdf_fields.items() if field.get("/FT") != "/Sig"}
    assert form_fields == expected
    # and, PDF only, the member's two empty signature fields (signer, organisation)
    assert set(pdf_fields) - form_fields == {"sign:an-giang", "seal:an-giang"}
    assert set(docx_controls(sample_build / f"{FORM}.docx")) == expected


def test_item_without_id_is_named_by_its_place(unseen_build):
    fields = PdfReader(unseen_build / "bao-cao-da-nang-so-ket.pdf").get_fields()
    assert {"s1-1:result", "s1-1:assessment", "s2-1:result", "ty-le:value", "ty-le:score"} <= set(fields)
    assert "s1-1:score" not in fields and "ty-le:baseline" not in fields


def test_field_kinds(sample_build):
    fields = PdfReader(sample_build / f"{FORM}.pdf").get_fields()
    assert fields["giam-toi-pham-ttxh:result"]["/FT"] == "/Tx" and fields["giam-toi-pham-ttxh:result"]["/Ff"] & 4096
    assert fields["giam-toi-pham-ttxh:baseline"]["/FT"] == "/Tx"
    choice = fields["giam-toi-pham-ttxh:assessment"]
    assert choice["/FT"] == "/Ch"
    assert [list(map(str, o)) for o in choice["/Opt"]][1:] == [[c, l] for c, l in ASSESSMENTS.items()]
    controls = docx_controls(sample_build / f"{FORM}.docx")
    assert controls["highlights"].find(f"{W}text").get(f"{W}multiLine") == "1"
    items = controls["giam-toi-pham-ttxh:assessment"].findall(f"{W}dropDownList/{W}listItem")
    assert [(i.get(f"{W}value"), i.get(f"{W}displayText")) for i in items] == list(ASSESSMENTS.items())


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_form_wording(sample_build, fmt):
    path = sample_build / f"{FORM}.{fmt}"
    if fmt == "pdf":
        text = flat(pdftotext(path))
    else:
        import docx

        document = docx.Document(path)
        text = flat(" ".join(c.text for t in document.tables for r in t.rows for c in r.cells) + " "
                    + " ".join(p.text for p in document.paragraphs))
    for phrase in ["CÔNG AN TỈNH AN GIANG", "BÁO CÁO", "Kết quả thực hiện giao ước thi đua “Vì an ninh Tổ quốc”",
                   "Sơ kết 6 tháng năm 2024", "Kính gửi: Công an tỉnh Kiên Giang (Cụm trưởng Cụm thi đua số 12).",
                   "Cùng kỳ năm 2023 (vụ):", "Kỳ báo cáo (vụ):", "Điểm tự chấm (tối đa 15):", "II.2",
                   "Kết quả nổi bật", "Tồn tại, hạn chế", "Đề xuất, kiến nghị", "Nơi nhận:", "GIÁM ĐỐC", "Số:"]:
        assert phrase in text, phrase


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_renamed_form_is_still_recognised(sample_build, tmp_path, fmt):
    renamed = tmp_path / f"tai-lieu-moi.{fmt}"
    shutil.copy(sample_build / f"{FORM}.{fmt}", renamed)
    (doc_id,) = read_form(renamed).ids
    assert str(doc_id).startswith("CTD12/2024/REPORT-FORM/AN-GIANG/SO-KET-6-THANG/")
