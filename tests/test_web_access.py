"""Accounts beyond loopback, through the test client: every route for every role,
logging in and out, the limits on guessing, and what a member may see and send."""

from __future__ import annotations

import json
import re
import time

import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from conftest import run_pact, unseen_pact_data, write_yaml
from generator.web import login as login_module
from generator.web.accounts import Role, UsersFile
from generator.web.access import enforced
from generator.web.app import create_app
from generator.web.sessions import Limit, Sessions, Throttle
from test_web_reports import AN_GIANG, KIEN_GIANG, PERIOD, form
from webutil import SAMPLE_RELATIVE, served_copy

PASSWORD = "mật khẩu đủ dài 2024"
ACCOUNTS = {"chanh": "editor", "xem": "viewer", "ag": "member:an-giang", "kg": "member:kien-giang"}
ROLE_OF = {"chanh": "editor", "xem": "viewer", "ag": "member", "kg": "member"}
HOSTS = ("testserver",)

# Who may use each route: the test's own statement, not a copy of access.RULES.
# A route the app has and this table lacks fails the test: a new route needs a rule.
EVERYONE = {"anonymous", "editor", "viewer", "member"}
SIGNED_IN = {"editor", "viewer", "member"}
READERS = {"editor", "viewer"}
EXPECTED = {
    "static": EVERYONE, "login": EVERYONE, "login_post": EVERYONE, "logout": SIGNED_IN,
    "pacts": SIGNED_IN, "next_year": {"editor"}, "edit": READERS, "save": {"editor"}, "restore": {"editor"}, "check": {"editor"},
    "preview": READERS, "preview_documents": READERS, "page_image": READERS, "preview_pdf": READERS,
    "download": SIGNED_IN, "reports": SIGNED_IN, "reports_collect": {"editor", "member"}, "report_file": READERS,
    "archive": READERS, "archive_add": {"editor"}, "archive_verify": READERS, "archive_place": {"editor"},
    "archive_export": READERS, "archive_certificate": READERS,
}
QUERIES = {  # cheap requests: each route answers without building a packet
    "page_image": "?doc=nothing&n=1", "preview_pdf": "?doc=nothing", "download": "?file=nothing.pdf",
    "report_file": f"?period={PERIOD}&file=nothing.csv", "preview_documents": "?since=-1",
}


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    users = UsersFile(tmp_path_factory.mktemp("accounts") / "served.users.json")
    for name, role in ACCOUNTS.items():
        users.add(name, Role.parse(role), PASSWORD)
    return users.path


@pytest.fixture
def folder(tmp_path):
    return served_copy(tmp_path / "served")


@pytest.fixture
def app(folder, users_file):
    return create_app(folder, allowed_hosts=HOSTS, users=UsersFile(users_file))


def login_token(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)


def log_in(client, name: str, password: str = PASSWORD, next_page: str = "/"):
    return client.post("/login", data={"csrf": login_token(client), "name": name, "password": password,
                                       "next": next_page}, follow_redirects=False)


def page_token(client) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)


def refused(response) -> bool:
    """Turned away for who the visitor is: 403 from the rule, or sent to log in."""
    to_login = response.status_code == 303 and "/login?next=" in response.headers.get("location", "")
    return (response.status_code == 403 and "không được làm việc này" in response.text) or to_login or (
        response.status_code == 401 and "Cần đăng nhập" in response.text)


def ask(client, route, csrf: str | None):
    methods = route.methods if hasattr(route, "methods") else {"GET"}
    url = route.path.replace("{path:path}", SAMPLE_RELATIVE) if route.name != "static" else "/static/pact.css"
    url += QUERIES.get(route.name, "")
    if "POST" in methods:
        return client.post(url, data={"csrf": csrf or "", "period": PERIOD}, follow_redirects=False)
    return client.get(url, follow_redirects=False)


def test_every_route_has_a_rule_and_each_role_gets_exactly_its_own(app):
    names = {route.name for route in app.routes}
    assert names == set(EXPECTED), f"routes without an expected rule: {names ^ set(EXPECTED)}"
    # logout and login last: they end or start the session the other requests use
    routes = sorted(app.routes, key=lambda r: r.name in ("logout", "login_post"))
    for visitor in ("anonymous", "chanh", "xem", "ag"):
        role = ROLE_OF.get(visitor, visitor)
        with TestClient(app) as client:
            csrf = None
            if visitor != "anonymous":
                assert log_in(client, visitor).status_code == 303
                csrf = page_token(client)
            for route in routes:
                if route.name == "login_post":
                    continue  # its own test below: a login is no request like the others
                answer = ask(client, route, csrf)
                allowed = role in EXPECTED[route.name]
                assert refused(answer) != allowed, (visitor, route.name, answer.status_code, answer.text[:300])
                if not allowed and role != "anonymous":
                    assert answer.status_code == 403


