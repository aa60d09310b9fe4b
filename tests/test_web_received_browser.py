"""Issue 14.1 in Chromium: after forms and signature pages were archived, adding a
signer's name and saving took the Archive page from 4/16 received to 0/16 without a
word. Now the save asks first, naming the copies it turns into earlier versions, and
the Archive page keeps every copy, marked."""

from __future__ import annotations

import shutil

from playwright.sync_api import expect

from test_web_browser import SERVER_WORK, browser, screenshot_path  # noqa: F401 (the browser fixture)
from webutil import SAMPLE_RELATIVE, pact_serve, served_copy

PERIOD = "so-ket-6-thang"


def test_naming_a_signer_after_archiving_asks_and_keeps_the_copies(tmp_path, browser, sample_build):
    folder = served_copy(tmp_path / "served")
    sent = [shutil.copy(sample_build / name, tmp_path / f"scan_{n:04d}.pdf") for n, name in enumerate(
        ("trang-ky-an-giang.pdf", "trang-ky-kien-giang.pdf", f"bao-cao-an-giang-{PERIOD}.pdf",
         f"bao-cao-kien-giang-{PERIOD}.pdf"), start=1)]
    with pact_serve(folder) as (server, url):
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.goto(f"{url}/archive/{SAMPLE_RELATIVE}")
        page.set_input_files('input[name="files"]', [str(p) for p in sent])
        page.get_by_role("button", name="Lưu vào kho").click()
        expect(page.locator("#added")).to_contain_text("Đã lưu scan_0004.pdf", timeout=SERVER_WORK)
        expect(page.get_by_role("heading", name="Tình trạng: đã nhận 4/16")).to_be_visible()

        page.get_by_role("link", name="Soạn thảo").click()
        page.locator('fieldset[data-field="members"] > .rows > details.row').nth(1).locator(":scope > summary").click()
        page.fill('input[name="members[1].signer.name"]', "Trần Văn B")
        expect(page.locator("#status")).to_have_text("Không có lỗi.")
        page.get_by_role("button", name="Lưu", exact=True).click()
        asked = page.locator("#confirm-save")
        expect(asked).to_be_visible(timeout=SERVER_WORK)
        expect(asked.locator("li")).to_have_text([
            "Trang ký của Công an tỉnh Kiên Giang (đã nhận 1 bản) sẽ thành bản của phiên bản trước",
            "Trang ký của Công an tỉnh An Giang (đã nhận 1 bản) sẽ thành bản của phiên bản trước",
            "Biểu mẫu báo cáo Sơ kết 6 tháng của Công an tỉnh An Giang (đã nhận 1 bản) sẽ thành bản của phiên bản trước",
        ])
        assert "name: Trần Văn B" not in (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")
        expect(page.locator('input[name="members[1].signer.name"]')).to_have_value("Trần Văn B")
        expect(page.locator("#dirty")).to_be_visible()  # not saved yet, and the page says so
        page.screenshot(path=str(screenshot_path(tmp_path, "confirm-save.png")))
        page.get_by_role("button", name="Vẫn lưu").click()
        expect(page.locator("#saved")).to_contain_text("Đã lưu", timeout=SERVER_WORK)
        assert "      name: Trần Văn B\n" in (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")

        # a change no current copy shows (the venue: not on the forms) saves without asking
        page.fill('input[name="ceremony.venue"]', "Hội trường Công an tỉnh Kiên Giang")
        page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.locator("#saved")).to_contain_text("Đã lưu", timeout=SERVER_WORK)
        expect(page.locator("#confirm-save")).to_have_count(0)

        page.get_by_role("link", name="Lưu trữ").click()
        expect(page.get_by_role("heading", name="Tình trạng: đã nhận 4/16")).to_be_visible()
        an_giang = page.locator("table.matrix tr", has_text="Công an tỉnh An Giang").locator("td")
        expect(an_giang.nth(1).locator(".status")).to_have_text("Đã nhận")
        expect(an_giang.nth(1).locator("span.earlier:not(.status)")).to_contain_text("của phiên bản trước, chưa có bản hiện hành")
        kien_giang = page.locator("table.matrix tr", has_text="Công an tỉnh Kiên Giang").locator("td")
        expect(kien_giang.nth(2)).to_contain_text("Đã nhận")
        expect(kien_giang.nth(2)).not_to_contain_text("phiên bản trước")
        page.close()
    assert server.returncode == 0
