"""Excel downloads of the growth archive: the filtered list and the import template.

``export_list`` exports exactly what the enterprise list shows for the same querystring
(``queries.listing.filtered_enterprises``, which goes through the permission layer), in the import
template's layout: the file can be edited and imported again.
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from littlegiant.io.export import write_archive
from littlegiant.io.template import write_template
from littlegiant.web.accounts.permissions import personal_info_visible_to
from littlegiant.web.downloads import xlsx_response
from littlegiant.web.enterprises.queries.archive_rows import archive_rows
from littlegiant.web.enterprises.queries.listing import filtered_enterprises

__all__ = ["download_template", "export_list"]


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """导出当前筛选条件下的企业档案（与列表页相同的查询参数），格式同导入模板。"""
    enterprises, _filters = filtered_enterprises(request)
    buffer = io.BytesIO()
    write_archive(archive_rows(enterprises, personal_info_visible_to(request.user)), buffer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(buffer.getvalue(), f"企业档案-{stamp}.xlsx")


@login_required
def download_template(request: HttpRequest) -> HttpResponse:
    """下载企业档案导入模板（.xlsx）。"""
    buffer = io.BytesIO()
    write_template(buffer)
    return xlsx_response(buffer.getvalue(), "企业档案导入模板.xlsx")
