"""``littlegiant packs docs``: regenerate ``docs/glossary.md`` and ``docs/packs/<id>@<version>.md``.

Attached to the ``packs`` sub-app of :mod:`littlegiant.cli.rules`; the rules engine is imported inside the
command so ``littlegiant --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from littlegiant.cli.rules import packs_app

__all__ = ["packs_docs"]


@packs_app.command("docs")
def packs_docs(
    out: Annotated[
        Path,
        typer.Option("--out", file_okay=False, help="文档目录（写入 glossary.md 与 packs/*.md）"),
    ] = Path("docs"),
    check: Annotated[
        bool, typer.Option("--check", help="只检查，不写入：文档过期时列出文件并以退出码 1 结束")
    ] = False,
) -> None:
    """由全部规则包（含政策包与省级叠加包）生成术语表与每个规则包的说明页。"""
    from rich.console import Console

    from littlegiant.errors import LittleGiantError
    from littlegiant.rules.docs import render_docs, stale_docs, write_docs

    console = Console(soft_wrap=True)
    try:
        docs = render_docs()
    except LittleGiantError as error:
        console.print(f"[red]无法生成文档[/red]：{error}")
        raise typer.Exit(2) from None
    if check:
        stale = stale_docs(out, docs)
        for name in stale:
            console.print(f"[yellow]过期[/yellow]：{out / name}")
        console.print("文档是最新的" if not stale else "请运行 `littlegiant packs docs` 重新生成")
        raise typer.Exit(1 if stale else 0)
    changed = write_docs(out, docs)
    for name in changed:
        console.print(f"{'写入' if name in docs else '删除'}：{out / name}")
    console.print(f"共 {len(docs)} 个文件，{len(changed)} 个有变化（{out}）")
