"""The gap search against an independent brute-force search, over random records of every programme.

Records are the packs' own test cases with one to three figures or facts disturbed (so many sit near a
threshold). For every record that does not qualify, the brute force tries a dense grid of values of every
numeric field the verdict depends on, one field at a time, through the engine's own evaluation, and asserts:

* **valid** — every proposed change, applied, qualifies (or, when the gap names missing data, is unknown
  and waits on exactly those fields);
* **complete** — every field for which the brute force finds a qualifying value gets a one-field gap;
* **minimal** — no value between the current one and a proposed one-field target qualifies (one step of the
  field's resolution before the target, and every grid value in between);
* **honest** — no "not found" claim where the brute force found a one-field fix.

``LG_GAPS_RECORDS`` sets the records per programme (default 80; the benchmark runs thousands).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from littlegiant.records.fields import FLAT_FIELDS_BY_ID, FieldKind
from littlegiant.rules import all_packs, evaluate, gaps
from littlegiant.rules.cases import case_as_of, load_cases
from littlegiant.rules.gaps import NOT_FOUND
from littlegiant.rules.pack import Pack
from littlegiant.rules.program import program_for

NUMERIC = {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.PERCENT}
FIXED = {"uscc", "name", "region_code", "industry_code", "established_on", "retest"}
FACTORS = (0.0, 0.2, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.001, 1.01, 1.05, 1.2, 2.0, 5.0, 20.0)
# the brute-force grid: relative changes from -100 % to 1,000 times, dense near the current value, and round values
RELATIVE = sorted(
    {s * m * 10.0**e for s in (-1, 1) for m in (1, 2, 3, 5, 7) for e in range(-4, 0)}
    | {float(k) for k in (1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 100, 300, 999)}
    | {-0.9, -0.95, -0.99, -1.0}
)
ABSOLUTE = sorted({m * 10.0**e for m in (1, 2, 3, 5) for e in range(-2, 9)})


def _records_per_pack() -> int:
    return int(os.environ.get("LG_GAPS_RECORDS", "80"))


def _numeric_fields(pack: Pack, as_of: dt.date) -> list[str]:
    program = program_for(pack, as_of)
    deps = program.field_deps[pack.outputs.status or ""]
    return sorted(
        name for name in deps
        if name in FLAT_FIELDS_BY_ID and name not in FIXED and FLAT_FIELDS_BY_ID[name].kind in NUMERIC
    )  # fmt: skip


def _step(name: str) -> float:
    return 1.0 if FLAT_FIELDS_BY_ID[name].kind is FieldKind.INTEGER else 0.01


def _on_grid(value: float, name: str) -> float:
    spec = FLAT_FIELDS_BY_ID[name]
    value = round(value) if spec.kind is FieldKind.INTEGER else round(value, 2)
    low = spec.minimum if spec.minimum is not None else -1e9
    high = spec.maximum if spec.maximum is not None else 1e9
    return float(min(max(value, low), high))


def _current(record: dict[str, Any], name: str) -> float:
    """The value a change starts from: none is 0, except a rank, where none is worse than any rank."""
    current = record.get(name)
    if current is None:
        return math.inf if FLAT_FIELDS_BY_ID[name].unit == "名" else 0.0
    return float(current)


def random_records(pack: Pack, count: int, seed: int) -> Iterator[tuple[dt.date, dict[str, Any]]]:
    """``count`` records near the pack's test cases: one to three values disturbed in each."""
    rng = random.Random(f"{pack.key}/{seed}")
    seeds = [(case_as_of(pack, case), dict(case.case.input)) for case in load_cases(pack)]
    for _ in range(count):
        as_of, record = rng.choice(seeds)
        record = dict(record)
        numeric = _numeric_fields(pack, as_of)
        others = [
            f for f in pack.fields if f in FLAT_FIELDS_BY_ID and f not in FIXED and f not in numeric
        ]
        for _ in range(rng.randint(1, 3)):
            if numeric and (not others or rng.random() < 0.8):
                name = rng.choice(numeric)
                current = record.get(name)
                if current is None or rng.random() < 0.15:
                    current = rng.choice([1, 10, 100, 1000, 10000])
                record[name] = _on_grid(float(current) * rng.choice(FACTORS), name)
            else:
                name = rng.choice(others)
                spec = FLAT_FIELDS_BY_ID[name]
                if spec.kind is FieldKind.BOOLEAN:
                    record[name] = rng.random() < 0.5
                elif spec.kind is FieldKind.CHOICE:
                    record[name] = rng.choice(spec.choice_ids)
        yield as_of, record


