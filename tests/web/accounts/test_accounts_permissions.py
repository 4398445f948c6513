"""Every role against own and foreign enterprises, on every page that shows one."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from littlegiant.web.accounts.permissions import (
    can_create_in,
    can_edit,
    enterprises_visible_to,
    get_enterprise_for,
    role_of,
)
from littlegiant.web.accounts.regions import RegionCodeError, covers, region_prefix

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("scope", "region", "expected"),
    [
        ("330100", "330106", True),
        ("330100", "330100", True),
        ("330100", "330200", False),
        ("330000", "331002", True),
        ("330000", "320102", False),
        ("330106", "330106", True),
        ("330106", "330105", False),
        ("330100", "3301", True),
    ],
)
def test_a_region_code_covers_its_sub_regions(scope, region, expected):
    assert covers(scope, region) is expected


def test_region_prefix_strips_trailing_zero_pairs_only():
    assert [region_prefix(code) for code in ("330000", "330100", "330106", "100100")] == [
        "33",
        "3301",
        "330106",
        "1001",
    ]


def test_a_scope_code_must_have_six_digits():
    with pytest.raises(RegionCodeError, match="6 位"):
        region_prefix("33010")


def test_visible_enterprises_per_role(users, archive):
    own, other, foreign = archive["own"], archive["own_other"], archive["foreign"]
    assert set(enterprises_visible_to(users["admin"])) == {own, other, foreign}
    assert set(enterprises_visible_to(users["official"])) == {own, other}
    assert set(enterprises_visible_to(users["enterprise"])) == {own}
    assert list(enterprises_visible_to(users["provider"])) == []


def test_a_user_without_membership_sees_nothing(django_user_model, archive):
    stranger = django_user_model.objects.create_user(username="nobody", password="x")
    assert role_of(stranger) is None
    assert list(enterprises_visible_to(stranger)) == []


def test_an_inactive_user_sees_nothing(users, archive):
    official = users["official"]
    official.is_active = False
    official.save()
    assert list(enterprises_visible_to(official)) == []


def test_get_enterprise_for_hides_foreign_enterprises_as_404(users, archive):
    assert get_enterprise_for(users["enterprise"], archive["own"].uscc) == archive["own"]
    assert get_enterprise_for(users["enterprise"], archive["own"].pk) == archive["own"]
    for role, target in (("enterprise", "own_other"), ("official", "foreign"), ("provider", "own")):
        with pytest.raises(Http404):
            get_enterprise_for(users[role], archive[target].uscc)
    with pytest.raises(Http404):
        get_enterprise_for(users["admin"], "91330106MA0000000X")


def test_write_access_follows_the_scope(users, archive):
    assert can_edit(users["official"], archive["own_other"])
    assert not can_edit(users["official"], archive["foreign"])
    assert can_edit(users["enterprise"], archive["own"])
    assert not can_edit(users["provider"], archive["own"])
    assert (
        get_enterprise_for(users["admin"], archive["foreign"].uscc, write=True)
        == archive["foreign"]
    )


def test_write_lookup_of_a_visible_but_read_only_enterprise_is_403(users, archive, monkeypatch):
    monkeypatch.setattr(
        "littlegiant.web.accounts.permissions.can_edit", lambda user, enterprise: False
    )
    with pytest.raises(PermissionDenied):
        get_enterprise_for(users["official"], archive["own"].uscc, write=True)


def test_who_may_create_where(users):
    assert can_create_in(users["admin"], "110101")
    assert can_create_in(users["official"], "330106")
    assert not can_create_in(users["official"], "320102")
    assert not can_create_in(users["enterprise"], "330106")
    assert not can_create_in(users["provider"], "330106")


# --- pages -------------------------------------------------------------------------------------

CASES = [
    # role, enterprise key, visible?
    ("admin", "own", True),
    ("admin", "foreign", True),
    ("official", "own", True),
    ("official", "own_other", True),
    ("official", "foreign", False),
    ("enterprise", "own", True),
    ("enterprise", "own_other", False),
    ("enterprise", "foreign", False),
    ("provider", "own", False),
]


@pytest.mark.parametrize(("role", "target", "visible"), CASES)
def test_profile_page_is_404_outside_the_scope(login, users, archive, role, target, visible):
    enterprise = archive[target]
    response = login(users[role]).get(reverse("enterprises:profile", args=[enterprise.uscc]))
    assert response.status_code == (200 if visible else 404)
    assert (enterprise.name in response.content.decode()) is visible


@pytest.mark.parametrize(("role", "target", "visible"), CASES)
def test_list_page_shows_only_the_scope(login, users, archive, role, target, visible):
    response = login(users[role]).get(reverse("enterprises:list"), {"page_size": 100})
    assert response.status_code == 200
    assert (archive[target].uscc in response.content.decode()) is visible


@pytest.mark.parametrize(("role", "target", "visible"), CASES)
def test_api_detail_is_404_outside_the_scope(login, users, archive, role, target, visible):
    response = login(users[role]).get(f"/api/enterprises/{archive[target].uscc}")
    assert response.status_code == (200 if visible else 404)
    if visible:
        body = response.json()
        assert body["uscc"] == archive[target].uscc
        assert [row["fiscal_year"] for row in body["yearly"]] == [2024, 2023, 2022]


@pytest.mark.parametrize(("role", "target", "visible"), CASES)
def test_api_list_returns_only_the_scope(login, users, archive, role, target, visible):
    response = login(users[role]).get("/api/enterprises/", {"limit": 100})
    assert response.status_code == 200
    usccs = {item["uscc"] for item in response.json()["items"]}
    assert (archive[target].uscc in usccs) is visible


def test_api_needs_a_session(client, archive):
    assert client.get("/api/enterprises/").status_code == 401


@pytest.mark.parametrize(("role", "target", "visible"), [c for c in CASES if c[0] == "admin"])
def test_admin_change_page_is_out_of_reach_outside_the_scope(
    login, users, archive, role, target, visible
):
    enterprise = archive[target]
    url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    response = login(users[role]).get(url)
    if visible:
        assert response.status_code == 200
        assert enterprise.uscc in response.content.decode()
    else:
        assert (
            response.status_code == 302
        )  # Django admin: "object does not exist" → back to the index
        assert response.url == reverse("admin:index")


@pytest.mark.parametrize(("role", "target", "visible"), [c for c in CASES if c[0] == "admin"])
def test_admin_changelists_are_scoped(login, users, archive, role, target, visible):
    client = login(users[role])
    enterprise_list = client.get(
        reverse("admin:enterprises_enterprise_changelist")
    ).content.decode()
    assert (archive[target].uscc in enterprise_list) is visible
    title_list = client.get(reverse("admin:enterprises_title_changelist")).content.decode()
    assert (archive[target].name in title_list) is visible


@pytest.mark.parametrize("role", ["official", "enterprise", "provider"])
def test_only_administrators_enter_the_admin(login, users, role):
    response = login(users[role]).get(reverse("admin:enterprises_enterprise_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.parametrize(("role", "target", "visible"), CASES)
def test_export_contains_only_the_scope(login, users, archive, role, target, visible):
    response = login(users[role]).get(reverse("enterprises:export"))
    if response.status_code == 501:
        pytest.skip("Excel export not written yet (enterprises/exporting.py is a 501 placeholder)")
    assert response.status_code == 200
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    cells = {
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    }
    assert (archive[target].uscc in cells) is visible


def test_pages_need_a_login(client, archive):
    for url in (
        reverse("home"),
        reverse("enterprises:list"),
        reverse("enterprises:profile", args=[archive["own"].uscc]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
