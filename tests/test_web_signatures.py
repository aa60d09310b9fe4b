"""The Reports and Archive pages say what `collect` and `archive` say of digital
signatures: who signed a form and when, a form changed after signing refused with its
field and both values, each stored file's signatures, and per member whether the pact
agreement carries the signer's and the organisation's signatures in that order."""

from __future__ import annotations

import html

from forms import fill_pdf
from signed import FORM, change_field, flip_byte, sign
from test_web_app import client, folder, token  # noqa: F401 (fixtures: the served sample and its client)
from test_web_reports import KIEN_GIANG, PERIOD, send
from webutil import SAMPLE_RELATIVE

KG, AG = "Công an tỉnh Kiên Giang", "Công an tỉnh An Giang"


def _signed_form(sample_build, pki, tmp_path):
    filled = fill_pdf(sample_build / f"bao-cao-kien-giang-{PERIOD}.pdf", tmp_path / "filled.pdf", KIEN_GIANG)
    return sign(filled, tmp_path / "bao-cao-kg-ky-so.pdf", pki.signer("Nguyễn Văn Ký", KG), "sign:kien-giang")


def test_reports_page_shows_who_signed_and_refuses_a_form_changed_after(client, folder, sample_build, pki,
                                                                         tmp_path):
    signed = _signed_form(sample_build, pki, tmp_path)
    changed = change_field(signed, tmp_path / "bao-cao-kg-sua.pdf", {FORM: "900"})
    refused = send(client, f"/reports/{SAMPLE_RELATIVE}", changed)
    text = html.unescape(refused.text)
    assert refused.status_code == 400 and "bao-cao-kg-sua.pdf" in text
    assert "«II.1 · Kỳ báo cáo (vụ)»" in text  # the field, by its title on the form
    assert "lúc ký là '1.150', sau đó là '900'" in text
    page = send(client, f"/reports/{SAMPLE_RELATIVE}", signed)
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    assert "Chữ ký số trên biểu mẫu" in text and "Nguyễn Văn Ký (người ký)" in text
    assert "Ký số: còn nguyên vẹn, không sửa sau khi ký" in text


def test_archive_page_shows_each_signature_and_who_signed_the_pact(client, folder, sample_build, pki, tmp_path):
    current = sample_build / "ban-giao-uoc.pdf"
    current = sign(current, tmp_path / "1.pdf", pki.signer("Giám đốc KG", KG), "sign:kien-giang")
    current = sign(current, tmp_path / "2.pdf", pki.organisation(KG), "seal:kien-giang")
    current = sign(current, tmp_path / "ban-giao-uoc-ky-so.pdf", pki.organisation(AG), "seal:an-giang")
    broken = flip_byte(sign(sample_build / "trang-ky-an-giang.pdf", tmp_path / "ag.pdf",
                            pki.signer("Giám đốc AG", AG), "sign:an-giang"), tmp_path / "trang-ky-ag-hong.pdf")
    added = send(client, f"/archive/{SAMPLE_RELATIVE}", current, broken, period=None)
    assert added.status_code == 200, added.text
    text = html.unescape(added.text)
    assert f"Chữ ký số: Người ký của {KG}: Giám đốc KG, ký lúc " in text
    assert "còn nguyên vẹn, chưa kiểm tra tin cậy" in text and "hợp lệ" not in text
    assert "Cảnh báo: <span class=\"file\">trang-ky-ag-hong.pdf</span> có chữ ký số hỏng" in text
    assert f"{KG}: đủ chữ ký người ký và cơ quan, đúng thứ tự" in text
    assert f"{AG}: thiếu chữ ký số của người ký" in text
    assert "Chữ ký số: 3 chữ ký, còn nguyên vẹn, chưa kiểm tra tin cậy" in text
    pki.write_trust_dir(folder / "archive" / "trust")
    checked = client.post(f"/archive-verify/{SAMPLE_RELATIVE}", data={"csrf": token(client)})
    text = html.unescape(checked.text)
    assert "Chữ ký số của các tệp đã lưu, kiểm tra lại" in text and text.count(": hợp lệ.") == 3
    assert "Kho lưu trữ có 1 vấn đề" in text and "HỎNG" in text
