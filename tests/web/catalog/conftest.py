from __future__ import annotations

import pytest

from littlegiant.web.accounts.services import system_user
from littlegiant.web.catalog import services
from littlegiant.web.catalog.queries.index import reset_indexes


@pytest.fixture(autouse=True)
def _isolated_indexes(settings, tmp_path):
    """Each test gets its own index folder and freshly opened indexes."""
    settings.INDEXES_DIR = tmp_path / "indexes"
    reset_indexes()
    yield
    reset_indexes()


@pytest.fixture
def catalog(db, archive, django_capture_on_commit_callbacks):
    """A few entries of every catalog; the Hangzhou policies have eligibility packs."""

    def save(catalog_id, **values):
        with django_capture_on_commit_callbacks(execute=True):
            return services.save_entry(user=system_user(), catalog_id=catalog_id, values=values)[0]

    return {
        "vision": save(
            "achievements",
            ref="A1",
            title="锂电池极片缺陷机器视觉检测系统",
            summary="基于机器视觉的极片表面缺陷在线检测",
            industry_codes="C3985",
            maturity="industrialised",
            region_code="330106",
            price_min=100.0,
            transfer_modes=["transfer", "license"],
        ),
        "iiot": save(
            "achievements",
            ref="A2",
            title="工业互联网平台预测性维护",
            summary="面向专精特新中小企业的设备数据采集",
            industry_codes="I65",
            maturity="pilot",
        ),
        "need": save(
            "needs",
            ref="N1",
            title="极片缺陷检测",
            summary="需要机器视觉缺陷检测方案",
            uscc=archive["own"].uscc,
            budget=120.0,
        ),
        "foreign_need": save(
            "needs",
            ref="N2",
            title="无人机巡检",
            summary="需要无人机巡检",
            uscc=archive["foreign"].uscc,
        ),
        "reward": save(
            "policies",
            ref="P1",
            title="梯度培育奖励",
            full_text="对专精特新中小企业给予奖励",
            region_code="330100",
            level="city",
            support_type="reward",
            pack_id="zjtx_reward@2025",
        ),
        "voucher": save(
            "policies",
            ref="P2",
            title="算力券",
            full_text="算力券支持中小企业购买算力",
            region_code="330100",
            level="city",
            support_type="voucher",
            pack_id="compute_voucher@2025",
        ),
        "elsewhere": save(
            "policies",
            ref="P3",
            title="深圳算力券",
            full_text="算力券",
            region_code="440300",
            support_type="voucher",
            pack_id="compute_voucher@2025",
        ),
        "loan": save(
            "products",
            ref="F1",
            title="专精特新贷",
            description="信用贷款",
            product_type="zjtx_loan",
            pack_id="zjtx_loan@2025",
        ),
    }
