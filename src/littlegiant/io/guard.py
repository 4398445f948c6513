"""The one check of an uploaded spreadsheet before anything parses it: size, type by content, and the
zip container of an .xlsx (unpacked size, compression ratio, members, macros, encryption, paths, XML
declarations, sheets, rows).

A 1 MB .xlsx once expanded to 1.1 GB and was imported, and a 715 KB file held 5 million rows: the
limits below are checked on the zip directory and by streaming the sheets' XML, never by loading the
workbook, so a hostile file is refused in milliseconds with a Chinese message (``UploadRejectedError``).
Every reader of uploaded files calls ``check_upload`` first: the archive import (``io.importing``), the
数字化 answer sheets (``io.digital_sheets``) and the web upload services, before a job is even queued.

Limits (``UploadLimits``; OWASP ASVS 5.0 5.1.1, 5.2.1-5.2.3, 5.3.3): 20 MiB a file, 100 MiB unpacked,
200 zip members, 100:1 compression for any member larger than 1 MiB unpacked, 20 sheets, 100,000 rows
a sheet; .xlsx and .csv only (no macros, no encryption, no legacy .xls); no member path leaving the
archive; no ``<!DOCTYPE``/``<!ENTITY`` in the workbook's XML (XXE, billion laughs); no NUL in a CSV.

Examples:
    >>> check_upload(b"uscc,name\\n91110000600037341L,x\\n", "a.csv")
    >>> check_upload(b"", "a.csv")
    Traceback (most recent call last):
    ...
    littlegiant.io.guard.UploadRejectedError: 文件“a.csv”是空的
    >>> check_upload(b"%PDF-1.7 ...", "a.xlsx")
    Traceback (most recent call last):
    ...
    littlegiant.io.guard.UploadRejectedError: 文件“a.xlsx”不是有效的 .xlsx 工作簿：可能是改了扩展名的其他文件，或文件不完整
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from littlegiant.errors import LittleGiantError

__all__ = ["UPLOAD_LIMITS", "UploadLimits", "UploadRejectedError", "check_upload"]

MiB = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and legacy .xls
_ZIP_MAGIC = b"PK\x03\x04"
_XML_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PREFIXED_ROW_TAG = re.compile(rb"<\w+:row[\s>/]")
_SHEET_MEMBER = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_CHUNK = 1 * MiB


class UploadRejectedError(LittleGiantError):
    """An uploaded file refused before parsing (the message says why, in Chinese)."""


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """What an uploaded spreadsheet may be (see the module docstring for the reasons)."""

    max_bytes: int = 20 * MiB
    max_unpacked_bytes: int = 100 * MiB
    max_members: int = 200
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1 * MiB  # small members compress well legitimately (shared strings)
    max_sheets: int = 20
    max_rows: int = 100_000
    suffixes: tuple[str, ...] = (".xlsx", ".csv")


UPLOAD_LIMITS = UploadLimits()

Source = str | Path | bytes | IO[bytes]


def _mb(size: int) -> str:
    return f"{size / MiB:.1f} MB"


def _read_all(source: Source, limit: int, name: str) -> bytes:
    """The file's bytes, refusing it as soon as it is larger than ``limit``."""
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        path = Path(source)
        size = path.stat().st_size
        if size > limit:
            raise UploadRejectedError(f"文件“{name}”过大（{_mb(size)}，上限 {_mb(limit)}）")
        data = path.read_bytes()
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
        if hasattr(source, "seek"):
            source.seek(0)
    if len(data) > limit:
        raise UploadRejectedError(f"文件“{name}”过大（超过 {_mb(limit)}）")
    return data


def check_upload(source: Source, filename: str, limits: UploadLimits = UPLOAD_LIMITS) -> None:
    """Refuse ``source`` (a path, bytes or a binary file) unless it is a safe .xlsx or .csv.

    Args:
        source: the uploaded file.
        filename: its name as uploaded (the suffix says what it claims to be).
        limits: the limits to apply.

    Raises:
        UploadRejectedError: the reason, in Chinese.
    """
    name = Path(filename or "").name or "上传的文件"
    suffix = Path(name).suffix.lower()
    if suffix not in limits.suffixes:
        allowed = "、".join(limits.suffixes)
        hint = "（含宏的 .xlsm 与旧版 .xls 请另存为 .xlsx）" if suffix in (".xlsm", ".xls") else ""
        raise UploadRejectedError(
            f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 {allowed} 文件{hint}"
        )
    data = _read_all(source, limits.max_bytes, name)
    if not data:
        raise UploadRejectedError(f"文件“{name}”是空的")
    if suffix == ".csv":
        _check_csv(data, name, limits)
    else:
        _check_xlsx(data, name, limits)


