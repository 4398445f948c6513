"""Every test case of every pack, programmes and policies (criteria/**/tests/*.yaml), runs as one pytest item."""

from __future__ import annotations

import pytest

from littlegiant.rules import every_pack, policy_packs
from littlegiant.rules.cases import load_cases, run_case


def _all_cases():
    for pack in every_pack():
        for case in load_cases(pack):
            yield pytest.param(pack, case, id=f"{pack.key}:{case.source.rsplit('/', 1)[-1]}")


@pytest.mark.parametrize(("pack", "case"), list(_all_cases()))
def test_pack_case(pack, case):
    result = run_case(pack, case)
    if not result.passed:
        pytest.fail(result.report(), pytrace=False)


def test_every_pack_has_test_cases_for_my_packs():
    counts = {pack.key: len(load_cases(pack)) for pack in every_pack()}
    assert counts["sme_size@2011"] >= 16 * 2 * 3 * 3 // 2
    assert counts["innovative_sme@2022"] >= 50
    assert counts["tech_sme@2017"] >= 50


def test_every_policy_pack_is_found_and_has_cases():
    packs = policy_packs()
    assert len(packs) >= 5
    assert all(len(load_cases(pack)) >= 2 for pack in packs)
