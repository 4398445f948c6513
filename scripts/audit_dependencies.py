"""Dependency lock and audit (等保 §8.1.4.4 e; ASVS 15.1.1, 15.2.1): ``requirements.lock`` and pip-audit.

    python scripts/audit_dependencies.py lock     # re-resolve the runtime dependencies into requirements.lock
    python scripts/audit_dependencies.py check    # CI: the lock matches the environment, then pip-audit it

``lock`` resolves ``.[all]`` (the runtime extras, no dev tools) with ``pip install --dry-run --report``
and writes every package pinned with its SHA-256 (``--require-hashes`` installable).

``check`` fails when
1. a runtime package installed in this environment is missing from the lock or at another version
   (the lock drifted from ``pyproject.toml``);
2. pip-audit (``--vulnerability-service pypi``, i.e. PyPI's JSON API, which carries the PyPA/OSV
   advisories) reports a known vulnerability in a locked version that is not triaged in
   ``security/audit-ignore.txt`` (``ID  expiry-date  reason``; an expired entry fails again).

When the vulnerability service does not answer (every package "not found": this happens where only
PyPI's simple index is reachable, as on the development machines), the audit prints **NOT AUDITED** with
the count and exits 0, or 1 if ``LITTLEGIANT_REQUIRE_AUDIT=1`` (set it in the release pipeline, which
must run where the service answers). No advisory snapshot is vendored: none could be fetched here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
IGNORE = ROOT / "security" / "audit-ignore.txt"
_HEADER = """\
# requirements.lock: the runtime dependencies of littlegiant[all], pinned with hashes.
# Regenerate: python scripts/audit_dependencies.py lock   (audit: ... check; docs/security.md)
"""


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> int:
    """Resolve ``.[all]`` and write ``requirements.lock`` (name==version --hash=sha256:...)."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
                "--quiet", "--report", str(report), f"{ROOT}[all]",
            ],
            check=True,
        )  # fmt: skip
        resolved = json.loads(report.read_text(encoding="utf-8"))["install"]
    lines = []
    for item in sorted(resolved, key=lambda item: _normal(item["metadata"]["name"])):
        name, version = _normal(item["metadata"]["name"]), item["metadata"]["version"]
        if name == "littlegiant":
            continue
        digest = item["download_info"].get("archive_info", {}).get("hashes", {}).get("sha256")
        lines.append(f"{name}=={version}" + (f" \\\n    --hash=sha256:{digest}" if digest else ""))
    LOCK.write_text(_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"requirements.lock: {len(lines)} packages")
    return 0


def locked_versions(text: str) -> dict[str, str]:
    """``{normalised name: version}`` of a lock file's pins."""
    return {
        _normal(name): version
        for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", text, flags=re.M)
    }


def drift(locked: dict[str, str], installed: dict[str, str]) -> list[str]:
    """Locked packages installed at another version (a lock that no longer describes the environment)."""
    return [
        f"{name}: locked {version}, installed {installed[name]}"
        for name, version in sorted(locked.items())
        if name in installed and installed[name] != version
    ]


def _ignored(today: dt.date) -> tuple[set[str], list[str]]:
    ignored, expired = set(), []
    if IGNORE.exists():
        for line in IGNORE.read_text(encoding="utf-8").splitlines():
            parts = line.split(maxsplit=2)
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) < 3:
                expired.append(f"{line!r}: needs an id, an expiry date and a reason")
            elif dt.date.fromisoformat(parts[1]) < today:
                expired.append(f"{parts[0]} (triage expired {parts[1]})")
            else:
                ignored.add(parts[0])
    return ignored, expired


def findings(report: dict, ignored: set[str]) -> tuple[list[str], int, int]:
    """From a pip-audit JSON report: open vulnerabilities, packages audited, packages not audited."""
    open_vulns, audited, skipped = [], 0, 0
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            skipped += 1
            continue
        audited += 1
        for vuln in dependency.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            if ids & ignored:
                continue
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            open_vulns.append(
                f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})"
            )
    return open_vulns, audited, skipped


def check() -> int:
    """The CI step (module doc)."""
    locked = locked_versions(LOCK.read_text(encoding="utf-8"))
    installed = {_normal(d.metadata["Name"]): d.version for d in metadata.distributions()}
    drifted = drift(locked, installed)
    if drifted:
        print("requirements.lock drifted from the environment:\n  " + "\n  ".join(drifted))
        print("re-run: python scripts/audit_dependencies.py lock")
        return 1
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable, "-m", "pip_audit", "--requirement", str(LOCK), "--require-hashes",
            "--disable-pip", "--vulnerability-service", "pypi", "--format", "json", "--progress-spinner", "off",
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit failed: {done.stderr.strip()[-2000:]}")
        return 1
    ignored, expired = _ignored(dt.date.today())  # noqa: DTZ011 - triage dates are calendar days
    open_vulns, audited, skipped = findings(report, ignored)
    print(
        f"lock: {len(locked)} packages; pip-audit (PyPI advisories): {audited} audited, {skipped} not audited"
    )
    if expired:
        print("triage entries to renew or fix:\n  " + "\n  ".join(expired))
    if open_vulns:
        print("known vulnerabilities:\n  " + "\n  ".join(open_vulns))
    if open_vulns or expired:
        return 1
    if audited == 0:
        print(
            "NOT AUDITED: the vulnerability service (PyPI JSON API) did not answer from this machine."
        )
        return 1 if os.environ.get("LITTLEGIANT_REQUIRE_AUDIT") == "1" else 0
    print("dependency audit: 0 known vulnerabilities")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"lock": lock, "check": check}[command]())
