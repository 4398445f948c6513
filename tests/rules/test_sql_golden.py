"""Golden SQL: the compiled SQL of the small packs, per dialect, is pinned in tests/fixtures/sql/.

Regenerate after an intended change with ``LG_UPDATE_GOLDEN=1 pytest tests/rules/test_sql_golden.py``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import sqlglot

from littlegiant.rules import compile_pack, pack_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sql"
AS_OF = dt.date(2025, 6, 30)
CASES = [(p, d) for p in ("innovative_sme", "tech_sme", "sme_size") for d in ("duckdb", "postgres")]


def _render(programme, dialect):
    pack = pack_for(programme, AS_OF)
    sql = compile_pack(pack, AS_OF).select("records").sql(dialect=dialect, pretty=True)
    return (
        f"-- title: {pack.key} compiled at {AS_OF} for {dialect}\n-- sha256: {pack.sha256}\n{sql}\n"
    )


@pytest.mark.parametrize(("programme", "dialect"), CASES)
def test_compiled_sql_matches_the_golden_file(programme, dialect):
    path = FIXTURES / f"{programme}.{dialect}.sql"
    rendered = _render(programme, dialect)
    if os.environ.get("LG_UPDATE_GOLDEN") or not path.exists():
        path.write_text(rendered, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    body = lambda text: text.split("\n", 2)[2]  # noqa: E731 - the sha256 line changes with any pack edit
    assert body(rendered) == body(expected), (
        f"compiled SQL changed; regenerate {path.name} and review the diff"
    )


@pytest.mark.parametrize(("programme", "dialect"), CASES)
def test_compiled_sql_parses_back_in_its_dialect(programme, dialect):
    sql = _render(programme, dialect)
    parsed = sqlglot.parse_one(sql.split("\n", 2)[2], read=dialect)
    assert parsed.find(sqlglot.exp.Select) is not None


def test_percentages_are_rounded_with_the_pinned_formula():
    sql = (
        compile_pack(pack_for("innovative_sme", AS_OF), AS_OF)
        .select("records")
        .sql(dialect="duckdb")
    )
    assert "* FLOOR(ABS(" in sql and "* CAST(10000.0 AS DOUBLE) + CAST(0.5 AS DOUBLE))" in sql
    assert "NULLIF(" in sql  # division by zero is NULL, not an error
