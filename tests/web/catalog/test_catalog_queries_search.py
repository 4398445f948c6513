from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from littlegiant.matching import CATALOGS_BY_ID, CatalogImportError
from littlegiant.matching.catalog_files import export_table, read_catalog_file
from littlegiant.rules import evaluate, policy_pack
from littlegiant.web.accounts.services import system_user
from littlegiant.web.catalog import services
from littlegiant.web.catalog.models import MODELS, Achievement
from littlegiant.web.catalog.queries.exports import catalog_workbook
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
    path.write_bytes(catalog_workbook(definition, rows))
    assert read_catalog_file(definition, path) == rows
    sheet = load_workbook(path).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == [f.label_with_unit() for f in definition.fields]
    assert [c.value for c in sheet[2]] == list(definition.field_ids)
    assert sheet["A2"].font.color.rgb.endswith("888888")
    choice_ids = {choice_id for f in definition.fields for choice_id, _ in f.choices}
    cells = [
        str(c.value) for line in sheet.iter_rows(min_row=3) for c in line if c.value is not None
    ]
    written = {part for text in cells for part in text.split("，")}
    assert len(cells) > len(rows)
    assert not written & choice_ids, f"raw choice ids in the export: {written & choice_ids}"


def test_policy_levels_are_exported_as_labels_and_read_back(tmp_path):
    definition = CATALOGS_BY_ID["policies"]
    levels = dict(definition.field("level").choices)
    base = {f.id: None for f in definition.fields}
    rows = [
        {
            **base,
            "ref": f"P{i}",
            "title": f"政策{i}",
            "summary": "简介",
            "full_text": "原文",
            "level": level,
        }
        for i, level in enumerate(levels)
    ]
    labels, ids, cells = export_table(definition, rows)
    column = ids.index("level")
    assert labels[column] == "政策层级"
    assert [line[column] for line in cells] == list(levels.values())
    assert "provincial" not in str(cells) and "city" not in str(cells)
    path = tmp_path / "policies.xlsx"
    path.write_bytes(catalog_workbook(definition, rows))
    assert [r["level"] for r in read_catalog_file(definition, path)] == list(levels)


def test_a_file_with_only_a_label_row_or_only_an_id_row_reads_alike(tmp_path):
    definition = CATALOGS_BY_ID["achievements"]
    by_ids = tmp_path / "ids.csv"
    by_ids.write_text(
        "ref,title,summary,transfer_modes\nA,成果,简介,转让，许可\n", encoding="utf-8"
    )
    by_labels = tmp_path / "labels.csv"
    header = ",".join(
        definition.field(c).label for c in ("ref", "title", "summary", "transfer_modes")
    )
    by_labels.write_text(f"{header}\nA,成果,简介,转让，许可\n", encoding="utf-8")
    expected = read_catalog_file(definition, by_ids)
    assert expected[0]["transfer_modes"] == ["transfer", "license"]
    assert read_catalog_file(definition, by_labels) == expected


def test_row_numbers_after_the_ids_row_are_the_spreadsheet_rows(tmp_path):
    definition = CATALOGS_BY_ID["achievements"]
    labels, ids, _ = export_table(definition, [])
    path = tmp_path / "bad.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(labels)
    sheet.append(ids)
    good = {"ref": "A", "title": "成果", "summary": "简介"}
    sheet.append([good.get(i) for i in ids])
    sheet.append([{**good, "maturity": "很成熟"}.get(i) for i in ids])
    book.save(path)
    with pytest.raises(CatalogImportError, match="第 4 行「成熟度」"):
        read_catalog_file(definition, path)


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
    with pytest.raises(CatalogImportError, match="缺少必填列：「成果简介」\\(summary\\)"):
        read_catalog_file(CATALOGS_BY_ID["achievements"], path)
