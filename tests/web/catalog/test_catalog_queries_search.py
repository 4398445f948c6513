from __future__ import annotations

import datetime as dt

import pytest

from littlegiant.matching import CATALOGS_BY_ID, CatalogImportError
from littlegiant.matching.catalog_files import read_catalog_file, write_catalog_xlsx
from littlegiant.rules import evaluate, policy_pack
from littlegiant.web.accounts.services import system_user
from littlegiant.web.catalog import services
from littlegiant.web.catalog.models import MODELS, Achievement
from littlegiant.web.catalog.queries.index import get_index, reset_indexes
from littlegiant.web.catalog.queries.search import entry_values, opportunities_for, search_entries
from littlegiant.web.enterprises.queries.records import enterprise_record

AS_OF = dt.date(2025, 6, 30)


def test_saved_entries_are_searchable_and_updates_reach_the_index(
    catalog, django_capture_on_commit_callbacks
):
    hits = get_index("achievements").search("机器视觉")
    assert [h.key for h in hits] == [str(catalog["vision"].pk)]
    with django_capture_on_commit_callbacks(execute=True):
        services.save_entry(
            user=system_user(),
            catalog_id="achievements",
            values={"ref": "A2", "title": "机器视觉引导抓取", "summary": "抓取"},
        )
    assert {h.key for h in get_index("achievements").search("机器视觉")} == {
        str(catalog["vision"].pk),
        str(catalog["iiot"].pk),
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_entry(user=system_user(), entry=catalog["vision"])
    assert [h.key for h in get_index("achievements").search("缺陷")] == []


def test_index_is_rebuilt_from_the_database_when_missing(catalog, settings, tmp_path):
    reset_indexes()
    settings.INDEXES_DIR = tmp_path / "elsewhere"
    assert get_index("policies").search("算力券")[0].key in {
        str(catalog["voucher"].pk),
        str(catalog["elsewhere"].pk),
    }
    assert (settings.INDEXES_DIR / "policies" / "CURRENT").exists()


def test_policies_rank_qualified_first_and_out_of_region_last(catalog, archive):
    results = search_entries(
        catalog_id="policies", query="算力券", enterprise=archive["own"], as_of=AS_OF
    )
    by_key = {o.entry.ref: o.match for o in results}
    assert by_key["P3"].verdict.status == "not_qualified"
    assert by_key["P3"].verdict.reason == "不在政策适用地区"
    tiers = [o.match.tier for o in results]
    assert tiers == sorted(tiers)
    assert by_key["P3"].tier == 2
    keys = [(o.match.tier, -o.match.score) for o in results]
    assert keys == sorted(keys)  # within a tier, the higher combined score first


def test_opportunities_recommend_achievements_from_the_enterprise_needs(catalog, archive):
    found = opportunities_for(archive["own"], as_of=AS_OF)
    assert found["achievements"][0].entry.ref == "A1"
    assert "机器视觉" in found["achievements"][0].match.matched_terms
    reward = next(o for o in found["policies"] if o.entry.ref == "P1")
    expected = evaluate(
        policy_pack("zjtx_reward@2025"), enterprise_record(archive["own"], AS_OF), AS_OF
    )
    assert reward.match.verdict.status == expected.status.value


def test_need_is_linked_to_its_enterprise_by_uscc(catalog, archive):
    assert catalog["need"].enterprise == archive["own"]


def test_import_is_atomic_and_idempotent(db, django_capture_on_commit_callbacks):
    rows = [
        {"ref": "X1", "title": "碳纤维复合材料", "summary": "新材料"},
        {"ref": "X2", "title": "氢能", "summary": "燃料电池"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.import_entries(
            user=system_user(), catalog_id="achievements", rows=rows
        ) == (2, 0)
        assert services.import_entries(
            user=system_user(), catalog_id="achievements", rows=rows
        ) == (0, 2)
    assert Achievement.objects.count() == 2
    with pytest.raises(Exception), django_capture_on_commit_callbacks(execute=True):  # noqa: B017
        services.import_entries(
            user=system_user(),
            catalog_id="achievements",
            rows=[
                {"ref": "X3", "title": "a", "summary": "b"},
                {"ref": "X4", "title": "a", "summary": "b", "price_min": "bad"},
            ],
        )
    assert not Achievement.objects.filter(ref="X3").exists()


@pytest.mark.parametrize("catalog_id", ["achievements", "needs", "policies", "products"])
def test_excel_round_trip_of_each_catalog(catalog, catalog_id, tmp_path):
    definition = CATALOGS_BY_ID[catalog_id]
    rows = [entry_values(e) for e in MODELS[catalog_id].objects.order_by("ref")]
    path = tmp_path / f"{catalog_id}.xlsx"
    write_catalog_xlsx(definition, rows, path)
    assert read_catalog_file(definition, path) == rows


def test_bad_cell_names_row_column_and_value(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("ref,title,summary,maturity\nA,成果,简介,很成熟\n", encoding="utf-8")
    with pytest.raises(
        CatalogImportError, match="第 2 行「成熟度」\\(maturity\\) 的值「很成熟」无效"
    ):
        read_catalog_file(CATALOGS_BY_ID["achievements"], path)


def test_missing_required_column_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("ref,title\nA,成果\n", encoding="utf-8")
    with pytest.raises(CatalogImportError, match="缺少必填列：summary"):
        read_catalog_file(CATALOGS_BY_ID["achievements"], path)
