"""The `pact` command: parse, call one function, map errors to exit codes.

Nothing heavy is imported here: `pact validate` and `pact schema` never load
WeasyPrint. Only this module exits.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from generator.errors import PactError

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


def _help_option(function):
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


def _folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An option naming a folder that must exist (Click's own check says it in English)."""
    if value is not None and not value.is_dir():
        problem = f"{value} là một tệp, không phải thư mục" if value.exists() else f"không có thư mục {value}"
        raise click.BadParameter(f"{problem}: chỉ ra một thư mục có sẵn.", ctx, param)
    return value


@click.group(context_settings=HELP)
@click.option("--debug", is_flag=True, help="Khi có lỗi nội bộ, in cả dấu vết (traceback) cho lập trình viên.")
@_help_option
@click.version_option(package_name="pact", message="pact %(version)s", help="Hiện phiên bản rồi thoát.")
@click.pass_context
def cli(context: click.Context, debug: bool) -> None:
    """Lập hồ sơ ký kết giao ước thi đua từ một tệp YAML: bản giao ước, trang chữ ký,
    trang ký riêng của từng đơn vị, dạng PDF và DOCX."""
    context.obj = {"debug": debug}


@cli.command()
@click.argument("pact_file", metavar="TỆP", type=click.Path(path_type=Path))
@_help_option
def validate(pact_file: Path) -> None:
    """Kiểm tra tệp giao ước; báo mọi lỗi kèm dòng, cột và cách sửa."""
    from generator.pact.load import check_pact

    checked = check_pact(pact_file)
    pact = checked.pact
    items = sum(len(s.items) for s in pact.sections)
    click.echo(
        f"{pact_file}: hợp lệ - {pact.cluster.name} năm {pact.year}, {len(pact.members)} thành viên, "
        f"{len(pact.sections)} phần, {items} nội dung, {len(pact.reporting.periods)} kỳ báo cáo."
    )
    for warning in checked.warnings:  # valid, but maybe not what the clerk meant
        click.echo(f"Cảnh báo: {warning}", err=True)


