"""Routes of `pact serve` through Starlette's test client: pages, saving, safety."""

from __future__ import annotations

import io
import re
import time
import zipfile
from urllib.parse import urlencode

import pytest
from starlette.testclient import TestClient

from conftest import unseen_pact_data, write_yaml
from generator.web.app import create_app
from webutil import SAMPLE_RELATIVE, form_inputs, served_copy

HOSTS = ("testserver",)


@pytest.fixture
def folder(tmp_path):
    return served_copy(tmp_path / "served")


@pytest.fixture
def client(folder):
    with TestClient(create_app(folder, allowed_hosts=HOSTS)) as client:
        yield client


def token(client) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)


def editor_form(client, relative=SAMPLE_RELATIVE) -> list[tuple[str, str]]:
    return form_inputs(client.get(f"/edit/{relative}").text)


def post_form(client, url: str, pairs: list[tuple[str, str]], csrf: str | None = None, **options):
    """A browser's form post: urlencoded pairs, names repeated as they come."""
    headers = {"content-type": "application/x-www-form-urlencoded"}
    if csrf is not None:
        headers["x-csrf-token"] = csrf
    return client.post(url, content=urlencode(pairs), headers=headers, **options)


def test_pacts_page_lists_files_with_year_cluster_members_and_validity(client, folder):
    (folder / "broken.yaml").write_text("year: 2024\nmovment: x\n", encoding="utf-8")
    page = client.get("/")
    assert page.status_code == 200
    row = page.text.split("2024/cum-12.yaml</a>")[1].split("</tr>")[0]
    assert "Cụm thi đua số 12" in row and ">5<" in row and "Hợp lệ" in row
    broken = page.text.split("broken.yaml</a>")[1].split("</tr>")[0]
    assert "status bad" in broken and "lỗi" in broken
    (folder / "hai-cum-truong.yaml").write_text(
        (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8").replace("role: member", "role: leader", 1), encoding="utf-8")
    row = client.get("/").text.split("hai-cum-truong.yaml</a>")[1].split("</tr>")[0]
    assert "Thành viên 2 · Vai trò: Đã có Cụm trưởng là Thành viên 1" in row and "leader" not in row


def test_pact_text_is_escaped_everywhere(client, folder):
    write_yaml(folder / "unseen.yaml", unseen_pact_data())
    for url in ("/", "/edit/unseen.yaml"):
        page = client.get(url).text
        assert "<script>alert(1)</script>" not in page and "<b>Quảng Ngãi</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/edit/unseen.yaml").text


def test_check_reports_a_duplicate_id_at_its_field_and_needs_the_token(client):
    form = editor_form(client) + [("members[5].id", "an-giang")]
    assert post_form(client, f"/check/{SAMPLE_RELATIVE}", form).status_code == 403
    answer = post_form(client, f"/check/{SAMPLE_RELATIVE}", form, token(client)).json()
    assert answer["stale"] is False
    assert any(p["field"] == "members[5].id" and "trùng" in p["message"] for p in answer["problems"])


def test_save_writes_keeps_the_previous_version_then_refuses_the_stale_form(client, folder):
    original = (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")
    form = [(n, "2024-04-02" if n == "ceremony.date" else v) for n, v in editor_form(client)]
    form.append(("csrf", token(client)))
    saved = post_form(client, f"/edit/{SAMPLE_RELATIVE}", form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=1")
    text = (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")
    assert text == original.replace("date: 2024-03-26", "date: 2024-04-02")
    (kept,) = (folder / "2024" / ".cum-12.yaml.versions").iterdir()
    assert kept.read_text(encoding="utf-8") == original
    again = post_form(client, f"/edit/{SAMPLE_RELATIVE}", form)  # the same, now stale, form
    assert again.status_code == 409 and "đã được sửa ở nơi khác" in again.text
    assert (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("path", [
    "/edit/..%2F..%2Fetc%2Fpasswd", "/edit/%2Fetc%2Fpasswd", "/preview/..%2Fserved%2F2024%2Fcum-12.yaml",
    "/download/2024%2F..%2F..%2Fsecret.yaml", "/edit/outside.yaml", "/edit/notes.txt",
])
def test_nothing_outside_the_folder_is_served(client, folder, path):
    (folder.parent / "secret.yaml").write_text("year: 1\n", encoding="utf-8")
    (folder / "outside.yaml").symlink_to(folder.parent / "secret.yaml")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    response = client.get(path)
    assert response.status_code == 404 and "year: 1" not in response.text
    assert "Không thực hiện được" in response.text
    assert "outside.yaml" not in client.get("/").text


def test_every_state_changing_route_needs_the_csrf_token(client, folder):
    posts = [r for r in client.app.routes if "POST" in getattr(r, "methods", ())]
    assert {r.name for r in posts} == {"next_year", "save", "restore", "check", "reports_collect", "archive_add",
                                       "archive_verify", "archive_place"}
    before = sorted(p.name for p in folder.rglob("*"))
    for route in posts:
        url = route.path.replace("{path:path}", SAMPLE_RELATIVE)
        refused = post_form(client, url, [("csrf", "forged"), ("cluster.name", "X")])
        assert refused.status_code == 403 and "CSRF" in refused.text
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_bodies_over_20_mb_foreign_hosts_and_remote_assets_are_refused(client):
    big = client.post(f"/check/{SAMPLE_RELATIVE}", content=b"x" * (20 * 1024 * 1024 + 1))
    assert big.status_code == 413 and "20 MB" in big.text
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in policy and "http" not in policy
    assert "http" not in client.get("/static/pact.css").text.replace("http://www.w3.org", "")


def wait_for(client, relative, since, predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(f"/preview-documents/{relative}?since={since}")
        since = int(response.headers["x-preview-version"])
        if predicate(response.text):
            return response
    raise AssertionError(f"preview never showed it: {response.text[:500]}")


def test_preview_follows_the_draft_and_marks_the_changed_documents(client):
    page = client.get(f"/preview/{SAMPLE_RELATIVE}")
    assert page.status_code == 200
    version = int(re.search(r'data-version="(\d+)"', page.text).group(1))
    shown = wait_for(client, SAMPLE_RELATIVE, version,
                     lambda page: "trang-ky-bac-lieu" in page and "Đang dựng" not in page)
    assert "Kiên Giang, ngày 26 tháng 3 năm 2024" in shown.text
    form = [(n, "2024-04-02" if n == "ceremony.date" else v) for n, v in editor_form(client)]
    post_form(client, f"/check/{SAMPLE_RELATIVE}", form, token(client))
    since = int(shown.headers["x-preview-version"])
    changed = wait_for(client, SAMPLE_RELATIVE, since, lambda page: "ngày 02 tháng 4 năm 2024" in page)
    pact = changed.text.split('data-stem="ban-giao-uoc"')[0].rsplit("<article", 1)[1]
    assert "changed" in pact
    image = re.search(r'src="[^"]*(/page/[^"]+)"', changed.text).group(1).replace("&amp;", "&")
    png = client.get(image)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_the_packet_downloads_as_a_zip_of_the_saved_file(client):
    response = client.get(f"/download/{SAMPLE_RELATIVE}")
    assert response.status_code == 200
    assert 'filename="CTD12-2024.zip"' in response.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "CTD12-2024/ban-giao-uoc.pdf" in names and "CTD12-2024/trang-ky-ca-mau.docx" in names
    assert "CTD12-2024/manifest.json" in names


def test_next_year_creates_the_copy_and_opens_it(client, folder):
    response = post_form(client, f"/next-year/{SAMPLE_RELATIVE}", [("csrf", token(client))], follow_redirects=False)
    location = response.headers["location"]
    assert response.status_code == 303 and location.endswith("/edit/2025/cum-12.yaml?copied=2024%2Fcum-12.yaml")
    assert "year: 2025" in (folder / "2025" / "cum-12.yaml").read_text(encoding="utf-8")
    page = client.get(location).text  # the page lists every phrase whose year moved
    assert "Đã chép 2024/cum-12.yaml thành 2025/cum-12.yaml" in page
    assert "<strong>Phần II, nội dung 1</strong>: «hội so với năm 2023» → «hội so với năm 2024»" in page


def test_an_aliased_pact_gets_a_refusal_page_not_an_expanded_form(client, folder):
    bomb = ["year: 2024", "l0: &l0 [" + ", ".join(["Căn cứ Luật Thi đua, khen thưởng"] * 10) + "]"]
    bomb += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, 5)]
    bomb += ["legal_basis: *l4"]  # 100,000 lines of text once the aliases are expanded
    (folder / "bomb.yaml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    started = time.monotonic()
    page = client.get("/edit/bomb.yaml")
    assert page.status_code == 400 and "bí danh" in page.text
    assert len(page.content) < 100_000 and time.monotonic() - started < 5


def test_a_file_with_control_characters_is_listed_and_refused_in_words(client, folder):
    sample = (folder / SAMPLE_RELATIVE).read_text(encoding="utf-8")
    (folder / "raw.yaml").write_text(sample.replace("movement: ", "movement: \x0b", 1), encoding="utf-8")
    escaped = sample.replace("authority: Bộ Công an", 'authority: "Bộ \\x1b\\x0c\\x08 Công an"', 1)
    (folder / "escaped.yaml").write_text(escaped, encoding="utf-8")
    home = client.get("/")
    assert home.status_code == 200 and "U+000B" in home.text and "U+001B" in home.text
    for name in ("raw.yaml", "escaped.yaml"):
        assert client.get(f"/preview/{name}").status_code == 200
        for page in (f"/edit/{name}", f"/reports/{name}"):
            response = client.get(page)
            assert response.status_code in (200, 400) and "U+00" in response.text, page
