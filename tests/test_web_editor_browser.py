"""The editor in Chromium (issue 14): the clerk's words in its messages, one place
for output named on the page, an editor that fits on a screen."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from test_web_browser import browser, screenshot_path  # noqa: F401 (fixture: Debian's chromium)
from webutil import SAMPLE_RELATIVE, pact_serve, served_copy

FILE_WORDS = ("leader", "deputy", "members[", "role:", "send_to", "_", "'unit'", "khóa")


def test_messages_name_the_field_by_its_label_and_values_in_vietnamese(tmp_path, browser):
    with pact_serve(served_copy(tmp_path)) as (_, url):
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
        page.goto(f"{url}/edit/{SAMPLE_RELATIVE}")
        page.get_by_role("button", name="Mở hết").click()
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
        page.locator('fieldset[data-field="members"] > button.add').click()
        expect(page.locator('[data-field="members[5].unit"] > .errors > .error')).to_have_text(
            "Thành viên 6 · Tên đơn vị: Chưa điền «Tên đơn vị» (bắt buộc).")
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


def open_editor(browser, url: str, path: str = SAMPLE_RELATIVE):
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
    page.goto(f"{url}/edit/{path}")
    return page


def test_the_editor_fits_on_a_screen_with_its_outline_in_view_and_the_points_total(tmp_path, browser):
    with pact_serve(served_copy(tmp_path)) as (_, url):
        page = open_editor(browser, url)
        screens = page.evaluate("() => { const e = document.querySelector('.editor');"
                                " return e.scrollHeight / e.clientHeight; }")
        assert screens < 4, screens  # about 17 before members, sections and items folded
        members = page.locator('fieldset[data-field="members"] > .rows > details.row')
        expect(members).to_have_count(5)
        expect(members.first.locator("summary")).to_contain_text("Thành viên 1 — Công an tỉnh Kiên Giang (Cụm trưởng)")
        total = page.locator("#points-total")
        expect(total).to_have_text("Tổng điểm tối đa: 110 (11 nội dung có điểm)")  # the file's comment says 100
        # the outline stays in view at the bottom of the form, and opens what it names
        page.locator('fieldset[data-field="members"]').scroll_into_view_if_needed()
        outline = page.locator("#outline")
        box = outline.bounding_box()
        assert box is not None and 0 <= box["y"] < 900 and box["y"] + box["height"] <= 900, box
        first_page = page.frame_locator("iframe").locator('article[data-stem="ban-giao-uoc"] img').first
        expect(first_page).to_have_js_property("complete", True, timeout=30_000)
        page.screenshot(path=str(screenshot_path(tmp_path, "editor-outline.png")))
        outline.get_by_role("button", name=re.compile(r"^2\. Phòng, chống")).click()
        section = page.locator('fieldset[data-field="sections"] > .rows > details.row').nth(1)
        expect(section).to_have_attribute("open", "")
        section.locator("details.row").first.locator(":scope > summary").click()  # its first item
        points = section.locator('input[name="sections[1].items[0].points"]')
        points.fill("5")
        expect(total).to_contain_text("Tổng điểm tối đa: ")
        assert "Tổng điểm tối đa: 110" not in total.inner_text()
        # an error inside a folded row opens it and marks it in the outline
        page.get_by_role("button", name="Mở hết").click()
        page.select_option('select[name="members[3].role"]', "leader")
        page.get_by_role("button", name="Gấp hết").click()
        expect(members.nth(3)).not_to_have_attribute("open", "")
        page.fill('input[name="cluster.name"]', "Cụm thi đua số 12 ")  # any change: checked again
        expect(members.nth(3)).to_have_attribute("open", "")
        expect(page.locator("#outline ul ul li.has-error")).to_have_text("4. Công an tỉnh Cà Mau (Cụm trưởng)")
        page.close()


def test_a_new_member_gets_its_code_from_its_name_and_a_removal_is_undone(tmp_path, browser):
    with pact_serve(served_copy(tmp_path)) as (_, url):
        page = open_editor(browser, url)
        page.locator('fieldset[data-field="members"] > button.add').click()
        page.fill('input[name="members[5].unit"]', "Công an thành phố Rạch Giá")
        page.fill('input[name="members[5].place"]', "Rạch Giá")
        code = page.locator('input[name="members[5].id"]')
        expect(code).to_have_value("rach-gia")  # made from the place, while the clerk types
        code.fill("tp-rach-gia")  # and the clerk's own code stays
        page.fill('input[name="members[5].place"]', "Thành phố Rạch Giá")
        page.fill('input[name="members[5].signer.title"]', "Giám đốc")
        expect(page.locator("#status")).to_have_text("Không có lỗi.")
        expect(code).to_have_value("tp-rach-gia")

        members = page.locator('fieldset[data-field="members"] > .rows > details.row')
        members.nth(2).locator('button[data-action="remove"]').click()
        expect(members).to_have_count(5)
        expect(page.locator("#undo")).to_contain_text("Đã xóa Thành viên 3")
        expect(page.locator("#status")).to_contain_text("Không có lỗi.")
        page.get_by_role("button", name="Hoàn tác").click()
        expect(members).to_have_count(6)
        expect(page.locator('input[name="members[2].id"]')).to_have_value("hau-giang")
        expect(page.locator('input[name="members[5].id"]')).to_have_value("tp-rach-gia")
        expect(page.locator("#undo")).to_be_hidden()

        # a new item needs no invented code first: its text makes one
        page.locator('fieldset[data-field="sections"] > .rows > details.row').first.locator(":scope > summary").click()
        items = page.locator('fieldset[data-field="sections[0].items"]')
        items.locator(":scope > button.add").click()
        new_item = items.locator(":scope > .rows > details.row").last
        new_item.locator("textarea").fill("Tổ chức Hội nghị sơ kết phong trào")
        new_item.locator('input[name$=".points"]').fill("5")
        expect(new_item.locator("input[data-code]")).to_have_value("to-chuc-hoi-nghi-so")
        expect(page.locator("#status")).to_have_text("Không có lỗi.")
        page.close()


def test_a_renamed_unit_takes_a_new_code_and_every_reference_follows(tmp_path, browser):
    folder = served_copy(tmp_path)
    with pact_serve(folder) as (_, url):
        page = open_editor(browser, url)
        page.locator('fieldset[data-field="members"] > .rows > details.row').first.locator(":scope > summary").click()
        page.fill('input[name="members[0].unit"]', "Công an tỉnh An Giang mới")
        page.fill('input[name="members[0].place"]', "Rạch Giá")
        page.locator('[data-field="members[0].id"] button[data-action="code"]').click()
        expect(page.locator('input[name="members[0].id"]')).to_have_value("rach-gia")
        send_to = page.locator('input[name="reporting.send_to"]')
        expect(send_to).to_have_value("rach-gia")
        expect(page.locator('[data-field="reporting.send_to"] .followed')).to_contain_text(
            "Đã đổi theo mã mới của đơn vị: rach-gia (trước là kien-giang)")
        # a code typed by hand is followed too, once the clerk leaves the box
        page.fill('input[name="members[0].id"]', "tp-rach-gia")
        page.locator('input[name="members[0].unit"]').focus()
        expect(send_to).to_have_value("tp-rach-gia")
        expect(page.locator("#status")).to_have_text("Không có lỗi.")
        page.click("button[type=submit]")
        expect(page.locator("#saved")).to_contain_text("Đã lưu")
        text = (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")
        assert "- id: tp-rach-gia" in text and "send_to: tp-rach-gia" in text and "kien-giang" not in text
        preview = page.frame_locator("iframe")
        expect(preview.locator('article[data-stem="trang-ky-tp-rach-gia"]')).to_be_visible(timeout=30_000)
        page.close()


def test_a_save_with_errors_keeps_the_file_and_a_draft_and_versions_can_be_restored(tmp_path, browser):
    folder = served_copy(tmp_path)
    pact_file = folder / SAMPLE_RELATIVE
    original = pact_file.read_bytes()
    with pact_serve(folder) as (_, url):
        page = open_editor(browser, url)
        page.fill('input[name="cluster.name"]', "Cụm thi đua số 12 (lần 1)")
        page.click("button[type=submit]")
        expect(page.locator("#saved")).to_contain_text("Đã lưu")
        first = pact_file.read_bytes()
        page.fill('input[name="movement"]', "")  # a required field left empty
        page.click("button[type=submit]")
        expect(page.locator("#draft")).to_contain_text("Chưa lưu vào 2024/cum-12.yaml: bản đang soạn còn 1 lỗi")
        expect(page.locator("#draft")).to_contain_text("cum-12.yaml.draft")
        assert pact_file.read_bytes() == first  # the valid file stays
        draft = folder / "2024" / "cum-12.yaml.draft"
        assert "movement:" not in draft.read_text(encoding="utf-8")
        expect(page.locator('input[name="movement"]')).to_have_value("")  # the draft is in the form
        expect(page.locator('[data-field="movement"] .error')).to_contain_text("Phong trào thi đua")
        page.fill('input[name="movement"]', "Vì an ninh Tổ quốc")
        page.fill('input[name="ceremony.date"]', "2024-03-27")
        page.click("button[type=submit]")
        expect(page.locator("#saved")).to_contain_text("Đã lưu")
        assert not draft.exists() and b"2024-03-27" in pact_file.read_bytes()

        page.locator("#versions summary").click()
        rows = page.locator("#versions tbody tr, #versions table tr:has(td)")
        expect(rows).to_have_count(2)  # the file before each of the two saves
        page.locator("#versions").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_path(tmp_path, "editor-versions.png")), full_page=False)
        rows.last.get_by_role("button", name="Khôi phục bản này").click()
        expect(page.locator("#saved")).to_contain_text("Đã khôi phục bản lưu lúc")
        assert pact_file.read_bytes() == original
        page.close()
