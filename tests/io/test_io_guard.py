"""``io.guard.check_upload`` at its limits: one under passes, one over is refused (small limits, so the
files stay small). The hostile-file corpus is in ``tests/web/security``."""

from __future__ import annotations

import io
import zipfile

import pytest

from littlegiant.io.export import write_archive
from littlegiant.io.guard import UploadLimits, UploadRejectedError, check_upload


def _base() -> bytes:
    buffer = io.BytesIO()
    write_archive({"enterprise": [{"uscc": "91110000600037341L", "name": "企业"}]}, buffer)
    return buffer.getvalue()


def _with(base: bytes, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(base)), io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for item in source.infolist():
            target.writestr(item.filename, members.pop(item.filename, source.read(item.filename)))
        for name, content in members.items():
            target.writestr(name, content)
    return out.getvalue()


def _rows(n: int, prefix: bytes = b"") -> bytes:
    tag = b"<" + prefix + b"row"
    body = b"".join(
        tag + b' r="%d"><c r="A%d"><v>1</v></c></' % (i, i) + prefix + b"row>"
        for i in range(1, n + 1)
    )
    return b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>"


def _refused(data: bytes, limits: UploadLimits, name: str = "a.xlsx") -> bool:
    try:
        check_upload(data, name, limits)
    except UploadRejectedError:
        return True
    return False


@pytest.mark.parametrize("prefix", [b"", b"x:"])
@pytest.mark.parametrize("rows", [10, 11])
def test_rows_are_counted_exactly_across_chunks(monkeypatch, rows, prefix):
    import littlegiant.io.guard as guard

    monkeypatch.setattr(guard, "_CHUNK", 7)  # tags split across every chunk boundary
    data = _with(_base(), {"xl/worksheets/sheet1.xml": _rows(rows + 2, prefix)})
    assert _refused(data, UploadLimits(max_rows=10)) is (rows > 10)


def test_compression_ratio_and_unpacked_size():
    data = _with(_base(), {"xl/media/big.bin": b"\0" * 300_000})
    assert _refused(data, UploadLimits(ratio_floor_bytes=100_000, max_ratio=100))
    assert not _refused(data, UploadLimits(ratio_floor_bytes=400_000, max_ratio=100))
    assert _refused(data, UploadLimits(max_unpacked_bytes=250_000))


def test_members_sheets_and_size():
    base = _base()
    members = len(zipfile.ZipFile(io.BytesIO(base)).infolist())
    assert not _refused(base, UploadLimits(max_members=members))
    assert _refused(base, UploadLimits(max_members=members - 1))
    assert _refused(base, UploadLimits(max_sheets=7))  # the template has 8 sheets
    assert _refused(base, UploadLimits(max_bytes=len(base) - 1))
    assert not _refused(base, UploadLimits(max_bytes=len(base)))


def test_csv_rows_and_text():
    data = b"uscc,name\n" + b"91110000600037341L,x\n" * 5
    assert not _refused(data, UploadLimits(max_rows=5), "a.csv")
    assert _refused(data + b"91110000600037341L,x\n", UploadLimits(max_rows=4), "a.csv")
    assert _refused(b"a,b\n\x00\x01", UploadLimits(), "a.csv")


def test_openpyxl_parses_xml_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
