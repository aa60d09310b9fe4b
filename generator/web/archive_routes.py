"""The Archive page's routes: the status matrix, copies added by upload or placed in
a slot the archivist picks, the archive checked, the handover zip and the printed
check. Each reads the request, calls archive_page.py or handover.py, renders the page."""

from __future__ import annotations

import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from generator.errors import InputError
from generator.web import archive_page, handover
from generator.web.pages import folder_of as _folder, page as _page, relative_of as _relative
from generator.web.security import state_changing
from generator.web.uploads import uploads


async def archive(request: Request) -> Response:
    return await _archive_page(request)


@state_changing
async def archive_add(request: Request) -> Response:
    relative = _relative(request)
    form = await request.form()
    try:
        added = await run_in_threadpool(archive_page.add_files, _folder(request), relative, uploads(form))
    except InputError as error:
        return await _archive_page(request, status=400, refusal=error)
    return await _archive_page(request, added=added)


@state_changing
async def archive_verify(request: Request) -> Response:
    try:
        checked = await run_in_threadpool(archive_page.check, _folder(request))
    except InputError as error:
        return await _archive_page(request, status=400, refusal=error)
    return await _archive_page(request, checked=checked)


@state_changing
async def archive_place(request: Request) -> Response:
    """A file without a readable id archived in the slot the archivist picked."""
    form = await request.form()
    try:
        added = await run_in_threadpool(archive_page.place, _folder(request), _relative(request),
                                        str(form.get("file", "")), str(form.get("slot", "")))
    except InputError as error:
        return await _archive_page(request, status=400, refusal=error)
    return await _archive_page(request, added=added)


async def archive_export(request: Request) -> Response:
    """The handover zip (`pact archive export`) as a download."""
    try:
        name, content = await run_in_threadpool(handover.export_zip, _folder(request), _relative(request))
    except InputError as error:
        return await _archive_page(request, status=400, refusal=error)
    return Response(content, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def archive_certificate(request: Request) -> Response:
    """The integrity check as a page to print and attach to the minutes."""
    certificate = await run_in_threadpool(handover.certificate, _folder(request), _relative(request),
                                          dt.datetime.now(dt.timezone.utc))
    return _page(request, "archive_certificate.html", pact_path=_relative(request), embed=True,
                 certificate=certificate)


async def _archive_page(request: Request, status: int = 200, **outcome) -> Response:
    """The status matrix, under the outcome of what was just done (an upload, a check, a refusal);
    the files waiting for the archivist to name their slot, with the slots to pick from."""
    relative = _relative(request)
    matrix = await run_in_threadpool(archive_page.matrix, _folder(request), relative, dt.date.today())
    unplaced, choices = await run_in_threadpool(archive_page.unplaced, _folder(request), relative)
    outcome = {"added": None, "checked": None, "refusal": None, **outcome}
    return _page(request, "archive.html", status=status, pact_path=relative, active="archive", matrix=matrix,
                 unplaced=unplaced, slot_choices=choices, **outcome)