def test_login_sets_a_new_signed_httponly_session_and_logout_ends_it(app):
    with TestClient(app) as client:
        assert client.get("/edit/" + SAMPLE_RELATIVE, follow_redirects=False).headers["location"] \
            == f"http://testserver/login?next=/edit/{SAMPLE_RELATIVE}"
        wrong = log_in(client, "chanh", "not the password")
        assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
        before = client.cookies.get("pact")
        answer = log_in(client, "chanh", next_page=f"/edit/{SAMPLE_RELATIVE}")
        assert answer.status_code == 303 and answer.headers["location"] == f"/edit/{SAMPLE_RELATIVE}"
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie  # plain http here
        assert client.cookies.get("pact") != before
        session_cookie = client.cookies.get("pact")
        page = client.get(f"/edit/{SAMPLE_RELATIVE}")
        assert page.status_code == 200 and "chanh" in page.text and "Đăng xuất" in page.text
        assert client.post("/logout", data={"csrf": "forged"}).status_code == 403
        out = client.post("/logout", data={"csrf": page_token(client)}, follow_redirects=False)
        assert out.status_code == 303 and out.headers["location"].endswith("/login")
        # the old cookie, replayed: the session is closed on the server
        client.cookies.clear()
        client.cookies.set("pact", session_cookie)
        assert refused(client.get("/", follow_redirects=False))
        # elsewhere only: a login page's next= never leads off the site
        assert log_in(client, "chanh", next_page="//evil.example/").headers["location"] == "/"


def test_a_login_without_the_forms_token_is_refused(app):
    with TestClient(app) as client:
        client.get("/login")
        answer = client.post("/login", data={"csrf": "forged", "name": "chanh", "password": PASSWORD})
        assert answer.status_code == 403 and "CSRF" in answer.text


def test_guessing_is_stopped_per_account_and_per_address(app, monkeypatch):
    monkeypatch.setattr(login_module, "ADDRESS_LIMIT", Limit(8, 900))
    with TestClient(app) as client:
        for _ in range(5):
            assert log_in(client, "xem", "wrong password").status_code == 401
        blocked = log_in(client, "xem")  # the right password, too late
        assert blocked.status_code == 429 and "thử lại sau 15 phút" in blocked.text
        assert log_in(client, "chanh").status_code == 303  # another account still opens
    with TestClient(app) as client:
        for number in range(3):
            assert log_in(client, f"nobody{number}", "wrong password").status_code == 401
        assert log_in(client, "ag").status_code == 429  # 8 failures from this address in all


def test_a_new_password_or_a_removed_account_ends_its_sessions(app, users_file):
    users = UsersFile(users_file)
    users.add("tam", Role.parse("viewer"), PASSWORD)
    with TestClient(app) as client:
        assert log_in(client, "tam").status_code == 303
        assert client.get("/", follow_redirects=False).status_code == 200
        users.add("tam", Role.parse("viewer"), "một mật khẩu mới hẳn")
        assert refused(client.get("/", follow_redirects=False))
        assert log_in(client, "tam", "một mật khẩu mới hẳn").status_code == 303
        users.remove("tam")
        assert refused(client.get("/", follow_redirects=False))


def test_a_viewer_reads_the_form_but_cannot_save(app, folder):
    before = (folder / SAMPLE_RELATIVE).read_bytes()
    with TestClient(app) as client:
        log_in(client, "xem")
        page = client.get(f"/edit/{SAMPLE_RELATIVE}").text
        assert 'id="read-only"' in page and "<fieldset class=\"read-only\" disabled>" in page
        assert "editor.js" not in page and ">Lưu<" not in page
        assert client.post(f"/edit/{SAMPLE_RELATIVE}", data={"csrf": page_token(client)}).status_code == 403
        assert "Chuẩn bị năm" not in client.get("/").text
    assert (folder / SAMPLE_RELATIVE).read_bytes() == before


def test_a_member_sees_only_pacts_naming_it_and_its_own_documents(app, folder):
    write_yaml(folder / "unseen.yaml", unseen_pact_data())  # a pact without An Giang
    with TestClient(app) as client:
        log_in(client, "ag")
        listing = client.get("/").text
        assert SAMPLE_RELATIVE in listing and "unseen.yaml" not in listing and "Soạn thảo" not in listing
        assert client.get("/reports/unseen.yaml").status_code == 403
        reports = client.get(f"/reports/{SAMPLE_RELATIVE}?period={PERIOD}").text
        assert "Công an tỉnh An Giang" in reports and "Xếp hạng" not in reports
        assert f"bao-cao-an-giang-{PERIOD}.pdf" in reports and "ca-mau" not in reports
        tabs = reports.split("<nav")[1].split("</nav>")[0]
        assert "Báo cáo" in tabs and "Soạn thảo" not in tabs and "Lưu trữ" not in tabs
        other = client.get(f"/download/{SAMPLE_RELATIVE}?file=bao-cao-ca-mau-{PERIOD}.pdf")
        assert other.status_code == 403
        assert client.get(f"/download/{SAMPLE_RELATIVE}").status_code == 403  # the whole packet
        own = client.get(f"/download/{SAMPLE_RELATIVE}?file=bao-cao-an-giang-{PERIOD}.pdf")
        assert own.status_code == 200 and own.content.startswith(b"%PDF-")


