"""The digital_level packs: every option's points, every level boundary, the scene gates, unknowns."""

from __future__ import annotations

import datetime as dt

import pytest
from dq_answers import AS_OF, lowest_answers, top_answers

from littlegiant import rules
from littlegiant.digital.questionnaire import QUESTIONS, QUESTIONS_BY_ID, SCENES
from littlegiant.digital.scoring import assess

# REFERENCE.md §3.2, typed in independently of the pack: question -> option -> points.
RATE = {"r0_10": 0, "r10_20": 1.5, "r20_40": 3, "r40_60": 4.5, "r60_100": 6}
EXPECTED_POINTS = {
    "dq_network_items": dict.fromkeys(
        ("industrial_control", "application_system", "industrial_5g", "full_coverage"), 2
    ),
    "dq_device_digital_rate": RATE,
    "dq_device_network_rate": RATE,
    "dq_data_collection_links": {
        **dict.fromkeys(
            (
                "product_design",
                "process_design",
                "marketing",
                "after_sales",
                "planning",
                "production_control",
                "quality",
                "equipment",
                "safety",
                "energy",
                "procurement",
                "warehousing",
                "finance",
            ),
            0.7,
        ),
        "human_resources": 0.9,
    },
    "dq_info_system_coverage": {"none": 0, "single": 2.5, "multiple": 5, "most": 7.5, "full": 10},
    "dq_network_security_items": dict.fromkeys(
        ("policy", "products_services", "risk_assessment", "access_control"), 1.25
    ),
    "dq_data_security_items": dict.fromkeys(
        ("policy", "protection", "risk_assessment", "inventory"), 1.25
    ),
    "dq_digital_awareness": {
        "none": 0,
        "learning": 1.5,
        "planning": 3,
        "piloting": 4.5,
        "effective": 6,
        "leading": 7.5,
    },
    "dq_management_systems": dict.fromkeys(
        ("implementation_process", "system_operation", "data_management", "innovation_incentive"),
        1.875,
    ),
    "dq_talent_measures": dict.fromkeys(
        ("staff", "dedicated_post", "training", "performance_pay", "talent_pipeline"), 1.5
    ),
    "dq_investment_ratio": {
        "r0_10": 0,
        "r10_20": 1.875,
        "r20_40": 3.75,
        "r40_60": 5.625,
        "r60_100": 7.5,
    },
    "dq_energy_per_revenue": {"increased": 0, "flat": 3.5, "decreased": 7},
    "dq_product_pass_rate": {"decreased": 0, "flat": 3.5, "increased": 7},
    "dq_revenue_per_employee": {"decreased": 0, "flat": 1.5, "increased": 3},
    "dq_cost_per_revenue": {"increased": 0, "flat": 1.5, "decreased": 3},
}
OPTION_CASES = [(q, o) for q, options in EXPECTED_POINTS.items() for o in options]


def score(answers: dict) -> float | None:
    return assess(answers, AS_OF, tracer=False).score


def test_every_question_of_the_questionnaire_has_expected_points():
    assert set(EXPECTED_POINTS) == {q.id for q in QUESTIONS}
    for question in QUESTIONS:
        scored = set(question.option_ids) - ({"none"} if question.kind == "multi" else set())
        assert scored == set(EXPECTED_POINTS[question.id]), question.id


@pytest.mark.parametrize(("question_id", "option_id"), OPTION_CASES)
def test_each_option_alone_adds_its_points(question_id, option_id):
    answers = lowest_answers()
    answers[question_id] = (
        [option_id] if QUESTIONS_BY_ID[question_id].kind == "multi" else option_id
    )
    assert score(answers) == pytest.approx(EXPECTED_POINTS[question_id][option_id], abs=1e-9)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_each_question_reaches_its_maximum(question):
    answers = lowest_answers()
    answers[question.id] = top_answers()[question.id]
    assert score(answers) == question.points


def test_lowest_answers_score_zero_and_top_answers_score_exactly_100():
    low, high = assess(lowest_answers(), AS_OF), assess(top_answers(), AS_OF)
    assert (low.score, low.level, low.verdict.classification) == (0.0, 0, "none")
    assert (high.score, high.level, high.verdict.classification) == (100.0, 4, "level_4")
    assert {d.id: d.points for d in high.dimensions} == {
        "foundation": 50.0,
        "operations": 4.0,
        "management": 30.0,
        "effectiveness": 20.0,
    }


def with_parts(**parts) -> dict:
    """Lowest answers, with the named questions at their top answer (or the given answer), scenes all at 4."""
    answers = lowest_answers() | {s.field_id: 4 for s in SCENES}
    top = top_answers()
    for key, value in parts.items():
        answers[f"dq_{key}"] = top[f"dq_{key}"] if value is True else value
    return answers


SCORE_20 = {"info_system_coverage": True, "data_collection_links": True}
SCORE_40 = SCORE_20 | {
    "network_items": True,
    "device_digital_rate": True,
    "device_network_rate": True,
}
SCORE_60 = SCORE_40 | {
    "network_security_items": True,
    "data_security_items": True,
    "energy_per_revenue": True,
    "revenue_per_employee": True,
}
SCORE_80 = {
    "info_system_coverage": True,
    "data_collection_links": True,
    "device_digital_rate": True,
    "network_items": ["industrial_control", "industrial_5g"],
    "digital_awareness": True,
    "management_systems": True,
    "talent_measures": True,
    "investment_ratio": True,
    "energy_per_revenue": True,
    "product_pass_rate": True,
    "revenue_per_employee": True,
    "cost_per_revenue": True,
}


