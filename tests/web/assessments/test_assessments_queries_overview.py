"""Services of the assessments app: evaluations through the permission layer, what-if, stored verdicts."""

from __future__ import annotations

import pytest
from assessments_fixtures import AS_OF, usc
from django.http import Http404

from littlegiant import rules
from littlegiant.web.assessments import services
from littlegiant.web.assessments.models import Assessment, VerdictStatus
from littlegiant.web.assessments.queries import overview as reads
from littlegiant.web.enterprises.queries.records import enterprise_record

OWN = usc(101)
FOREIGN = usc(901, "320102")


def test_overview_has_one_verdict_per_pack_in_force_equal_to_the_engine(pool, users):
    enterprise = pool[OWN]
    overview = reads.evaluation_overview(user=users["official"], enterprise=enterprise, as_of=AS_OF)
    record = enterprise_record(enterprise, AS_OF)
    national = [p for p in rules.packs_in_force(AS_OF) if not p.region]
    assert sorted(r.pack.key for r in overview.results) == sorted(p.key for p in national)
    for result in overview.results:
        expected = rules.evaluate(result.pack, record, AS_OF)
        assert (result.status, result.verdict.score) == (expected.status.value, expected.score)
    assert not overview.failures


def test_overview_uses_the_chosen_version_for_a_retest(pool, users):
    overview = reads.evaluation_overview(
        user=users["admin"], enterprise=pool[OWN], as_of=AS_OF, versions={"specialized_sme": "2022"}
    )
    chosen = {r.pack.id: r.pack.version for r in overview.results}
    assert chosen["specialized_sme"] == "2022"
    assert chosen["little_giant"] == rules.pack_for("little_giant", AS_OF).version


def test_a_version_without_parameters_at_the_date_becomes_a_failure_not_an_error(pool, users):
    early = AS_OF.replace(year=2025)
    overview = reads.evaluation_overview(
        user=users["admin"], enterprise=pool[OWN], as_of=early, versions={"specialized_sme": "2026"}
    )
    failed = {f.programme: f.message for f in overview.failures}
    assert "specialized_sme" in failed and "2025-06-30" in failed["specialized_sme"]
    assert "specialized_sme" not in {r.pack.id for r in overview.results}


def test_ladder_marks_the_held_tier_and_the_next_step(pool, users):
    overview = reads.evaluation_overview(user=users["admin"], enterprise=pool[OWN], as_of=AS_OF)
    held = [(step.held, step.is_next) for step in overview.ladder]
    assert held == [(True, False), (False, True), (False, False)]  # holds 科技型; next is 专精特新
    assert (
        overview.ladder[1].result is not None
        and overview.ladder[1].result.pack.id == "specialized_sme"
    )


def test_foreign_enterprise_is_404_for_the_official_and_the_enterprise_user(pool, users):
    for role in ("official", "enterprise", "provider"):
        with pytest.raises(Http404):
            reads.evaluate_enterprise(user=users[role], enterprise=pool[FOREIGN], as_of=AS_OF)
    assert reads.evaluate_enterprise(user=users["admin"], enterprise=pool[FOREIGN], as_of=AS_OF)


def test_save_assessment_keeps_pack_id_version_hash_as_of_and_inputs(pool, users):
    enterprise = pool[OWN]
    saved = services.save_assessment(
        user=users["official"],
        enterprise=enterprise,
        programme="specialized_sme",
        as_of=AS_OF,
        version="2022",
    )
    pack = rules.pack_for("specialized_sme", AS_OF, version="2022")
    verdict = rules.evaluate(pack, enterprise_record(enterprise, AS_OF), AS_OF)
    saved.refresh_from_db()
    assert (saved.pack_id, saved.pack_version, saved.pack_sha256, saved.as_of) == (
        "specialized_sme",
        "2022",
        pack.sha256,
        AS_OF,
    )
    assert saved.status == verdict.status.value and saved.score == verdict.score
    assert [step["rule"] for step in saved.trace] == list(pack.rules)
    assert saved.record["revenue_y1"] == 3000 and saved.created_by == users["official"]
    reproduced = rules.evaluate(pack, saved.record, saved.as_of)
    assert reproduced.status.value == saved.status


def test_save_assessment_for_a_foreign_enterprise_is_404_and_stores_nothing(pool, users):
    with pytest.raises(Http404):
        services.save_assessment(
            user=users["official"],
            enterprise=pool[FOREIGN],
            programme="specialized_sme",
            as_of=AS_OF,
        )
    assert not Assessment.objects.exists()


def test_what_if_changes_the_verdict_without_saving_anything(load_records, users):
    # 2026: R&D of 80 万元 in y1 fails S6 (≥ 100 万元 each year); 100 exactly meets it.
    from assessments_fixtures import firm

    enterprise = load_records(
        [firm(110, "杭州假设测算有限公司", rd_expense_y1=80, market_position_leading=True)]
    )[usc(110)]
    before, after = reads.what_if_enterprise(
        user=users["official"],
        enterprise=enterprise,
        programme="specialized_sme",
        version="2026",
        as_of=AS_OF,
        changes={"rd_expense_y1": 100, "market_position_leading": True},
    )
    assert before.verdict.values["rd_investment"] is False
    assert after.verdict.values["rd_investment"] is True
    assert after.status == VerdictStatus.QUALIFIED
    enterprise.refresh_from_db()
    assert enterprise_record(enterprise, AS_OF)["rd_expense_y1"] == 80
    assert not Assessment.objects.exists()


def test_what_if_just_below_the_threshold_still_fails(load_records, users):
    from assessments_fixtures import firm

    enterprise = load_records([firm(111, "杭州边界测算有限公司")])[usc(111)]
    _, after = reads.what_if_enterprise(
        user=users["admin"],
        enterprise=enterprise,
        programme="specialized_sme",
        version="2026",
        as_of=AS_OF,
        changes={"rd_expense_y1": 99.99, "market_position_leading": True},
    )
    assert after.verdict.values["rd_investment"] is False
    assert after.status == VerdictStatus.NOT_QUALIFIED
    if hasattr(rules, "gaps"):  # the engine's gaps land separately
        assert after.gaps, "a failing verdict explains its gaps"
