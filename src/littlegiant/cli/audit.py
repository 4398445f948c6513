"""``littlegiant audit verify | purge``: check the audit log's hash chain; drop records past retention."""

from __future__ import annotations

import os

import typer
from rich.console import Console

from littlegiant.cli.main import app

__all__ = ["audit_app"]

console = Console()
audit_app = typer.Typer(help="安全审计日志：校验哈希链、按保留期限清理。", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlegiant.web.config.settings")
    import django

    django.setup()


@audit_app.command("verify")
def verify() -> None:
    """重新计算每条审计记录的哈希：发现篡改、删除或调换时报告记录编号并以状态 1 退出。"""
    _setup_django()
    from littlegiant.web.audit.queries import verify_chain

    report = verify_chain()
    if report.ok:
        console.print(
            f"[green]哈希链完整[/green]：已校验 {report.checked} 条记录；链头哈希 {report.head_hash}"
        )
        return
    console.print(
        f"[red]哈希链断裂[/red]：第 {report.broken_id} 号记录 — {report.reason}"
        f"（此前 {report.checked} 条完好）"
    )
    raise typer.Exit(1)


@audit_app.command("purge")
def purge() -> None:
    """删除超过保留期限的审计记录（保留期限不少于 180 天，无论如何配置）。"""
    _setup_django()
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.audit.services import purge as purge_records
    from littlegiant.web.audit.services import retention_days

    deleted = purge_records(user=system_user())
    console.print(f"已删除 {deleted} 条超过 {retention_days()} 天的审计记录。")
