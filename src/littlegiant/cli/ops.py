"""``littlegiant backup | restore``: back up and restore the database and the uploaded files.

The work is done by :mod:`littlegiant.web.backup`; these commands read the platform's settings
(``LITTLEGIANT_HOME``, ``DATABASE_URL``) and report in Chinese.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from littlegiant.cli.main import app

__all__ = ["backup", "restore"]

console = Console()


def _settings() -> tuple[dict[str, object], Path]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlegiant.web.config.settings")
    import django

    django.setup()
    from django.conf import settings

    return dict(settings.DATABASES["default"]), Path(settings.UPLOADS_DIR)


@app.command()
def backup(
    destination: Annotated[
        Path, typer.Argument(help="备份存放目录（每次备份在其中新建一个子目录）")
    ],
) -> None:
    """备份数据库与上传文件（SQLite 在线备份 API / PostgreSQL pg_dump），附校验清单。"""
    from littlegiant.web.backup import BackupError
    from littlegiant.web.backup import backup as run_backup

    database, uploads = _settings()
    try:
        result = run_backup(database, uploads, destination)
    except BackupError as error:
        console.print(f"[red]备份失败[/red]：{error}")
        raise typer.Exit(1) from error
    console.print(
        f"[green]备份完成[/green]：{result.folder}（{result.engine}，{len(result.tables)} 张表，"
        f"{result.total_rows} 行）"
    )


@app.command()
def restore(
    folder: Annotated[
        Path, typer.Argument(file_okay=False, help="littlegiant backup 生成的备份子目录")
    ],
    yes: Annotated[
        bool, typer.Option("--yes", help="确认覆盖当前数据库（恢复前请先停止服务）")
    ] = False,
) -> None:
    """从备份恢复数据库与上传文件，并逐表核对行数与校验和（恢复演练）。"""
    from littlegiant.web.backup import BackupError
    from littlegiant.web.backup import restore as run_restore

    if not yes:
        console.print("[red]恢复会覆盖当前数据库[/red]：请先停止服务，确认后加 --yes 重新执行。")
        raise typer.Exit(2)
    database, uploads = _settings()
    try:
        result = run_restore(folder, database, uploads)
    except BackupError as error:
        console.print(f"[red]恢复失败[/red]：{error}")
        raise typer.Exit(1) from error
    if not result.ok:
        for table, (expected, found) in sorted(result.mismatches.items()):
            got = "缺失" if found is None else f"{found.rows} 行，校验和 {found.checksum[:12]}…"
            console.print(
                f"[red]不一致[/red] {table}：备份 {expected.rows} 行，校验和 {expected.checksum[:12]}…；恢复后 {got}"
            )
        raise typer.Exit(1)
    console.print(
        f"[green]恢复完成并核对一致[/green]：{result.tables} 张表、{result.rows} 行的行数与校验和全部相符"
        f"（用时 {result.seconds:.1f} 秒）"
    )
