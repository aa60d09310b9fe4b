"""`pact serve`: the web page, and the accounts that may open it beyond this computer."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.cli.options import WholeNumber, existing_folder, help_option
from generator.errors import PactError


@click.command()
@click.argument("target", metavar="[TỆP|THƯ_MỤC]", type=click.Path(path_type=Path), default=Path("."))
@click.option("--port", metavar="CỔNG", default=8000, type=WholeNumber(1, 65535),
              help="Cổng của trang (mặc định 8000).")
@click.option("--host", metavar="ĐỊA_CHỈ", default="127.0.0.1",
              help="Địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này mở được trang, không cần đăng nhập). "
                   "Địa chỉ khác: mọi người phải đăng nhập bằng tài khoản trong tệp tài khoản.")
@click.option("--allow-host", "allow_hosts", metavar="TÊN", multiple=True,
              help="Tên hoặc địa chỉ mà máy khác gõ để mở trang (lặp lại được); cần khi --host 0.0.0.0.")
@click.option("--certfile", metavar="TỆP", type=click.Path(path_type=Path),
              help="Chứng thư TLS (PEM) để trang chạy bằng https; đi cùng --keyfile.")
@click.option("--keyfile", metavar="TỆP", type=click.Path(path_type=Path),
              help="Khóa riêng TLS (PEM, không mật khẩu) của chứng thư --certfile.")
@click.option("--users", "users_file", metavar="TỆP", type=click.Path(path_type=Path),
              help="Tệp tài khoản (mặc định <thư mục>.users.json bên cạnh thư mục phục vụ, không bao giờ ở trong).")
@click.option("--add-user", metavar="TÊN", help="Thêm (hoặc đặt lại mật khẩu cho) một tài khoản rồi thoát; "
              "mật khẩu hỏi trên màn hình, hoặc lấy từ biến môi trường PACT_PASSWORD.")
@click.option("--role", metavar="VAI_TRÒ", default="viewer",
              help="Vai trò của --add-user: editor (mọi việc), viewer (chỉ xem; mặc định), member:<mã đơn vị> "
                   "(chỉ xem và gửi biểu mẫu của đơn vị đó).")
@click.option("--remove-user", metavar="TÊN", help="Xóa một tài khoản rồi thoát.")
@click.option("--templates", "templates_dir", metavar="THƯ_MỤC",
              type=click.Path(path_type=Path), callback=existing_folder,
              help="Thư mục mẫu riêng, như ở lệnh build.")
@click.option("--out", "out_root", metavar="THƯ_MỤC", type=click.Path(path_type=Path), default=Path("output"),
              help="Thư mục kết quả, như ở lệnh build và collect (mặc định: output trong thư mục hiện tại); "
                   "báo cáo tổng hợp nằm trong THƯ_MỤC/<năm>/<mã cụm>/<kỳ>/.")
@help_option
def serve(target: Path, port: int, host: str, allow_hosts: tuple[str, ...], certfile: Path | None,
          keyfile: Path | None, users_file: Path | None, add_user: str | None, role: str, remove_user: str | None,
          templates_dir: Path | None, out_root: Path) -> None:
    """Mở trang web để soạn giao ước bằng biểu mẫu, xem văn bản thay đổi ngay khi gõ, tải cả bộ
    hồ sơ, nhận báo cáo. Chỉ đọc, ghi tệp trong THƯ_MỤC (mặc định: thư mục hiện tại)."""
    try:
        from generator.web import server
    except ModuleNotFoundError as error:
        raise PactError(
            f"pact serve cần thêm thư viện web ({error.name}): cài bằng "
            "`.venv/bin/pip install -e '.[web]'` hoặc chạy `make serve`."
        ) from None
    if add_user is not None:
        for line in server.add_account(target, users_file, add_user, role, _new_password):
            click.echo(line)
    elif remove_user is not None:
        click.echo(server.remove_account(target, users_file, remove_user))
    else:
        if (certfile is None) != (keyfile is None):
            raise PactError("Cần cả --certfile và --keyfile để trang chạy bằng https (hoặc bỏ cả hai).")
        tls = server.Tls(certfile, keyfile) if certfile is not None else None
        server.serve(target, host, port, templates_dir, allow_hosts, users_file, tls, out_root)


def _new_password() -> str:
    """The new account's password: PACT_PASSWORD for scripts, else asked twice, never echoed."""
    if "PACT_PASSWORD" in os.environ:
        return os.environ["PACT_PASSWORD"]
    if not sys.stdin.isatty():
        raise PactError("Không có màn hình để hỏi mật khẩu: đặt mật khẩu trong biến môi trường PACT_PASSWORD.")
    return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
