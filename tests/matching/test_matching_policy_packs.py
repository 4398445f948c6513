"""The policy and product packs (criteria/policies/*/*) run their YAML cases through the engine's case
checker, and through both paths (one-record Python and batch SQL on DuckDB) with identical results."""

from __future__ import annotations

from collections import defaultdict

import pytest

from littlegiant.batch import run
from littlegiant.batch.arrow import records_to_arrow
from littlegiant.matching.eligibility import policy_pack, policy_packs_root
from littlegiant.rules import evaluate
from littlegiant.rules.cases import case_as_of, check_verdict, format_trace, load_cases

PACK_REFS = sorted(
    f"{p.parent.parent.name}@{p.parent.name}" for p in policy_packs_root().glob("*/*/pack.yaml")
)


def _cases():
    for ref in PACK_REFS:
        pack = policy_pack(ref)
        for case in load_cases(pack):
            yield pytest.param(pack, case, id=f"{ref}:{case.source.rsplit('/', 1)[-1]}")


def test_every_policy_pack_is_found_and_has_cases():
    assert len(PACK_REFS) >= 5
    assert all(len(load_cases(policy_pack(ref))) >= 2 for ref in PACK_REFS)


@pytest.mark.parametrize(("pack", "case"), list(_cases()))
def test_policy_pack_case(pack, case):
    verdict = evaluate(pack, case.case.input, case_as_of(pack, case))
    problems = check_verdict(case.case, verdict)
    if problems:
        pytest.fail(
            f"{case.source}: {case.case.name}\n  "
            + "\n  ".join(problems)
            + "\n"
            + format_trace(verdict),
            pytrace=False,
        )


@pytest.mark.duckdb
@pytest.mark.parametrize("ref", PACK_REFS)
def test_policy_pack_cases_agree_between_python_and_sql(ref):
    pack = policy_pack(ref)
    groups = defaultdict(list)
    for case in load_cases(pack):
        groups[case_as_of(pack, case)].append(case.case.input)
    for as_of, records in groups.items():
        rows = [{**record, "uscc": str(i)} for i, record in enumerate(records)]
        result = run(records_to_arrow(rows), [pack], as_of).to_pylist()
        for record, row in zip(records, result, strict=True):
            verdict = evaluate(pack, record, as_of, tracer=False)
            assert row[f"{pack.id}__status"] == verdict.status.value, record
            if pack.outputs.score:
                assert row[f"{pack.id}__score"] == verdict.score, record
