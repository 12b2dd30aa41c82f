"""`python -m benchmarks.checksums FILE`: one line per published table and view, `name rows md5`.

Two files with the same rows (in any physical order) print the same lines, so a change that
must not move a number (a refactor, a storage change) is checked by comparing the output for
the same export before and after. The ops schema (run ledger, batches) and the columns that
record when and by which run a row was written are left out.
"""

from __future__ import annotations

import sys

import duckdb

from benchmarks.sql import BENCHMARKS


def checksums(path: str) -> list[tuple[str, int, str]]:
    """(schema.relation, rows, md5 of its sorted rows as text) for each relation outside ops."""
    with duckdb.connect(path, read_only=True) as con:
        out = []
        for schema, name in BENCHMARKS.run(con, "checksums#relations").fetchall():
            relation = f"{schema}.{name}"
            ((count, digest),) = BENCHMARKS.run(
                con, "checksums#checksum", relation=relation
            ).fetchall()
            out.append((relation, count, digest))
        return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m benchmarks.checksums FILE.duckdb", file=sys.stderr)
        return 2
    for relation, count, digest in checksums(argv[0]):
        print(f"{relation:40} {count:>10} {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
