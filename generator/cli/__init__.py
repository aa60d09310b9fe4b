"""The `pact` command: parse, call one function, map errors to exit codes.

Nothing heavy is imported here: `pact validate` and `pact schema` never load
WeasyPrint. Only this package exits; each command lives in the module of its concern.
"""

from __future__ import annotations

import sys
import traceback

import click

from generator.cli import archive, documents, serving, signing
from generator.cli.options import HELP, help_option
from generator.errors import PactError


@click.group(context_settings=HELP)
@click.option("--debug", is_flag=True, help="Khi có lỗi nội bộ, in cả dấu vết (traceback) cho lập trình viên.")
@help_option
@click.version_option(package_name="pact", message="pact %(version)s", help="Hiện phiên bản rồi thoát.")
@click.pass_context
def cli(context: click.Context, debug: bool) -> None:
    """Lập hồ sơ ký kết giao ước thi đua từ một tệp YAML: bản giao ước, trang chữ ký,
    trang ký riêng của từng đơn vị, dạng PDF và DOCX."""
    context.obj = {"debug": debug}


for command in (documents.validate, documents.build, documents.collect, signing.sign, documents.schema,
                documents.new, serving.serve, archive.archive):
    cli.add_command(command)


def _usage_message(error: click.UsageError) -> str:
    """Click's usage errors, said in Vietnamese."""
    if isinstance(error, click.BadParameter) and error.message and (error.param_hint or error.param):
        hint = error.param_hint or error.param.opts
        hint = hint if isinstance(hint, str) else " / ".join(hint)
        return f"{hint}: {error.message}"
    if isinstance(error, click.MissingParameter):
        param = error.param.human_readable_name if error.param else "tham số"
        return f"thiếu {param}."
    if isinstance(error, click.NoSuchOption):
        return f"không có tùy chọn {error.option_name}."
    if "No such command" in error.message:
        return f"không có lệnh {error.message.split()[-1].rstrip('.')}."
    if "unexpected extra argument" in error.message:
        return f"thừa tham số ({error.message.split('(')[-1].rstrip(')')})."
    return f"dùng sai lệnh ({error.message})."


def main() -> None:
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False, prog_name="pact")
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "pact"
        click.echo(f"Lỗi: {_usage_message(error)}\nXem: {command} --help", err=True)
        sys.exit(2)
    except click.Abort:
        click.echo("Đã dừng.", err=True)
        sys.exit(2)
    except PactError as error:
        click.echo(str(error), err=True)
        sys.exit(error.exit_code)
    except Exception:  # a bug: say so plainly; the traceback is for developers
        if debug:
            traceback.print_exc()
        click.echo(
            "Lỗi nội bộ của pact (không phải do tệp của bạn). Chạy lại với --debug và gửi "
            "nội dung hiện ra cho người phát triển.",
            err=True,
        )
        sys.exit(1)
