"""The demo catalog of ``littlegiant demo``: its files, how needs find their firms, and the load end to end."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.cn import uscc as stdnum_uscc

from littlegiant.cli.demo_catalog import (
    CATALOG_ORDER,
    attach_needs,
    catalog_is_empty,
    load_demo_catalog,
    read_demo_catalog,
)
from littlegiant.cli.web import DEMO_SEED, DEMO_SIZE
from littlegiant.demo import DISTRICT_CODE, generate
from littlegiant.rules import evaluate, policy_pack
from littlegiant.web.accounts.services import system_user
from littlegiant.web.catalog.models import Need, Policy
from littlegiant.web.catalog.queries.index import get_index
from littlegiant.web.catalog.queries.push_lists import push_list
from littlegiant.web.catalog.queries.search import opportunities_for, search_entries
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import load_archive_rows

DISTRICT = DISTRICT_CODE
IN_FORCE = dt.date(2026, 11, 1)  # the demo's evaluation season (generator as_of 2026-06-30)


@pytest.fixture(scope="module")
def demo_files():
    return read_demo_catalog()


@pytest.fixture(scope="module")
def default_demo_firms():
    rows = generate(seed=DEMO_SEED, n=DEMO_SIZE)
    return {r["uscc"]: r for r in rows["enterprise"]}


def test_demo_catalog_has_the_promised_size(demo_files):
    sizes = {cid: len(rows) for cid, rows in demo_files.items()}
    assert sizes["achievements"] >= 40 and sizes["needs"] >= 30
    assert sizes["policies"] == 6 and sizes["products"] >= 5
    for rows in demo_files.values():
        refs = [r["ref"] for r in rows]
        assert len(refs) == len(set(refs)) and all(ref.startswith("DEMO-") for ref in refs)


def test_every_demo_pack_loads_and_every_policy_is_local_and_in_force(demo_files):
    for row in demo_files["policies"] + demo_files["products"]:
        if row["pack_id"]:
            assert policy_pack(row["pack_id"]).key == row["pack_id"]
    for row in demo_files["policies"]:
        assert row["region_code"].startswith("33") and row["pack_id"], row["ref"]
        assert (
            dt.date.fromisoformat(row["valid_from"])
            <= IN_FORCE
            <= dt.date.fromisoformat(row["valid_to"])
        )
        assert policy_pack(row["pack_id"]).in_force(IN_FORCE), row["pack_id"]


def test_demo_needs_name_real_firms_of_the_default_demo(demo_files, default_demo_firms):
    seen = set()
    for row in demo_files["needs"]:
        firm = default_demo_firms.get(row["uscc"])
        assert firm is not None, f"{row['ref']}: {row['uscc']} is not a firm of the default demo"
        assert stdnum_uscc.is_valid(row["uscc"])
        assert firm["industry_code"] == row["industry_code"] and firm["region_code"] == DISTRICT
        seen.add(row["uscc"])
    assert len(seen) >= 25  # spread over many firms, not piled on one


def test_attach_needs_keeps_known_firms_and_moves_the_others_by_industry():
    firms = {
        "A1": ("C3985", "330106"),  # the need's own firm
        "B1": ("C3985", "330110"),  # same code, neighbouring district
        "B2": ("C3983", "330106"),  # same division, demo district
        "C1": ("I6513", "330106"),
    }
    needs = [
        {"ref": "N1", "uscc": "A1", "industry_code": "C3985"},
        {
            "ref": "N2",
            "uscc": "GONE1",
            "industry_code": "C3985",
        },  # exact code: only B1 has it besides A1
        {"ref": "N3", "uscc": "GONE2", "industry_code": "C3985"},  # B1 taken -> division C39 -> B2
        {
            "ref": "N4",
            "uscc": "GONE3",
            "industry_code": "C3985",
        },  # C39 used up -> section C: none left
        {"ref": "N5", "uscc": "GONE4", "industry_code": "R8730"},  # no such industry at all
    ]
    attached, moved = attach_needs(needs, firms, "330106")
    assert [(n["ref"], n["uscc"], n["region_code"]) for n in attached] == [
        ("N1", "A1", "330106"),
        ("N2", "B1", "330110"),
        ("N3", "B2", "330106"),
    ]
    assert attached[2]["industry_code"] == "C3983"  # the firm's own code, not the file's
    assert moved == 2


def test_attach_needs_prefers_the_demo_district():
    firms = {"X0": ("C3491", "330110"), "X9": ("C3491", "330106")}
    attached, _ = attach_needs(
        [{"ref": "N", "uscc": "NONE", "industry_code": "C3491"}], firms, "330106"
    )
    assert attached[0]["uscc"] == "X9"


@pytest.fixture
def small_demo(db):
    load_archive_rows(tables=generate(seed=DEMO_SEED, n=150), user=system_user())
    return Enterprise.objects.filter(region_code=DISTRICT)


@pytest.mark.django_db(transaction=True)
def test_demo_catalog_loads_once_and_matches_the_demo_pool(small_demo):
    report = load_demo_catalog(DISTRICT)
    assert report is not None
    assert report.counts["achievements"] >= 40 and report.counts["policies"] == 6
    assert report.counts["needs"] + report.dropped == 32 and report.counts["needs"] >= 10
    assert Need.objects.filter(enterprise__isnull=True).count() == 0
    assert not catalog_is_empty() and load_demo_catalog(DISTRICT) is None  # second run: left alone

    hits = search_entries(
        catalog_id="achievements", query="大模型 私有化部署", top=5, as_of=IN_FORCE
    )
    assert hits and hits[0].entry.ref == "DEMO-CG-006"
    for cid in CATALOG_ORDER:
        assert len(get_index(cid)) == report.counts[cid]

    policy = Policy.objects.get(ref="DEMO-ZC-001")
    push = push_list(policy=policy, enterprises=small_demo, as_of=IN_FORCE)
    assert not push.closed and push.qualified and push.near
    assert push.result.pack_key == "xihu_tier_reward@2026"
    assert all(
        row.verdict.status == "qualified" and row.verdict.estimated_amount in (5, 30, 100)
        for row in push.qualified
    )
    assert all(row.gap for row in push.near)


@pytest.mark.django_db(transaction=True)
def test_a_demo_firm_with_a_need_gets_achievements_and_policies(small_demo):
    load_demo_catalog(DISTRICT)
    need = Need.objects.select_related("enterprise").order_by("ref").first()
    assert need is not None and need.enterprise is not None
    found = opportunities_for(need.enterprise, as_of=IN_FORCE)
    assert found["achievements"], need.title
    statuses = {o.match.verdict.status for o in found["policies"] if o.match.verdict}
    assert len(found["policies"]) == 6 and statuses <= {"qualified", "not_qualified", "unknown"}


def test_demo_packs_agree_with_the_generated_firms():
    """Each demo policy's pack finds qualified firms among the default generator's first 400 firms."""
    rows = generate(seed=DEMO_SEED, n=400)
    titles: dict[str, set[str]] = {}
    for t in rows["titles"]:
        titles.setdefault(t["uscc"], set()).add(t["title"])
    qualified = dict.fromkeys(("xihu_tier_reward@2026", "hz_loan_interest_subsidy@2026"), 0)
    for firm in rows["enterprise"]:
        record = {**firm, **dict.fromkeys(titles.get(firm["uscc"], ()), True)}
        record.update(
            {k: record.get(k, False) for k in ("little_giant", "specialized_sme", "innovative_sme")}
        )
        for ref in qualified:
            qualified[ref] += (
                evaluate(policy_pack(ref), record, IN_FORCE).status.value == "qualified"
            )
    assert all(n > 0 for n in qualified.values()), qualified