@pytest.mark.parametrize(
    ("parts", "expected_score", "expected_level"),
    [
        (SCORE_20 | {"info_system_coverage": "most", "network_items": ["industrial_5g"]}, 19.5, 0),
        (SCORE_20, 20.0, 1),
        (SCORE_20 | {"network_security_items": ["policy"]}, 21.25, 1),
        (SCORE_40 | {"device_network_rate": "r40_60"}, 38.5, 1),
        (SCORE_40, 40.0, 2),
        (SCORE_40 | {"network_security_items": ["policy"]}, 41.25, 2),
        (SCORE_60 | {"revenue_per_employee": "flat"}, 58.5, 2),
        (SCORE_60, 60.0, 3),
        (SCORE_60 | {"cost_per_revenue": "flat"}, 61.5, 3),
        (SCORE_80 | {"device_digital_rate": "r40_60"}, 78.5, 3),
        (SCORE_80, 80.0, 4),
        (SCORE_80 | {"device_network_rate": "r10_20"}, 81.5, 4),
    ],
)
def test_level_boundaries_at_below_and_above_each_score_band(parts, expected_score, expected_level):
    result = assess(with_parts(**parts), AS_OF)
    assert result.score == expected_score
    assert result.level == expected_level


def scenes_at(level: int, count: int, mandatory: int, base: int) -> dict:
    """``count`` scenes at ``level`` of which ``mandatory`` are 约束性; every other scene at ``base``."""
    chosen = [s for s in SCENES if s.mandatory][:mandatory] + [
        s for s in SCENES if not s.mandatory
    ][: count - mandatory]
    assert len(chosen) == count
    return {s.field_id: (level if s in chosen else base) for s in SCENES}


@pytest.mark.parametrize(
    ("level", "count", "mandatory", "base", "expected"),
    [
        (4, 10, 6, 3, 4),  # exactly the 四级 gate (with 16 scenes at >= 3)
        (4, 9, 6, 3, 3),  # one scene short at level 4
        (4, 10, 5, 3, 3),  # enough scenes, one 约束性 short
        (3, 8, 5, 2, 3),  # exactly the 三级 gate
        (3, 7, 5, 2, 2),
        (3, 8, 4, 2, 2),
        (2, 6, 3, 1, 2),  # exactly the 二级 gate
        (2, 5, 3, 1, 1),
        (2, 6, 2, 1, 1),
    ],
)
def test_scene_count_gates_limit_the_level_whatever_the_score(
    level, count, mandatory, base, expected
):
    answers = top_answers() | scenes_at(level, count, mandatory, base)
    assert assess(answers, AS_OF).level == expected


def test_level_is_unknown_when_a_scored_answer_is_missing():
    answers = top_answers()
    del answers["dq_talent_measures"]
    result = assess(answers, AS_OF)
    assert (result.score, result.level, result.verdict.status.value) == (None, None, "unknown")
    assert "dq_talent_measures" in result.missing


def test_level_is_unknown_when_a_scene_that_could_decide_is_missing():
    answers = top_answers()
    del answers["dq_scene_quality"]
    result = assess(answers, AS_OF)
    assert result.score == 100.0
    assert result.level is None
    assert "dq_scene_quality" in result.missing


def test_level_is_known_without_scenes_when_the_score_alone_is_below_every_band():
    answers = lowest_answers()
    for scene in SCENES:
        del answers[scene.field_id]
    assert assess(answers, AS_OF).level == 0


def test_multi_choice_answered_none_scores_zero_but_unanswered_is_unknown():
    answers = top_answers() | {"dq_network_items": ["none"]}
    assert assess(answers, AS_OF).score == 92.0
    answers["dq_network_items"] = None
    assert assess(answers, AS_OF).score is None


def test_status_is_qualified_from_level_two():
    assert assess(with_parts(**SCORE_40), AS_OF).verdict.status.value == "qualified"
    assert assess(with_parts(**SCORE_20), AS_OF).verdict.status.value == "not_qualified"


def test_the_2024_pack_is_in_force_from_its_issue_date_and_2022_before():
    assert rules.pack_for("digital_level", dt.date(2024, 9, 4)).version == "2024"
    assert rules.pack_for("digital_level", dt.date(2024, 9, 3)).version == "2022"


@pytest.mark.parametrize(
    ("score", "expected"),
    [(19.99, 0), (20, 1), (39.99, 1), (40, 2), (59.99, 2), (60, 3), (79.99, 3), (80, 4), (100, 4)],
)
def test_2022_score_to_level_mapping(score, expected):
    result = assess({"dq_score_2022": score}, dt.date(2023, 6, 30))
    assert result.verdict.version == "2022"
    assert result.level == expected


def test_uncertain_level_rule_parameters_are_marked_u():
    pack = rules.pack_for("digital_level", AS_OF)
    for k in (1, 2, 3, 4):
        for name in (
            f"level_{k}_score_min",
            f"level_{k}_scenes_min",
            f"level_{k}_mandatory_scenes_min",
        ):
            assert pack.parameters[name].confidence == "U"
            assert pack.parameters[name].note
    assert all(pack.parameters[f"scene_mandatory_{s.id}"].confidence == "U" for s in SCENES)


def test_every_question_names_an_existing_pack_rule():
    pack = rules.pack_for("digital_level", AS_OF)
    assert all(question.rule in pack.rules for question in QUESTIONS)


def test_the_questionnaires_mandatory_badges_match_the_packs_flags():
    """The page badges 约束性 scenes from ``Scene.mandatory``; the level rule reads the pack's parameters."""
    pack = rules.pack_for("digital_level", AS_OF)
    flags = pack.parameter_values(AS_OF)
    mismatched = [s.id for s in SCENES if bool(flags[f"scene_mandatory_{s.id}"]) != s.mandatory]
    assert mismatched == [], "update SceneItem.mandatory in records/questionnaires.py (ADR 0005)"
