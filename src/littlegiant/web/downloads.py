"""File downloads of every app: an .xlsx response whose Chinese file name every browser keeps."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

__all__ = ["XLSX_CONTENT_TYPE", "xlsx_response"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An .xlsx download named ``filename`` (RFC 6266 / 5987: an ASCII name plus the UTF-8 one)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    ascii_name = filename.encode("ascii", "ignore").decode() or "littlegiant.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
