"""`pact archive`: add, status, verify, repair, export."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import HELP, help_option
from generator.errors import PactError


@click.group(context_settings=HELP)
@help_option
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
@help_option
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
@help_option
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
@help_option
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
@help_option
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
@help_option
def archive_export(pact_file: Path, root: Path, out: Path) -> None:
    """Xuất các tệp đã lưu của một giao ước thành tệp zip kèm manifest.json (thông tin
    văn bản điện tử theo Nghị định 30/2020/NĐ-CP và đầu chuỗi sổ lưu trữ)."""
    from generator.archive.export import export
    from generator.pact.load import load_pact

    count, (entries, head) = export(load_pact(pact_file), root, out)
    click.echo(f"Đã xuất {count} tệp vào {out}. Đầu chuỗi lúc xuất: {entries} mục, {head}")
