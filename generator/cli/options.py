"""What every command shares: Vietnamese help headings and option types that
refuse a bad value in Vietnamese (Click's own checks speak English)."""

from __future__ import annotations

from pathlib import Path

import click

HELP = {"help_option_names": ["-h", "--help"]}


class VietnameseFormatter(click.HelpFormatter):
    """Click's own headings in Vietnamese; our help texts already are."""

    HEADINGS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[TÙY CHỌN]").replace("COMMAND [ARGS]...", "LỆNH [THAM SỐ]...")
        super().write_usage(prog, args, prefix="Cách dùng: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))


click.Context.formatter_class = VietnameseFormatter


def help_option(function):
    return click.help_option("-h", "--help", help="Hiện hướng dẫn này rồi thoát.")(function)


class WholeNumber(click.ParamType):
    """A whole-number option, refused in Vietnamese: Click's own number types say
    what is wrong in English."""

    name = "số"

    def __init__(self, low: int, high: int | None = None):
        self.low, self.high = low, high

    def convert(self, value, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = value if isinstance(value, int) else int(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' không phải số nguyên: {self._expected()}.", param, ctx)
        if number < self.low or (self.high is not None and number > self.high):
            self.fail(f"{number} không dùng được: {self._expected()}.", param, ctx)
        return number

    def _expected(self) -> str:
        if self.high is None:
            return f"nhập một số từ {self.low} trở lên"
        return f"nhập một số từ {self.low} đến {self.high}"


def existing_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An option naming a folder that must exist (Click's own check says it in English)."""
    if value is not None and not value.is_dir():
        problem = f"{value} là một tệp, không phải thư mục" if value.exists() else f"không có thư mục {value}"
        raise click.BadParameter(f"{problem}: chỉ ra một thư mục có sẵn.", ctx, param)
    return value
