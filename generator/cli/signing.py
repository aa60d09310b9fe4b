"""`pact sign`: one member's digital signature into its field of a pact document."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.options import help_option


@click.command()
@click.argument("pdf", metavar="TỆP.pdf", type=click.Path(path_type=Path))
@click.option("--member", required=True, metavar="ĐƠN_VỊ", help="Mã đơn vị ký, ví dụ an-giang.")
@click.option("--as", "role", required=True, metavar="VAI", callback=lambda _c, _p, value: _signing_role(value),
              help="signer: người có thẩm quyền ký; organisation: cơ quan ký số (con dấu), sau người ký.")
@click.option("--p12", type=click.Path(path_type=Path), metavar="TỆP",
              help="Tệp khóa .p12/.pfx (mật khẩu hỏi khi ký, hoặc biến PACT_P12_PASSWORD).")
@click.option("--pkcs11", metavar="THƯ_VIỆN", help="Thư viện PKCS#11 của token (mã PIN hỏi khi ký, hoặc PACT_PKCS11_PIN).")
@click.option("--token", metavar="NHÃN", help="Nhãn của token (với --pkcs11).")
@click.option("--key", metavar="NHÃN", help="Nhãn khóa trên token, khi token có nhiều khóa.")
@click.option("--image", required=True, type=click.Path(path_type=Path), metavar="ẢNH.png",
              help="Ảnh PNG nền trong suốt: chữ ký (signer) hoặc con dấu (organisation).")
@click.option("--size-mm", metavar="MM", callback=lambda _c, _p, value: _millimetres(value),
              help="Chiều rộng thật của ảnh trên giấy, khi ảnh không ghi độ phân giải.")
@click.option("--tsa", metavar="URL", help="Máy chủ dấu thời gian (PAdES B-T).")
@click.option("--out", type=click.Path(path_type=Path), metavar="TỆP",
              help="Ghi bản đã ký vào đây (mặc định: thay tệp đầu vào).")
@help_option
def sign(pdf: Path, member: str, role: str, p12: Path | None, pkcs11: str | None, token: str | None,
         key: str | None, image: Path, size_mm: float | None, tsa: str | None, out: Path | None) -> None:
    """Ký số một văn bản do pact lập vào ô chữ ký của một đơn vị (PAdES, ký nối tiếp:
    chữ ký trước vẫn còn nguyên hiệu lực)."""
    from generator.signing.credentials import P12File, Token
    from generator.signing.sign import Request, sign as sign_document

    if (p12 is None) == (pkcs11 is None) or (pkcs11 is not None and not token):
        raise click.UsageError("chọn một nơi giữ khóa: --p12 TỆP, hoặc --pkcs11 THƯ_VIỆN --token NHÃN.")
    source = (P12File(p12, lambda: _secret("PACT_P12_PASSWORD", f"Mật khẩu của {p12}"))
              if p12 is not None else
              Token(pkcs11, token, key, lambda: _secret("PACT_PKCS11_PIN", f"Mã PIN của token {token}")))
    signed = sign_document(Request(pdf, member, role, image, size_mm, out, tsa), source)
    click.echo(f"Đã ký {signed.field} ({signed.subject}) vào {signed.path}.")


def _signing_role(value: str) -> str:
    if value not in ("signer", "organisation"):
        raise click.BadParameter(f"'{value}' không dùng được: chọn signer (người ký) hoặc organisation "
                                 "(cơ quan, con dấu).")
    return value


def _millimetres(value: str | None) -> float | None:
    """A length in millimetres, written 36, 36.5 or 36,5."""
    if value is None:
        return None
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        number = float("nan")
    if not number > 0:  # also NaN
        raise click.BadParameter(f"'{value}' không phải độ dài: viết số mi-li-mét, ví dụ 36 hoặc 36,5.")
    return number


def _secret(variable: str, prompt: str) -> str:
    """A password or PIN: from the environment, else asked once on the terminal, unechoed."""
    import os

    from generator.errors import InputError

    if variable in os.environ:
        return os.environ[variable]
    if not sys.stdin.isatty():
        raise InputError(f"Không hỏi được {prompt[0].lower() + prompt[1:]}: chạy lệnh trong cửa sổ "
                         f"dòng lệnh, hoặc đặt biến môi trường {variable}.")
    return click.prompt(prompt, hide_input=True, default="", show_default=False)
