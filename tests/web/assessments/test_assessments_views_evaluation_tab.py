"""The 评价 tab stays short and readable: 2-decimal derived figures, failing clauses open, the full
clause table collapsed."""

from __future__ import annotations

import re

import pytest
from assessments_fixtures import AS_OF, usc
from django.urls import reverse

from littlegiant.web.assessments.labels import format_number

LOW_RD = usc(103)  # rd_expense_y1 = 80 of revenue 3000: fails the R&D clause
TAB = {"tab": "evaluation", "as_of": AS_OF.isoformat()}


def _tab(login, users):
    page = login(users["official"]).get(reverse("enterprises:profile", args=[LOW_RD]), TAB)
    assert page.status_code == 200
    return page.content.decode()


def _card(html, programme):
    start = html.index(f'id="programme-{programme}"')
    return html[start : html.index("</article>", start)]


def test_derived_percentages_show_two_decimals(login, users, pool):
    html = _tab(login, users)
    percents = re.findall(r"(\d+(?:\.\d+)?)%", html)
    assert percents, "the tab shows derived percentages"
    assert [p for p in percents if "." in p and len(p.split(".")[1]) > 2] == []


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (19.9364, "%", "19.94%"),
        (0.3634, "%", "0.36%"),
        (3.0, "%", "3.00%"),  # one rule per kind: a percentage always shows two decimals
        (2.995, "%", "2.995%"),  # 2 decimals would round a near miss onto the round threshold 3 %
        (3.004, "%", "3.004%"),  # ... and a bare pass onto it too
        (2.99, "%", "2.99%"),
        (12.5, "", "12.5"),
        (1234.5678, "万元", "1,234.57 万元"),
    ],
)
def test_format_number_rounds_to_two_decimals_but_never_onto_a_whole_number(value, unit, shown):
    assert format_number(value, unit) == shown


def test_thresholds_stay_exact(login, users, pool):
    assert format_number(0.0125, decimals=4) == "0.0125"


def test_failing_clauses_are_open_and_the_full_table_is_collapsed(login, users, pool):
    card = _card(_tab(login, users), "specialized_sme")
    failing = card[
        card.index('class="eval-section failing-clauses"') : card.index(
            '<details class="trace-wrap"'
        )
    ]
    assert 'data-rule="rd_investment"' in failing and "不满足" in failing
    assert 'class="row-ok"' not in failing  # only the clauses not met
    details = card[card.index('<details class="trace-wrap"') :]
    assert details.startswith('<details class="trace-wrap">')  # no ``open``: collapsed by default
    assert "全部条款逐条说明" in details and 'data-trace-rule="rd_investment"' in details
    assert details.count("<tr class=") > failing.count("<tr class=")


def test_only_cards_with_a_clause_not_met_get_the_failing_section(login, users, pool):
    html = _tab(login, users)
    cards = html.split('<article class="eval-card"')[1:]
    assert len(cards) >= 2
    for card in cards:
        card = card[: card.index("</article>")]
        trace = card[card.index('<details class="trace-wrap"') :]
        assert ("failing-clauses" in card) == ('class="row-fail"' in trace)
        if 'data-status="qualified"' in card:  # a qualified card shows its route, nothing as failed
            assert "failing-clauses" not in card and 'class="row-fail"' not in card
            assert "route-clauses" in card and "达标路径" in card
    assert '<details class="trace-wrap" open' not in html


def test_the_size_class_is_shown_in_chinese():
    import datetime as dt

    from littlegiant import rules
    from littlegiant.web.assessments.queries.evaluation import ProgrammeResult

    as_of = dt.date(2025, 6, 30)
    pack = rules.pack_for("sme_size", as_of)
    record = {"industry_code": "I6510", "employees_y1": 120, "revenue_y1": 900}
    result = ProgrammeResult(pack=pack, verdict=rules.evaluate(pack, record, as_of))
    assert result.classification_label == "小型"


def test_a_qualified_card_shows_the_route_that_qualified_and_no_clause_as_failed():
    from littlegiant import rules
    from littlegiant.rules.cases import case_as_of, load_cases
    from littlegiant.web.assessments.queries.evaluation import UNUSED, ProgrammeResult

    pack = rules.pack_for("little_giant", __import__("datetime").date(2025, 6, 30))
    for case in load_cases(pack):
        as_of = case_as_of(pack, case)
        verdict = rules.evaluate(pack, case.case.input, as_of)
        if verdict.status.value == "qualified" and verdict.values["innovation_direct"] is False:
            break
    else:
        raise AssertionError("no case qualifying through the general innovation path")
    result = ProgrammeResult(pack, verdict)
    assert result.failing_rows == []
    route = {row.rule_id for row in result.route_rows}
    assert {"rd_intensity", "rd_institution", "ip_class1_ok"} <= route  # the general path, opened
    assert "innovation_direct" not in route  # the direct path was not taken
    direct = next(row for row in result.rows if row.rule_id == "innovation_direct")
    assert direct.verdict == UNUSED and direct.verdict_css == "unused"
    assert all(row.verdict_css != "fail" for row in result.rows)
