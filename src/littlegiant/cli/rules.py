"""Commands of the rules engine: ``evaluate``, ``explain``, ``packs list``, ``packs validate``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from littlegiant.cli.main import app

if TYPE_CHECKING:
    from littlegiant.rules import Pack

packs_app = typer.Typer(help="规则包：列出、校验。", no_args_is_help=True)
app.add_typer(packs_app, name="packs")

AsOf = Annotated[str | None, typer.Option("--as-of", help="评价基准日，如 2025-06-30（默认今天）")]
Programmes = Annotated[
    list[str] | None,
    typer.Option(
        "--programme",
        "-p",
        help="项目 ID[@版本]，可重复；默认为基准日有效的全部全国性项目（省级叠加包与数字化水平评测问卷需显式指定）",
    ),
]


def _as_of(text: str | None) -> dt.date:
    if text is None:
        from littlegiant.records.values import today_in_china

        return today_in_china()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD：{text}") from None


def _packs(specs: list[str] | None, as_of: dt.date) -> list[Pack]:
    from littlegiant.errors import LittleGiantError
    from littlegiant.rules import pack_for, packs_in_force

    if not specs:
        return packs_in_force(as_of)
    result = []
    for spec in specs:
        programme, _, version = spec.partition("@")
        try:
            result.append(pack_for(programme, as_of, version or None))
        except LittleGiantError as error:
            raise typer.BadParameter(str(error)) from None
    return result


@app.command("evaluate")
def evaluate_command(
    input_path: Annotated[
        Path,
        typer.Argument(
            metavar="企业数据文件",
            help="企业数据文件（.csv/.xlsx/.parquet，第一行为字段 ID；littlegiant template --flat 生成空白模板，示例见 docs/examples/evaluate-example.csv）",
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="结果文件（.csv/.xlsx/.parquet/.json）")
    ],
    as_of: AsOf = None,
    programme: Programmes = None,
    fast: Annotated[
        bool, typer.Option("--fast", help="跳过逐行校验，直接批量计算（大文件）")
    ] = False,
    reasons: Annotated[
        bool,
        typer.Option(
            "--reasons/--no-reasons",
            help="每行附上各项目未满足的条款（ID 与中文名称）及待定结论缺少的数据",
        ),
    ] = True,
    chinese: Annotated[bool, typer.Option("--zh", help="结论用中文（符合/不符合/待定）")] = False,
    smallest_gap: Annotated[
        bool,
        typer.Option("--gaps", help="每行附上各项目的最小差距（逐行计算，每行每项目约数毫秒）"),
    ] = False,
) -> None:
    """批量评价：对文件中每家企业按各项目规则给出结论（符合/不符合/待定）、得分与规模类型。"""
    from rich.console import Console

    from littlegiant.batch import run
    from littlegiant.batch.reasons import chinese_statuses
    from littlegiant.batch.reasons import summary as absent_columns
    from littlegiant.batch.rows import write_table
    from littlegiant.files import private_tempdir, remove_stale_temps, written_atomically
    from littlegiant.records.labels import status_label

    console = Console(stderr=True)
    date = _as_of(as_of)
    packs = _packs(programme, date)
    remove_stale_temps(output.resolve().parent)  # left by an earlier run that was killed
    # Scratch files (DuckDB's spill, openpyxl's) live beside the output and go with the run; the
    # output appears in one rename, whole, or not at all.
    with private_tempdir(output):
        source: Any = input_path if fast else _validated_table(input_path, console)
        with console.status(f"正在用 {len(packs)} 个规则包计算……"):
            table = run(source, packs, date, reasons=reasons)
        if smallest_gap:
            with console.status("正在逐行计算最小差距……"):
                table = _with_gaps(table, source if not fast else None, input_path, packs, date)
        lines = absent_columns(table, packs, _given_columns(input_path)) if reasons else []
        if chinese:
            table = chinese_statuses(table, packs)
        with written_atomically(output) as temp:
            write_table(table, temp)
    console.print(f"[green]完成[/green]：{table.num_rows} 家企业，{len(packs)} 个项目 → {output}")
    for pack in packs:
        counts = table.column(f"{pack.id}__status").value_counts().to_pylist()
        summary = "，".join(f"{status_label(c['values'])} {c['counts']:,} 家" for c in counts)
        console.print(f"  {pack.title}（{pack.key}）：{summary}", soft_wrap=True)
    for line in lines:
        console.print(f"[yellow]{line}[/yellow]", soft_wrap=True)


def _given_columns(path: Path) -> list[str]:
    """The column names of the input file (read without the data)."""
    from littlegiant.batch.validation import read_table

    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    return list(read_table(path).column_names)


def _with_gaps(table: Any, clean: Any, path: Path, packs: list[Any], date: Any) -> Any:
    """Add ``<programme>__gap``: the first gap of each record not qualified (per record, in Python)."""
    import pyarrow as pa

    from littlegiant.batch.validation import read_table, validate_table
    from littlegiant.rules import gaps

    if clean is None:
        clean, _ = validate_table(read_table(path))
    records = clean.to_pylist()
    for pack in packs:
        statuses = table.column(f"{pack.id}__status").to_pylist()
        found: list[str | None] = []
        for record, status in zip(records, statuses, strict=True):
            if status == "qualified":
                found.append(None)
                continue
            first = gaps(pack, record, date)
            found.append(first[0].message if first else None)
        position = table.column_names.index(f"{pack.id}__status") + 1
        table = table.add_column(position, f"{pack.id}__gap", pa.array(found, pa.string()))
    return table


def _validated_table(path: Path, console: Any) -> Any:
    """Read ``path`` and validate every row (vectorised, same outcome as the per-row path); print problems."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from littlegiant.batch.validation import read_table, validate_table
    from littlegiant.errors import LittleGiantError

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("读取文件", total=None)
        try:
            raw = read_table(path)
        except LittleGiantError as error:
            progress.stop()
            console.print(f"[red]错误[/red]：{error}")
            raise typer.Exit(2) from None

        def stage(description: str, done: int, total: int) -> None:
            label = f"{description}（{raw.num_rows} 行，{total} 列）"
            progress.update(task, description=label, completed=done, total=total)

        clean, problems = validate_table(raw, progress=stage)
    for problem in problems[:50]:
        console.print(
            f"[yellow]第 {problem.row} 行[/yellow]（{problem.uscc}）{problem.message}；该值按缺失处理"
            f"[dim]（列 {problem.field}）[/dim]",
            soft_wrap=True,
        )
    if len(problems) > 50:
        console.print(f"……另有 {len(problems) - 50} 处问题未列出")
    return clean


@app.command("explain")
def explain_command(
    input_path: Annotated[
        Path, typer.Argument(metavar="企业数据文件", help="企业数据文件（.csv/.xlsx/.parquet）")
    ],
    uscc: Annotated[str, typer.Option("--uscc", help="要说明的企业的统一社会信用代码")],
    as_of: AsOf = None,
    programme: Programmes = None,
) -> None:
    """逐条说明一家企业的评价过程（条款、读取的数据、门槛、得分、结论）以及差距。"""
    from rich.console import Console

    from littlegiant.batch.rows import clean_rows, read_rows
    from littlegiant.cli.rules_render import render_verdict
    from littlegiant.rules import evaluate, gaps

    console = Console()
    date = _as_of(as_of)
    rows = [row for row in read_rows(input_path) if str(row.get("uscc") or "").strip() == uscc]
    if not rows:
        console.print(f"[red]未找到统一社会信用代码为 {uscc} 的企业[/red]")
        raise typer.Exit(1)
    records, problems = clean_rows(rows[:1])
    for problem in problems:
        console.print(f"[yellow]注意[/yellow]：{problem.message}；该值按缺失处理")
    for pack in _packs(programme, date):
        verdict = evaluate(pack, records[0], date)
        console.print(render_verdict(pack, verdict, gaps(pack, records[0], date)))


@packs_app.command("list")
def packs_list() -> None:
    """列出全部规则包：项目、版本、生效期、发文、文件哈希。"""
    from rich.console import Console
    from rich.table import Table

    from littlegiant.rules import all_packs

    table = Table("项目", "版本", "名称", "生效期", "文件", "规则数", "sha256")
    for pack in all_packs():
        until = pack.in_force_until.isoformat() if pack.in_force_until else "至今"
        table.add_row(
            pack.id, pack.version, pack.title, f"{pack.in_force_from} ~ {until}", pack.document,
            str(len(pack.rules)), pack.sha256[:12],
        )  # fmt: skip
    Console().print(table)


@packs_app.command("validate")
def packs_validate() -> None:
    """严格加载并校验每个规则包（含政策包），运行其全部测试用例；有错误时退出码为 1。"""
    from rich.console import Console

    from littlegiant.rules.cases import load_cases, run_case
    from littlegiant.rules.errors import PackLoadError
    from littlegiant.rules.registry import Namespace, load_registered, pack_dirs

    console = Console()
    failed = 0
    for namespace in Namespace:
        for path in pack_dirs(namespace):
            try:
                pack = load_registered(namespace, path.parent.name, path.name)
                cases = load_cases(pack)
            except PackLoadError as error:
                failed += 1
                console.print(f"[red]✗[/red] {path.parent.name}/{path.name}：{error}")
                continue
            bad = [result for case in cases if not (result := run_case(pack, case)).passed]
            failed += len(bad)
            mark = "[green]✓[/green]" if not bad else "[red]✗[/red]"
            console.print(
                f"{mark} {pack.key}：{len(pack.rules)} 条规则，{len(cases)} 个用例，{len(bad)} 个失败"
            )
            for result in bad[:10]:
                console.print(
                    f"    {result.case.source}：{result.case.case.name}：{'；'.join(result.problems)}"
                )
    raise typer.Exit(1 if failed else 0)
