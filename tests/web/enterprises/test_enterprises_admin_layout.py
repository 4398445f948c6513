"""The Enterprise admin page is compact: yearly figures three a line, the main product field as
Chinese checkboxes, dates as YYYY-MM-DD; and it fits a 1366 px window."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from littlegiant.records.fields import FIELDS_BY_ID
from littlegiant.web.enterprises.forms import ChoiceSetField, choice_set_field
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import update_enterprise

pytestmark = pytest.mark.django_db


def _change_page(client, enterprise):
    response = client.get(reverse("admin:enterprises_enterprise_change", args=[enterprise.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_main_product_field_is_a_set_of_chinese_checkboxes(login, users, archive):
    own = archive["own"]
    update_enterprise(
        user=users["admin"], enterprise=own, main_product_field=["other", "six_foundations"]
    )
    html = _change_page(login(users["admin"]), own)
    boxes = re.findall(
        r'<input type="checkbox" name="main_product_field" value="([a-z_]+)"[^>]*>', html
    )
    choices = dict(FIELDS_BY_ID["main_product_field"].choices)
    assert boxes == list(choices) and {"strategic_emerging", "six_foundations", "other"} <= set(
        boxes
    )
    checked = re.findall(
        r'<input type="checkbox" name="main_product_field" value="([a-z_]+)"[^>]*checked', html
    )
    assert sorted(checked) == ["other", "six_foundations"]
    for label in choices.values():
        assert label in html
    assert '["other"' not in html and "[&quot;other" not in html  # no raw JSON


def test_ticked_boxes_are_stored_in_choice_order_and_none_ticked_is_unknown():
    field = choice_set_field(Enterprise._meta.get_field("main_product_field"))
    assert isinstance(field, ChoiceSetField)
    assert field.clean(["other", "strategic_emerging"]) == ["strategic_emerging", "other"]
    assert field.clean([]) is None


def test_saving_the_checkboxes_through_the_admin(login, users, archive):
    from test_enterprises_admin_writes import _change_url, _enterprise_data

    own = archive["own"]
    data = _enterprise_data(own, main_product_field=["time_honored", "six_foundations"])
    response = login(users["admin"]).post(_change_url(own), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Enterprise.objects.get(pk=own.pk).main_product_field == [
        "six_foundations",
        "time_honored",
    ]
    response = login(users["admin"]).post(_change_url(own), _enterprise_data(own))
    assert response.status_code == 302
    assert Enterprise.objects.get(pk=own.pk).main_product_field is None


def test_dates_read_yyyy_mm_dd_and_yearly_figures_are_stacked(login, users, archive):
    own = archive["own"]
    client = login(users["admin"])
    html = _change_page(client, own)
    assert f'name="established_on" value="{own.established_on.isoformat()}"' in html
    assert 'id="yearlyfigure_set-group"' in html
    group = html[html.index('id="yearlyfigure_set-group"') :]
    group = group[: group.index('id="title_set-group"')]
    assert "tabular" not in group and 'style="width: 8em"' in group
    listing = client.get(reverse("admin:enterprises_enterprise_changelist")).content.decode()
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", listing)
    assert "年" not in re.sub(
        r"<[^>]+>", "", listing.split("<tbody>")[1].split("</tbody>")[0]
    ).replace("年度", "")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_enterprise_admin_page_fits_the_window(
    browser_page, browser_login, live_server, users, archive, screenshots_dir
):
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    browser_login(page, live_server, users["admin"])
    page.goto(
        f"{live_server.url}{reverse('admin:enterprises_enterprise_change', args=[archive['own'].pk])}"
    )
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate("""() => [...document.querySelectorAll("body *")]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    yearly = page.evaluate("() => document.querySelector('#yearlyfigure_set-group').scrollWidth")
    page.screenshot(path=str(screenshots_dir / "enterprises-admin-change.png"), full_page=True)
    assert width <= 1366 and yearly <= 1366, (width, yearly, wide)
