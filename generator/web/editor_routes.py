"""The editor's routes: the form of one pact beside its preview, checked as the
clerk types, saved (or kept as a draft while it has errors), a kept version restored.
Each reads the request, calls editor.py, renders the page."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from generator.errors import InputError
from generator.web import codes, editor, wording
from generator.web.forms import form_fields, submitted
from generator.web.pages import folder_of as _folder, page as _page, relative_of as _relative
from generator.web.preview import Previewer
from generator.web.security import CSRF_FIELD, state_changing


async def edit(request: Request) -> Response:
    relative = _relative(request)
    folder = _folder(request)
    query = request.query_params
    opened = editor.open_pact(folder, relative, from_draft=query.get("draft") == "1")
    copied = query.get("copied")  # just made by "Chuẩn bị năm sau" from that file
    changes = editor.year_changes(folder, copied) if copied else []
    return _editor_page(request, relative, opened.fields, opened.base, opened.judged.problems,
                        opened.judged.warnings, saved=query.get("saved") == "1", copied=copied, changes=changes,
                        from_draft=query.get("draft") == "1", restored=query.get("restored"))


def _editor_page(request: Request, relative: str, fields, base: str, problems, warnings=(), *,
                 saved: bool = False, refusal: str | None = None, copied: str | None = None,
                 changes=(), from_draft: bool = False, restored: str | None = None,
                 unconfirmed: editor.Unconfirmed | None = None) -> Response:
    return _page(
        request, "editor.html", status=409 if refusal else 200, pact_path=relative, active="edit", fields=fields,
        base=base, problems=[wording.shown(p) for p in problems], warnings=[wording.shown(p) for p in warnings],
        saved=saved, refusal=refusal, copied=copied, changes=changes, from_draft=from_draft, restored=restored,
        unconfirmed=unconfirmed,
        kept=editor.kept(_folder(request), relative),
    )


async def _form_pairs(request: Request) -> tuple[list[tuple[str, str]], str]:
    form = await request.form()
    pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str) and k != CSRF_FIELD]
    return pairs, str(form.get("base", ""))


@state_changing
async def save(request: Request) -> Response:
    relative = _relative(request)
    pairs, base = await _form_pairs(request)
    confirmed = next((v for k, v in pairs if k == "confirmed"), "")
    try:
        result = await run_in_threadpool(editor.save, _folder(request), relative, pairs, base, confirmed)
    except editor.StaleCopy as error:
        return _editor_page(request, relative, form_fields(submitted(pairs)), base, [], refusal=error.message)
    except editor.Unconfirmed as asked:  # nothing written: the clerk confirms or goes on editing
        return _editor_page(request, relative, form_fields(submitted(pairs)), base, [], unconfirmed=asked)
    return _after_save(request, relative, result)


def _after_save(request: Request, relative: str, result: editor.Saved, **query: str) -> Response:
    """Back to the editor: the file saved, or its draft when errors kept the file as it was."""
    _preview(request, relative, result.judged)
    query.update({"draft": "1"} if result.draft else {"saved": "1"})
    return RedirectResponse(f"{request.url_for('edit', path=relative)}?{urlencode(query)}", status_code=303)


@state_changing
async def restore(request: Request) -> Response:
    """A kept version put back (editor.restore)."""
    relative, folder = _relative(request), _folder(request)
    form = await request.form()
    version, confirmed = str(form.get("version", "")), str(form.get("confirmed", ""))
    try:
        result = await run_in_threadpool(editor.restore, folder, relative, version, confirmed)
    except editor.Unconfirmed as asked:  # nothing written: the form shows the file as it is
        opened = await run_in_threadpool(editor.open_pact, folder, relative)
        return _editor_page(request, relative, opened.fields, opened.base, opened.judged.problems,
                            opened.judged.warnings, unconfirmed=asked)
    return _after_save(request, relative, result, restored=version)


@state_changing
async def check(request: Request) -> Response:
    """The draft as the clerk types: its problems by field, and the preview follows it."""
    relative = _relative(request)
    pairs, base = await _form_pairs(request)
    try:
        draft = await run_in_threadpool(editor.draft, _folder(request), relative, pairs, base)
    except InputError as error:
        return JSONResponse({"problems": [], "stale": False, "error": error.message}, status_code=400)
    _preview(request, relative, draft.judged)
    return JSONResponse({"problems": [wording.shown(p) for p in draft.judged.problems],
                         "warnings": [wording.shown(p) for p in draft.judged.warnings], "stale": draft.stale,
                         "codes": codes.suggested(submitted(pairs))})


def _preview(request: Request, relative: str, judged: editor.Judged) -> None:
    previewer: Previewer = request.app.state.previewer
    if judged.pact is not None:
        previewer.show(relative, judged.pact)
    else:
        previewer.refuse(relative, judged.problems)
