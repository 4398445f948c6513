"""Candidate lists and push lists count the same open conditions for every firm of the demo region.

The candidate list counts them one record at a time (``Program.open_conditions``), the push list in
SQL over the whole pool (``rules.conditions.compile_with_count``, the near list of ``near_query``) and,
for the firms it explains, from a verdict (``Verdict.open_conditions``). All three must agree, for every
firm of ``littlegiant demo``'s region and every programme and policy pack in force.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from sqlglot import exp

from littlegiant.batch.arrow import records_to_arrow
from littlegiant.cli.web import DEMO_SEED, DEMO_SIZE
from littlegiant.demo import generate
from littlegiant.matching.push import near_query
from littlegiant.rules import Pack, evaluate, every_pack, program_for
from littlegiant.rules.conditions import OPEN_CONDITIONS, compile_with_count
from littlegiant.rules.sql import build_select
from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_records
from littlegiant.web.enterprises.services import load_archive_rows

pytestmark = [pytest.mark.slow, pytest.mark.duckdb]

AS_OF_DATES = (dt.date(2025, 6, 30), dt.date(2026, 6, 30))  # the 2022 standards, then the 2026 ones


def _packs(as_of: dt.date) -> list[Pack]:
    """Every programme and policy pack in force that reads the enterprise record."""
    return [p for p in every_pack() if p.in_force(as_of) and not p.reads_questionnaire]


def _sql_counts(con, pack: Pack, as_of: dt.date, types: dict[str, str]) -> dict[str, int]:
    compiled = compile_with_count(pack, as_of, program_for(pack, as_of).conditions)
    select = build_select([compiled], "pool", types, fence=False)
    counts = exp.select("uscc", OPEN_CONDITIONS).from_(select.subquery("scored"))
    return dict(con.sql(counts.sql(dialect="duckdb")).fetchall())


def _check_pack(con, pack: Pack, as_of: dt.date, records, types) -> int:
    program = program_for(pack, as_of)
    sql = _sql_counts(con, pack, as_of, types)
    near = {row[0] for row in con.sql(near_query(pack, as_of, "pool", types)).fetchall()}
    expected_near = set()
    for record in records:
        candidate = program.open_conditions(program.run(record))  # the candidate list's path
        verdict = evaluate(pack, record, as_of, tracer=False)  # the push list's explanations
        push = verdict.open_conditions
        assert candidate == push, (pack.key, record["uscc"])
        assert sql[record["uscc"]] == push.total, (pack.key, record["uscc"], push)
        assert (push.total == 0) is (verdict.status.value == "qualified"), pack.key
        if push.total == 1:
            expected_near.add(record["uscc"])
    assert near == expected_near, pack.key
    return len(expected_near)


@pytest.mark.django_db
def test_candidate_and_push_lists_count_the_same_open_conditions_on_the_demo_region():
    load_archive_rows(tables=generate(seed=DEMO_SEED, n=DEMO_SIZE), user=system_user())
    assert Enterprise.objects.count() == DEMO_SIZE
    con = duckdb.connect()
    checked, near = 0, 0
    for as_of in AS_OF_DATES:
        records = list(enterprise_records(Enterprise.objects.order_by("uscc"), as_of))
        con.register("pool", records_to_arrow(records))
        types = {row[0]: str(row[1]) for row in con.execute("DESCRIBE pool").fetchall()}
        for pack in _packs(as_of):
            near += _check_pack(con, pack, as_of, records, types)
            checked += 1
        con.unregister("pool")
    assert checked >= 20  # programmes of both standards and the policies in force
    assert near > 0  # the demo region has firms one condition away
