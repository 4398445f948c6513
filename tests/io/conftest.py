"""Helpers for the io tests: valid USCCs and a workbook patcher that stores formula results."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from stdnum.cn import uscc as stdnum_uscc


def _uscc(number: int) -> str:
    body = f"91330106MA{number:07d}"
    return body + stdnum_uscc.calc_check_digit(body)


@pytest.fixture
def uscc():
    """``uscc(n)``: a valid USCC for a test number."""
    return _uscc


def _with_cached_results(data: bytes, sheet_index: int, results: dict[str, object]) -> bytes:
    """Store computed values of formula cells, as Excel does on save (openpyxl leaves them empty)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    name = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == name:
                text = content.decode()
                for ref, value in results.items():
                    text, count = re.subn(
                        rf'(<c r="{ref}"[^>]*>(<f>[^<]*</f>))<v\s*/>', rf"\g<1><v>{value}</v>", text
                    )
                    assert count == 1, ref
                content = text.encode()
            target.writestr(item, content)
    return target_buffer.getvalue()


@pytest.fixture
def cache_formula_results():
    """``cache_formula_results(xlsx_bytes, sheet_index, {"D3": 246})``."""
    return _with_cached_results
