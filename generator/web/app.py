"""Routes of `pact serve`: each reads the request, calls one function, renders a page.

Pages: the pacts in the folder, the editor of one pact with its preview beside
it (its routes in editor_routes.py), the preview alone with the downloads, the
reports received and their summary, the archive of signed copies (its routes in
archive_routes.py). Navigation is declared once (pages.PACT_TABS); who may use each
route, once (access.RULES).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from urllib.parse import urlencode
from dataclasses import dataclass
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from generator.errors import InputError, Problem
from generator.pact.load import load_pact
from generator.documents.rendered import search_path
from generator.web import archive_routes, editor, editor_routes, login, member_reports, reports
from generator.web.access import AccessRefused, Accounts, LocalClerk, LoginNeeded, enforced, member_of
from generator.web.accounts import UsersFile
from generator.web.files import OutsideFolder, ServedFolder
from generator.web.packet import build_place, packet, planned_files
from generator.web.preview import Previewer
from generator.web.pages import TEMPLATES, folder_of as _folder, page as _page, relative_of as _relative
from generator.web.security import Guard, new_token, state_changing
from generator.web.sessions import SESSION_SECONDS, Sessions, Throttle
from generator.web.uploads import uploads
from generator.web.watch import follow, show_file

HERE = Path(__file__).resolve().parent
LONG_POLL_SECONDS = 20.0
POLL_SECONDS = 0.02  # how often a waiting long poll looks at the preview: a few microseconds each
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


UPLOAD_PATHS = ("/reports/", "/archive/")  # the routes that take files (security.Guard)


# --- Pacts -------------------------------------------------------------------

@dataclass(frozen=True)
class Listed:
    path: str
    year: int | None = None
    cluster: str = ""
    members: int = 0
    problems: tuple[Problem, ...] = ()
    member_ids: frozenset[str] = frozenset()


def _listed(folder: ServedFolder, relative: str) -> Listed:
    try:
        pact = load_pact(folder.resolve(relative))
    except InputError as error:
        return Listed(relative, problems=tuple(error.problems or [Problem(relative, error.message)]))
    return Listed(relative, pact.year, pact.cluster.name, len(pact.members),
                  member_ids=frozenset(m.id for m in pact.members))


async def pacts(request: Request) -> Response:
    """Every pact in the folder; for a member's account, those that name the member."""
    folder = _folder(request)
    member = member_of(request.user)
    listed = await run_in_threadpool(lambda: [_listed(folder, p) for p in folder.pact_files()])
    if member:
        listed = [p for p in listed if member in p.member_ids]
    return _page(request, "pacts.html", pacts=listed, root=str(folder.root))


@state_changing
async def next_year(request: Request) -> Response:
    relative = _relative(request)
    created = editor.next_year(_folder(request), relative)
    return RedirectResponse(f"{request.url_for('edit', path=created)}?{urlencode({'copied': relative})}",
                            status_code=303)


# --- Preview -----------------------------------------------------------------

async def preview(request: Request) -> Response:
    relative = _relative(request)
    previewer: Previewer = request.app.state.previewer
    if not previewer.known(relative):
        await run_in_threadpool(show_file, previewer, _folder(request), relative)
    return _page(request, "preview.html", pact_path=relative, active="preview", snapshot=previewer.snapshot(relative),
                 embed=request.query_params.get("embed") == "1",
                 built_in=await run_in_threadpool(build_place, _folder(request), relative))


async def preview_documents(request: Request) -> Response:
    """Long poll: answers as soon as the preview is newer than `since`."""
    relative = _relative(request)
    previewer: Previewer = request.app.state.previewer
    since = _int(request.query_params.get("since"), -1)
    deadline = time.monotonic() + LONG_POLL_SECONDS
    snapshot = previewer.snapshot(relative)
    while snapshot.version <= since and time.monotonic() < deadline:
        await asyncio.sleep(POLL_SECONDS)
        snapshot = previewer.snapshot(relative)
    response = TEMPLATES.TemplateResponse(
        request, "_documents.html", {"snapshot": snapshot, "pact_path": relative}
    )
    response.headers["x-preview-version"] = str(snapshot.version)
    return response


def _int(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.lstrip("-").isdigit() else default


def _document(request: Request):
    relative = _relative(request)
    stem = request.query_params.get("doc", "")
    snapshot = request.app.state.previewer.snapshot(relative)
    found = next((d for d in snapshot.documents if d.stem == stem), None)
    if found is None:
        raise OutsideFolder(f"Bản xem trước chưa có văn bản {stem!r}: tải lại trang.")
    return found


async def page_image(request: Request) -> Response:
    pages = _document(request).pages
    number = _int(request.query_params.get("n"), 0)
    if not 1 <= number <= len(pages):
        raise OutsideFolder("Không có trang này: tải lại trang.")
    # ?v= names one rendering: the image at that URL never changes
    return Response(pages[number - 1].png, media_type="image/png",
                    headers={"cache-control": "private, max-age=86400, immutable"})


async def preview_pdf(request: Request) -> Response:
    document = _document(request)
    return Response(document.pdf, media_type="application/pdf",
                    headers={"content-disposition": f'inline; filename="{document.stem}.pdf"'})


async def download(request: Request) -> Response:
    """One file of the saved pact's packet (?file=…), or all of it as a ZIP; a
    member's account downloads its own documents only."""
    relative = _relative(request)
    pact_path = _folder(request).resolve(relative)
    wanted = request.query_params.get("file")
    files = await run_in_threadpool(planned_files, pact_path)
    if wanted is not None and wanted not in files:
        raise OutsideFolder(f"Bộ hồ sơ không có tệp {wanted!r}.")
    member = member_of(request.user)
    if member and (wanted is None or files[wanted] != member):
        raise AccessRefused("Tài khoản đơn vị chỉ tải được văn bản của đơn vị mình (biểu mẫu báo cáo, trang ký).")
    built = await run_in_threadpool(packet, pact_path, request.app.state.templates_dir)
    if wanted is None:
        return Response(built.zip(), media_type="application/zip",
                        headers={"content-disposition": f'attachment; filename="{built.name}.zip"'})
    media = {"pdf": "application/pdf", "json": "application/json"}.get(
        wanted.rsplit(".", 1)[-1], "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return Response(built.files[wanted], media_type=media,
                    headers={"content-disposition": f'attachment; filename="{wanted}"'})


# --- Reports ----------------------------------------------------------------

async def reports_page(request: Request) -> Response:
    relative = _relative(request)
    period = request.query_params.get("period")
    member = member_of(request.user)
    if member:
        view = await run_in_threadpool(member_reports.view, _folder(request), relative, period, member)
        return _member_page(request, relative, view)
    view = await run_in_threadpool(reports.view, _folder(request), relative, period)
    return _reports_page(request, relative, view)


@state_changing
async def reports_collect(request: Request) -> Response:
    """Forms sent → `collect` → the summary on the page; a refusal stays on the page.
    A member's account sends its own form only (member_reports.py)."""
    relative = _relative(request)
    form = await request.form()
    period = str(form.get("period", ""))
    member = member_of(request.user)
    if member:
        return await _member_sends(request, relative, period, uploads(form), member)
    try:
        view = await run_in_threadpool(reports.receive, _folder(request), relative, period, uploads(form),
                                       request.app.state.templates_dir)
    except InputError as error:
        view = await run_in_threadpool(reports.view, _folder(request), relative, period)
        return _reports_page(request, relative, view, refusal=error)
    return _reports_page(request, relative, view)


def _reports_page(request: Request, relative: str, view: reports.ReportsView,
                  refusal: InputError | None = None) -> Response:
    return _page(request, "reports.html", status=400 if refusal else 200, pact_path=relative, active="reports",
                 view=view, refusal=refusal)


async def _member_sends(request: Request, relative: str, period: str, files, member: str) -> Response:
    folder, templates_dir = _folder(request), request.app.state.templates_dir
    try:
        view = await run_in_threadpool(member_reports.receive, folder, relative, period, files, member, templates_dir)
    except AccessRefused:
        raise
    except InputError as error:
        view = await run_in_threadpool(member_reports.view, folder, relative, period, member)
        return _member_page(request, relative, view, refusal=error)
    return _member_page(request, relative, view)


def _member_page(request: Request, relative: str, view: member_reports.MemberView,
                 refusal: InputError | None = None) -> Response:
    return _page(request, "member_reports.html", status=400 if refusal else 200, pact_path=relative,
                 active="reports", view=view, refusal=refusal)


async def report_file(request: Request) -> Response:
    params = request.query_params
    path = await run_in_threadpool(reports.summary_file, _folder(request), _relative(request),
                                   params.get("period", ""), params.get("file", ""))
    return FileResponse(path, filename=path.name)


# --- errors and the application ----------------------------------------------

async def refused(request: Request, error: Exception) -> Response:
    """Bad input gets a page that says what and how to fix it, never a traceback."""
    status = 404 if isinstance(error, OutsideFolder) else 403 if isinstance(error, AccessRefused) else 400
    problems = getattr(error, "problems", [])
    return _page(request, "error.html", status=status, message=getattr(error, "message", str(error)),
                 problems=problems)


def create_app(root: Path, templates_dir: Path | None = None, allowed_hosts: tuple[str, ...] = LOCAL_HOSTS,
               users: UsersFile | None = None, tls: bool = False, output: Path | None = None) -> Starlette:
    """The page; with `users`, every visitor logs in (beyond loopback), else the
    clerk at this computer is the editor. `tls`: the session cookie is Secure.
    `output`: where summaries are written, as `pact collect` writes them (`pact serve --out`)."""
    folder = ServedFolder.at(root, output)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.previewer = Previewer(templates_dir)
        stop = anyio.Event()
        try:
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(follow, app.state.previewer, folder, search_path(templates_dir), stop)
                yield
                stop.set()
        finally:
            app.state.previewer.close()

    routes = [
        Route("/", pacts, name="pacts"),
        Route("/next-year/{path:path}", next_year, methods=["POST"], name="next_year"),
        Route("/edit/{path:path}", editor_routes.edit, name="edit"),
        Route("/edit/{path:path}", editor_routes.save, methods=["POST"], name="save"),
        Route("/check/{path:path}", editor_routes.check, methods=["POST"], name="check"),
        Route("/restore/{path:path}", editor_routes.restore, methods=["POST"], name="restore"),
        Route("/preview/{path:path}", preview, name="preview"),
        Route("/preview-documents/{path:path}", preview_documents, name="preview_documents"),
        Route("/page/{path:path}", page_image, name="page_image"),
        Route("/pdf/{path:path}", preview_pdf, name="preview_pdf"),
        Route("/download/{path:path}", download, name="download"),
        Route("/reports/{path:path}", reports_page, name="reports"),
        Route("/reports/{path:path}", reports_collect, methods=["POST"], name="reports_collect"),
        Route("/report-file/{path:path}", report_file, name="report_file"),
        Route("/archive/{path:path}", archive_routes.archive, name="archive"),
        Route("/archive/{path:path}", archive_routes.archive_add, methods=["POST"], name="archive_add"),
        Route("/archive-verify/{path:path}", archive_routes.archive_verify, methods=["POST"], name="archive_verify"),
        Route("/archive-place/{path:path}", archive_routes.archive_place, methods=["POST"], name="archive_place"),
        Route("/archive-export/{path:path}", archive_routes.archive_export, name="archive_export"),
        Route("/archive-certificate/{path:path}", archive_routes.archive_certificate, name="archive_certificate"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)),
                  Middleware(Guard, upload_paths=UPLOAD_PATHS)]
    sessions = Sessions()
    if users is None:
        backend = LocalClerk(new_token())
    else:
        routes += [Route("/login", login.login, name="login"),
                   Route("/login", login.login_post, methods=["POST"], name="login_post"),
                   Route("/logout", login.logout, methods=["POST"], name="logout")]
        backend = Accounts(users, sessions)
        # the cookie only names a server-side session; signed with a key that dies with the process
        middleware.append(Middleware(SessionMiddleware, secret_key=new_token(), max_age=SESSION_SECONDS,
                                     session_cookie="__Host-pact" if tls else "pact", same_site="lax",
                                     https_only=tls))
    middleware.append(Middleware(AuthenticationMiddleware, backend=backend))
    app = Starlette(
        routes=enforced(routes),
        middleware=middleware,
        exception_handlers={InputError: refused, LoginNeeded: login.to_login},
        lifespan=lifespan,
    )
    app.state.folder = folder
    app.state.templates_dir = templates_dir
    app.state.users = users
    app.state.sessions = sessions
    app.state.throttle = Throttle()
    return app
