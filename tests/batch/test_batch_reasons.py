"""Reasons in batch results: failing clauses and deciding missing fields, as the one-record path gives them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from littlegiant.batch.arrow import records_to_arrow
from littlegiant.batch.run import run
from littlegiant.rules import all_packs, evaluate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from test_gaps_brute_force import random_records

pytestmark = pytest.mark.duckdb


@pytest.mark.parametrize("pack", all_packs(), ids=lambda pack: pack.key)
def test_failing_clauses_and_missing_fields_agree_with_the_one_record_path(pack):
    pairs = list(random_records(pack, 60, seed=4))
    as_of = pairs[0][0]
    records = [record for day, record in pairs if day == as_of]
    table = records_to_arrow([{**r, "uscc": str(i)} for i, r in enumerate(records)])
    result = run(table, [pack], as_of, reasons=True).to_pylist()
    for record, row in zip(records, result, strict=True):
        verdict = evaluate(pack, record, as_of)
        shortfall = verdict.open_conditions
        failing = list(dict.fromkeys(c.rule_id for c in shortfall.conditions if not c.unknown))
        assert (row[f"{pack.id}__failing"] or "").split(",") == (failing or [""]), record
        labels = list(dict.fromkeys(c.label for c in shortfall.conditions if not c.unknown))
        assert (row[f"{pack.id}__failing_labels"] or "").split("；") == (labels or [""])
        missing = set((row[f"{pack.id}__missing"] or "").split(",")) - {""}
        if verdict.status.value == "unknown":
            deciding = {f for c in shortfall.conditions if c.unknown for f in c.fields}
            assert deciding <= missing, (
                record
            )  # the deciders, and the other empty fields those conditions read
            assert all(record.get(name) is None for name in missing)
        else:
            assert not missing