def _kinds(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    from generator.pact.ids import PACKET_KINDS

    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    unknown = sorted(kinds - set(PACKET_KINDS))
    if unknown or not kinds:
        raise click.BadParameter(
            f"loại không có: {', '.join(unknown) or '(trống)'}; chọn trong: {', '.join(PACKET_KINDS)}.",
            param_hint="--only",
        )
    return kinds


@cli.command()
@click.argument("inputs", metavar="TỆP_HOẶC_THƯ_MỤC...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_root", metavar="THƯ_MỤC", type=click.Path(path_type=Path),
              default=Path("output"),
              help="Thư mục gốc (mặc định: output); văn bản nằm trong THƯ_MỤC/<năm>/<mã cụm>/.")
@click.option("--only", metavar="LOẠI,...",
              help="Chỉ lập các loại này: pact, signatures, signature-page, report-form.")
@click.option("--templates", "templates_dir", metavar="THƯ_MỤC",
              type=click.Path(path_type=Path), callback=_folder,
              help="Thư mục mẫu riêng; mẫu nào có ở đây thì dùng thay mẫu có sẵn.")
@click.option("--jobs", "-j", metavar="N", type=WholeNumber(1),
              help="Số tiến trình lập song song (mặc định: số nhân CPU).")
@click.option("--force", is_flag=True, help="Lập lại mọi văn bản, kể cả văn bản không có gì thay đổi.")
@_help_option
def build(inputs: tuple[Path, ...], out_root: Path, only: str | None, templates_dir: Path | None,
          jobs: int | None, force: bool) -> None:
    """Lập các văn bản PDF và DOCX của từng tệp giao ước (thư mục: mọi tệp .yaml bên trong),
    kèm manifest.json. Văn bản không có gì thay đổi từ lần lập trước được giữ nguyên."""
    from generator.build.batch import build_many
    from generator.build.progress import reporter

    kinds = _kinds(only)
    with reporter() as on_progress:
        result = build_many(list(inputs), out_root, kinds, templates_dir, jobs, force, on_progress)
    for source, outcome in result.built:
        click.echo(f"{source}: đã lập {len(outcome.written)} tệp, giữ nguyên {len(outcome.kept)} tệp "
                   f"trong {outcome.folder}")
    for source, error in result.failed:
        click.echo(f"{source}: KHÔNG lập được.\n{error}", err=True)
    if result.failed:
        raise PactError(f"{len(result.failed)}/{len(result.failed) + len(result.built)} tệp giao ước "
                        "không lập được (xem ở trên); các tệp còn lại đã lập xong.")


@cli.command()
@click.argument("pact_file", metavar="TỆP_GIAO_ƯỚC", type=click.Path(path_type=Path))
@click.argument("inputs", metavar="BÁO_CÁO...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--period", "period_id", required=True, metavar="KỲ",
              help="Mã kỳ báo cáo trong giao ước, ví dụ so-ket-6-thang.")
@click.option("--out", "out_dir", metavar="THƯ_MỤC", type=click.Path(path_type=Path),
              help="Ghi kết quả thẳng vào đây (mặc định: output/<năm>/<mã cụm>/<kỳ>/).")
@click.option("--templates", "templates_dir", metavar="THƯ_MỤC",
              type=click.Path(path_type=Path), callback=_folder, help="Thư mục mẫu riêng.")
@_help_option
def collect(pact_file: Path, inputs: tuple[Path, ...], period_id: str, out_dir: Path | None,
            templates_dir: Path | None) -> None:
    """Tổng hợp các biểu mẫu báo cáo đã điền (PDF hoặc DOCX, tên tệp bất kỳ) thành báo cáo
    của Cụm: tong-hop-<mã cụm>-<năm>-<kỳ>.pdf, .docx, .xlsx, .csv và xep-hang-<mã cụm>-<năm>-<kỳ>.csv."""
    from generator.collect.run import collect as run_collect

    result = run_collect(pact_file, list(inputs), period_id, out_dir, templates_dir=templates_dir)
    for line in result.notices:
        click.echo(f"Bỏ qua: {line}", err=True)
    for line in result.warnings:
        click.echo(f"Lưu ý: {line}", err=True)
    click.echo(f"Đã tổng hợp báo cáo của {len(result.reports)}/{len(result.reports) + len(result.missing)} đơn vị.")
    if result.missing:
        click.echo(f"Chưa có báo cáo của: {', '.join(result.missing)}.")
    click.echo(f"Kết quả trong {result.folder}: {', '.join(result.files)}")


@cli.command()
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
@_help_option
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


@cli.command()
@_help_option
def schema() -> None:
    """In JSON Schema của tệp giao ước (cho trình soạn thảo gợi ý và kiểm tra)."""
    import json

    from generator.pact.model import Pact

    click.echo(json.dumps(Pact.model_json_schema(), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("pact_file", metavar="TỆP", type=click.Path(path_type=Path))
@click.option("--from", "source", metavar="TỆP_NĂM_TRƯỚC", type=click.Path(path_type=Path),
              help="Chép giao ước năm trước sang năm sau (giữ chú thích): năm, ngày, năm gốc và "
                   "các cụm từ nêu năm trong nội dung tăng một năm.")
@_help_option
def new(pact_file: Path, source: Path | None) -> None:
    """Tạo một tệp giao ước mẫu có chú thích để điền, hoặc chép giao ước năm trước sang năm sau."""
    from generator.starter import write_next_year, write_starter

    if source is None:
        write_starter(pact_file)
        click.echo(f"Đã tạo {pact_file}. Sửa tệp rồi chạy: pact validate {pact_file}")
        return
    copied = write_next_year(source, pact_file)
    click.echo(f"Đã chép {source} sang năm {copied.year} thành {pact_file}: năm, ngày ký, hạn báo cáo "
               "và năm gốc của các chỉ tiêu tăng một năm.")
    if copied.changes:
        click.echo("Các cụm từ nêu năm trong nội dung đã đổi; hãy đọc lại từng chỗ:")
        for change in copied.changes:
            click.echo(f"  {change.where}: «{change.before}» → «{change.after}»")
    click.echo(f"Sửa những gì khác đi trong năm {copied.year} rồi chạy: pact validate {pact_file}")


@cli.command()
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
              type=click.Path(path_type=Path), callback=_folder,
              help="Thư mục mẫu riêng, như ở lệnh build.")
@click.option("--out", "out_root", metavar="THƯ_MỤC", type=click.Path(path_type=Path), default=Path("output"),
              help="Thư mục kết quả, như ở lệnh build và collect (mặc định: output trong thư mục hiện tại); "
                   "báo cáo tổng hợp nằm trong THƯ_MỤC/<năm>/<mã cụm>/<kỳ>/.")
@_help_option
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


@cli.group(context_settings=HELP)
@_help_option
def archive() -> None:
    """Kho lưu bản đã ký và báo cáo gửi về: nhận diện, lưu, theo dõi, kiểm tra, xuất."""


def _root_option(function):
    return click.option(
        "--root", metavar="THƯ_MỤC", type=click.Path(path_type=Path), default=Path("archive"),
        help="Thư mục lưu trữ (mặc định: archive; không đặt trong output).",
    )(function)


def _trust_option(function):
    return click.option(
        "--trust", metavar="THƯ_MỤC", type=click.Path(path_type=Path),
        help="Thư mục chứng thư gốc tin cậy (PEM hoặc DER; mặc định: <kho>/trust nếu có). "
             "Không có thì chữ ký chỉ được kiểm tra còn nguyên vẹn, chưa kiểm tra tin cậy.",
    )(function)


@archive.command("add")
@click.argument("files", metavar="TỆP_HOẶC_THƯ_MỤC...", nargs=-1, required=True, type=click.Path(path_type=Path))
@_root_option
@click.option("--pact", "pact_file", metavar="TỆP", type=click.Path(path_type=Path),
              help="Tệp giao ước: tệp mang mã của giao ước khác bị từ chối; cần khi tệp không mang mã.")
@click.option("--kind", metavar="LOẠI", callback=lambda _c, _p, value: _archive_kind(value),
              help="Loại văn bản (pact, signatures, signature-page, report-form), cho tệp không mang mã.")
@click.option("--member", metavar="ĐƠN_VỊ", help="Mã đơn vị trong giao ước (ví dụ an-giang), cho tệp không mang mã.")
@click.option("--period", metavar="KỲ", help="Mã kỳ báo cáo trong giao ước, cho biểu mẫu báo cáo không mang mã.")
@_trust_option
@_help_option
def archive_add(files: tuple[Path, ...], root: Path, pact_file: Path | None, kind: str | None,
                member: str | None, period: str | None, trust: Path | None) -> None:
    """Nhận diện từng tệp PDF gửi về (theo mã tài liệu trong chữ, siêu dữ liệu hoặc mã QR)
    rồi lưu vào kho; thư mục thì tìm mọi tệp PDF bên trong."""
    from generator.archive.add import add
    from generator.archive.identify import Flags
    from generator.archive.signed import trust_roots
    from generator.pact.ids import label
    from generator.signing.verdicts import lines
    from generator.errors import InputError, Problem
    from generator.folders import outside_notice
    from generator.pact.load import load_pact

    pact = load_pact(pact_file) if pact_file is not None else None
    flags = Flags(pact, str(pact_file) if pact_file else None, kind, member, period, trust_roots(root, trust))
    result = add(list(files), root, flags)
    if result.repaired:
        _echo_repaired(result.repaired)
    for item, entry in result.added:
        slot = item.document.slot
        whose = " - ".join(p for p in (slot.member, slot.period) if p)
        click.echo(f"Đã lưu {item.path}: {label(slot.kind)}{' ' + whose if whose else ''} "
                   f"({item.document.text}, nhận diện qua {_METHODS[item.method]}), mục #{entry.seq}.")
        if item.note:
            click.echo(f"Lưu ý: {item.path}: {item.note}")
        for said in lines(item.signatures, flags.units or {}):
            click.echo(f"  Chữ ký số: {said}")
        if not item.signatures.sound:
            click.echo(f"Cảnh báo: {item.path} có chữ ký số hỏng, bị sửa sau khi ký hoặc không khớp đơn vị; "
                       f"vẫn lưu làm bằng chứng (mục #{entry.seq}). Xin đơn vị gửi lại bản ký đúng.")
    for path, entry in result.already:
        click.echo(f"Đã có trong kho, không thêm: {path} (giống hệt mục #{entry.seq}, {entry.original_name}).")
    for path in result.skipped:
        click.echo(f"Bỏ qua (không phải PDF hay biểu mẫu báo cáo DOCX): {path}")
    for path in result.outside:
        click.echo(f"Bỏ qua: {outside_notice(path)}")
    if result.refused:
        raise InputError(
            f"{len(result.refused)} tệp không được lưu:",
            [Problem(str(path), reason) for path, reason in result.refused],
        )


def _archive_kind(value: str | None) -> str | None:
    from generator.pact.ids import PACKET_KINDS

    if value is not None and value not in PACKET_KINDS:
        raise click.BadParameter(f"loại không có: {value}; chọn trong: {', '.join(PACKET_KINDS)}.", param_hint="--kind")
    return value


_METHODS = {"metadata": "siêu dữ liệu", "text": "chữ trong tệp", "qr": "mã QR", "docx": "thuộc tính và chân trang DOCX", "flags": "các cờ --pact/--kind"}


@archive.command("status")
@click.argument("pact_file", metavar="TỆP_GIAO_ƯỚC", type=click.Path(path_type=Path))
@_root_option
@click.option("--json", "as_json", is_flag=True, help="In danh sách JSON thay cho bảng.")
@_trust_option
@_help_option
def archive_status(pact_file: Path, root: Path, as_json: bool, trust: Path | None) -> None:
    """Với một giao ước: đơn vị nào đã gửi, còn thiếu gì, việc nào quá hạn."""
    import datetime as dt
    import json

    from generator.archive import register
    from generator.archive.signed import trust_roots
    from generator.archive.status import outside, status, table
    from generator.pact.load import load_pact

    pact = load_pact(pact_file)
    if not register.exists(root):
        click.echo(f"Chưa có sổ lưu trữ trong {root}: mọi văn bản đều chưa nhận.", err=True)
    slots = status(pact, root, trust_roots(root, trust))
    gone = outside(pact, root)
    if as_json:
        click.echo(json.dumps([s.as_json() for s in [*slots, *gone]], ensure_ascii=False, indent=2))
    else:
        click.echo(table(slots, pact, dt.date.today(), gone))


@archive.command("verify")
@_root_option
@click.option("--head", "recorded_head", metavar="MÃ",
              help="Mã đầu chuỗi đã ghi trước đây (trong biên bản): kiểm tra rằng nó vẫn còn trong sổ.")
@click.option("--signatures", "check_signatures", is_flag=True,
              help="Kiểm tra lại chữ ký số của mọi tệp đã lưu (ví dụ sau khi thêm chứng thư gốc tin cậy).")
@_trust_option
@_help_option
def archive_verify(root: Path, recorded_head: str | None, check_signatures: bool, trust: Path | None) -> None:
    """Băm lại mọi tệp và cả chuỗi sổ lưu trữ; báo từng tệp, từng mục bị đổi, mất, xoá
    hoặc đảo thứ tự, và với --signatures từng chữ ký số hỏng (mã thoát 3)."""
    from generator.archive.signed import trust_roots
    from generator.archive.verify import verify
    from generator.errors import IntegrityError

    roots = trust_roots(root, trust) if check_signatures else None
    report = verify(root, recorded_head, check_signatures, roots)
    for line in report.signatures:
        click.echo(line)
    click.echo(f"Đầu chuỗi: {report.count} mục, {report.head}")
    interrupted = (
        f"Kho {root} còn dấu vết của một lần thêm bị ngắt giữa chừng (không phải bị sửa; "
        "chạy pact archive repair để dọn):\n  " + "\n  ".join(report.debris)
    ) if report.debris else ""
    if report.problems:
        raise IntegrityError(
            f"Kho {root} có {len(report.problems)} vấn đề:\n  " + "\n  ".join(report.problems)
            + (f"\n{interrupted}" if interrupted else "")
        )
    if interrupted:
        raise PactError(interrupted)
    click.echo(f"Kho {root} nguyên vẹn: mọi tệp khớp sổ, chuỗi mục không đứt"
               + (", mọi chữ ký số còn nguyên vẹn." if check_signatures else "."))


@archive.command("repair")
@_root_option
@_help_option
def archive_repair(root: Path) -> None:
    """Dọn những gì một lần archive add bị ngắt giữa chừng để lại (tệp đã lưu mà chưa vào
    sổ, tệp ghi dở) rồi nói đã làm gì; lần archive add sau cũng tự làm việc này."""
    from generator.archive import journal

    found = journal.repair_archive(root)
    if not found:
        click.echo(f"Kho {root}: không có lần thêm nào bị ngắt, không có gì phải dọn.")
        return
    _echo_repaired(found)


def _echo_repaired(found) -> None:
    from generator.archive import journal

    click.echo("Đã dọn một lần thêm bị ngắt giữa chừng (các tệp của lần đó chưa vào sổ thì đã gỡ; "
               "thêm lại chúng nếu cần):")
    for line in journal.described(found):
        click.echo(f"  {line}")


@archive.command("export")
@click.argument("pact_file", metavar="TỆP_GIAO_ƯỚC", type=click.Path(path_type=Path))
@_root_option
@click.option("--out", metavar="TỆP.zip", type=click.Path(path_type=Path), required=True,
              help="Tệp zip cần tạo: các tệp đã lưu của giao ước và manifest.json.")
@_help_option
def archive_export(pact_file: Path, root: Path, out: Path) -> None:
    """Xuất các tệp đã lưu của một giao ước thành tệp zip kèm manifest.json (thông tin
    văn bản điện tử theo Nghị định 30/2020/NĐ-CP và đầu chuỗi sổ lưu trữ)."""
    from generator.archive.export import export
    from generator.pact.load import load_pact

    count, (entries, head) = export(load_pact(pact_file), root, out)
    click.echo(f"Đã xuất {count} tệp vào {out}. Đầu chuỗi lúc xuất: {entries} mục, {head}")


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
