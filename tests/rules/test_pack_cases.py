"""Every pack test case of every pack (criteria/*/*/tests/*.yaml) runs as one pytest item."""

from __future__ import annotations

import pytest

from littlegiant.rules import all_packs, evaluate
from littlegiant.rules.cases import case_as_of, check_verdict, format_trace, load_cases


def _all_cases():
    for pack in all_packs():
        for case in load_cases(pack):
            yield pytest.param(pack, case, id=f"{pack.key}:{case.source.rsplit('/', 1)[-1]}")


@pytest.mark.parametrize(("pack", "case"), list(_all_cases()))
def test_pack_case(pack, case):
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


def test_every_pack_has_test_cases_for_my_packs():
    counts = {pack.key: len(load_cases(pack)) for pack in all_packs()}
    assert counts["sme_size@2011"] >= 16 * 2 * 3 * 3 // 2
    assert counts["innovative_sme@2022"] >= 50
    assert counts["tech_sme@2017"] >= 50
