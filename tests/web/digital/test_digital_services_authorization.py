"""Assigning firms to a campaign checks the campaign too: only one the acting user may see."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from littlegiant.web.digital import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "target", "outcome"),
    [
        ("admin", "own_other", 1),
        ("official", "own_other", 1),
        ("official_outside", "foreign", Http404),  # a firm of its own region, but not its campaign
        ("enterprise", "own_other", PermissionDenied),
        ("provider", "own_other", PermissionDenied),
        ("anonymous", "own_other", PermissionDenied),
    ],
)
def test_assigning_firms_to_a_campaign(roles, archive, actor, target, outcome):
    campaign = services.create_campaign(
        user=roles["official"], name="试点", enterprises=[archive["own"]]
    )
    if isinstance(outcome, int):
        assigned = services.assign_enterprises(
            user=roles[actor], campaign=campaign, enterprises=[archive[target]]
        )
        assert assigned == outcome
    else:
        with pytest.raises(outcome):
            services.assign_enterprises(
                user=roles[actor], campaign=campaign, enterprises=[archive[target]]
            )
        assert campaign.assessments.count() == 1
