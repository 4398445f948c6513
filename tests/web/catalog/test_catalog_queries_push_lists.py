"""The push list runs on the batch engine and equals the batch evaluation of the policy's pack."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.urls import reverse

from littlegiant.batch import run
from littlegiant.batch.arrow import records_to_arrow
from littlegiant.rules import evaluate, policy_pack
from littlegiant.web.accounts.services import system_user
from littlegiant.web.catalog import services
from littlegiant.web.catalog.queries.push_batch import compute_push
from littlegiant.web.catalog.queries.push_lists import push_list
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.queries.records import enterprise_records
from littlegiant.web.enterprises.services import load_archive_rows

AS_OF = dt.date.today()  # noqa: DTZ011 - the fixture's titles are valid around today; the views evaluate at today
VALID_FROM, VALID_TO = AS_OF - dt.timedelta(days=30), AS_OF + dt.timedelta(days=30)


@pytest.fixture
def pool(db, make_archive_rows):
    """24 Hangzhou firms: titles alternate (innovative / specialized), violations false, true or unknown."""
    load_archive_rows(tables=make_archive_rows(24, first=100), user=system_user())
    firms = Enterprise.objects.filter(
        uscc__in=[r["uscc"] for r in make_archive_rows(24, first=100)["enterprise"]]
    )
    for index, firm in enumerate(firms.order_by("uscc")):
        firm.major_violation = (False, True, None)[index % 3]
        firm.save(update_fields=["major_violation"])
    return firms


@pytest.fixture
def policy(db):
    entry, _ = services.save_entry(
        user=system_user(),
        catalog_id="policies",
        values={
            "ref": "PUSH-1",
            "title": "专精特新贷款贴息",
            "full_text": "贷款贴息",
            "region_code": "330100",
            "valid_from": VALID_FROM,
            "valid_to": VALID_TO,
            "pack_id": "loan_interest_subsidy@2025",
        },
    )
    return entry


def _batch_statuses(pool, pack):
    table = run(records_to_arrow(list(enterprise_records(pool, AS_OF))), [pack], AS_OF)
    return dict(
        zip(
            table.column("uscc").to_pylist(),
            table.column(f"{pack.id}__status").to_pylist(),
            strict=True,
        )
    )


def test_push_list_equals_the_batch_evaluation_of_the_policy_pack(pool, policy):
    pack = policy_pack(policy.pack_id)
    statuses = _batch_statuses(pool, pack)
    push = push_list(policy=policy, enterprises=pool, as_of=AS_OF)
    assert set(push.result.qualified) == {u for u, s in statuses.items() if s == "qualified"}
    assert push.result.total == pool.count() == 24
    assert push.result.counts == {
        s: list(statuses.values()).count(s) for s in set(statuses.values())
    }
    assert 0 < len(push.result.qualified) < 24  # the fixture mixes outcomes
    assert [row.enterprise.uscc for row in push.qualified] == list(push.result.qualified)


def test_push_groups_agree_with_the_one_record_evaluation(pool, policy):
    pack = policy_pack(policy.pack_id)
    push = push_list(policy=policy, enterprises=pool, as_of=AS_OF)
    for record in enterprise_records(pool, AS_OF):
        verdict = evaluate(pack, record, AS_OF)
        is_near = verdict.status.value != "qualified" and verdict.open_conditions.total == 1
        assert (record["uscc"] in push.result.qualified) == (verdict.status.value == "qualified")
        assert (record["uscc"] in push.result.near) == is_near, record["uscc"]
    assert push.near, "the unknown-violation specialized firms are one condition away"
    assert all(row.gap for row in push.near)
    unknown = [row for row in push.near if row.verdict.status == "unknown"]
    assert unknown, "specialized firms whose violation record is unknown"
    assert all(
        "近三年发生重大安全" in row.gap and "补充" in row.gap for row in unknown
    )  # the engine's gap


def test_firms_outside_the_policy_region_are_not_in_the_pool(pool, policy):
    policy.region_code = "320100"
    policy.save()
    push = push_list(policy=policy, enterprises=pool, as_of=AS_OF)
    assert push.result.total == 0
    assert push.qualified == push.near == []


@pytest.mark.parametrize(
    ("as_of", "closed"),
    [
        (VALID_TO, ""),  # last valid day: open
        (
            VALID_TO + dt.timedelta(days=1),
            f"已于 {VALID_TO:%Y-%m-%d} 截止",
        ),  # the day after: closed
        (VALID_FROM, ""),  # first day: open
        (
            VALID_FROM - dt.timedelta(days=1),
            f"{VALID_FROM:%Y-%m-%d} 起施行",
        ),  # the day before: not yet
    ],
)
def test_push_list_respects_the_policy_validity_dates(pool, policy, as_of, closed):
    push = push_list(policy=policy, enterprises=pool, as_of=as_of)
    assert push.closed == closed
    assert (push.result.total == 0) == bool(closed)


def test_record_push_keeps_every_firm_not_only_those_shown(pool, policy):
    push = push_list(policy=policy, enterprises=pool, as_of=AS_OF, shown=1)
    assert len(push.qualified) == 1 < len(push.result.qualified)
    record = services.record_push(user=system_user(), push=push)
    assert record.qualified == list(push.result.qualified)
    assert record.near == list(push.result.near)
    assert record.as_of == AS_OF
    assert (record.pack, record.pack_sha256) == (policy.pack_id, policy_pack(policy.pack_id).sha256)


def test_push_export_lists_every_firm_with_its_gap(pool, policy, users, login, archive):
    client = login(users["official"])
    response = client.get(reverse("catalog:push", args=[policy.pk]), {"format": "xlsx"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    # users read Chinese labels; the ids stay on a second row for programs that read the file back
    assert rows[0] == (
        "统一社会信用代码",
        "企业名称",
        "地区代码",
        "分组",
        "预计金额（万元）",
        "差距",
    )
    assert rows[1] == ("uscc", "name", "region_code", "group", "estimated_amount", "gap")
    rows = rows[1:]
    push = push_list(
        policy=policy,
        enterprises=Enterprise.objects.filter(region_code__startswith="3301"),
        as_of=AS_OF,
    )
    assert [r[0] for r in rows[1:]] == [*push.result.qualified, *push.result.near]
    assert all(r[5] for r in rows[1:] if r[3] == "差一项")


def test_push_page_links_each_firm_to_its_trace(pool, policy, users, login):
    body = login(users["official"]).get(reverse("catalog:push", args=[policy.pk])).content.decode()
    first = push_list(policy=policy, enterprises=pool, as_of=AS_OF).result.qualified[0]
    assert reverse("catalog:trace", args=["policies", policy.pk, first]) in body
    assert "差一项即符合" in body


def test_compute_push_reads_parquet_and_agrees_with_arrow(tmp_path):
    pack, as_of = policy_pack("zjtx_loan@2025"), dt.date(2025, 6, 30)
    table = pa.table(
        {
            "uscc": ["A", "B", "C", "D"],
            "region_code": ["440305", "440305", "440106", "330106"],
            "innovative_sme": [True, True, True, False],
            "net_profit_y1": [10.0, -1.0, None, 5.0],
            "major_violation": [False, False, False, False],
            "revenue_y1": [1000.0, 1000.0, 500.0, 100.0],
        }
    )
    pq.write_table(table, tmp_path / "firms.parquet")
    from_file = compute_push(tmp_path / "firms.parquet", pack, as_of, region="440000")
    from_arrow = compute_push(table, pack, as_of, region="440000")
    assert from_file == from_arrow
    assert from_file.qualified == ("A",)
    assert from_file.amounts == {"A": 200.0}
    assert from_file.near == ("B", "C")  # one failing condition, one unknown condition
    assert from_file.total == 3


def test_push_list_runs_a_constant_number_of_queries(pool, policy, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        push = push_list(policy=policy, enterprises=pool, as_of=AS_OF)
    assert len(push.qualified) + len(push.near) > 5


def test_push_page_is_paged_with_page_numbers(pool, policy, users, login, monkeypatch):
    from littlegiant.web.catalog.views import push as push_view

    monkeypatch.setattr(push_view, "PAGE_SIZE", 3)
    client = login(users["official"])
    url = reverse("catalog:push", args=[policy.pk])
    full = push_list(policy=policy, enterprises=pool, as_of=AS_OF)
    qualified = list(full.result.qualified)
    assert len(qualified) > 3  # the fixture has enough firms for two pages
    shown = []
    pages = -(-len(qualified) // 3)
    for number in range(1, pages + 1):
        body = client.get(url, {"qp": number}).content.decode()
        shown += [u for u in qualified if f">{u}<" in body]
        assert f"第 {number} / {pages} 页" in body
    assert shown == qualified  # every firm once, in order, across the pages
    assert 'href="?qp=2"' in client.get(url).content.decode()
