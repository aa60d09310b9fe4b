"""Jinja environment: the user's templates folder first, then the built-in one.

Autoescape is on and undefined names are errors: pact values are data, placed
escaped, and a typo in a template fails loudly instead of printing nothing. Besides
a document's context, every template gets `assessments`, the self-assessment levels'
labels by code from the templates' assessments.yaml: wording, like the templates' own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2

from generator.cache import cache_folder
from generator.errors import TemplateError
from generator.documents.data import report_fingerprint
from generator.documents.rendered import Rendered, search_path
from generator.documents.wording import assessment_labels


@lru_cache(maxsize=8)
def environment(path: tuple[Path, ...]) -> jinja2.Environment:
    """One environment per search path and process: templates compile once."""
    compiled = cache_folder("templates")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        # compiled templates kept between runs, keyed by each template's source
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
    )


def render(template_name: str, context: dict, templates_dir: Path | None = None) -> Rendered:
    path = search_path(templates_dir)
    try:
        template = environment(path).get_template(template_name)
        html = template.render(**context, assessments=assessment_labels(path))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"Mẫu {error.filename or template_name}, dòng {error.lineno}: lỗi cú pháp Jinja "
            f"({error.message}). Sửa mẫu rồi chạy lại."
        ) from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(
            f"Không tìm thấy mẫu {error.name} trong: {', '.join(map(str, path))}."
        ) from None
    except jinja2.UndefinedError as error:
        raise TemplateError(
            f"Mẫu {_where(error, template_name)} dùng '{_reached(error)}', giá trị mà văn bản này không "
            f"nhận ({error.message}): mỗi văn bản chỉ nhận dữ liệu nó thể hiện, mã tài liệu tính trên đúng "
            "dữ liệu ấy. Xem danh sách giá trị của từng văn bản trong docs/templates.md."
        ) from None
    return Rendered(template_name, html, path, report_fingerprint(context.get("doc")))


def _reached(error: jinja2.UndefinedError) -> str:
    """The name a template reached for: "'x' is undefined", "'…' has no attribute 'x'"."""
    names = re.findall(r"'([^']*)'", error.message or "")
    return names[-1] if names else "?"


def _where(error: Exception, template_name: str) -> str:
    """The template file and line where it happened (a partial, base.html…): Jinja
    puts the template's lines into the traceback."""
    where = template_name
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            where = f"{filename}, dòng {trace.tb_lineno},"
        trace = trace.tb_next
    return where
