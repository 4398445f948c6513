"""Excel export of the growth archive and the import template download.

``export_list`` exports exactly what the enterprise list shows for the same querystring
(``listing.filtered_enterprises``, which goes through the permission layer), in the import
template's layout: the file can be edited and imported again.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from littlegiant.io.export import write_archive
from littlegiant.io.template import write_template
from littlegiant.records.tables import TABLES
from littlegiant.web.enterprises.listing import filtered_enterprises
from littlegiant.web.enterprises.loading import TABLE_MODELS
from littlegiant.web.enterprises.models import Enterprise

__all__ = ["XLSX_CONTENT_TYPE", "archive_rows", "download_template", "export_list", "xlsx_response"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CHUNK = 2000


def archive_rows(enterprises: QuerySet[Enterprise]) -> dict[str, Iterator[dict[str, Any]]]:
    """Every archive table's rows for these enterprises, as ``{table_id: rows}`` (streamed)."""
    return {table.id: _table_rows(table.id, enterprises) for table in TABLES}


def _table_rows(table_id: str, enterprises: QuerySet[Enterprise]) -> Iterator[dict[str, Any]]:
    table = next(table for table in TABLES if table.id == table_id)
    if table_id == "enterprise":
        yield from (
            enterprises.order_by("uscc").values(*table.column_ids).iterator(chunk_size=_CHUNK)
        )
        return
    model = TABLE_MODELS[table_id]
    columns = [column for column in table.column_ids if column != "uscc"]
    rows = (
        model._default_manager.filter(enterprise__in=enterprises.values("pk"))
        .order_by("enterprise__uscc", *table.key[1:])
        .values("enterprise__uscc", *columns)
    )
    for row in rows.iterator(chunk_size=_CHUNK):
        row["uscc"] = row.pop("enterprise__uscc")
        yield row


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An .xlsx download with a Chinese file name that every browser keeps (RFC 6266 / 5987)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    ascii_name = filename.encode("ascii", "ignore").decode() or "littlegiant.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """导出当前筛选条件下的企业档案（与列表页相同的查询参数），格式同导入模板。"""
    enterprises, _filters = filtered_enterprises(request)
    buffer = io.BytesIO()
    write_archive(archive_rows(enterprises), buffer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(buffer.getvalue(), f"企业档案-{stamp}.xlsx")


@login_required
def download_template(request: HttpRequest) -> HttpResponse:
    """下载企业档案导入模板（.xlsx）。"""
    buffer = io.BytesIO()
    write_template(buffer)
    return xlsx_response(buffer.getvalue(), "企业档案导入模板.xlsx")
