"""The page's own templates (not document templates) and what every page is given:
the visitor, its CSRF token, and what its role may open (`can`, for links and tabs);
the served folder and the pact file a route is about."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from generator.web.access import allows
from generator.web.files import ServedFolder
from generator.web.security import CSRF_FIELD
from generator.web.wording import field_label, form_words

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Tab:
    route: str  # route name, called with path=<pact file>
    label: str


# Navigation, declared once; a tab shows only to a role its route's rule allows.
PACT_TABS = (Tab("edit", "Soạn thảo"), Tab("preview", "Xem trước và tải về"), Tab("reports", "Báo cáo"),
             Tab("archive", "Lưu trữ"))


def _templates() -> Jinja2Templates:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(field_label=field_label, form_words=form_words)
    return Jinja2Templates(env=environment)


TEMPLATES = _templates()


def folder_of(request: Request) -> ServedFolder:
    return request.app.state.folder


def relative_of(request: Request) -> str:
    """The pact file a route is about, checked to lie inside the folder."""
    relative = request.path_params["path"]
    folder_of(request).pact_file(relative)
    return relative


def page(request: Request, name: str, status: int = 200, **context) -> Response:
    context.setdefault("pact_path", None)
    context.setdefault("active", None)
    context.setdefault("embed", False)
    user = request.user
    context.update(csrf=getattr(user, "csrf", ""), csrf_field=CSRF_FIELD, user=user,
                   can=functools.partial(allows, user), tabs=PACT_TABS)
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status)
