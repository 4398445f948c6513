"""Web answer-sheet upload: reading + scoring + scope checks (the preview), and the confirmed, atomic store.

    .venv/bin/python benchmarks/bench_digital_upload.py --rows 1000

Builds a throwaway SQLite archive of ``--rows`` firms in one region, an official of that region, and an answer
sheet (.xlsx, the template's layout) with one random complete questionnaire per firm. Times the preview's work
(``read_answer_sheet`` + ``score_rows`` + ``sheet_row_problems``), the results workbook, and
``store_sheet_rows`` (one transaction, each row submitted and written into the archive), then a second confirm
of the same sheet (idempotent: nothing new stored). Also renders the pack docs (``littlegiant packs docs``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

AS_OF = dt.date(2025, 6, 30)


def _setup(home: Path) -> None:
    os.environ["LITTLEGIANT_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "littlegiant.web.config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _uscc(number: int) -> str:
    from stdnum.cn import uscc

    body = f"91330106MA{number:07d}"
    return body + uscc.calc_check_digit(body)


def _answers(rng: random.Random) -> list[Any]:
    from littlegiant.digital.questionnaire import QUESTIONS_BY_ID, answer_ids

    cells: list[Any] = []
    for field_id in answer_ids():
        question = QUESTIONS_BY_ID.get(field_id)
        if question is None:
            cells.append(rng.randint(1, 4))
        elif question.kind == "multi":
            chosen = [o.text for o in question.options if o.id != "none" and rng.random() < 0.5]
            cells.append("、".join(chosen) or "无")
        else:
            cells.append(rng.choice(question.options).text)
    return cells


def _sheet(path: Path, n: int) -> None:
    from openpyxl import Workbook

    from littlegiant.io.digital_sheets import template_headers

    rng = random.Random(5)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("评测答卷")
    sheet.append(template_headers())
    for i in range(n):
        sheet.append([_uscc(i + 1), f"基准企业{i:06d}", *_answers(rng)])
    book.save(path)


def timed(label: str, rows: int, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {rows:>6} 行  {seconds:7.3f} s  {rows / seconds:9.0f} 行/秒")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    n = parser.parse_args().rows
    home = Path(tempfile.mkdtemp(prefix="lg-bench-digital-"))
    _setup(home)
    from littlegiant.digital.rows import score_rows
    from littlegiant.io.digital_sheets import read_answer_sheet, write_results
    from littlegiant.rules.docs import render_docs
    from littlegiant.web.accounts.models import Role
    from littlegiant.web.accounts.services import create_platform_user, system_user
    from littlegiant.web.digital import services
    from littlegiant.web.digital.queries.sheets import sheet_row_problems
    from littlegiant.web.enterprises.services import load_archive_rows

    load_archive_rows(tables={"enterprise": [{"uscc": _uscc(i + 1), "name": f"基准企业{i:06d}", "region_code": "330106",
                                       "industry_code": "C3985"} for i in range(n)]}, user=system_user())  # fmt: skip
    official = create_platform_user(user=system_user(), username="bench", password="x-Bench-pw-1", role=Role.OFFICIAL,
                                    region_codes=["330100"])  # fmt: skip
    path = home / "answers.xlsx"
    _sheet(path, n)
    sheet = timed("read_answer_sheet (.xlsx)", n, lambda: read_answer_sheet(path))
    results = timed(
        "score_rows (no trace)", n, lambda: score_rows(sheet.rows, AS_OF, sheet.columns)
    )
    timed("sheet_row_problems (scope, repeats)", n,
          lambda: sheet_row_problems(user=official, rows=sheet.rows))  # fmt: skip
    timed("write_results (.xlsx)", n, lambda: write_results(results, io.BytesIO()))
    storable = [
        item.row for item in results if item.result is not None and item.result.level is not None
    ]
    outcome = timed("store_sheet_rows (confirm, one transaction)", len(storable),
                    lambda: services.store_sheet_rows(user=official, rows=storable, as_of=AS_OF))  # fmt: skip
    again = timed("store_sheet_rows again (idempotent)", len(storable),
                  lambda: services.store_sheet_rows(user=official, rows=storable, as_of=AS_OF))  # fmt: skip
    print(f"stored: {outcome}; second confirm: {again}")
    docs = timed("render_docs (every pack, cold)", 1, render_docs)
    print(f"pack docs: {len(docs)} files, {sum(len(t) for t in docs.values()):,} characters")


if __name__ == "__main__":
    main()