@dataclass
class Figures:
    """What the brute force checked, per programme."""

    records: int = 0
    not_qualified: int = 0
    proposed: int = 0
    valid: int = 0
    fixable: int = 0  # (record, field) pairs a single field can fix, found by brute force
    found: int = 0  # of those, with a one-field gap for the field
    targets: int = 0  # one-field targets checked for minimality
    minimal: int = 0
    false_not_found: int = 0
    failures: list[str] = field(default_factory=list)


class BruteForce:
    """Qualifying values of one field, by evaluating the record at every grid value."""

    def __init__(self, pack: Pack, record: dict[str, Any], as_of: dt.date) -> None:
        self.pack, self.record, self.as_of = pack, record, as_of
        self.program = program_for(pack, as_of)
        self.status_rule = pack.outputs.status or ""

    def status(self, changes: dict[str, Any]) -> Any:
        return self.program.run({**self.record, **changes})[self.status_rule]

    def grid(self, name: str) -> list[float]:
        current = self.record.get(name)
        x0 = float(current) if current is not None else 0.0
        values = {_on_grid(x0 * (1 + r), name) for r in RELATIVE} | {
            _on_grid(a, name) for a in ABSOLUTE
        }
        spec = FLAT_FIELDS_BY_ID[name]
        if spec.kind is FieldKind.INTEGER and spec.maximum is not None and spec.maximum <= 100:
            values |= {float(v) for v in range(int(spec.minimum or 0), int(spec.maximum) + 1)}
        return sorted(values - {x0} if current is not None else values)

    def qualifying(self, name: str) -> list[float]:
        return [x for x in self.grid(name) if self.status({name: x}) is True]


def check_record(pack: Pack, as_of: dt.date, record: dict[str, Any], figures: Figures) -> None:
    """Run the gap search on one record and check it against the brute force; count into ``figures``."""
    figures.records += 1
    verdict = evaluate(pack, record, as_of, tracer=False)
    if verdict.status.value != "not_qualified":
        return
    figures.not_qualified += 1
    found = gaps(pack, record, as_of)
    brute = BruteForce(pack, record, as_of)
    where = f"{pack.key} {as_of} {record}"
    singles: dict[str, list[float]] = {}
    for gap in found:
        if gap.kind != "change":
            continue
        figures.proposed += 1
        changes = {c.field: c.target for c in gap.changes}
        after = evaluate(pack, {**record, **changes}, as_of, tracer=False)
        expected = "qualified" if gap.qualifies else "unknown"
        ok = after.status.value == expected and set(gap.missing) <= set(after.missing)
        figures.valid += ok
        if not ok:
            figures.failures.append(f"invalid {gap.message} → {after.status.value}: {where}")
        if len(changes) == 1 and gap.qualifies:
            ((name, target),) = changes.items()
            if FLAT_FIELDS_BY_ID[name].kind in NUMERIC:
                singles.setdefault(name, []).append(float(target))
    for name in _numeric_fields(pack, as_of):
        qualifying = brute.qualifying(name)
        if qualifying:
            figures.fixable += 1
            if name in singles:
                figures.found += 1
            else:
                figures.failures.append(f"incomplete {name} (e.g. {qualifying[:3]}): {where}")
            if any(NOT_FOUND in gap.message for gap in found):
                figures.false_not_found += 1
                figures.failures.append(f"not-found claimed, {name} fixes: {where}")
        for target in singles.get(name, []):
            figures.targets += 1
            x0 = _current(record, name)
            toward = -1 if target > x0 else 1
            before = _on_grid(target + toward * _step(name), name)
            between = [x for x in qualifying if min(x0, target) < x < max(x0, target)]
            closer = [before] if min(x0, target) < before < max(x0, target) else []
            beaten = between + [x for x in closer if brute.status({name: x}) is True]
            if beaten:
                figures.failures.append(
                    f"not minimal {name} → {target}, {beaten[:3]} qualify: {where}"
                )
            else:
                figures.minimal += 1


def run_programme(pack: Pack, count: int, seed: int = 1) -> Figures:
    figures = Figures()
    for as_of, record in random_records(pack, count, seed):
        check_record(pack, as_of, record, figures)
    return figures


@pytest.mark.slow
@pytest.mark.parametrize("pack", all_packs(), ids=lambda pack: pack.key)
def test_gaps_are_valid_complete_minimal_and_honest_against_brute_force(pack):
    figures = run_programme(pack, _records_per_pack())
    assert figures.records == _records_per_pack()
    assert not figures.failures, "\n".join(figures.failures[:10])
    assert figures.valid == figures.proposed and figures.found == figures.fixable
    assert figures.minimal == figures.targets and figures.false_not_found == 0
