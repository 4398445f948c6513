"""The programme registry: the version in force at a date, explicit versions, metadata."""

from __future__ import annotations

import datetime as dt

import pytest

from littlegiant.rules import UnknownProgrammeError, pack_for, packs_in_force, programmes


@pytest.mark.parametrize(
    ("as_of", "version"),
    [(dt.date(2026, 3, 31), "2022"), (dt.date(2026, 4, 1), "2026"), (dt.date(2030, 1, 1), "2026")],
)
def test_the_2026_standards_take_over_on_2026_04_01(as_of, version):
    assert pack_for("specialized_sme", as_of).version == version


def test_an_explicit_version_is_honoured_for_a_review_under_the_old_rules():
    assert pack_for("little_giant", dt.date(2026, 6, 30), version="2022").version == "2022"


def test_unknown_programmes_versions_and_dates_are_clear_errors():
    with pytest.raises(UnknownProgrammeError, match="nope"):
        pack_for("nope", dt.date(2025, 1, 1))
    with pytest.raises(UnknownProgrammeError, match="1999"):
        pack_for("sme_size", dt.date(2025, 1, 1), version="1999")
    with pytest.raises(UnknownProgrammeError, match="2010-01-01"):
        pack_for("sme_size", dt.date(2010, 1, 1))


def test_programmes_list_my_packs_with_their_versions_and_metadata():
    listed = {p.id: p for p in programmes()}
    assert listed["sme_size"].versions == ("2011",)
    pack = pack_for("tech_sme", dt.date(2025, 6, 30))
    assert pack.document.startswith("国科发政〔2017〕115号")
    assert pack.parameters["national_award_top_rank"].confidence == "C1"
    assert pack.parameters["national_award_top_rank"].note


def test_every_programme_in_force_gets_exactly_one_pack():
    packs = packs_in_force(dt.date(2026, 6, 30))
    ids = [p.id for p in packs]
    assert len(ids) == len(set(ids))
    assert {"sme_size", "innovative_sme", "tech_sme"} <= set(ids)


def test_questionnaire_programmes_are_left_out_of_record_evaluation_unless_asked_for():
    as_of = dt.date(2026, 6, 30)
    assert "digital_level" not in {p.id for p in packs_in_force(as_of)}
    assert "digital_level" in {p.id for p in packs_in_force(as_of, questionnaires=True)}
    assert pack_for("digital_level", as_of).reads_questionnaire
    assert not pack_for("specialized_sme", as_of).reads_questionnaire


def test_a_provincial_overlay_applies_only_inside_its_region():
    as_of = dt.date(2025, 6, 30)
    overlay = "specialized_sme_guangdong"
    assert overlay not in {p.id for p in packs_in_force(as_of)}
    assert overlay not in {p.id for p in packs_in_force(as_of, region_code="330106")}
    assert overlay in {p.id for p in packs_in_force(as_of, region_code="440305")}
