"""Personal information (PIPL, GB/T 35273 §7.2): contacts' phones and e-mails are masked on screen, in
exports, in edit forms and in logs for every role without the right; the right is defined once in the
permission layer (``personal_info_visible_to``)."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from littlegiant.records.personal import PersonalInfoLogFilter, mask_email, mask_phone
from littlegiant.web.accounts.permissions import personal_info_visible_to, sees_personal_info
from littlegiant.web.enterprises import services

pytestmark = pytest.mark.django_db


def _grant_right(user):
    user.user_permissions.add(Permission.objects.get(codename="view_personal_info"))
    return type(user).objects.get(pk=user.pk)  # permissions are cached on the instance


def _contact(archive, target="own"):
    return archive[target].contact_set.get()


# --- who has the right ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "own", "foreign"),
    [
        ("admin", True, True),
        ("official", False, False),  # sees the firm, not its people's numbers
        ("official_outside", False, False),
        ("enterprise", True, False),  # its own contacts
        ("provider", False, False),  # only with a consent (test_enterprises_consents)
        ("anonymous", False, False),
    ],
)
def test_the_right_to_personal_information_per_role(roles, archive, actor, own, foreign):
    user = roles[actor]
    assert sees_personal_info(user, archive["own"]) is own
    assert sees_personal_info(user, archive["foreign"]) is foreign
    visible = set(personal_info_visible_to(user))
    assert (archive["own"] in visible) is own and (archive["foreign"] in visible) is foreign


def test_an_official_given_the_permission_sees_them_within_the_region_only(roles, archive):
    official = _grant_right(roles["official"])
    assert sees_personal_info(official, archive["own"])
    assert not sees_personal_info(official, archive["foreign"])


# --- on screen, in history, in exports ------------------------------------------------------------


def _profile(client, user, enterprise):
    client.force_login(user)
    return client.get(reverse("enterprises:profile", args=[enterprise.uscc])).content.decode()


def test_an_official_sees_contacts_masked_on_the_profile(client, users, archive):
    contact = _contact(archive)
    html = _profile(client, users["official"], archive["own"])
    assert contact.contact_name in html  # the person is named, the numbers are not
    assert contact.phone not in html and mask_phone(contact.phone) in html
    assert contact.email not in html and mask_email(contact.email) in html


@pytest.mark.parametrize("actor", ["admin", "enterprise"])
def test_roles_with_the_right_see_contacts_in_full(client, users, archive, actor):
    contact = _contact(archive)
    html = _profile(client, users[actor], archive["own"])
    assert contact.phone in html and contact.email in html


def test_a_granted_official_sees_contacts_in_full(client, users, archive):
    contact = _contact(archive)
    html = _profile(client, _grant_right(users["official"]), archive["own"])
    assert contact.phone in html and contact.email in html


def test_the_change_history_masks_old_and_new_numbers(client, users, archive):
    contact = _contact(archive)
    old = contact.phone
    services.update_archive_row(user=users["enterprise"], row=contact, phone="13912345678")
    html = _profile(client, users["official"], archive["own"])
    assert "13912345678" not in html and old not in html
    assert mask_phone("13912345678") in html and mask_phone(old) in html
    assert "13912345678" in _profile(client, users["enterprise"], archive["own"])


def _export_cells(client, user) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("enterprises:export"))
    workbook = load_workbook(io.BytesIO(response.content))
    return [
        str(value)
        for row in workbook["联系人"].iter_rows(min_row=3, values_only=True)
        for value in row
        if value is not None
    ]


def test_an_officials_export_masks_every_phone_and_email(client, users, archive):
    cells = _export_cells(client, users["official"])
    for enterprise in (archive["own"], archive["own_other"]):
        contact = _contact({"x": enterprise}, "x")
        assert contact.phone not in cells and mask_phone(contact.phone) in cells
        assert contact.email not in cells and mask_email(contact.email) in cells


def test_a_granted_officials_and_an_enterprise_users_export_are_in_full(client, users, archive):
    assert _contact(archive).phone in _export_cells(client, _grant_right(users["official"]))
    assert _contact(archive).phone in _export_cells(client, users["enterprise"])


def test_reimporting_a_masked_export_keeps_the_stored_numbers(users, archive):
    contact = _contact(archive)
    report = services.load_archive_rows(
        user=users["official"],
        tables={
            "contacts": [
                {
                    "uscc": archive["own"].uscc,
                    "contact_name": contact.contact_name,
                    "phone": mask_phone(contact.phone),
                    "email": mask_email(contact.email),
                }
            ]
        },
    )
    assert report.tables["contacts"].unchanged == 1
    fresh = type(contact).objects.get(pk=contact.pk)
    assert (fresh.phone, fresh.email) == (contact.phone, contact.email)


# --- the edit form ---------------------------------------------------------------------------------


def _edit_url(archive, contact):
    return reverse("enterprises:row_edit", args=[archive["own"].uscc, "contacts", contact.pk])


def test_the_contact_edit_form_hides_the_numbers_and_keeps_them_when_left_empty(
    client, users, archive
):
    contact = _contact(archive)
    client.force_login(users["official"])
    form = client.get(_edit_url(archive, contact)).content.decode()
    assert contact.phone not in form and contact.email not in form
    assert mask_phone(contact.phone) in form  # as the placeholder
    response = client.post(
        _edit_url(archive, contact),
        {"contact_name": contact.contact_name, "position": "总经理", "phone": "", "email": ""},
    )
    assert response.status_code == 302
    fresh = type(contact).objects.get(pk=contact.pk)
    assert (fresh.phone, fresh.email, fresh.position) == (contact.phone, contact.email, "总经理")
    client.post(
        _edit_url(archive, contact),
        {"contact_name": contact.contact_name, "phone": "13700001111", "email": ""},
    )
    assert type(contact).objects.get(pk=contact.pk).phone == "13700001111"


def test_the_enterprise_user_edits_its_contacts_with_the_numbers_shown(client, users, archive):
    contact = _contact(archive)
    client.force_login(users["enterprise"])
    assert contact.phone in client.get(_edit_url(archive, contact)).content.decode()


# --- logs -----------------------------------------------------------------------------------------


def test_log_lines_never_carry_a_full_phone_id_number_or_email():
    record = logging.LogRecord(
        "littlegiant", logging.INFO, __file__, 1, "联系人 %s，%s，证件 %s", None, None
    )
    record.args = ("13812345678", "zhang@example.com", "11010119900307123X")
    assert PersonalInfoLogFilter().filter(record)
    message = record.getMessage()
    assert message == "联系人 138****5678，z***@example.com，证件 110***********123X"


def test_every_configured_log_handler_masks_personal_information():
    handlers = settings.LOGGING["handlers"]
    assert handlers and all("personal_info" in h.get("filters", []) for h in handlers.values())
    configured = settings.LOGGING["filters"]["personal_info"]["()"]
    assert configured.endswith("PersonalInfoLogFilter")


def test_the_configured_logging_masks_a_real_log_line():
    platform_handlers = [
        handler
        for name in ("", "django", "django.server", "littlegiant")
        for handler in logging.getLogger(name or None).handlers
        if not type(handler).__module__.startswith("_pytest")  # pytest's own capture handlers
    ]
    assert platform_handlers
    for handler in platform_handlers:
        record = logging.LogRecord(
            "x", logging.WARNING, __file__, 1, "回拨 %s", ("13812345678",), None
        )
        assert handler.filter(record)
        line = handler.format(record)
        assert "13812345678" not in line and "138****5678" in line


# --- the masking scan can fail ----------------------------------------------------------------------


def test_the_masking_scan_fails_a_response_that_shows_a_number_to_an_official(
    users, archive, personal_info_scanner
):
    _scan_for_personal_info = personal_info_scanner
    contact = _contact(archive)
    request = RequestFactory().get("/")
    request.user = users["official"]
    response = HttpResponse(f"<td>{contact.phone}</td>")
    response.wsgi_request = request
    scan = {"responses": 0, "exports": 0, "personal_values_seen": 0, "unmasked": 0}
    with pytest.raises(pytest.fail.Exception, match="unmasked personal information"):
        _scan_for_personal_info(response, scan)
    request.user = users["enterprise"]
    _scan_for_personal_info(response, scan)
    assert scan["unmasked"] == 1 and scan["personal_values_seen"] == 1


# --- the admin ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    ["changelist", "change", "enterprise_change", "contact_history"],
)
def test_the_admin_masks_contacts_for_an_official(client, users, archive, page):
    contact = _contact(archive)
    services.update_archive_row(user=users["enterprise"], row=contact, position="董事长")
    url = {
        "changelist": reverse("admin:enterprises_contact_changelist"),
        "change": reverse("admin:enterprises_contact_change", args=[contact.pk]),
        "enterprise_change": reverse(
            "admin:enterprises_enterprise_change", args=[archive["own"].pk]
        ),
        "contact_history": reverse(
            "admin:enterprises_contact_simple_history",
            args=[contact.pk, contact.history.first().history_id],
        ),
    }[page]
    client.force_login(users["official"])
    response = client.get(url)
    assert response.status_code in {200, 302, 403, 404}, (
        response.status_code
    )  # 302: officials have no admin
    html = response.content.decode()
    assert contact.phone not in html and contact.email not in html  # (the scan checks this too)
    if page == "changelist" and response.status_code == 200:
        assert mask_phone(contact.phone) in html
    client.force_login(users["admin"])
    assert contact.phone in client.get(url).content.decode()


# --- the inventory (PI-01) ------------------------------------------------------------------------

_PERSONAL_LOOKING = re.compile(r"phone|mobile|email|id_card|id_number|identity|passport")
_NOT_ARCHIVE_DATA = {("auth", "User", "email")}
"""Platform accounts' own e-mail: shown only to administrators in the admin's user pages."""


def test_every_personal_looking_column_is_in_the_masking_inventory():
    from django.apps import apps

    from littlegiant.records.personal import PERSONAL_FIELDS
    from littlegiant.web.enterprises.models import TABLE_MODELS

    personal_models = {TABLE_MODELS[table] for table in ("contacts",)}
    unregistered = []
    for model in apps.get_models():
        base = getattr(model, "instance_type", model)  # history tables hold the same values
        for field in model._meta.concrete_fields:
            key = (model._meta.app_label, model.__name__, field.name)
            if not _PERSONAL_LOOKING.search(field.name) or key in _NOT_ARCHIVE_DATA:
                continue
            if base in personal_models and field.name in PERSONAL_FIELDS:
                continue
            unregistered.append(".".join(key))
    assert not unregistered, f"register these in records/personal.py: {unregistered}"
