"""The navigation bar shows each role only the links it can use."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav_urls(client) -> set[str]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {link["url"] for link in response.context["nav_links"]}


@pytest.mark.parametrize(
    ("role", "sees_bureau_links"),
    [("admin", True), ("official", True), ("enterprise", False), ("provider", False)],
)
def test_bureau_links_are_shown_to_bureau_roles_only(users, login, role, sees_bureau_links):
    urls = _nav_urls(login(users[role]))
    bureau = {reverse("assessments:candidates"), reverse("assessments:runs")}
    assert (bureau <= urls) is sees_bureau_links
    assert not (bureau & urls) or sees_bureau_links
    assert reverse("enterprises:list") in urls


@pytest.mark.parametrize(
    ("role", "sees_digital"),
    [("admin", True), ("official", True), ("enterprise", True), ("provider", False)],
)
def test_the_digital_assessment_link_is_hidden_from_providers_who_assess_no_firm(
    users, login, role, sees_digital
):
    assert (reverse("digital:index") in _nav_urls(login(users[role]))) is sees_digital


@pytest.mark.parametrize(
    ("role", "own_link"),
    [("audit_admin", "审计日志"), ("security_admin", "账号安全"), ("system_admin", None)],
)
def test_the_separated_administrators_see_only_their_own_links(db, role, own_link):
    from django.test import Client

    from littlegiant.web.accounts.services import create_platform_user, system_user

    user = create_platform_user(
        user=system_user(), username=f"{role}-nav", password="Nav-password-42", role=role
    )
    client = Client()
    client.force_login(user)
    labels = [link["label"] for link in client.get("/").context["nav_links"]]
    assert labels == ([own_link] if own_link else [])
