"""The dependency audit of CI (``scripts/audit_dependencies.py``): it fails on a known vulnerability,
on an expired triage, on a lock that drifted, and the lock pins every runtime dependency with a hash."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

REPORT = {
    "dependencies": [
        {
            "name": "django",
            "version": "4.2.0",
            "vulns": [
                {"id": "PYSEC-2023-61", "aliases": ["CVE-2023-31047"], "fix_versions": ["4.2.1"]}
            ],
        },
        {"name": "waitress", "version": "3.0.2", "vulns": []},
        {"name": "shellingham", "version": "1.5.4", "skip_reason": "not found on PyPI"},
    ]
}


def test_a_known_vulnerability_is_reported_with_its_fix():
    open_vulns, audited, skipped = audit.findings(REPORT, ignored=set())
    assert open_vulns == ["django 4.2.0: PYSEC-2023-61 (fixed in 4.2.1)"]
    assert (audited, skipped) == (2, 1)


def test_a_triaged_vulnerability_is_not_reported_by_id_or_alias():
    assert audit.findings(REPORT, ignored={"CVE-2023-31047"})[0] == []


def test_a_drifted_lock_is_caught():
    assert audit.drift({"django": "5.2.1"}, {"django": "5.2.2"}) == [
        "django: locked 5.2.1, installed 5.2.2"
    ]
    assert audit.drift({"django": "5.2.1"}, {"django": "5.2.1", "pytest": "8"}) == []


def test_the_lock_pins_every_runtime_dependency_with_a_hash():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    locked = audit.locked_versions(text)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra, requirements in project["optional-dependencies"].items():
        if extra not in {"dev", "all"}:
            declared += requirements
    names = {audit._normal(re.split(r"[<>=\[ ;]", requirement)[0]) for requirement in declared}
    assert names <= set(locked), sorted(names - set(locked))
    pins = re.findall(r"^[a-z0-9\-]+==\S+", text, flags=re.M)
    assert len(pins) == len(locked) == text.count("--hash=sha256:")
