"""Titles across 复核 cycles (issue 10 #13): several awards of one title kind with their history, and
the 称号到期 page of titles expiring soon or expired, scoped by the permission layer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises.models import Title
from littlegiant.web.enterprises.queries.profile import title_statuses
from littlegiant.web.enterprises.services import add_archive_row, load_archive_rows

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days(n):
    return TODAY + dt.timedelta(days=n)


def test_a_renewed_title_is_a_second_row_and_the_first_stays_as_history(users, archive):
    own = archive["own"]
    first = Title.objects.get(enterprise=own)
    kind = first.title
    renewed = add_archive_row(
        user=users["official"], enterprise=own, table_id="titles", title=kind,
        issued_on=TODAY, expires_on=_days(3 * 365),
    )  # fmt: skip
    assert Title.objects.filter(enterprise=own, title=kind).count() == 2
    statuses = {s.title.pk: s for s in title_statuses(list(own.title_set.all()), TODAY)}
    assert statuses[first.pk].state == "renewed" and statuses[renewed.pk].state == "valid"
    assert renewed.history.get().history_user == users["official"]
    from django.test import Client

    page = Client()  # the profile shows both awards
    page.force_login(users["official"])
    html = page.get(reverse("enterprises:profile", args=[own.uscc])).content.decode()
    assert "已续期（复核后重新认定）" in html and html.count(f'data-pk="{renewed.pk}"') == 1


def test_the_same_award_twice_is_still_refused(users, archive):
    own = archive["own"]
    first = Title.objects.get(enterprise=own)
    from littlegiant.web.enterprises.validation import ArchiveValidationError

    with pytest.raises(ArchiveValidationError, match="已有相同称号、发证/认定日期的记录"):
        add_archive_row(
            user=users["official"], enterprise=own, table_id="titles", title=first.title,
            issued_on=first.issued_on,
        )  # fmt: skip


def test_an_import_keeps_every_award_and_twice_changes_nothing(archive):
    uscc = archive["own"].uscc
    rows = {
        "titles": [
            {"uscc": uscc, "title": "little_giant", "issued_on": dt.date(2019, 7, 1),
             "expires_on": dt.date(2022, 6, 30)},
            {"uscc": uscc, "title": "little_giant", "issued_on": dt.date(2022, 7, 1),
             "expires_on": dt.date(2025, 6, 30)},
        ]
    }  # fmt: skip
    load_archive_rows(tables=rows, user=system_user())
    assert Title.objects.filter(enterprise=archive["own"], title="little_giant").count() == 2
    again = load_archive_rows(tables=rows, user=system_user())
    assert again.changed == 0


@pytest.fixture
def due(archive):
    """Titles around today: expiring, expired, renewed, far ahead, long expired, in both regions."""
    own, other, foreign = archive["own"].uscc, archive["own_other"].uscc, archive["foreign"].uscc
    rows = [
        (own, "little_giant", _days(-3 * 365 + 30), _days(30)),  # expiring in 30 days
        (own, "high_tech_enterprise", _days(-3 * 365 - 40), _days(-40)),  # expired 40 days ago
        (other, "little_giant", _days(-6 * 365), _days(-3 * 365 - 1)),  # renewed ...
        (other, "little_giant", _days(-3 * 365), _days(-10)),  # ... and now expired 10 days ago
        (other, "high_tech_enterprise", _days(-3 * 365 - 20), _days(-20)),  # renewed ...
        (other, "high_tech_enterprise", _days(-20), _days(3 * 365)),  # ... the new one far ahead
        (other, "single_champion", _days(-5 * 365), _days(-2 * 365)),  # expired long ago
        (foreign, "little_giant", _days(-3 * 365 + 100), _days(100)),  # expiring, Nanjing
    ]
    keys = ("uscc", "title", "issued_on", "expires_on")
    load_archive_rows(
        tables={"titles": [dict(zip(keys, row, strict=True)) for row in rows]}, user=system_user()
    )


def _expected(usccs, state="", within=180, expired=365):
    """Brute force over every stored title: the latest award per firm and kind, in the window."""
    latest = {}
    for title in Title.objects.select_related("enterprise"):
        key = (title.enterprise.uscc, title.title)
        if key not in latest or (title.issued_on or dt.date.min) > (
            latest[key].issued_on or dt.date.min
        ):
            latest[key] = title
    found = set()
    for (uscc, kind), title in latest.items():
        if uscc not in usccs or title.expires_on is None:
            continue
        days = (title.expires_on - TODAY).days
        expiring, lapsed = 0 <= days <= within, -expired <= days < 0
        if (
            (state == "expiring" and expiring)
            or (state == "expired" and lapsed)
            or (state == "" and (expiring or lapsed))
        ):
            found.add((uscc, kind))
    return found


def _listed(client, **query):
    import re

    html = client.get(reverse("enterprises:titles_due"), query).content.decode()
    return set(re.findall(r'data-uscc="([^"]+)" data-title="([^"]+)"', html))


@pytest.mark.parametrize("role", ["admin", "official", "enterprise", "official_outside"])
@pytest.mark.parametrize("state", ["", "expiring", "expired"])
def test_the_titles_due_page_lists_what_a_brute_force_finds_in_scope(
    roles, archive, due, login, role, state
):
    scope = {
        "admin": {"own", "own_other", "foreign"},
        "official": {"own", "own_other"},
        "enterprise": {"own"},
        "official_outside": {"foreign"},
    }[role]
    usccs = {archive[name].uscc for name in scope}
    expected = _expected(usccs, state)
    assert _listed(login(roles[role]), state=state) == expected
    if role == "official" and state == "":
        assert (archive["own_other"].uscc, "little_giant") in expected  # the renewal's lapse
        assert (archive["own_other"].uscc, "high_tech_enterprise") not in expected  # renewed


def test_the_window_and_the_title_filter_narrow_the_list(roles, archive, due, login):
    client = login(roles["admin"])
    assert _listed(client, state="expiring", within=30) == _expected(
        {archive[n].uscc for n in ("own", "own_other", "foreign")}, "expiring", within=30
    )
    assert {kind for _, kind in _listed(client, title="high_tech_enterprise")} == {
        "high_tech_enterprise"
    }


@pytest.mark.parametrize(("role", "status"), [("provider", 403), ("anonymous", 302)])
def test_providers_and_anonymous_visitors_do_not_see_titles(roles, login, client, role, status):
    if role != "anonymous":
        client = login(roles[role])
    assert client.get(reverse("enterprises:titles_due")).status_code == status
