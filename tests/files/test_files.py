"""Outputs whole or absent, scratch space removed, and leftovers of killed processes cleaned."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from littlegiant.files import private_tempdir, remove_stale_temps, written_atomically


def test_a_failed_write_leaves_the_old_output_and_no_temp(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), written_atomically(target) as temp:
        temp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_the_temp_name_keeps_the_suffix_and_is_hidden(tmp_path):
    with written_atomically(tmp_path / "结果.xlsx") as temp:
        assert temp.name.startswith(".结果.xlsx.") and temp.suffix == ".xlsx"
        temp.write_bytes(b"x")
    assert (tmp_path / "结果.xlsx").read_bytes() == b"x"


def test_the_private_tempdir_holds_python_temp_files_and_goes(tmp_path):
    target = tmp_path / "out.xlsx"
    with private_tempdir(target) as folder:
        assert tempfile.gettempdir() == str(folder)
        with tempfile.NamedTemporaryFile(delete=False) as handle:
            handle.write(b"spill")
        assert Path(handle.name).parent == folder
    assert not folder.exists() and tempfile.gettempdir() != str(folder)


def test_only_leftovers_of_dead_processes_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    pid = int(dead.stdout)
    mine = os.getpid()
    stale_file = tmp_path / f".out.xlsx.{pid}.partial.xlsx"
    stale_dir = tmp_path / f".out.xlsx.{pid}.tmp"
    live_file = tmp_path / f".out.xlsx.{mine}.partial.xlsx"
    other = tmp_path / f"out.xlsx.{pid}.partial.xlsx"  # not hidden: not ours
    stale_dir.mkdir()
    (stale_dir / "spill.bin").write_bytes(b"x" * 10)
    for path in (stale_file, live_file, other):
        path.write_bytes(b"x")
    assert sorted(remove_stale_temps(tmp_path)) == sorted([stale_file, stale_dir])
    assert live_file.exists() and other.exists() and not stale_dir.exists()
    assert remove_stale_temps(tmp_path / "missing") == []
