"""``littlegiant import | export | template``: the growth archive in and out of Excel.

Django, openpyxl and calamine are imported inside the commands so that ``littlegiant --help``
stays fast.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from littlegiant.cli.main import app

__all__ = ["export_archive", "import_archive", "template"]

console = Console()
_SHOWN_ISSUES = 20


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlegiant.web.config.settings")
    import django

    django.setup()


@app.command("template")
def template(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="模板文件", help="要生成的模板文件（档案模板 .xlsx；--flat 时 .csv）"
        ),
    ],
    flat: Annotated[
        bool,
        typer.Option(
            "--flat",
            help="生成 littlegiant evaluate 的批量评价格式：每行一家企业，第一行为字段 ID（年度数据带 _y1/_y2/_y3 后缀）；另附同名 .说明.csv 列出各字段的中文名称、单位与类型",
        ),
    ] = False,
) -> None:
    """生成企业档案导入模板（.xlsx），或用 --flat 生成批量评价的空白表（.csv）。"""
    if flat:
        from littlegiant.io.template import write_flat_template

        guide = write_flat_template(file)
        console.print(f"[green]已生成批量评价模板[/green]：{file}（字段说明：{guide}）")
        return
    from littlegiant.io.template import write_template

    write_template(file)
    console.print(f"[green]已生成导入模板[/green]：{file}")


@app.command("import")
def import_archive(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, metavar="档案文件", help="填好的模板（.xlsx）或 .csv"
        ),
    ],
    only_valid: Annotated[
        bool, typer.Option("--only-valid", help="有错误时仍导入其余有效行")
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="把完整校验报告写入此 .xlsx")
    ] = None,
) -> None:
    """导入企业档案：逐格校验，全部通过才写入（--only-valid 只导入有效行）；同一文件导入两次档案不变。"""
    _setup_django()
    from littlegiant.io.importing import run_import
    from littlegiant.io.reader import ReadError
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.enterprises.queries.archive_rows import known_usccs
    from littlegiant.web.enterprises.services import load_archive_rows

    started = time.perf_counter()
    try:
        with _progress() as progress:
            task = progress.add_task("校验", total=None)

            def on_progress(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            def write(tables: dict[str, list[dict[str, Any]]]) -> Any:
                progress.update(task, description="写入数据库")
                return load_archive_rows(tables=tables, user=system_user())

            result = run_import(file, write=write, only_valid=only_valid,
                                known_usccs=known_usccs, on_progress=on_progress)  # fmt: skip
    except ReadError as error:
        console.print(f"[red]无法读取文件[/red]：{error}")
        raise typer.Exit(2) from None
    _print_result(result, time.perf_counter() - started)
    if report is not None:
        result.report.to_xlsx(report)
        console.print(f"完整校验报告：{report}")
    if not result.written and not result.report.ok:
        raise typer.Exit(1)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    )  # fmt: skip


def _print_result(result: Any, seconds: float) -> None:
    report = result.report
    if result.written:
        console.print(
            f"[green]已导入[/green] {result.plan.row_count} 行（用时 {seconds:.1f} 秒）。{report.summary()}"
        )
        for table_id, counts in getattr(result.write_result, "tables", {}).items():
            console.print(
                f"  {table_id}：新增 {counts.created}，更新 {counts.updated}，未变化 {counts.unchanged}"
            )
    elif report.ok:
        console.print("[yellow]文件中没有可导入的数据行。[/yellow]")
    else:
        console.print(f"[red]校验未通过，未写入任何数据[/red]。{report.summary()}")
    for note in report.notes:
        console.print(f"[dim]{note}[/dim]")
    if report.issues:
        _print_issues(report)


def _print_issues(report: Any) -> None:
    table = Table(
        title=f"问题清单（前 {min(_SHOWN_ISSUES, report.error_count)} 条，共 {report.error_count} 条）"
    )
    for title in ("工作表", "行", "列", "字段", "值", "问题"):
        table.add_column(title, overflow="fold")
    for issue in report.first(_SHOWN_ISSUES):
        sheet, row, column, field_id, label, value, message = issue.as_row()
        table.add_row(
            sheet, str(row), column, f"{label}（{field_id}）" if field_id else "", value, message
        )
    console.print(table)


@app.command("export")
def export_archive(
    file: Annotated[
        Path, typer.Argument(dir_okay=False, metavar="导出文件", help="导出到此 .xlsx")
    ],
    region: Annotated[
        str | None, typer.Option("--region", help="只导出该地区（含下级）的企业，如 330100")
    ] = None,
) -> None:
    """导出企业档案为 .xlsx（与导入模板格式相同，可修改后再导入）。"""
    _setup_django()
    from littlegiant.io.export import write_archive
    from littlegiant.records.codes import region as find_region
    from littlegiant.web.enterprises.models import Enterprise
    from littlegiant.web.enterprises.queries.archive_rows import archive_rows

    enterprises = Enterprise.objects.all()
    if region:
        if find_region(region) is None:
            console.print(f"[red]未知的地区代码[/red]：{region}")
            raise typer.Exit(2)
        enterprises = enterprises.filter(region_code__startswith=_region_prefix(region))
    with _progress() as progress:
        task = progress.add_task("导出", total=None)
        counts = write_archive(archive_rows(enterprises), file,
                               on_progress=lambda done: progress.update(task, completed=done))  # fmt: skip
    shown = "，".join(f"{table_id} {count} 行" for table_id, count in counts.items() if count)
    console.print(f"[green]已导出[/green]：{file}（{shown or '无数据'}）")


def _region_prefix(code: str) -> str:
    """``330000`` → ``33``, ``330100`` → ``3301``, a county code stays whole."""
    prefix = code.strip()
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix
