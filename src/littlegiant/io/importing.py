"""Importing a filled template: read → validate every cell → check scope and references → write.

Semantics:

- **All or nothing** by default: any issue and nothing is written; the report lists every issue.
- ``only_valid=True`` writes the valid rows only, and only of enterprises none of whose rows failed: a
  row with an issue (in any sheet) takes every other row of its enterprise with it, its
  「企业基本信息」 row included, so no enterprise is half-imported.
- Rows are passed to ``write`` (the archive's upsert, keyed by each table's key), so the same file
  twice changes nothing. Only the columns present in the file are passed: a column left out of a
  sheet keeps its stored values, an empty cell in a present column clears the value (None).
- ``check_scope(uscc, region_code)`` returns a Chinese message when the user may not write that
  enterprise; ``known_usccs(usccs)`` returns those already in the archive.

The framework-free part lives here; the web and the CLI pass the database callbacks.

Examples:
    >>> import io
    >>> csv_bytes = "uscc,name,region_code\\n91110000600037341L,测试企业,110101\\n".encode()
    >>> written = {}
    >>> result = run_import(csv_bytes, filename="企业基本信息.csv", write=written.update)
    >>> result.written, written["enterprise"][0]["region_code"]
    (True, '110101')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from littlegiant.errors import LittleGiantError
from littlegiant.io._layout import required_columns
from littlegiant.io.guard import check_upload
from littlegiant.io.reader import SheetRows, Source, read_tables
from littlegiant.io.report import Issue, Report
from littlegiant.records.tables import TABLES, Table
from littlegiant.records.validate import validate_row
from littlegiant.records.values import FieldValueError

__all__ = ["ImportPlan", "ImportResult", "ValidRow", "plan_import", "run_import"]

ScopeCheck = Callable[[str, str | None], str | None]
KnownUsccs = Callable[[set[str]], set[str]]
Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 1000
_ORDER = {table.id: index for index, table in enumerate(TABLES)}


@dataclass
class ValidRow:
    """A row that passed the cell checks, with where it came from."""

    sheet: str
    row: int
    values: dict[str, Any]


@dataclass
class ImportPlan:
    """What a file would write: valid rows per table, the report, and rows refused downstream."""

    report: Report
    rows: dict[str, list[ValidRow]] = field(default_factory=dict)
    failed_enterprises: dict[str, tuple[str, int]] = field(default_factory=dict)
    """USCC → (sheet, Excel row) of the first row of that enterprise with an issue (its other rows
    fail with it)."""

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The rows to write, as ``load_archive_rows`` takes them."""
        return {
            table_id: [row.values for row in rows] for table_id, rows in self.rows.items() if rows
        }

    @property
    def row_count(self) -> int:
        """Rows that would be written."""
        return sum(len(rows) for rows in self.rows.values())


@dataclass
class ImportResult:
    """The outcome: the plan, whether anything was written, and what ``write`` returned."""

    plan: ImportPlan
    written: bool
    write_result: Any = None

    @property
    def report(self) -> Report:
        """The validation report."""
        return self.plan.report


def run_import(
    source: Source,
    *,
    write: Callable[[dict[str, list[dict[str, Any]]]], Any],
    filename: str | None = None,
    only_valid: bool = False,
    check_scope: ScopeCheck | None = None,
    known_usccs: KnownUsccs | None = None,
    on_progress: Progress | None = None,
    today: date | None = None,
) -> ImportResult:
    """Validate the file and write it (everything, or with ``only_valid`` the valid rows).

    ``write`` gets ``{table_id: [row, ...]}`` and should write atomically; a
    :class:`~littlegiant.errors.LittleGiantError` it raises is added to the report and nothing counts
    as written.
    """
    plan = plan_import(
        source, filename=filename, check_scope=check_scope, known_usccs=known_usccs,
        on_progress=on_progress, today=today,
    )  # fmt: skip
    if (not plan.report.ok and not only_valid) or plan.row_count == 0:
        return ImportResult(plan, written=False)
    try:
        outcome = write(plan.tables())
    except LittleGiantError as error:
        plan.report.add(
            Issue("", None, None, "", "", None, f"写入档案失败，未导入任何数据：{error}")
        )
        return ImportResult(plan, written=False)
    return ImportResult(plan, written=True, write_result=outcome)


def plan_import(
    source: Source,
    *,
    filename: str | None = None,
    check_scope: ScopeCheck | None = None,
    known_usccs: KnownUsccs | None = None,
    on_progress: Progress | None = None,
    today: date | None = None,
) -> ImportPlan:
    """Read and check the whole file without writing anything.

    Raises:
        UploadRejectedError: the file fails ``io.guard.check_upload`` (size, type, zip bomb...).
        ReadError: the file cannot be read as the archive's template.
    """
    named = filename or (str(source) if isinstance(source, str | Path) else "上传的文件.xlsx")
    check_upload(source, named)
    report = Report()
    sheets = sorted(
        read_tables(source, filename=filename), key=lambda sheet: _ORDER[sheet.table.id]
    )
    total = sum(sheet.total for sheet in sheets)
    counter = _Counter(total, on_progress)
    plan = ImportPlan(report)
    seen_tables: set[str] = set()
    for sheet in sheets:
        if sheet.table.id in seen_tables:
            report.notes.append(
                f"工作表「{sheet.sheet}」与前面的工作表对应同一张档案表，已一并处理"
            )
        seen_tables.add(sheet.table.id)
        rows = _validate_sheet(sheet, report, counter, today, plan.failed_enterprises)
        plan.rows.setdefault(sheet.table.id, []).extend(rows)
    counter.finish()
    _check_references(plan, check_scope, known_usccs)
    _drop_rows_of_failed_enterprises(plan)
    for table_id, rows in plan.rows.items():
        name = _sheet_name(plan, table_id)
        if name in report.rows_read:
            report.rows_valid[name] = len(rows)
    return plan


class _Counter:
    def __init__(self, total: int, on_progress: Progress | None) -> None:
        self.done, self.total, self.on_progress = 0, total, on_progress

    def step(self) -> None:
        self.done += 1
        if self.on_progress is not None and self.done % _PROGRESS_EVERY == 0:
            self.on_progress(self.done, max(self.total, self.done))

    def finish(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.done, self.done)


def _sheet_name(plan: ImportPlan, table_id: str) -> str:
    rows = plan.rows.get(table_id)
    return rows[0].sheet if rows else next(table.sheet for table in TABLES if table.id == table_id)


def _validate_sheet(
    sheet: SheetRows,
    report: Report,
    counter: _Counter,
    today: date | None,
    failed: dict[str, tuple[str, int]],
) -> list[ValidRow]:
    table = sheet.table
    present = set(sheet.columns.values())
    missing = sorted(required_columns(table) - present)
    if missing:
        labels = "、".join(column.label for column in table.columns if column.id in missing)
        report.add(Issue(sheet.sheet, None, None, ",".join(missing), labels, None,
                         f"缺少必填列：{labels}（请保留模板第 2 行的字段代码）"))  # fmt: skip
        report.rows_read[sheet.sheet] = sum(1 for _ in sheet.rows)
        return []
    if sheet.ignored_headers:
        report.notes.append(
            f"工作表「{sheet.sheet}」中未识别的列已忽略：{'、'.join(sheet.ignored_headers)}"
        )
    letters = sheet.column_letters
    fields = {column.id: column for column in table.columns if column.id in present}
    valid: list[ValidRow] = []
    first_row_of_key: dict[tuple[Any, ...], int] = {}
    read = 0
    for number, raw in sheet.rows:
        read += 1
        counter.step()
        clean, errors = validate_row(fields, raw, today=today)
        errors += _required_errors(table, clean, raw)
        for error in errors:
            report.add(_issue(sheet.sheet, number, letters, error))
        if errors:
            failed.setdefault(_uscc_text(clean, raw), (sheet.sheet, number))
            continue
        if _is_duplicate(table, clean, number, first_row_of_key, sheet, report):
            failed.setdefault(_uscc_text(clean, raw), (sheet.sheet, number))
            continue
        valid.append(ValidRow(sheet.sheet, number, clean))
    if read:
        report.rows_read[sheet.sheet] = report.rows_read.get(sheet.sheet, 0) + read
    return valid


def _uscc_text(clean: Mapping[str, Any], raw: Mapping[str, Any]) -> str:
    return str(clean.get("uscc") or raw.get("uscc") or "").strip().upper()


def _required_errors(
    table: Table, clean: Mapping[str, Any], raw: Mapping[str, Any]
) -> list[FieldValueError]:
    errors = []
    for column in table.columns:
        if (
            column.id in required_columns(table)
            and clean.get(column.id) is None
            and column.id in raw
        ):
            value = raw.get(column.id)
            if value is None or not str(value).strip():
                errors.append(
                    FieldValueError(column.id, None, "不能为空（本表必填列）", label=column.label)
                )
    return errors


def _is_duplicate(
    table: Table,
    clean: Mapping[str, Any],
    number: int,
    first_row_of_key: dict[tuple[Any, ...], int],
    sheet: SheetRows,
    report: Report,
) -> bool:
    key = tuple(clean.get(column) for column in table.key)
    first = first_row_of_key.setdefault(key, number)
    if first == number:
        return False
    letter = sheet.column_letters.get(table.key[0])
    shown = " / ".join(str(part) for part in key if part is not None)
    report.add(Issue(sheet.sheet, number, letter, table.key[0], "关键列", shown,
                     f"与第 {first} 行重复（同一{_key_words(table)}只能有一行）"))  # fmt: skip
    return True


def _key_words(table: Table) -> str:
    return "、".join(column.label for column in table.columns if column.id in table.key)


def _issue(sheet: str, row: int, letters: Mapping[str, str], error: FieldValueError) -> Issue:
    return Issue(
        sheet,
        row,
        letters.get(error.field_id),
        error.field_id,
        error.label,
        error.value,
        error.rule,
    )


# --- references and scope --------------------------------------------------------------------


def _check_references(
    plan: ImportPlan, check_scope: ScopeCheck | None, known_usccs: KnownUsccs | None
) -> None:
    enterprise_rows = plan.rows.get("enterprise", [])
    if check_scope is not None:
        kept = _in_scope(enterprise_rows, plan.report, check_scope, with_region=True)
        for row in enterprise_rows:
            if row not in kept:
                plan.failed_enterprises.setdefault(row.values["uscc"], (row.sheet, row.row))
        enterprise_rows[:] = kept
    in_file = {row.values["uscc"] for row in enterprise_rows}
    failed = plan.failed_enterprises
    referenced = {
        row.values["uscc"]
        for table_id, rows in plan.rows.items()
        if table_id != "enterprise"
        for row in rows
    }
    stored = known_usccs(referenced - in_file) if known_usccs is not None else referenced - in_file
    for table_id, rows in plan.rows.items():
        if table_id == "enterprise":
            continue
        kept = [row for row in rows if _reference_ok(row, in_file, stored, failed, plan.report)]
        if check_scope is not None:
            kept = _in_scope(kept, plan.report, check_scope, with_region=False, allowed=in_file)
        for row in rows:
            if row not in kept:
                failed.setdefault(row.values["uscc"], (row.sheet, row.row))
        rows[:] = kept


def _reference_ok(
    row: ValidRow,
    in_file: set[str],
    stored: set[str],
    failed: dict[str, tuple[str, int]],
    report: Report,
) -> bool:
    uscc = row.values["uscc"]
    if uscc in in_file or uscc in failed or uscc in stored:
        return True  # rows of a failed enterprise are dropped with it (see below)
    message = "该企业不在档案中：请先在「企业基本信息」表中填写该企业"
    report.add(Issue(row.sheet, row.row, None, "uscc", "统一社会信用代码", uscc, message))
    return False


def _drop_rows_of_failed_enterprises(plan: ImportPlan) -> None:
    """Every still-valid row of an enterprise with a failed row is dropped, with an issue naming
    the failed row (so "仅导入有效行" never imports an enterprise without all of its rows)."""
    failed = plan.failed_enterprises
    for rows in plan.rows.values():
        kept: list[ValidRow] = []
        for row in rows:
            uscc = row.values["uscc"]
            if uscc not in failed:
                kept.append(row)
                continue
            sheet, number = failed[uscc]
            message = f"所属企业在「{sheet}」第 {number} 行有错误，本行一并不导入"
            plan.report.add(
                Issue(row.sheet, row.row, None, "uscc", "统一社会信用代码", uscc, message)
            )
        rows[:] = kept


def _in_scope(
    rows: Iterable[ValidRow],
    report: Report,
    check_scope: ScopeCheck,
    *,
    with_region: bool,
    allowed: set[str] | None = None,
) -> list[ValidRow]:
    kept: list[ValidRow] = []
    verdicts: dict[tuple[str, str | None], str | None] = {}
    for row in rows:
        uscc = row.values["uscc"]
        if allowed is not None and uscc in allowed:
            kept.append(row)
            continue
        region = row.values.get("region_code") if with_region else None
        if (uscc, region) not in verdicts:
            verdicts[(uscc, region)] = check_scope(uscc, region)
        message = verdicts[(uscc, region)]
        if message is None:
            kept.append(row)
        else:
            report.add(Issue(row.sheet, row.row, None, "uscc", "统一社会信用代码", uscc, message))
    return kept
