"""Issue 14.1 through the test client: saving a pact that already has received copies
says, before writing, which of them the change turns into earlier versions; a change
that turns none saves at once."""

from __future__ import annotations

import html
import re

from conftest import run_pact
from test_web_app import client, editor_form, folder, post_form, token  # noqa: F401 (fixtures)
from webutil import SAMPLE_RELATIVE

PERIOD = "so-ket-6-thang"
URL = f"/edit/{SAMPLE_RELATIVE}"


def archived(folder, sample_build, *names: str) -> None:
    """`pact archive add` into the served folder's archive, as the Archive page keeps it."""
    result = run_pact("archive", "add", *(sample_build / n for n in names), "--root", folder / "archive",
                      "--pact", folder / SAMPLE_RELATIVE)
    assert result.returncode == 0, result.stderr


def save(client, changes: dict[str, str], *extra: tuple[str, str]):
    form = [(n, changes.get(n, v)) for n, v in editor_form(client)]
    return post_form(client, URL, [*form, *extra, ("csrf", token(client))], follow_redirects=False)


def listed(page: str) -> list[str]:
    """The confirmation's list, as the clerk reads it."""
    box = page.split('id="turned">', 1)[1].split("</ul>", 1)[0]
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip())
            for item in box.split("</li>") if item.strip()]


def test_a_save_that_leaves_received_copies_behind_asks_first(client, folder, sample_build):
    archived(folder, sample_build, "trang-ky-an-giang.pdf", f"bao-cao-an-giang-{PERIOD}.pdf",
             f"bao-cao-kien-giang-{PERIOD}.pdf")
    before = (folder / SAMPLE_RELATIVE).read_bytes()
    asked = save(client, {"members[1].signer.name": "Trần Văn B"})
    assert asked.status_code == 200 and 'id="confirm-save"' in asked.text
    assert (folder / SAMPLE_RELATIVE).read_bytes() == before  # nothing written yet
    assert listed(asked.text) == [
        "Trang ký của Công an tỉnh An Giang (đã nhận 1 bản) sẽ thành bản của phiên bản trước",
        "Biểu mẫu báo cáo Sơ kết 6 tháng của Công an tỉnh An Giang (đã nhận 1 bản) sẽ thành bản của phiên bản trước",
    ]  # Kiên Giang's form does not show An Giang's signer: not listed
    assert 'value="Trần Văn B"' in asked.text  # the clerk's edit stays on the page
    confirm = re.search(r'name="confirmed" value="([0-9a-f]+)"', asked.text).group(1)

    # confirmed for another set of copies (a stale or forged token): asked again
    again = save(client, {"members[1].signer.name": "Trần Văn B"}, ("confirmed", "0" * 16))
    assert 'id="confirm-save"' in again.text and (folder / SAMPLE_RELATIVE).read_bytes() == before
    done = save(client, {"members[1].signer.name": "Trần Văn B"}, ("confirmed", confirm))
    assert done.status_code == 303, done.text
    assert "      name: Trần Văn B\n" in (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")

    # the copies are still received, marked; a change no current copy shows saves at once
    page = client.get(f"/archive/{SAMPLE_RELATIVE}").text
    assert "đã nhận 3/16" in page and page.count("của phiên bản trước") == 2
    venue = save(client, {"ceremony.venue": "Hội trường Công an tỉnh Kiên Giang"})
    assert venue.status_code == 303 and "Hội trường" in (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")


def test_the_agreement_named_and_a_member_removed(client, folder, sample_build):
    """The signed agreement changes with any word of it; a removed member's copies no
    longer belong to the pact: both are named."""
    archived(folder, sample_build, "ban-giao-uoc.pdf", "trang-ky-bac-lieu.pdf")
    form = [(n, v) for n, v in editor_form(client) if not n.startswith("members[4]")]
    asked = post_form(client, URL, [*form, ("csrf", token(client))], follow_redirects=False)
    assert listed(asked.text) == [
        "Bản giao ước (đã nhận 1 bản) sẽ thành bản của phiên bản trước",
        "Trang ký của Công an tỉnh Bạc Liêu (đã nhận 1 bản) sẽ không còn thuộc giao ước này "
        "(đơn vị, kỳ báo cáo, mã cụm hoặc năm đã đổi)",
    ]
    confirm = re.search(r'name="confirmed" value="([0-9a-f]+)"', asked.text).group(1)
    done = post_form(client, URL, [*form, ("confirmed", confirm), ("csrf", token(client))], follow_redirects=False)
    assert done.status_code == 303 and "bac-lieu" not in (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")
    page = client.get(f"/archive/{SAMPLE_RELATIVE}").text
    assert "đã nhận 1/13" in page  # the agreement, of an earlier version
    gone = html.unescape(re.sub(r"<[^>]+>", "", page.split('id="gone">', 1)[1].split("</div>", 1)[0]))
    assert "không còn trong tệp giao ước" in gone
    assert re.search(r"Trang ký, đơn vị bac-lieu: 1 bản CTD12/2024/SIGNATURE-PAGE/BAC-LIEU/-/[0-9A-F]{8}", gone)


def test_without_an_archive_a_save_asks_nothing(client, folder):
    saved = save(client, {"members[1].signer.name": "Trần Văn B"})
    assert saved.status_code == 303 and "Trần Văn B" in (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")


def test_restoring_a_kept_version_asks_as_a_save_does(client, folder, sample_build):
    """Putting back the version before the signer was named makes the received page
    current again: nothing to ask. Putting back the named one turns it back into an
    earlier version: asked, and written only once confirmed."""
    from generator.web import editor
    from generator.web.files import ServedFolder

    archived(folder, sample_build, "trang-ky-an-giang.pdf")
    confirm = re.search(r'name="confirmed" value="([0-9a-f]+)"',
                        save(client, {"members[1].signer.name": "Trần Văn B"}).text).group(1)
    assert save(client, {"members[1].signer.name": "Trần Văn B"}, ("confirmed", confirm)).status_code == 303
    unnamed = editor.kept(ServedFolder.at(folder), SAMPLE_RELATIVE).versions[0].name
    restore = f"/restore/{SAMPLE_RELATIVE}"
    back = post_form(client, restore, [("version", unnamed), ("csrf", token(client))], follow_redirects=False)
    assert back.status_code == 303 and "Trần Văn B" not in (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")

    named = editor.kept(ServedFolder.at(folder), SAMPLE_RELATIVE).versions[0].name
    asked = post_form(client, restore, [("version", named), ("csrf", token(client))], follow_redirects=False)
    assert listed(asked.text) == [
        "Trang ký của Công an tỉnh An Giang (đã nhận 1 bản) sẽ thành bản của phiên bản trước"]
    assert "Chưa khôi phục." in asked.text and "Trần Văn B" not in (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")
    box = asked.text.split('id="confirm-save"', 1)[1].split("</div>", 1)[0]
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', box)
    pairs += re.findall(r'<button type="submit" name="(confirmed)" value="([^"]+)"', box)
    done = post_form(client, restore, pairs, follow_redirects=False)  # «Vẫn khôi phục», as the page posts it
    assert done.status_code == 303 and "restored=" in done.headers["location"]
    assert "name: Trần Văn B" in (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")
