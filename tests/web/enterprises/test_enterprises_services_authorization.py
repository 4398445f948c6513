"""The archive's bulk and derived writes check the acting user: own and foreign enterprises, every role."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from littlegiant.web.enterprises import services
from littlegiant.web.enterprises.models import Enterprise, YearlyFigure

pytestmark = pytest.mark.django_db

# own = 330106 (the official's 330100 covers it, the enterprise user is bound to it); foreign = 320102
WRITE_OWN = {
    "admin": True,
    "official": True,
    "official_outside": False,
    "enterprise": True,
    "provider": False,
    "anonymous": False,
}
WRITE_FOREIGN = {
    "admin": True,
    "official": False,
    "official_outside": True,
    "enterprise": False,
    "provider": False,
    "anonymous": False,
}


def _year_row(enterprise):
    return {"yearly": [{"uscc": enterprise.uscc, "fiscal_year": 2019, "revenue": 123.0}]}


@pytest.mark.parametrize("actor", list(WRITE_OWN))
@pytest.mark.parametrize("target", ["own", "foreign"])
def test_load_archive_rows_writes_only_what_the_user_may_edit(roles, archive, actor, target):
    enterprise = archive[target]
    allowed = (WRITE_OWN if target == "own" else WRITE_FOREIGN)[actor]
    if allowed:
        report = services.load_archive_rows(tables=_year_row(enterprise), user=roles[actor])
        assert report.tables["yearly"].created == 1
        history = YearlyFigure.history.get(enterprise_id=enterprise.pk, fiscal_year=2019)
        assert history.history_user == roles[actor]
    else:
        with pytest.raises(PermissionDenied):
            services.load_archive_rows(tables=_year_row(enterprise), user=roles[actor])
        assert not YearlyFigure.objects.filter(enterprise=enterprise, fiscal_year=2019).exists()


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("admin", True),
        ("official", True),
        ("official_outside", False),
        ("enterprise", False),
        ("provider", False),
        ("anonymous", False),
    ],
)
def test_a_new_enterprise_is_loaded_only_into_a_region_the_user_may_create_in(
    roles, archive, uscc_for, actor, allowed
):
    rows = {"enterprise": [{"uscc": uscc_for(77), "name": "新建企业", "region_code": "330106"}]}
    if allowed:
        services.load_archive_rows(tables=rows, user=roles[actor])
        assert Enterprise.objects.filter(uscc=uscc_for(77)).exists()
    else:
        with pytest.raises(PermissionDenied):
            services.load_archive_rows(tables=rows, user=roles[actor])
        assert not Enterprise.objects.filter(uscc=uscc_for(77)).exists()


def test_moving_an_enterprise_out_of_the_officials_regions_is_refused(roles, archive):
    rows = {"enterprise": [{"uscc": archive["own"].uscc, "region_code": "320102"}]}
    with pytest.raises(PermissionDenied, match="320102"):
        services.load_archive_rows(tables=rows, user=roles["official"])
    assert Enterprise.objects.get(pk=archive["own"].pk).region_code == "330106"


@pytest.mark.parametrize("actor", list(WRITE_OWN))
@pytest.mark.parametrize("target", ["own", "foreign"])
def test_size_classes_are_stored_only_for_editable_enterprises(roles, archive, actor, target):
    enterprise = archive[target]
    allowed = (WRITE_OWN if target == "own" else WRITE_FOREIGN)[actor]
    classes = {enterprise.uscc: "micro"}
    if allowed:
        assert services.store_size_classes(user=roles[actor], classes=classes) == 1
    else:
        with pytest.raises(PermissionDenied):
            services.store_size_classes(user=roles[actor], classes=classes)
        assert Enterprise.objects.get(pk=enterprise.pk).size_class != "micro"


@pytest.mark.parametrize("actor", list(WRITE_OWN))
@pytest.mark.parametrize("target", ["own", "foreign"])
def test_size_classes_are_refreshed_only_for_editable_enterprises(roles, archive, actor, target):
    enterprise = archive[target]
    allowed = (WRITE_OWN if target == "own" else WRITE_FOREIGN)[actor]
    if allowed:
        assert services.refresh_size_classes(user=roles[actor], enterprise_ids=[enterprise.pk]) >= 0
    else:
        with pytest.raises(PermissionDenied):
            services.refresh_size_classes(user=roles[actor], enterprise_ids=[enterprise.pk])


def test_refreshing_everything_covers_only_the_users_scope(roles, archive):
    Enterprise.objects.update(size_class="large")
    services.refresh_size_classes(user=roles["official"])
    assert Enterprise.objects.get(pk=archive["foreign"].pk).size_class == "large"
