"""The editor in Chromium (issue 14): the clerk's words in its messages, one place
for output named on the page, an editor that fits on a screen."""

from __future__ import annotations

from playwright.sync_api import expect

from test_web_browser import browser, screenshot_path  # noqa: F401 (fixture: Debian's chromium)
from webutil import SAMPLE_RELATIVE, pact_serve, served_copy

FILE_WORDS = ("leader", "deputy", "members[", "role:", "send_to", "_")


def test_messages_name_the_field_by_its_label_and_values_in_vietnamese(tmp_path, browser):
    with pact_serve(served_copy(tmp_path)) as (_, url):
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
        page.goto(f"{url}/edit/{SAMPLE_RELATIVE}")
        page.select_option('select[name="members[1].role"]', "leader")
        message = page.locator('[data-field="members[1].role"] > .errors > .error')
        expect(message).to_have_text("Thành viên 2 · Vai trò: Đã có Cụm trưởng là Thành viên 1: mỗi cụm chỉ có "
                                     "một vai trò Cụm trưởng; đổi thành Cụm phó hoặc Thành viên.")
        # the preview beside the form lists the same problems in the same words
        preview = page.frame_locator("iframe").locator(".notice.refusal")
        expect(preview).to_contain_text("Thành viên 2 · Vai trò: Đã có Cụm trưởng là Thành viên 1", timeout=20_000)
        page.fill('input[name="sections[1].items[0].target.change.max_percent"]', "3")
        bound = page.locator('[data-field="sections[1].items[0].target.change"] > .errors > .error')
        expect(bound).to_contain_text("Phần 2 · Nội dung 1 · Chỉ tiêu đo được · Tăng/giảm so với năm gốc: "
                                      "«Nhiều nhất (%)» (3.0) nhỏ hơn «Ít nhất (%)» (5.0)")
        for shown in page.locator(".errors .error, #general-errors li").all_inner_texts():
            assert not any(word in shown for word in FILE_WORDS), shown
        page.close()


def test_the_reports_page_names_the_output_folder(tmp_path, browser):
    with pact_serve(served_copy(tmp_path / "pacts"), "--out", str(tmp_path / "output")) as (_, url):
        page = browser.new_page(locale="vi-VN")
        page.goto(f"{url}/reports/{SAMPLE_RELATIVE}")
        expect(page.locator("code.place")).to_have_text(f"{tmp_path}/output/2024/CTD12/so-ket-6-thang/")
        page.goto(f"{url}/preview/{SAMPLE_RELATIVE}")
        expect(page.locator(".downloads .hint")).to_contain_text(f"lệnh đó ghi bộ hồ sơ vào {tmp_path}/output/2024/CTD12/")
        page.close()
