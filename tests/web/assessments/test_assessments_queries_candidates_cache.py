"""The candidate pool cache: paging and filtering reuse one evaluation; any archive write or a
different scope, pack or date evaluates afresh; entries expire."""

from __future__ import annotations

import pytest
from assessments_fixtures import AS_OF, usc

from littlegiant.web.assessments.queries import candidates, candidates_cache
from littlegiant.web.assessments.queries.candidates import CandidateFilters, candidate_list
from littlegiant.web.enterprises.models import Enterprise, YearlyFigure
from littlegiant.web.enterprises.services import delete_archive_row, update_archive_row

ALL = CandidateFilters(max_conditions=None)


@pytest.fixture
def evaluations(monkeypatch):
    """Counts how often a whole pool is evaluated."""
    calls = []
    real = candidates._evaluate_pool

    def counting(scope, pack, as_of):
        calls.append((pack.key, as_of))
        return real(scope, pack, as_of)

    monkeypatch.setattr(candidates, "_evaluate_pool", counting)
    return calls


def _listing(user, filters=ALL, **kwargs):
    options = {"programme": "specialized_sme", "version": "2026", "as_of": AS_OF} | kwargs
    return candidate_list(user=user, filters=filters, **options)


def test_paging_and_filtering_reuse_one_evaluation(pool, users, evaluations):
    everyone = _listing(users["official"])
    narrowed = _listing(users["official"], CandidateFilters(q="研发偏低", max_conditions=None))
    limited = _listing(users["official"], CandidateFilters(max_conditions=1))
    assert len(evaluations) == 1
    assert [c.uscc for c in narrowed.qualified + narrowed.close] == [usc(103)]
    assert narrowed.pool_size == 1 and everyone.pool_size == 7
    assert all(c.shortfall.total <= 1 for c in limited.close)
    assert len(limited.close) < len(everyone.close)


def test_the_cached_filters_match_the_database_filters(pool, users, evaluations):
    cases = [
        CandidateFilters(region="330106", max_conditions=None),
        CandidateFilters(industry="c", max_conditions=None),
        CandidateFilters(industry="C40", max_conditions=None),
        CandidateFilters(q=usc(104)[-6:].lower(), max_conditions=None),
        CandidateFilters(q="  杭州 ", max_conditions=None),
        CandidateFilters(region="3201", max_conditions=None),
    ]
    official_pool = Enterprise.objects.filter(region_code__startswith="3301")
    expected = [
        official_pool.filter(region_code__startswith="330106"),
        official_pool.filter(industry_code__istartswith="c"),
        official_pool.filter(industry_code__istartswith="C40"),
        official_pool.filter(uscc__icontains=usc(104)[-6:]),
        official_pool.filter(name__icontains="杭州"),
        official_pool.none(),
    ]
    for filters, database in zip(cases, expected, strict=True):
        result = _listing(users["official"], filters)
        assert {c.uscc for c in result.qualified + result.close} == set(
            database.values_list("uscc", flat=True)
        ), filters
    assert len(evaluations) == 1


def test_an_archive_edit_invalidates_the_cached_pool(pool, users, evaluations):
    before = {c.uscc: c.record["rd_expense_y1"] for c in _listing(users["admin"]).close}
    firm = Enterprise.objects.get(uscc=usc(103))
    update_archive_row(
        user=users["admin"],
        row=YearlyFigure.objects.get(enterprise=firm, fiscal_year=AS_OF.year - 1),
        rd_expense=321.0,
    )
    after = {
        c.uscc: c.record["rd_expense_y1"]
        for c in _listing(users["admin"]).close + _listing(users["admin"]).qualified
    }
    assert len(evaluations) == 2  # the edit re-evaluated once; the third listing reused it
    assert before[usc(103)] == 80 and after[usc(103)] == 321.0
    delete_archive_row(
        user=users["admin"],
        row=YearlyFigure.objects.get(enterprise=firm, fiscal_year=AS_OF.year - 1),
    )
    _listing(users["admin"])
    assert len(evaluations) == 3


def test_scope_pack_and_date_each_get_their_own_entry(pool, users, evaluations):
    _listing(users["official"])
    _listing(users["admin"])
    _listing(users["official"], version="2022")
    _listing(users["official"], as_of=AS_OF.replace(day=29))
    _listing(users["official"])
    assert len(evaluations) == 4
    assert {c.uscc for c in _listing(users["admin"]).close} >= {
        usc(901, "320102")
    }  # admin: all regions
    assert usc(901, "320102") not in {c.uscc for c in _listing(users["official"]).close}


def test_entries_expire_and_the_cache_can_be_switched_off(pool, users, evaluations, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(candidates_cache.time, "monotonic", lambda: clock[0])
    _listing(users["official"])
    clock[0] += candidates_cache.CACHE_SECONDS - 1
    _listing(users["official"])
    assert len(evaluations) == 1
    clock[0] += 2
    _listing(users["official"])
    assert len(evaluations) == 2
    monkeypatch.setattr(candidates_cache, "CACHE_SECONDS", 0)
    _listing(users["official"])
    _listing(users["official"])
    assert len(evaluations) == 4


def test_at_most_cache_entries_pools_are_kept(pool, users, evaluations, monkeypatch):
    monkeypatch.setattr(candidates_cache, "CACHE_ENTRIES", 2)
    for day in (28, 29, 30):
        _listing(users["official"], as_of=AS_OF.replace(day=day))
    _listing(users["official"], as_of=AS_OF.replace(day=30))  # most recent: kept
    _listing(users["official"], as_of=AS_OF.replace(day=28))  # oldest: dropped
    assert len(evaluations) == 4
