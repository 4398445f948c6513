from __future__ import annotations

import pytest

from littlegiant.matching.fit import (
    budget_fit,
    industry_fit,
    industry_path,
    region_fit,
    region_within,
    stage_fit,
)


@pytest.mark.parametrize(
    ("code", "path"),
    [
        ("C3985", ("C", "C39", "C398", "C3985")),
        ("c39", ("C", "C39")),
        ("3985", ("C", "C39", "C398", "C3985")),
        ("I65", ("I", "I65")),
        ("C", ("C",)),
        ("A3985", ()),  # the letter contradicts the division
        ("99", ()),  # no such division
        ("", ()),
        (None, ()),
    ],
)
def test_industry_path(code, path):
    assert industry_path(code) == path


@pytest.mark.parametrize(
    ("entry", "profile", "score"),
    [
        (["C3985"], "C3985", 1.0),
        (["C3984"], "C3985", 0.8),
        (["C3911"], "C3985", 0.6),
        (["C34"], "C3985", 0.3),
        (["I65"], "C3985", 0.0),
        (["I65", "C398"], "C3985", 0.8),  # the nearest code counts
        (["C39"], "C3985", 0.6),  # a coarse code contains the firm's class
    ],
)
def test_industry_fit_levels(entry, profile, score):
    reason = industry_fit(entry, profile)
    assert reason is not None
    assert reason.score == score


def test_industry_fit_is_none_when_either_side_is_missing():
    assert industry_fit([], "C3985") is None
    assert industry_fit(["C3985"], None) is None


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        ("440305", "440305", 1.0),
        ("440305", "440306", 0.7),
        ("440300", "440106", 0.4),
        ("440300", "110105", 0.0),
    ],
)
def test_region_fit_levels(a, b, score):
    reason = region_fit(a, b)
    assert reason is not None
    assert reason.score == score


@pytest.mark.parametrize(
    ("jurisdiction", "region", "inside"),
    [
        (None, "440305", True),
        ("000000", "440305", True),
        ("440000", "440305", True),
        ("440300", "440305", True),
        ("440300", "440105", False),
        ("440305", "440306", False),
        ("440300", None, None),
    ],
)
def test_region_within(jurisdiction, region, inside):
    assert region_within(jurisdiction, region) is inside


@pytest.mark.parametrize(
    ("offered", "wanted", "score"),
    [
        ("industrialised", "pilot", 1.0),
        ("pilot", "pilot", 1.0),
        ("pilot", "trial", 0.5),
        ("lab", "trial", 0.0),
    ],
)
def test_stage_fit(offered, wanted, score):
    reason = stage_fit(offered, wanted)
    assert reason is not None
    assert reason.score == score


@pytest.mark.parametrize(
    ("budget", "score"),
    [(100.0, 1.0), (100.01, 1.0), (99.99, 0.5), (70.0, 0.5), (69.99, 0.0)],
)
def test_budget_fit_boundaries(budget, score):
    reason = budget_fit(100.0, budget)
    assert reason is not None
    assert reason.score == score


def test_budget_fit_missing_is_not_a_mismatch():
    assert budget_fit(None, 50.0) is None
    assert budget_fit(100.0, None) is None
