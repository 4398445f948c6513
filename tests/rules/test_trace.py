"""The trace: per clause the value read, thresholds, band, points, verdict and clause reference."""

from __future__ import annotations

import datetime as dt
import json

from littlegiant.rules import evaluate, pack_for

AS_OF = dt.date(2025, 6, 30)
RECORD = {
    "revenue_y1": 1000,
    "rd_expense_y1": 30,
    "total_liabilities_y1": 550,
    "total_assets_y1": 1000,
}


def _steps():
    verdict = evaluate(pack_for("innovative_sme", AS_OF), RECORD, AS_OF)
    return verdict, {step.rule_id: step for step in verdict.trace}


def test_a_band_step_shows_the_value_read_the_band_and_the_points():
    _, steps = _steps()
    step = steps["rd_points"]
    assert step.reads == {"rd_ratio": 3.0}
    assert (step.band, step.points, step.value) == (3.0, 15.0, 15.0)
    assert step.clause == "附件1 二、（一）2" and step.document.startswith("工信部企业〔2022〕63号")


def test_a_lower_is_better_band_takes_the_better_band_at_the_boundary():
    _, steps = _steps()
    assert (steps["debt_ratio"].value, steps["debt_points"].band, steps["debt_points"].points) == (
        55.0,
        55.0,
        10.0,
    )


def test_a_threshold_step_shows_the_parameters_and_a_three_valued_verdict():
    verdict, steps = _steps()
    assert steps["direct_equity"].thresholds == {"equity_financing_direct_min": 500.0}
    assert steps["direct_equity"].verdict == "unknown"
    assert steps["rd_ratio"].verdict == "value" and steps["rd_ratio"].unit == "%"
    assert verdict.status.value == "unknown"
    assert "ip_class1_high_value_count" in verdict.missing


def test_the_verdict_serializes_to_json_with_pack_identity():
    verdict, _ = _steps()
    data = json.loads(json.dumps(verdict.to_dict(), ensure_ascii=False))
    assert data["programme"] == "innovative_sme" and len(data["sha256"]) == 64
    assert data["as_of"] == "2025-06-30"
    assert {"rule", "label", "clause", "reads", "thresholds", "band", "points", "verdict"} <= set(
        data["trace"][0]
    )


def test_tracer_off_gives_no_trace_and_the_same_verdict():
    pack = pack_for("innovative_sme", AS_OF)
    on, off = evaluate(pack, RECORD, AS_OF), evaluate(pack, RECORD, AS_OF, tracer=False)
    assert off.trace == () and on.trace
    assert (on.status, on.score, on.values) == (off.status, off.score, off.values)
