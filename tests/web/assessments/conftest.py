"""Assessments fixtures: enterprises with known flat records, loaded through the archive service."""

from __future__ import annotations

from typing import Any

import pytest
from assessments_fixtures import archive_tables, firm

from littlegiant.web.accounts.services import system_user
from littlegiant.web.enterprises.models import Enterprise
from littlegiant.web.enterprises.services import load_archive_rows


@pytest.fixture
def load_records(db):
    """Load flat records into the archive; returns the enterprises by USCC."""

    def _load(records: list[dict[str, Any]]) -> dict[str, Enterprise]:
        load_archive_rows(tables=archive_tables(records), user=system_user())
        return {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[r["uscc"] for r in records])}

    return _load


@pytest.fixture
def pool(load_records):
    """Five Hangzhou firms and one Nanjing firm with known 2022 / 2026 specialized_sme verdicts."""
    records = [
        firm(101, "杭州基准光学有限公司"),
        firm(102, "杭州年限不足科技有限公司", niche_years=2, provincial_award_rank=1),
        firm(103, "杭州研发偏低电子有限公司", rd_expense_y1=80, rd_expense_y2=70),
        firm(
            104, "杭州营收偏低材料有限公司", revenue_y1=900, main_revenue_y1=850, rd_expense_y1=100
        ),
        firm(
            105,
            "杭州多项不足机械有限公司",
            niche_years=1,
            revenue_y1=500,
            main_revenue_y1=200,
            rd_expense_y1=5,
            rd_expense_y2=5,
            ip_class1_count=0,
            ip_class1_self_developed_count=0,
            tech_sme=False,
            development_score=20,
        ),
        firm(901, "南京外地企业有限公司", region="320102"),
    ]
    return load_records(records)


@pytest.fixture(autouse=True)
def _fresh_candidate_cache():
    """Every test starts without cached candidate pools (the cache is per process)."""
    from littlegiant.web.assessments.queries.candidates_cache import clear_cache

    clear_cache()
    yield
    clear_cache()
