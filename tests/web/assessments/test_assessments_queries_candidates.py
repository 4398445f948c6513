"""Candidate lists: the same verdicts as the one-record engine, ranked by shortfall, in constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from assessments_fixtures import AS_OF, firm, usc

from littlegiant import rules
from littlegiant.web.assessments.queries.candidates import CandidateFilters, candidate_list
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_record

ALL = CandidateFilters(max_conditions=None)


@pytest.mark.parametrize("version", ["2022", "2026"])
def test_candidate_statuses_equal_the_one_record_engine(pool, users, version):
    result = candidate_list(
        user=users["admin"], programme="specialized_sme", version=version, as_of=AS_OF, filters=ALL
    )
    pack = rules.pack_for("specialized_sme", AS_OF, version=version)
    expected = {
        e.uscc: rules.evaluate(pack, enterprise_record(e, AS_OF), AS_OF).status.value
        for e in Enterprise.objects.all()
    }
    got = {c.uscc: c.status for c in result.qualified + result.close}
    assert got == expected
    assert {c.uscc for c in result.qualified} == {
        u for u, s in expected.items() if s == "qualified"
    }
    assert (
        result.pool_size == Enterprise.objects.count() == 9
    )  # 6 of ``pool`` + 3 of the web ``archive``


def test_close_candidates_are_ranked_by_fewest_conditions_then_smallest_miss(pool, users):
    result = candidate_list(
        user=users["official"],
        programme="specialized_sme",
        version="2026",
        as_of=AS_OF,
        filters=ALL,
    )
    keys = [c.shortfall.sort_key() for c in result.close]
    assert keys == sorted(keys)
    names = [c.name for c in result.close]
    # every firm lacks the manual-review market position (unknown); the multi-failing one comes last
    assert names[-1] == "杭州多项不足机械有限公司"
    assert result.close[0].shortfall.failing == 0


def test_official_pool_excludes_other_regions_and_filters_narrow_it(pool, users):
    result = candidate_list(
        user=users["official"], programme="specialized_sme", as_of=AS_OF, filters=ALL
    )
    usccs = {c.uscc for c in result.qualified + result.close}
    hangzhou = set(
        Enterprise.objects.filter(region_code__startswith="3301").values_list("uscc", flat=True)
    )
    assert usc(901, "320102") not in usccs and usccs == hangzhou and len(usccs) == 7
    narrowed = candidate_list(
        user=users["official"],
        programme="specialized_sme",
        as_of=AS_OF,
        filters=CandidateFilters(q="研发偏低", max_conditions=None),
    )
    assert [c.uscc for c in narrowed.close + narrowed.qualified] == [usc(103)]


def test_max_conditions_keeps_only_the_close_ones(pool, users):
    limited = candidate_list(
        user=users["admin"],
        programme="specialized_sme",
        version="2026",
        as_of=AS_OF,
        filters=CandidateFilters(max_conditions=1),
    )
    assert limited.close and all(c.shortfall.total <= 1 for c in limited.close)
    assert "杭州多项不足机械有限公司" not in {c.name for c in limited.close}


def test_shortfall_at_just_below_and_above_the_revenue_threshold():
    pack = rules.pack_for("specialized_sme", AS_OF, version="2026")
    base = firm(1, "x", market_position_leading=True)
    at = rules.evaluate(
        pack, {**base, "revenue_y1": 1500, "main_revenue_y1": 1450, "rd_expense_y1": 100}, AS_OF
    ).open_conditions
    below = rules.evaluate(
        pack, {**base, "revenue_y1": 1499, "main_revenue_y1": 1450, "rd_expense_y1": 100}, AS_OF
    ).open_conditions
    assert (at.failing, at.unknown) == (0, 0)
    assert below.failing == 1 and below.relative == pytest.approx(1 / 1500, rel=1e-3)
    assert any("1500" in label for label in below.labels)


def test_candidate_list_queries_do_not_grow_with_the_pool(
    load_records, users, django_assert_max_num_queries
):
    load_records([firm(200 + i, f"杭州批量{i:02d}有限公司") for i in range(3)])
    with django_assert_max_num_queries(20) as small:
        candidate_list(
            user=users["official"], programme="specialized_sme", as_of=AS_OF, filters=ALL
        )
    load_records([firm(300 + i, f"杭州批量扩充{i:02d}有限公司") for i in range(12)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        result = candidate_list(
            user=users["official"], programme="specialized_sme", as_of=AS_OF, filters=ALL
        )
    assert result.pool_size == 15 + 2  # + the web ``archive``'s two Hangzhou firms


@pytest.mark.duckdb
def test_batch_path_and_record_path_give_the_same_candidates(pool, users, monkeypatch):
    from littlegiant.web.assessments.queries import candidates, candidates_cache

    monkeypatch.setattr(
        candidates_cache, "CACHE_SECONDS", 0
    )  # both listings must really be computed

    def listing():
        result = candidate_list(
            user=users["admin"],
            programme="specialized_sme",
            version="2022",
            as_of=AS_OF,
            filters=ALL,
        )
        return [(c.uscc, c.status, c.score) for c in result.qualified], [
            (c.uscc, c.status) for c in result.close
        ]

    monkeypatch.setattr(candidates, "BATCH_MIN_RECORDS", 10**9)
    by_record = listing()
    monkeypatch.setattr(candidates, "BATCH_MIN_RECORDS", 0)
    by_batch = listing()
    assert by_batch == by_record and by_record[0], "at least one firm qualifies under 2022"


def _in_force_for(region_prefixes, as_of):
    """Brute force: every programme id with a pack in force at ``as_of`` whose region (if any) lies
    within or covers one of ``region_prefixes`` (None: every region)."""
    found = set()
    for pack in rules.all_packs():
        if not pack.in_force(as_of):
            continue
        region = pack.region
        if region and region_prefixes is not None:
            inside = [p for p in region_prefixes if p.startswith(region) or region.startswith(p)]
            if not inside:
                continue
        found.add(pack.id)
    return found


def test_candidate_programmes_are_those_in_force_for_the_regions_in_ladder_order(users):
    """Issue 10 #6: no Guangdong overlay for a Hangzhou official; ladder order, then 划型."""
    from littlegiant.web.assessments.queries.candidates import candidate_programmes

    ladder = ["tech_sme", "innovative_sme", "specialized_sme", "little_giant", "sme_size"]
    for day in (AS_OF, dt.date(2025, 6, 30)):
        official = [p.id for p in candidate_programmes(users["official"], day)]
        assert set(official) == _in_force_for(["3301"], day)
        assert "specialized_sme_guangdong" not in official
        assert [p for p in official if p in ladder] == [p for p in ladder if p in official]
        assert official.index("sme_size") > max(
            official.index(p) for p in ladder[:-1] if p in official
        )
        admin = [p.id for p in candidate_programmes(users["admin"], day)]
        assert set(admin) == _in_force_for(None, day)
        if "specialized_sme_guangdong" in admin:
            assert admin.index("specialized_sme_guangdong") == admin.index("specialized_sme") + 1


