"""A clerk's year in the browser (Debian's chromium, the real `pact serve`): the reports
follow the leader."""

from __future__ import annotations

from playwright.sync_api import expect

from test_web_browser import SERVER_WORK, browser, screenshot_path  # noqa: F401  (its Chromium fixture)
from webutil import SAMPLE_RELATIVE, pact_serve, served_copy


def test_send_to_follows_the_new_leader_and_a_deliberate_one_is_flagged(tmp_path, browser):  # noqa: F811
    folder = served_copy(tmp_path)
    pact_file = folder / SAMPLE_RELATIVE
    assert "  send_to: kien-giang\n" in pact_file.read_text(encoding="utf-8")
    with pact_serve(folder) as (server, url):
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.goto(f"{url}/edit/{SAMPLE_RELATIVE}")
        page.get_by_role("button", name="Mở hết").click()  # members and sections open folded
        send_to = page.locator('input[name="reporting.send_to"]')
        expect(send_to).to_have_value("kien-giang")

        # An Giang becomes Cụm trưởng, Kiên Giang an ordinary member: send_to follows
        page.select_option('select[name="members[1].role"]', "leader")
        expect(send_to).to_have_value("kien-giang")  # two leaders for a moment: nothing moves yet
        page.select_option('select[name="members[0].role"]', "member")
        expect(send_to).to_have_value("an-giang")
        expect(page.locator('[data-field="reporting.send_to"] .followed')).to_contain_text(
            "Đã đổi theo Cụm trưởng mới: an-giang")
        expect(page.locator("#status")).to_have_text("Không có lỗi.", timeout=SERVER_WORK)
        page.click("button[type=submit]")
        expect(page.locator("#saved")).to_contain_text("Đã lưu", timeout=SERVER_WORK)
        text = pact_file.read_text(encoding="utf-8")
        assert "  send_to: an-giang\n" in text and "    role: leader" in text

        # reports sent to Cà Mau on purpose: a caution, not an error, and it stays put
        page.wait_for_load_state("load")  # the page's script listens from then on: #saved comes before it
        send_to = page.locator('input[name="reporting.send_to"]')
        send_to.fill("ca-mau")
        caution = page.locator('[data-field="reporting.send_to"] > .errors .caution')
        # (the server renders the saved pact's previews meanwhile: the answer may take seconds)
        expect(caution).to_contain_text("không phải Cụm trưởng Công an tỉnh An Giang (an-giang)", timeout=SERVER_WORK)
        expect(page.locator("#status")).to_have_text("Không có lỗi. 1 lưu ý: xem ô có chữ màu cam.")
        send_to.evaluate("field => field.scrollIntoView({block: 'center'})")  # clear of the save bar
        page.screenshot(path=str(screenshot_path(tmp_path, "send-to-caution.png")))
        page.select_option('select[name="members[2].role"]', "leader")
        page.select_option('select[name="members[1].role"]', "member")
        expect(page.locator('[data-field="reporting.send_to"] > .errors .caution')).to_contain_text(
            "không phải Cụm trưởng Công an tỉnh Hậu Giang (hau-giang)", timeout=SERVER_WORK)
        expect(send_to).to_have_value("ca-mau")
        page.click("button[type=submit]")
        expect(page.locator("#saved")).to_contain_text("Đã lưu", timeout=SERVER_WORK)
        assert "  send_to: ca-mau\n" in pact_file.read_text(encoding="utf-8")
        # the page opened again shows the caution at once
        expect(page.locator('[data-field="reporting.send_to"] > .errors .caution')).to_contain_text("Cà Mau")
        page.close()
    assert server.returncode == 0


def test_next_year_copy_lists_the_phrases_it_moved(tmp_path, browser):  # noqa: F811
    folder = served_copy(tmp_path)
    with pact_serve(folder) as (server, url):
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.goto(f"{url}/")
        page.get_by_role("button", name="Chuẩn bị năm 2025").click()
        expect(page).to_have_url(f"{url}/edit/2025/cum-12.yaml?copied=2024%2Fcum-12.yaml")
        copied = page.locator("#copied")
        expect(copied).to_contain_text("Đã chép 2024/cum-12.yaml thành 2025/cum-12.yaml")
        expect(copied.locator("li")).to_have_text([
            'Căn cứ 3: «ninh Tổ quốc" năm 2024» → «ninh Tổ quốc" năm 2025»',
            "Phần II, nội dung 1: «hội so với năm 2023» → «hội so với năm 2024»",
            "Phần II, nội dung 2: «chỉ so với năm 2023» → «chỉ so với năm 2024»",
        ])
        expect(page.locator("#status")).to_have_text("Không có lỗi.")  # no text left comparing with 2023
        expect(page.locator('textarea[name="sections[1].items[0].text"]')).to_contain_text("so với năm 2024")
        agreement = page.frame_locator("iframe").locator('article[data-stem="ban-giao-uoc"]')
        expect(agreement.locator("pre").first).to_contain_text("ngày 26 tháng 3 năm 2025", timeout=20_000)
        expect(agreement.locator("img").first).to_have_js_property("complete", True)
        page.screenshot(path=str(screenshot_path(tmp_path, "next-year.png")))
        page.close()
    assert server.returncode == 0
