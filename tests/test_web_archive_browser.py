"""One upload, both places, in a real browser (Debian's chromium, the real `pact serve`):
a member's DOCX form, a blank scan and a stray file dropped on the Archive page at once;
the scan placed from the page's lists; the printable check and the handover zip.
Also takes the README's pictures of these screens (PACT_SCREENSHOT=1)."""

from __future__ import annotations

import zipfile

from playwright.sync_api import expect

from forms import fill_docx
from test_web_browser import SERVER_WORK, browser, screenshot_path  # noqa: F401 (fixture)
from webutil import SAMPLE_RELATIVE, pact_serve, served_copy


def test_archivist_drops_a_mixed_sending_places_a_scan_and_prints_the_check(tmp_path, browser, sample_build):
    from PIL import Image

    folder = served_copy(tmp_path / "served")
    docx = fill_docx(sample_build / "bao-cao-an-giang-so-ket-6-thang.docx", tmp_path / "BC An Giang.docx",
                     {"giam-toi-pham-ttxh:baseline": "980", "giam-toi-pham-ttxh:current": "950"})
    scan = tmp_path / "scan_0007.pdf"
    Image.new("L", (1240, 1754), 255).save(scan, "PDF", resolution=150)
    stray = tmp_path / "ghi-chu.pdf"
    stray.write_text("không phải PDF", encoding="utf-8")
    with pact_serve(folder) as (server, url):
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="vi-VN")
        page.goto(f"{url}/archive/{SAMPLE_RELATIVE}")
        page.set_input_files('input[name="files"]', [str(docx), str(scan), str(stray)])
        page.get_by_role("button", name="Lưu vào kho").click()
        added = page.locator("#added")
        expect(added).to_contain_text("Đã lưu BC An Giang.docx: Biểu mẫu báo cáo, Công an tỉnh An Giang",
                                      timeout=SERVER_WORK)
        expect(added).to_contain_text("cũng đã chuyển sang trang Báo cáo")
        expect(page.locator("#refused")).to_contain_text("ghi-chu.pdf: nội dung tệp không phải PDF hoặc DOCX")
        waiting = page.locator("#unplaced")
        expect(waiting).to_contain_text("1 tệp chưa đọc được mã tài liệu")
        colour = waiting.evaluate("e => getComputedStyle(e).borderLeftColor")
        assert colour != added.evaluate("e => getComputedStyle(e).borderLeftColor")  # a warning, not a success
        page.screenshot(path=str(screenshot_path(tmp_path, "archive-mixed-sending.png")), full_page=True)

        waiting.get_by_role("combobox").select_option(label="Trang ký - Công an tỉnh Cà Mau")
        waiting.get_by_role("button", name="Lưu vào kho").click()
        expect(page.locator("#added")).to_contain_text("Đã lưu scan_0007.pdf: Trang ký, Công an tỉnh Cà Mau",
                                                       timeout=SERVER_WORK)
        expect(page.locator("#unplaced")).to_have_count(0)
        ca_mau = page.locator("table.matrix tr", has_text="Công an tỉnh Cà Mau")
        expect(ca_mau.locator("td").nth(1)).to_contain_text("Đã nhận")

        page.get_by_role("link", name="Báo cáo").click()
        expect(page.locator("body")).to_contain_text("bao-cao-an-giang-so-ket-6-thang.docx")  # received for the Reports page, under its member's name

        page.goto(f"{url}/archive/{SAMPLE_RELATIVE}")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải gói bàn giao (.zip)").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "ban-giao-CTD12-2024.zip"
        with zipfile.ZipFile(saved) as bundle:
            assert bundle.read("files/report-form-an-giang-so-ket-6-thang-v1.docx") == docx.read_bytes()

        page.goto(f"{url}/archive-certificate/{SAMPLE_RELATIVE}")
        expect(page.locator("main")).to_contain_text("Kho nguyên vẹn")
        expect(page.locator("svg.qr")).to_be_visible()
        box = page.locator("svg.qr").bounding_box()
        assert 100 < box["width"] < 130  # 30 mm at 96 px per inch: a code a phone reads off the paper
        page.emulate_media(media="print")
        expect(page.get_by_role("button", name="In phiếu")).to_be_hidden()
        page.screenshot(path=str(screenshot_path(tmp_path, "archive-check.png")), full_page=True)
        page.close()
    assert server.returncode == 0
