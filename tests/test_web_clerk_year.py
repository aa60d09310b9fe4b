"""A clerk's year in the browser (Debian's chromium, the real `pact serve`): the reports
follow the leader."""

from __future__ import annotations

from playwright.sync_api import expect

from test_web_browser import browser  # noqa: F401  (the module's Chromium fixture)
from webutil import SAMPLE_RELATIVE, pact_serve, served_copy


def test_send_to_follows_the_new_leader_and_a_deliberate_one_is_flagged(tmp_path, browser):  # noqa: F811
    folder = served_copy(tmp_path)
    pact_file = folder / SAMPLE_RELATIVE
    assert "  send_to: kien-giang\n" in pact_file.read_text(encoding="utf-8")
    with pact_serve(folder) as (server, url):
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page.goto(f"{url}/edit/{SAMPLE_RELATIVE}")
        send_to = page.locator('input[name="reporting.send_to"]')
        expect(send_to).to_have_value("kien-giang")

        # An Giang becomes Cụm trưởng, Kiên Giang an ordinary member: send_to follows
        page.select_option('select[name="members[1].role"]', "leader")
        expect(send_to).to_have_value("kien-giang")  # two leaders for a moment: nothing moves yet
        page.select_option('select[name="members[0].role"]', "member")
        expect(send_to).to_have_value("an-giang")
        expect(page.locator('[data-field="reporting.send_to"] .followed')).to_contain_text(
            "Đã đổi theo Cụm trưởng mới: an-giang")
        expect(page.locator("#status")).to_have_text("Không có lỗi.")
        page.click("button[type=submit]")
        expect(page.locator("#saved")).to_contain_text("Đã lưu")
        text = pact_file.read_text(encoding="utf-8")
        assert "  send_to: an-giang\n" in text and "    role: leader" in text

        # reports sent to Cà Mau on purpose: a caution, not an error, and it stays put
        send_to = page.locator('input[name="reporting.send_to"]')
        send_to.fill("ca-mau")
        caution = page.locator('[data-field="reporting.send_to"] > .errors .caution')
        expect(caution).to_contain_text("không phải Cụm trưởng Công an tỉnh An Giang (an-giang)")
        expect(page.locator("#status")).to_have_text("Không có lỗi. 1 lưu ý: xem ô có chữ màu cam.")
        page.select_option('select[name="members[2].role"]', "leader")
        page.select_option('select[name="members[1].role"]', "member")
        expect(page.locator('[data-field="reporting.send_to"] > .errors .caution')).to_contain_text(
            "không phải Cụm trưởng Công an tỉnh Hậu Giang (hau-giang)")
        expect(send_to).to_have_value("ca-mau")
        page.click("button[type=submit]")
        expect(page.locator("#saved")).to_contain_text("Đã lưu")
        assert "  send_to: ca-mau\n" in pact_file.read_text(encoding="utf-8")
        # the page opened again shows the caution at once
        expect(page.locator('[data-field="reporting.send_to"] > .errors .caution')).to_contain_text("Cà Mau")
        page.close()
    assert server.returncode == 0