def _check_csv(data: bytes, name: str, limits: UploadLimits) -> None:
    if b"\x00" in data:
        raise UploadRejectedError(
            f"文件“{name}”不是文本格式的 CSV（含有空字符）：可能是改了扩展名的其他文件"
        )
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise UploadRejectedError(f"文件“{name}”是 Excel 工作簿而不是 CSV：请把扩展名改为 .xlsx")
    rows = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if rows > limits.max_rows + 2:
        raise UploadRejectedError(
            f"文件“{name}”有 {rows:,} 行，超过上限 {limits.max_rows:,} 行：请分成几个文件上传"
        )


def _check_xlsx(data: bytes, name: str, limits: UploadLimits) -> None:
    if data.startswith(_OLE_MAGIC):
        raise UploadRejectedError(
            f"文件“{name}”已加密，或是旧版 .xls 格式：请取消密码保护并另存为 .xlsx 后上传"
        )
    if not data.startswith(_ZIP_MAGIC):
        raise UploadRejectedError(
            f"文件“{name}”不是有效的 .xlsx 工作簿：可能是改了扩展名的其他文件，或文件不完整"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive, name, limits)
    except UploadRejectedError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
            RuntimeError) as error:  # fmt: skip
        raise UploadRejectedError(
            f"文件“{name}”不完整或已损坏，无法作为 .xlsx 读取：请在 Excel 中重新保存后上传"
        ) from error


def _check_members(archive: zipfile.ZipFile, name: str, limits: UploadLimits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise UploadRejectedError(
            f"文件“{name}”的压缩包内有 {len(members)} 个部件，超过上限 {limits.max_members} 个"
        )
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadRejectedError(
            f"文件“{name}”不是 Excel 工作簿（缺少工作簿部件）：请上传 .xlsx 文件"
        )
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRejectedError(f"文件“{name}”含有宏（VBA）：请删除宏并另存为 .xlsx 后上传")
    unpacked = 0
    for member in members:
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in member.filename:
            raise UploadRejectedError(f"文件“{name}”含有不允许的部件路径“{member.filename[:80]}”")
        if member.flag_bits & 0x1:
            raise UploadRejectedError(f"文件“{name}”的部件已加密：请取消密码保护后上传")
        unpacked += member.file_size
        if unpacked > limits.max_unpacked_bytes:
            raise UploadRejectedError(
                f"文件“{name}”解压后超过 {_mb(limits.max_unpacked_bytes)}（疑似压缩炸弹）：请精简后上传"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise UploadRejectedError(
                f"文件“{name}”的部件“{member.filename[:80]}”压缩比为 {ratio:,.0f}:1，"
                f"超过上限 {limits.max_ratio:,.0f}:1（疑似压缩炸弹）"
            )
    sheets = [m for m in members if _SHEET_MEMBER.fullmatch(m.filename)]
    if len(sheets) > limits.max_sheets:
        raise UploadRejectedError(
            f"文件“{name}”有 {len(sheets)} 个工作表，超过上限 {limits.max_sheets} 个"
        )
    for member in members:
        if member.filename.lower().endswith((".xml", ".rels")):
            with archive.open(member) as handle:
                if _XML_DECLARATIONS.search(handle.read(4096)):
                    raise UploadRejectedError(
                        f"文件“{name}”含有不允许的 XML 声明（DOCTYPE/ENTITY），已拒绝"
                    )
    for member in sheets:
        _count_rows(archive, member, name, limits)


def _row_tags(window: bytes, end: int) -> int:
    """Row start tags in ``window[:end]`` (plain ``<row`` counted in C; prefixed ``<x:row`` by regex)."""
    count = sum(window.count(tag, 0, end) for tag in (b"<row ", b"<row>", b"<row/"))
    if b":row" in window:
        count += len(_PREFIXED_ROW_TAG.findall(window, 0, end))
    return count


def _count_rows(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, limits: UploadLimits
) -> None:
    """Stream the sheet's XML and refuse it once it has more than ``max_rows`` data rows."""
    allowed = limits.max_rows + 2  # the template's two header rows
    count = 0
    tail = b""
    with archive.open(member) as handle:
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            # A row tag holds no "<" after its first character: every tag before the last "<" is
            # whole; the rest waits for the next chunk.
            settled = max(window.rfind(b"<"), 0)
            count += _row_tags(window, settled)
            tail = window[settled:]
            if count > allowed:
                break
    count += _row_tags(tail, len(tail))
    if count > allowed:
        raise UploadRejectedError(
            f"文件“{name}”的工作表（{member.filename.rsplit('/', 1)[-1]}）超过 "
            f"{limits.max_rows:,} 行：请分成几个文件上传"
        )
