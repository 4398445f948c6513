"""``littlegiant catalog import``, ``littlegiant catalog push`` and ``littlegiant search``.

Import and search work on the platform database in ``LITTLEGIANT_HOME`` (migrated on first use)
and on the search indexes in ``LITTLEGIANT_HOME/indexes``; push works on a file of flat enterprise
records (no database). Django, DuckDB and jieba load inside the commands.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from littlegiant.cli.main import app

__all__ = ["import_catalog", "push", "search"]

catalog_app = typer.Typer(help="科技成果、技术需求、惠企政策、金融产品目录。", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
console = Console()


class CatalogKind(StrEnum):
    """The four catalogs."""

    achievements = "achievements"
    needs = "needs"
    policies = "policies"
    products = "products"


def _database() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlegiant.web.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


@catalog_app.command("import")
def import_catalog(
    kind: Annotated[CatalogKind, typer.Argument(metavar="目录", help="目录")],
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, metavar="目录文件", help="CSV 或 XLSX，首行为列编号"
        ),
    ],
) -> None:
    """导入目录文件（按 ref 更新已有条目；全部成功或全部不写入）。"""
    from littlegiant.matching import CATALOGS_BY_ID, MatchingError
    from littlegiant.matching.catalog_files import read_catalog_file

    try:
        rows = read_catalog_file(CATALOGS_BY_ID[kind.value], file)
    except MatchingError as error:
        console.print(f"[red]导入失败：{error}[/red]")
        raise typer.Exit(1) from error
    _database()
    from littlegiant.web.accounts.services import system_user
    from littlegiant.web.catalog import services

    created, updated = services.import_entries(user=system_user(), catalog_id=kind.value, rows=rows)
    console.print(f"{CATALOGS_BY_ID[kind.value].label}：新增 {created} 条，更新 {updated} 条。")


@app.command()
def search(
    kind: Annotated[CatalogKind, typer.Argument(metavar="目录", help="目录")],
    query: Annotated[str, typer.Argument(metavar="关键词", help="关键词")],
    top: Annotated[int, typer.Option("--top", min=1, max=1000, help="返回条数")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """在目录中检索，显示编号、标题、得分和命中词。"""
    _database()
    from littlegiant.web.catalog.permissions import public_entries
    from littlegiant.web.catalog.queries.index import get_index

    found = get_index(kind.value).search(query, top)
    entries = public_entries(kind.value).in_bulk([int(h.key) for h in found])
    hits = [h for h in found if int(h.key) in entries]  # published entries only
    titles = {pk: entry.title for pk, entry in entries.items()}
    rows = [
        (int(h.key), titles.get(int(h.key), ""), round(h.score, 4), list(h.matched_terms))
        for h in hits
    ]
    if as_json:
        keys = ("id", "title", "score", "matched_terms")
        typer.echo(
            json.dumps([dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False)
        )
        return
    table = Table("编号", "标题", "得分", "命中词")
    for key, title, score, terms in rows:
        table.add_row(str(key), title, f"{score:.4f}", "、".join(terms))
    console.print(table)


@catalog_app.command("push")
def push(
    pack_ref: Annotated[
        str,
        typer.Argument(
            metavar="规则包", help="申报条件规则包，如 zjtx_reward@2025（criteria/policies 下）"
        ),
    ],
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            metavar="企业数据文件",
            help="企业扁平记录：Parquet 或 CSV（列为字段编号）",
        ),
    ],
    region: Annotated[
        str, typer.Option("--region", help="政策适用地区代码（GB/T 2260），如 440300；空 = 不限")
    ] = "",
    as_of: Annotated[
        str, typer.Option("--as-of", help="评价基准日，如 2025-06-30（默认今天）")
    ] = "",
    out: Annotated[Path | None, typer.Option("--out", help="把名单写入 CSV 文件")] = None,
) -> None:
    """生成推送名单：符合条件的企业与差一项即符合的企业（批量引擎 DuckDB）。"""
    from littlegiant.errors import LittleGiantError
    from littlegiant.rules import policy_pack
    from littlegiant.web.catalog.queries.push_batch import compute_push

    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()  # noqa: DTZ011 - a calendar day
        result = compute_push(file, policy_pack(pack_ref), day, region=region or None)
    except (LittleGiantError, ValueError) as error:
        console.print(f"[red]推送名单生成失败：{error}[/red]")
        raise typer.Exit(1) from error
    console.print(f"{result.pack_key} · 基准日 {day:%Y-%m-%d} · 企业 {result.total:,} 家："
                  f"符合条件 {len(result.qualified):,} 家，差一项即符合 {len(result.near):,} 家")  # fmt: skip
    if out is not None:
        _write_push_csv(result.qualified, result.near, result.amounts, out)
        console.print(f"已写入 {out}")


def _write_push_csv(
    qualified: tuple[str, ...], near: tuple[str, ...], amounts: dict[str, float | None], out: Path
) -> None:
    import csv

    from littlegiant.records.cells import spreadsheet_row

    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["uscc", "group", "estimated_amount"])
        writer.writerows(spreadsheet_row([u, "qualified", amounts.get(u)]) for u in qualified)
        writer.writerows(spreadsheet_row([u, "near", None]) for u in near)
