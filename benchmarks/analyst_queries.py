"""`python -m benchmarks.analyst_queries FILE [FILE ...] [--repeat N]`

Time analyst reads (benchmarks/analyst_queries.sql: the reads of the wide rows and the
docs/ANALYST.md questions) on each published file, opened read-only as an analyst would, and
print the best of N runs per query and file, with each file's ratio against the first. For
comparing one export's publication before and after a storage change; figures only.
"""

from __future__ import annotations

import argparse
import time

import duckdb

from benchmarks.sql import BENCHMARKS

QUERIES = list(BENCHMARKS.statements("analyst_queries"))


def time_queries(path: str, repeat: int) -> dict[str, float]:
    """Best-of-`repeat` seconds per query on the file at `path` (each result fetched whole)."""
    best: dict[str, float] = {}
    with duckdb.connect(path, read_only=True) as con:
        for name in QUERIES:
            for _ in range(repeat):
                started = time.perf_counter()
                BENCHMARKS.run(con, f"analyst_queries#{name}").fetchall()
                seconds = time.perf_counter() - started
                best[name] = min(best.get(name, seconds), seconds)
    return best


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.analyst_queries")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    found = {path: time_queries(path, args.repeat) for path in args.files}
    first = found[args.files[0]]
    print("| query | " + " | ".join(args.files) + " |")
    print("|---|" + "---:|" * len(args.files))
    for name in QUERIES:
        cells = [
            f"{found[p][name]:.3f} s ({found[p][name] / first[name]:.2f}x)" for p in args.files
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return found


if __name__ == "__main__":
    main()