def test_a_member_sends_its_own_form_and_never_anothers(app, folder, sample_build, tmp_path):
    inbox = folder / "bao-cao-nhan-ve" / "2024" / "CTD12" / PERIOD
    theirs = form(sample_build, tmp_path, "kien-giang", "pdf", KIEN_GIANG, "cua-kien-giang.pdf")
    ours = form(sample_build, tmp_path, "an-giang", "pdf", AN_GIANG, "bao cao cua toi.pdf")
    bad = form(sample_build, tmp_path, "an-giang", "pdf", {**AN_GIANG, "giam-toi-pham-ttxh:current": "nhiều"},
               "sai.pdf")
    url = f"/reports/{SAMPLE_RELATIVE}"
    with TestClient(app) as client:
        log_in(client, "ag")
        csrf = page_token(client)

        def send(path):
            return client.post(url, data={"csrf": csrf, "period": PERIOD},
                               files=[("files", (path.name, path.read_bytes(), "application/pdf"))])

        refused_form = send(theirs)
        assert refused_form.status_code == 403 and "Công an tỉnh Kiên Giang" in refused_form.text
        assert not inbox.exists()
        wrong = send(bad)
        assert wrong.status_code == 400 and "ô «II.1 · Kỳ báo cáo (vụ)»" in wrong.text and not inbox.exists()
        assert "giam-toi-pham-ttxh:current" not in wrong.text  # the field as the member saw it
        sent = send(ours)
        assert sent.status_code == 200 and 'id="sent"' in sent.text
        assert sorted(p.name for p in inbox.iterdir()) == [f"bao-cao-an-giang-{PERIOD}.pdf"]
        assert send(ours).status_code == 200  # again: the new copy replaces the old
        assert sorted(p.name for p in inbox.iterdir()) == [f"bao-cao-an-giang-{PERIOD}.pdf"]
    with TestClient(app) as client:  # Kiên Giang's own account sends its own
        log_in(client, "kg")
        answer = client.post(url, data={"csrf": page_token(client), "period": PERIOD},
                             files=[("files", (theirs.name, theirs.read_bytes(), "application/pdf"))])
        assert answer.status_code == 200
    assert sorted(p.name for p in inbox.iterdir()) == [f"bao-cao-an-giang-{PERIOD}.pdf",
                                                        f"bao-cao-kien-giang-{PERIOD}.pdf"]
    archived = run_pact("archive", "status", SAMPLE_RELATIVE, "--root", "archive", "--json", cwd=folder)
    received = {(s["member"], s["versions"]) for s in json.loads(archived.stdout) if s["received"]}
    assert received == {("an-giang", 1), ("kien-giang", 1)}  # the forms sent are archived too (the same bytes once)


def test_failures_age_out_of_the_window_and_sessions_expire():
    throttle = Throttle()
    keys = {"account:x": Limit(2, 0.3)}
    throttle.failed(keys)
    assert throttle.wait(keys) == 0
    throttle.failed(keys)
    assert 0 < throttle.wait(keys) <= 0.3
    time.sleep(0.35)
    assert throttle.wait(keys) == 0
    sessions = Sessions(lifetime=0.2)
    session = sessions.open("x", "stamp")
    assert sessions.get(session.id) == session and sessions.get("guessed") is None
    time.sleep(0.25)
    assert sessions.get(session.id) is None


def test_a_route_without_a_rule_stops_the_app_from_being_made():
    async def page(request):
        raise AssertionError("never reached")

    with pytest.raises(KeyError, match="new_page"):
        enforced([Route("/new", page, name="new_page")])
    with pytest.raises(KeyError):
        enforced([Mount("/files", app=page, name="reports")])  # a mount only when open to anyone


def test_each_session_has_its_own_csrf_token_and_a_forged_cookie_is_nobody(app, folder):
    before = (folder / SAMPLE_RELATIVE).read_bytes()
    with TestClient(app) as editor, TestClient(app) as viewer:
        log_in(editor, "chanh")
        log_in(viewer, "xem")
        theirs = page_token(viewer)
        assert theirs != page_token(editor)
        # a viewer who knows its own token cannot make the editor's browser save with it
        answer = editor.post(f"/next-year/{SAMPLE_RELATIVE}", data={"csrf": theirs})
        assert answer.status_code == 403 and "CSRF" in answer.text
        signed = editor.cookies.get("pact")
        editor.cookies.clear()
        assert refused(editor.get("/", follow_redirects=False))
        editor.cookies.set("pact", signed)
        assert editor.get("/", follow_redirects=False).status_code == 200
        editor.cookies.clear()
        editor.cookies.set("pact", signed[:-4] + ("AAAA" if not signed.endswith("AAAA") else "BBBB"))
        assert refused(editor.get("/", follow_redirects=False))
    assert (folder / SAMPLE_RELATIVE).read_bytes() == before and not (folder / "2025").exists()
