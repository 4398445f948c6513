"""Time the demo district generator: ``python benchmarks/bench_demo_region.py [n ...]``.

Prints, per district size, the best of a few runs in seconds, firms per second and archive rows
(all tables) per second. Defaults to 3,000 and 100,000 firms.
"""

from __future__ import annotations

import sys
import time

from littlegiant.demo import generate


def bench(n: int, repeat: int) -> None:
    """Generate ``n`` firms ``repeat`` times and print the best timing."""
    best = float("inf")
    rows = 0
    for _ in range(repeat):
        start = time.perf_counter()
        tables = generate(n=n)
        best = min(best, time.perf_counter() - start)
        rows = sum(len(table) for table in tables.values())
    print(
        f"n={n:>7,}  best of {repeat}: {best:7.3f} s   "
        f"{n / best:>9,.0f} firms/s   {rows:>9,} rows   {rows / best:>10,.0f} rows/s"
    )


def main(argv: list[str]) -> None:
    """Benchmark each size given on the command line (default 3,000 and 100,000)."""
    sizes = [int(arg) for arg in argv] or [3000, 100_000]
    generate(n=50)  # warm the region table and imports
    for n in sizes:
        bench(n, repeat=5 if n <= 10_000 else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