def test_digital_candidates_are_scored_on_submitted_questionnaires(pool, users):
    """Issue 10 #6: 数字化水平评测 candidates come from the firms' submitted questionnaires."""
    from littlegiant.digital.questionnaire import QUESTIONS, SCENES
    from littlegiant.digital.scoring import assess
    from littlegiant.web.digital import services as digital_services

    top = {
        q.id: [o.id for o in q.options if o.id != "none"] if q.kind == "multi" else q.options[-1].id
        for q in QUESTIONS
    } | {scene.field_id: 4 for scene in SCENES}
    low = {q.id: ["none"] if q.kind == "multi" else q.options[0].id for q in QUESTIONS} | {
        scene.field_id: 1 for scene in SCENES
    }
    firms = {usc(101): top, usc(102): low}
    for uscc, answers in firms.items():
        digital_services.submit_open_assessment(
            user=users["admin"], enterprise=Enterprise.objects.get(uscc=uscc), raw=answers,
            as_of=AS_OF,
        )  # fmt: skip
    result = candidate_list(
        user=users["admin"], programme="digital_level", as_of=AS_OF, filters=ALL
    )
    expected = {
        uscc: assess(answers, AS_OF).verdict.status.value for uscc, answers in firms.items()
    }
    assert expected[usc(101)] == "qualified"
    got = {c.uscc: c.status for c in result.qualified + result.close}
    assert got == expected  # only the firms that submitted, with their questionnaire's verdict
    assert result.pool_size == 2
