"""One upload, both places (issue 14 item 6), through the test client: a form received
on the Reports page is archived, a report form archived (a member's DOCX included) is
received for the Reports page; a scan whose id cannot be read is a warning and waits
for the archivist to pick its slot on the page; the archive's handover zip and its
printable check. Real forms from `pact build`, a real `collect`, a real archive."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile

from test_web_app import client, folder, token  # noqa: F401 (fixtures: the served sample and its client)
from test_web_reports import AN_GIANG, INBOX, KIEN_GIANG, PERIOD, cells, form, send
from webutil import SAMPLE_RELATIVE


def archive_rows(folder) -> list[dict]:
    import sqlite3

    with sqlite3.connect(folder / "archive" / "register.sqlite3") as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute("SELECT * FROM entries ORDER BY seq")]


def test_a_form_sent_on_either_page_lands_in_both(client, folder, sample_build, tmp_path):
    sent = form(sample_build, tmp_path, "kien-giang", "pdf", KIEN_GIANG, "BC Kien Giang.pdf")
    reports = send(client, f"/reports/{SAMPLE_RELATIVE}", sent)
    assert reports.status_code == 200, reports.text
    assert "Đã lưu vào kho lưu trữ: <span class=\"file\">BC Kien Giang.pdf</span>" in reports.text
    archive = client.get(f"/archive/{SAMPLE_RELATIVE}")
    row = next(r for r in archive.text.split("<tr>") if "Công an tỉnh Kiên Giang" in r)
    assert re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[2].count("Đã nhận") == 1  # its Sơ kết form

    docx = form(sample_build, tmp_path, "an-giang", "docx", AN_GIANG, "BC AG (ban cuoi).docx")
    added = send(client, f"/archive/{SAMPLE_RELATIVE}", docx, period=None)
    assert added.status_code == 200, added.text
    assert "Đã lưu <span class=\"file\">BC AG (ban cuoi).docx</span>: Biểu mẫu báo cáo, Công an tỉnh An Giang" in added.text
    assert "cũng đã chuyển sang trang Báo cáo" in added.text
    assert sorted(os.listdir(folder / INBOX)) == [f"bao-cao-an-giang-{PERIOD}.docx", f"bao-cao-kien-giang-{PERIOD}.pdf"]
    assert [r["identified_by"] for r in archive_rows(folder)] == ["metadata", "docx"]

    again = send(client, f"/reports/{SAMPLE_RELATIVE}")  # collect again: both forms counted
    assert "Đã nhận báo cáo của 02/05 đơn vị." in again.text
    assert cells(again.text, "Công an tỉnh An Giang")[:3] == ["980", "950", "-3,1%"]


def test_a_scan_without_a_readable_id_waits_and_the_archivist_places_it(client, folder, tmp_path):
    from PIL import Image

    scan = tmp_path / "scan_0042.pdf"
    Image.new("L", (1240, 1754), 255).save(scan, "PDF", resolution=150)  # nothing on it: no id anywhere
    page = send(client, f"/archive/{SAMPLE_RELATIVE}", scan, period=None)
    assert page.status_code == 200
    waiting = page.text.split('id="unplaced"')[1].split("</section>")[0]
    assert 'class="notice warning-box"' in page.text.split('id="unplaced"')[0][-80:]  # a warning, not green
    assert "Đã lưu" not in page.text and "chưa đọc được mã tài liệu" in waiting
    options = dict((text, value) for value, text in re.findall(r'<option value="([^"]+)">([^<]+)</option>', waiting))
    assert "Trang ký - Công an tỉnh Cà Mau" in options and "Bản giao ước" in " ".join(options)
    assert "Biểu mẫu báo cáo - Công an tỉnh Cà Mau - Sơ kết 6 tháng" in options

    placed = client.post(f"/archive-place/{SAMPLE_RELATIVE}", data={
        "csrf": token(client), "file": "scan_0042.pdf", "slot": options["Trang ký - Công an tỉnh Cà Mau"]})
    assert placed.status_code == 200, placed.text
    assert "Đã lưu <span class=\"file\">scan_0042.pdf</span>: Trang ký, Công an tỉnh Cà Mau (mục #1)" in placed.text
    assert 'id="unplaced"' not in placed.text
    assert cells(placed.text, "Công an tỉnh Cà Mau")[0].startswith("Đã nhận")
    (row,) = archive_rows(folder)
    assert row["identified_by"] == "flags" and row["member"] == "ca-mau" and row["kind"] == "signature-page"

    gone = client.post(f"/archive-place/{SAMPLE_RELATIVE}", data={
        "csrf": token(client), "file": "scan_0042.pdf", "slot": options["Trang ký - Công an tỉnh Cà Mau"]})
    assert gone.status_code == 400 and "Không còn tệp này chờ xếp" in gone.text


def test_the_handover_zip_and_the_printable_check(client, folder, sample_build, tmp_path):
    empty = client.get(f"/archive-export/{SAMPLE_RELATIVE}")
    assert empty.status_code == 400 and "Kho lưu trữ chưa có tệp nào của giao ước này" in empty.text
    signed = tmp_path / "ag.pdf"
    signed.write_bytes((sample_build / "trang-ky-an-giang.pdf").read_bytes())
    send(client, f"/archive/{SAMPLE_RELATIVE}", signed, period=None)

    export = client.get(f"/archive-export/{SAMPLE_RELATIVE}")
    assert export.status_code == 200
    assert 'filename="ban-giao-CTD12-2024.zip"' in export.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(export.content)) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        assert bundle.read("files/signature-page-an-giang-v1.pdf") == signed.read_bytes()
    assert manifest["files"][0]["original_name"] == "ag.pdf"

    sheet = client.get(f"/archive-certificate/{SAMPLE_RELATIVE}")
    assert sheet.status_code == 200
    head = re.search(r'<code class="head">([0-9a-f]{64})</code>', sheet.text).group(1)
    assert "Kho nguyên vẹn" in sheet.text and "<td>1</td>" in sheet.text and "<td>1/16</td>" in sheet.text
    assert re.search(r"<td>\d\d/\d\d/20\d\d \d\d:\d\d</td>", sheet.text)
    assert '<svg' in sheet.text and 'class="qr"' in sheet.text
    assert '<header class="top">' not in sheet.text  # a page to print: no navigation
    assert head == archive_rows(folder)[-1]["entry_hash"]
