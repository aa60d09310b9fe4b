"""The clerk's afternoon in a real browser: Debian's chromium driven by Playwright,
against the real `pact serve`. Also takes the README's screenshots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import ROOT
from forms import fill_pdf
from webutil import SAMPLE_RELATIVE, add_user, pact_serve, served_copy

# A step the server answers by writing files (the summary's PDF and DOCX, an archive
# copy) while its preview thread renders the pact's documents in the same process:
# seconds on a busy machine, past Playwright's 5 s default.
SERVER_WORK = 20_000

CHROMIUM = "/usr/bin/chromium"  # Debian's package: Playwright never downloads a browser here
ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]
IMAGES = ROOT / "docs" / "images"  # the README's pictures
TAIL = "CTD12-2024-so-ket-6-thang"  # the summary files' names: tong-hop-TAIL.pdf, …


def screenshot_path(tmp_path: Path, name: str = "editor-preview.png") -> Path:
    """The README's picture when PACT_SCREENSHOT=1 (so a plain test run leaves the
    checkout clean), else a throwaway copy: the shot is taken either way."""
    return IMAGES / name if os.environ.get("PACT_SCREENSHOT") == "1" else tmp_path / name


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "chromium is required: make test installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        yield browser
        browser.close()


def test_clerk_edits_watches_the_preview_and_saves(tmp_path, browser):
    folder = served_copy(tmp_path)
    pact_file = folder / SAMPLE_RELATIVE
    comments = [line.strip() for line in pact_file.read_text(encoding="utf-8").splitlines() if "#" in line]
    with pact_serve(folder) as (server, url):
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
        page.goto(f"{url}/edit/{SAMPLE_RELATIVE}")
        agreement = page.frame_locator("iframe").locator('article[data-stem="ban-giao-uoc"]')
        first_page = agreement.locator("pre").first
        expect(first_page).to_contain_text("Kiên Giang, ngày 26 tháng 3 năm 2024", timeout=20_000)

        # the ceremony moves: the dateline follows as the clerk types, the document is marked
        page.fill('input[name="ceremony.date"]', "2024-04-02")
        expect(first_page).to_contain_text("Kiên Giang, ngày 02 tháng 4 năm 2024", timeout=10_000)
        expect(agreement.locator(".badge")).to_have_text("vừa thay đổi")

        # a new member whose id is taken: the error stands next to the id
        page.locator('fieldset[data-field="members"] > button.add').click()
        page.fill('input[name="members[5].id"]', "an-giang")
        error = page.locator('[data-field="members[5].id"] > .errors')
        expect(error).to_contain_text("Thành viên 6 · Mã đơn vị: mã 'an-giang' trùng với Thành viên 2")
        page.locator('input[name="members[5].id"]').scroll_into_view_if_needed()
        expect(agreement.locator("img").first).to_have_js_property("complete", True)
        page.screenshot(path=str(screenshot_path(tmp_path)))

        page.fill('input[name="members[5].id"]', "rach-gia")
        page.fill('input[name="members[5].unit"]', "Công an thành phố Rạch Giá")
        page.fill('input[name="members[5].place"]', "Rạch Giá")
        page.fill('input[name="members[5].signer.title"]', "Giám đốc")
        expect(page.locator("#status")).to_have_text("Không có lỗi.")
        page.click("button[type=submit]")
        expect(page.locator("#saved")).to_contain_text("Đã lưu")
        text = pact_file.read_text(encoding="utf-8")
        assert "date: 2024-04-02" in text and "  - id: rach-gia\n    unit: Công an thành phố Rạch Giá" in text
        assert [line.strip() for line in text.splitlines() if "#" in line] == comments
        expect(page.frame_locator("iframe").locator('article[data-stem="trang-ky-rach-gia"]')).to_be_visible()

        # what another site (or a typed URL) cannot do
        escape = page.request.get(f"{url}/edit/..%2F..%2F..%2Fetc%2Fpasswd")
        assert escape.status == 404 and "root:" not in escape.text()
        forged = page.request.post(f"{url}/check/{SAMPLE_RELATIVE}", form={"ceremony.date": "2030-01-01"})
        assert forged.status == 403
        page.close()
    assert server.returncode == 0 and "Đã dừng." in server.stdout.read()  # Ctrl-C stops it cleanly


def test_clerk_sends_a_report_form_and_archives_a_signature_page(tmp_path, browser, sample_build):
    folder = served_copy(tmp_path / "served")
    filled = fill_pdf(sample_build / "bao-cao-kien-giang-so-ket-6-thang.pdf", tmp_path / "BC Kien Giang.pdf", {
        "giam-toi-pham-ttxh:baseline": "1.250", "giam-toi-pham-ttxh:current": "1.150",
        "giam-toi-pham-ttxh:score": "12,5"})
    signed = shutil.copy(sample_build / "trang-ky-an-giang.pdf", tmp_path / "scan_0001.pdf")
    with pact_serve(folder) as (server, url):
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.goto(f"{url}/edit/{SAMPLE_RELATIVE}")
        page.get_by_role("link", name="Báo cáo").click()
        page.set_input_files('input[name="files"]', str(filled))
        page.get_by_role("button", name="Gửi lên và tổng hợp").click()
        summary = page.locator("#summary")
        expect(summary).to_contain_text("Đã nhận báo cáo của 01/05 đơn vị.", timeout=SERVER_WORK)
        kien_giang = summary.locator("table.figures").first.locator("tr", has_text="Công an tỉnh Kiên Giang")
        expect(kien_giang).to_contain_text("-8,0%")
        expect(page.get_by_role("link", name=f"tong-hop-{TAIL}.pdf")).to_be_visible()
        page.screenshot(path=str(screenshot_path(tmp_path, "reports.png")), full_page=False)

        page.get_by_role("link", name="Lưu trữ").click()
        an_giang = page.locator("table.matrix tr", has_text="Công an tỉnh An Giang")
        expect(an_giang.locator("td").nth(1)).to_contain_text("Chưa nhận")
        page.set_input_files('input[name="files"]', str(signed))
        page.get_by_role("button", name="Lưu vào kho").click()
        expect(page.locator("#added")).to_contain_text("Đã lưu scan_0001.pdf: Trang ký, Công an tỉnh An Giang",
                                                       timeout=SERVER_WORK)
        expect(an_giang.locator("td").nth(1)).to_contain_text("Đã nhận")
        page.get_by_role("button", name="Kiểm tra toàn vẹn").click()
        expect(page.locator("#checked")).to_contain_text("Kho nguyên vẹn", timeout=SERVER_WORK)
        page.close()
    assert server.returncode == 0


def test_a_province_logs_in_sees_its_own_reports_page_and_logs_out(tmp_path, browser):
    """Accounts on (--users): the login page, a wrong password, the page asked for,
    the member's own Reports page, and logging out."""
    folder = served_copy(tmp_path / "served")
    users = tmp_path / "tai-khoan.json"
    made = add_user(folder, "tinh-an-giang", "member:an-giang", "một câu mật khẩu dài", "--users", users)
    assert made.returncode == 0, made.stderr
    with pact_serve(folder, "--users", users) as (server, url):
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="vi-VN")
        page.goto(f"{url}/reports/{SAMPLE_RELATIVE}")
        expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
        page.get_by_label("Tên đăng nhập").fill("tinh-an-giang")
        page.get_by_label("Mật khẩu").fill("sai mật khẩu rồi")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator("#login-error")).to_have_text("Sai tên đăng nhập hoặc mật khẩu.")
        expect(page.get_by_label("Tên đăng nhập")).to_have_value("tinh-an-giang")
        page.screenshot(path=str(screenshot_path(tmp_path, "login.png")))
        page.get_by_label("Mật khẩu").fill("một câu mật khẩu dài")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo của Công an tỉnh An Giang")
        expect(page.locator("header form.account")).to_contain_text("tinh-an-giang")
        expect(page.get_by_role("link", name="Soạn thảo")).to_have_count(0)
        page.screenshot(path=str(screenshot_path(tmp_path, "member-reports.png")))
        page.get_by_role("button", name="Đăng xuất").click()
        expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
        page.goto(f"{url}/")
        expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
        page.close()
    assert server.returncode == 0
