"""Digital-maturity assessment throughput: Python scoring, next-level paths, and the DuckDB batch path.

Run: .venv/bin/python benchmarks/bench_digital.py [n]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

from littlegiant.batch import run
from littlegiant.batch.arrow import records_to_arrow
from littlegiant.digital.path import next_level_path
from littlegiant.digital.questionnaire import QUESTIONS, SCENES
from littlegiant.digital.scoring import assess
from littlegiant.rules import pack_for

AS_OF = dt.date(2025, 6, 30)


def answers(rng: random.Random, index: int) -> dict:
    record: dict = {"uscc": f"B{index:06d}"}
    for question in QUESTIONS:
        if question.kind == "multi":
            record[question.id] = [
                o for o in question.option_ids if o != "none" and rng.random() < 0.5
            ] or ["none"]
        else:
            record[question.id] = rng.choice(question.option_ids)
    return record | {scene.field_id: rng.randint(1, 4) for scene in SCENES}


def timed(label: str, n: int, work) -> None:
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(f"{label:<36} {n:>6} 份  {seconds:7.3f} s  {n / seconds:10.0f} 份/秒")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(1)
    records = [answers(rng, i) for i in range(n)]
    pack = pack_for("digital_level", AS_OF)
    assess(records[0], AS_OF)  # warm the pack and program caches
    timed("assess (Python, with trace)", n, lambda: [assess(r, AS_OF) for r in records])
    timed("assess (Python, no trace)", n, lambda: [assess(r, AS_OF, tracer=False) for r in records])
    few = records[: max(n // 10, 1)]
    timed("next_level_path", len(few), lambda: [next_level_path(r, AS_OF) for r in few])
    table = records_to_arrow(records)
    timed("batch.run (DuckDB SQL)", n, lambda: run(table, [pack], AS_OF))


if __name__ == "__main__":
    main()
