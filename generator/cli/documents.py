"""Commands on pact files and their documents: validate, build, collect, schema, new."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import WholeNumber, existing_folder, help_option
from generator.errors import PactError


@click.command()
@click.argument("pact_file", metavar="TỆP", type=click.Path(path_type=Path))
@help_option
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


@click.command()
@click.argument("inputs", metavar="TỆP_HOẶC_THƯ_MỤC...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_root", metavar="THƯ_MỤC", type=click.Path(path_type=Path),
              default=Path("output"),
              help="Thư mục gốc (mặc định: output); văn bản nằm trong THƯ_MỤC/<năm>/<mã cụm>/.")
@click.option("--only", metavar="LOẠI,...",
              help="Chỉ lập các loại này: pact, signatures, signature-page, report-form.")
@click.option("--templates", "templates_dir", metavar="THƯ_MỤC",
              type=click.Path(path_type=Path), callback=existing_folder,
              help="Thư mục mẫu riêng; mẫu nào có ở đây thì dùng thay mẫu có sẵn.")
@click.option("--jobs", "-j", metavar="N", type=WholeNumber(1),
              help="Số tiến trình lập song song (mặc định: số nhân CPU).")
@click.option("--force", is_flag=True, help="Lập lại mọi văn bản, kể cả văn bản không có gì thay đổi.")
@help_option
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


@click.command()
@click.argument("pact_file", metavar="TỆP_GIAO_ƯỚC", type=click.Path(path_type=Path))
@click.argument("inputs", metavar="BÁO_CÁO...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--period", "period_id", required=True, metavar="KỲ",
              help="Mã kỳ báo cáo trong giao ước, ví dụ so-ket-6-thang.")
@click.option("--out", "out_dir", metavar="THƯ_MỤC", type=click.Path(path_type=Path),
              help="Ghi kết quả thẳng vào đây (mặc định: output/<năm>/<mã cụm>/<kỳ>/).")
@click.option("--templates", "templates_dir", metavar="THƯ_MỤC",
              type=click.Path(path_type=Path), callback=existing_folder, help="Thư mục mẫu riêng.")
@help_option
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


@click.command()
@help_option
def schema() -> None:
    """In JSON Schema của tệp giao ước (cho trình soạn thảo gợi ý và kiểm tra)."""
    import json

    from generator.pact.model import Pact

    click.echo(json.dumps(Pact.model_json_schema(), ensure_ascii=False, indent=2))


@click.command()
@click.argument("pact_file", metavar="TỆP", type=click.Path(path_type=Path))
@click.option("--from", "source", metavar="TỆP_NĂM_TRƯỚC", type=click.Path(path_type=Path),
              help="Chép giao ước năm trước sang năm sau (giữ chú thích): năm, ngày, năm gốc và "
                   "các cụm từ nêu năm trong nội dung tăng một năm.")
@help_option
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
