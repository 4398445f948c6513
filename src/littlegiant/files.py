"""Files that are whole or absent: written under a temporary name and renamed, scratch space that is removed.

A process killed half-way (``kill -9``, a power cut) leaves at most a hidden ``.<name>.<pid>.partial…``
file or ``.<name>.<pid>.tmp`` folder next to its output, never a truncated output; the next run (or the
upload cleanup) removes those of processes that no longer live (:func:`remove_stale_temps`).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with written_atomically(folder / "out.csv") as temp:
    ...     _ = temp.write_text("a,b\\n")
    >>> sorted(p.name for p in folder.iterdir())
    ['out.csv']
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["private_tempdir", "remove_stale_temps", "written_atomically"]

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.(?:partial(?:\.[^.]+)?|tmp)$")


@contextmanager
def written_atomically(path: Path | str) -> Iterator[Path]:
    """Yield a hidden sibling path to write ``path``'s content to; when the block ends without an error
    it replaces ``path`` in one rename (readers see the old file or the whole new one), otherwise it is
    removed. The temporary name keeps the suffix, so writers that go by it (.xlsx, .csv) still work."""
    target = Path(path)
    temp = target.with_name(f".{target.name}.{os.getpid()}.partial{target.suffix}")
    try:
        yield temp
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)


@contextmanager
def private_tempdir(next_to: Path | str) -> Iterator[Path]:
    """A scratch folder ``.<name>.<pid>.tmp`` beside ``next_to`` that Python's ``tempfile`` (and so
    openpyxl, DuckDB's spill files) uses during the block; removed at the end, whatever happens."""
    target = Path(next_to)
    folder = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    folder.mkdir(parents=True, exist_ok=True)
    previous = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def remove_stale_temps(folder: Path | str) -> list[Path]:
    """Remove the temporary files and folders (see module doc) in ``folder`` left by processes that are
    gone; returns what was removed."""
    removed: list[Path] = []
    directory = Path(folder)
    if not directory.is_dir():
        return removed
    for entry in directory.iterdir():
        match = _TEMP.match(entry.name)
        if match is None or _alive(int(match["pid"])):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed
