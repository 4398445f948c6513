"""``littlegiant digital score | batch | template``: score digital-maturity questionnaires (数字化水平评测).

The scoring modules (and the rules engine) are imported inside the commands so ``littlegiant --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import track
from rich.table import Table

from littlegiant.cli.main import app

__all__ = ["batch", "score", "template"]

digital_app = typer.Typer(
    help="中小企业数字化水平评测（2024年版）：评分、批量评测、答卷模板。", no_args_is_help=True
)
app.add_typer(digital_app, name="digital")
console = Console()


def _as_of(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()  # noqa: DTZ011  (a calendar date the user means, not an instant)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"日期须为 YYYY-MM-DD，填写的是“{text}”") from None


def _load_answers(source: Path, row: int | None) -> dict[str, Any]:
    from littlegiant.digital.answers import AnswerError, parse_answers
    from littlegiant.io.digital_sheets import read_answer_rows

    if source.suffix.lower() == ".json":
        raw = json.loads(source.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise typer.BadParameter("JSON 答卷须为对象：{题目代码: 答案}")
        answers, problems = parse_answers(raw)
    else:
        rows = {item.row: item for item in read_answer_rows(source)}
        wanted = row if row is not None else min(rows, default=2)
        if wanted not in rows:
            raise typer.BadParameter(f"{source.name} 没有第 {wanted} 行答卷")
        answers, problems = rows[wanted].answers, rows[wanted].problems
    if problems:
        raise AnswerError(problems)
    return answers


def _print_result(result: Any, path: Any) -> None:
    table = Table(
        title=f"数字化水平评测：{result.level_label}（{result.score if result.score is not None else '-'} 分）"
    )
    table.add_column("维度")
    table.add_column("得分", justify="right")
    table.add_column("满分", justify="right")
    for dimension in result.dimensions:
        table.add_row(
            dimension.label,
            f"{dimension.points}" if dimension.points is not None else "-",
            f"{dimension.maximum:g}",
        )
    console.print(table)
    if result.missing:
        console.print("[yellow]未作答（等级待定）：[/yellow]" + "、".join(result.missing))
    if path is not None:
        console.print(
            f"升至{path.target_label}最少需改 {len(path.steps)} 项（+{path.points_gained:g} 分）："
        )
        for step in path.steps:
            gain = "计入场景门槛" if step.is_scene else f"+{step.points:g} 分"
            console.print(f"  · {step.label}：{step.current_text} → {step.proposed_text}（{gain}）")


@digital_app.command()
def score(
    source: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            metavar="答卷文件",
            help="答卷：JSON 对象，或 .xlsx/.csv 答卷表",
        ),
    ],
    row: int | None = typer.Option(None, help="答卷表中的行号（Excel 行号，默认第一行答卷）"),
    as_of: str | None = typer.Option(
        None, "--as-of", help="评测日期 YYYY-MM-DD（决定规则包版本），默认今天"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（含逐条规则追踪）"),
) -> None:
    """评测一份答卷：总分、等级、各维度得分、场景等级，以及升到下一级的最少改进项。"""
    from littlegiant.digital.path import next_level_path
    from littlegiant.digital.scoring import assess
    from littlegiant.errors import LittleGiantError

    day = _as_of(as_of)
    try:
        answers = _load_answers(source, row)
        result = assess(answers, day)
        path = next_level_path(answers, day)
    except LittleGiantError as error:
        console.print(f"[red]无法评测[/red]：{error}")
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_result(result, path)


@digital_app.command()
def batch(
    source: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, metavar="答卷表", help="答卷表 .xlsx/.csv：每行一家企业"
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="结果 .xlsx")],
    as_of: str | None = typer.Option(None, "--as-of", help="评测日期 YYYY-MM-DD，默认今天"),
) -> None:
    """批量评测一张答卷表，结果（得分、等级、各维度、问题）写入 Excel。"""
    from littlegiant.digital.rows import score_rows
    from littlegiant.errors import LittleGiantError
    from littlegiant.io.digital_sheets import read_answer_sheet, write_results

    day = _as_of(as_of)
    try:
        sheet = read_answer_sheet(source)
    except LittleGiantError as error:
        console.print(f"[red]无法读取[/red]：{error}")
        raise typer.Exit(1) from None
    results = [
        item
        for row in track(sheet.rows, description="评测中…", console=console)
        for item in score_rows([row], day, sheet.columns)
    ]
    write_results(results, output)
    levels: dict[str, int] = {}
    for item in results:
        label = item.result.level_label if item.result else "无法评测"
        levels[label] = levels.get(label, 0) + 1
    console.print(
        f"已评测 {len(results)} 行 → {output}；"
        + "，".join(f"{k} {v} 家" for k, v in sorted(levels.items()))
    )
    for item in results:
        for message in item.messages:
            console.print(f"[yellow]{message}[/yellow]")


@digital_app.command()
def template(
    output: Annotated[
        Path, typer.Argument(dir_okay=False, metavar="模板文件", help="模板 .xlsx 的保存路径")
    ],
) -> None:
    """生成空白答卷表（每行一家企业，含填写说明）。"""
    from littlegiant.io.digital_sheets import write_template

    write_template(output)
    console.print(f"已生成答卷模板：{output}")
