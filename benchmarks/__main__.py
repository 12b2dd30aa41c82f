"""`python -m benchmarks --postings N [--json OUT] [--seed S] [--keep DIR] [--sizes N1,N2,...]
[--nightly-share F | --nightly-delta ROWS] [--oracle-postings N]`

For each size: generate N postings in the real export format (benchmarks.fast_generate; timed
and reported, not part of the pipeline's time), run a full refresh (warehouse.build.execute on a
fresh warehouse) timing every stage, then a nightly refresh of that warehouse with a delta of
`--nightly-delta` rows (else `--nightly-share` of N), then, in the same invocation so the ratios
hold on a noisy machine, the references on the same postings files: DuckDB's bare `read_csv`
into a table, polars' `read_csv` (every column text; ingest / polars and pipeline / polars) and
polars' CSV -> zstd Parquet write (seconds and bytes: a floor for a Parquet write), and the
plain-SQL baseline (benchmarks/baseline.sql) computing the same career tables. Sizes on disk
after the full run and after the nightly: the published file (`warehouse_mb`), its store folder
`<stem>.store/` (`store_mb`) and the Parquet files in it (`parquet_mb`). Stages the pipeline
reports beyond the stage table show as "other stages". Then, once, the pipeline and the
plain-pandas oracle (tests/oracle.py) on an export of `--oracle-postings` postings: seconds and
oracle / pipeline. Every phase runs in its own child process (benchmarks.phases,
benchmarks.extra_phases) and reports its own peak RSS; a polars phase that fails (polars not
installed) is reported as None with a note.

Prints a table per run, the summary, the references, the nightly per size and the oracle;
`--json OUT` writes the figures, `--markdown OUT` the README tables. With `--sizes`, also the
growth exponent: the log-log slope of seconds against postings (1.0 = linear). Figures only:
nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from benchmarks.extra_figures import (
    oracle_figures,
    other_stages,
    polars_figures,
    store_sizes,
)
from benchmarks.extra_figures import run_phase as _phase
from benchmarks.machine import machine, provenance
from benchmarks.report import growth_exponent, markdown, print_tables

ROOT = Path(__file__).resolve().parent.parent
END = date(2026, 11, 20)  # the last POSTED date of generated exports, and the snapshot's as_of

# Stages that partition the pipeline's wall time (derived ones are computed, see _stages).
STAGE_ORDER = (
    "setup", "discover", "hash", "read", "validate", "parquet write", "merge", "commit",
    "ingest bookkeeping", "ingest skills", "ingest employment", "monthly parts",
    "snapshot staging",
    "career_summary", "career_education", "career_experience", "career_employers", "career_titles",
    "career_skills", "career_skill_groups", "career_similar", "career_employment",
    "career_description", "snapshot other", "publish",
)  # fmt: skip
# (The quarantine has no step of its own: the rejected rows come with the Parquet write's read.)
INGEST_STEPS = ("hash", "read", "validate", "parquet write", "merge", "commit")
# The run report's seconds that the stages above (or `ingest_seconds`) already show; any other
# key the pipeline reports is printed under "other stages".
REPORTED = ("ingest", "publish", "monthly parts", "build window parts",
            *(f"build {k}" for k in STAGE_ORDER if k.startswith("career_")))  # fmt: skip
NO_RATE_STAGES = ("setup", "discover", "hash")

# Tables the plain-SQL baseline does not compute: fast_generate's exports carry no BLS OEWS
# files, so career_wages has no rows on either side (its figures are in the pipeline's stages).
NOT_IN_BASELINE = frozenset({"career_wages"})


def _stages(pipe: dict) -> tuple[dict[str, float], dict[str, float | None]]:
    """Seconds and peak RSS per stage of STAGE_ORDER (they add up to the total)."""
    s, peak, rep = pipe["seconds"], pipe["peak_mb"], pipe["report_seconds"]
    sec: dict[str, float] = {}
    mb: dict[str, float | None] = {}
    for name in ("discover", *INGEST_STEPS, "ingest skills", "ingest employment", "publish"):
        sec[name] = s.get(name, 0.0)
        mb[name] = peak.get(name)
    sec["ingest bookkeeping"] = s.get("ingest postings", 0.0) - sum(
        s.get(k, 0.0) for k in INGEST_STEPS
    )
    mb["ingest bookkeeping"] = peak.get("ingest postings")
    # Building missing months (export, compute, load) runs between ingest and the snapshots.
    sec["monthly parts"] = rep.get("monthly parts", 0.0)
    mb["monthly parts"] = None
    sec["snapshot staging"] = rep.get("build window parts", 0.0)  # end slices, salaries
    tables = [k for k in STAGE_ORDER if k.startswith("career_")]
    for table in tables:
        sec[table] = rep.get(f"build {table}", 0.0)
    sec["snapshot other"] = (
        s.get("snapshot", 0.0) - sec["snapshot staging"] - sum(sec[t] for t in tables)
    )
    for name in ("snapshot staging", *tables, "snapshot other"):
        mb[name] = peak.get("snapshot")  # one peak for the whole snapshot build
    sec["setup"] = s["total"] - sum(sec.values())
    mb["setup"] = None
    return {k: sec[k] for k in STAGE_ORDER}, {k: mb[k] for k in STAGE_ORDER}


def run_size(postings: int, seed: int, files: int, keep: Path | None, tmp: Path | None,
             log, nightly_share: float = 0.0, nightly_delta: int = 0) -> dict:  # fmt: skip
    """Generate, run the pipeline, the bare read_csv (DuckDB's, then polars' and its Parquet
    write) and the baseline for one size. With `nightly_delta` rows (else `nightly_share` of
    `postings`), also a nightly refresh of the kept warehouse with a delta of that many rows
    (fast_delta: the next day's new postings and re-versions)."""
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="careers-bench-", dir=tmp))
    work.mkdir(parents=True, exist_ok=True)
    export, warehouse = work / "export", work / "warehouse" / "careers.duckdb"
    night = work / "night"
    nightly = None
    for stale in (export, night, warehouse.parent, work / "read_csv.duckdb",
                  work / "baseline.duckdb"):  # fmt: skip
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    try:
        log(f"[{postings:,} postings] generating into {export} ...")
        gen, gen_wall = _phase("generate", {"out": str(export), "postings": postings,
                                            "seed": seed, "end": END.isoformat(),
                                            "files": files}, work)  # fmt: skip
        csvs = sorted(str(p) for p in (export / "postings").glob("*.csv"))
        log(
            f"[{postings:,} postings] {gen['rows']:,} rows, {gen['bytes'] / 2**20:,.0f} MiB in "
            f"{gen['seconds']:.1f} s; running the pipeline ..."
        )
        pipe, pipe_wall = _phase("pipeline", {"export": str(export), "warehouse": str(warehouse),
                                              "as_of": END.isoformat()}, work)  # fmt: skip
        shutil.rmtree(warehouse.parent / f".{warehouse.name}.spill", ignore_errors=True)
        sizes = store_sizes(warehouse)  # before the nightly changes them
        log(f"[{postings:,} postings] pipeline {pipe['seconds']['total']:.1f} s")
        delta = nightly_delta or round(nightly_share * postings)
        if delta > 0:
            nightly = _nightly(postings, seed, delta, night, warehouse, work, pipe, log)
        log(f"[{postings:,} postings] bare read_csv ...")
        bare, _ = _phase("read_csv", {"files": csvs, "db": str(work / "read_csv.duckdb")}, work)
        for leftover in (work / "read_csv.duckdb", work / "read_csv.duckdb.wal"):
            leftover.unlink(missing_ok=True)  # its size is reported; free the disk now
        log(f"[{postings:,} postings] read_csv {bare['seconds']:.1f} s; polars read_csv ...")
        ref = polars_figures(csvs, work, pipe["report_seconds"].get("ingest", 0.0),
                             pipe["seconds"]["total"],
                             lambda m: log(f"[{postings:,} postings] {m}"))  # fmt: skip
        log(f"[{postings:,} postings] plain-SQL baseline ...")
        try:
            base, _ = _phase("baseline", {"export": str(export),
                                          "db": str(work / "baseline.duckdb"),
                                          "as_of": END.isoformat()}, work)  # fmt: skip
            log(f"[{postings:,} postings] baseline {base['seconds']:.1f} s")
        except RuntimeError as exc:  # e.g. out of spill space: report it, keep the other figures
            base = {"seconds": None, "peak_rss_mb": None, "statement_seconds": {}, "tables": {},
                    "error": str(exc).strip().splitlines()[-1]}  # fmt: skip
            log(f"[{postings:,} postings] baseline failed: {base['error']}")
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    stage_seconds, stage_peak = _stages(pipe)
    total = pipe["seconds"]["total"]
    ingest = pipe["report_seconds"].get("ingest", 0.0)
    rows = pipe["postings_rows_read"]
    per_s = lambda n, s: round(n / s) if s > 0 else None  # noqa: E731
    return {
        "postings": postings,
        "rows_read": rows,
        "rows_read_all_kinds": pipe["totals"]["rows_read"],
        "rows_loaded": rows - pipe["postings_rows_quarantined"],
        "rows_quarantined": pipe["postings_rows_quarantined"],
        "files": len(csvs),
        "megabytes": round(gen["bytes"] / 2**20, 1),
        "bytes_per_row": round(gen["bytes"] / max(gen["rows"], 1)),
        "generate_seconds": round(gen["seconds"], 2),
        "generate_rows_per_s": per_s(gen["rows"], gen["seconds"]),
        "generate_mb_per_s": round(gen["bytes"] / 2**20 / gen["seconds"], 1),
        "generate_wall_seconds": round(gen_wall, 2),
        "generate_peak_rss_mb": round(gen["peak_rss_mb"]),
        "seconds_total": round(total, 2),
        "rows_per_s": per_s(rows, total),
        "pipeline_wall_seconds": round(pipe_wall, 2),
        "ingest_seconds": round(ingest, 2),
        "ingest_rows_per_s": per_s(rows, ingest),
        "bare_read_csv_seconds": round(bare["seconds"], 2),
        "bare_read_csv_rows_per_s": per_s(bare["rows"], bare["seconds"]),
        "ingest_ratio_vs_read_csv": round(ingest / bare["seconds"], 2),
        **ref,
        "baseline_seconds": round(base["seconds"], 2) if base["seconds"] else None,
        "publish_ratio_vs_plain_sql": (
            round(total / base["seconds"], 2) if base["seconds"] else None
        ),
        "baseline_error": base.get("error"),
        "peak_rss_mb": round(pipe["peak_rss_mb"]),
        "read_csv_peak_rss_mb": round(bare["peak_rss_mb"]),
        "baseline_peak_rss_mb": round(base["peak_rss_mb"]) if base["peak_rss_mb"] else None,
        "warehouse_mb": round(pipe["warehouse_mb"], 1),
        "store_mb": sizes["store_mb"],
        "parquet_mb": sizes["parquet_mb"],
        "memory_limit": pipe["memory_limit"],
        "stage_seconds": {k: round(v, 3) for k, v in stage_seconds.items()},
        # No rate where rows do not flow (NO_RATE_STAGES): setup, discovery, and the wait for a
        # hash computed ahead in another thread (next to no time: its rate would be meaningless).
        "stage_rows_per_s": {
            k: per_s(rows, v) if k not in NO_RATE_STAGES else None for k, v in stage_seconds.items()
        },
        "stage_peak_rss_mb": {k: (round(v) if v else None) for k, v in stage_peak.items()},
        "other_stage_seconds": other_stages(pipe["report_seconds"], REPORTED),
        "table_validation_seconds": {
            k.removeprefix("validate "): round(v, 3)
            for k, v in pipe["seconds"].items()
            if k.startswith("validate ")
        },  # fmt: skip
        "publish_detail_seconds": {
            k.removeprefix("publish: "): round(v, 3)
            for k, v in pipe["seconds"].items()
            if k.startswith("publish: ")
        },  # fmt: skip
        "baseline_statement_seconds": {
            k: round(v, 3) for k, v in base["statement_seconds"].items()
        },
        "career_table_rows": {
            k: v["rows"]
            for k, v in pipe["tables"].items()
            if k.startswith("career_") and k not in NOT_IN_BASELINE
        },  # fmt: skip
        "baseline_table_rows": base["tables"],
        "nightly": nightly,
    }


def _nightly(postings: int, seed: int, delta: int, night: Path, warehouse: Path, work: Path,
             full: dict, log) -> dict:  # fmt: skip
    """A nightly refresh on top of the full run's warehouse: generate the delta, run the
    pipeline with it as the source and as_of the next day; seconds against the full run's, and
    the sizes on disk after it."""
    as_of = date.fromordinal(END.toordinal() + 1)
    gen, _ = _phase("delta", {"out": str(night), "postings": postings, "delta": delta,
                              "seed": seed, "end": END.isoformat()}, work)  # fmt: skip
    log(f"[{postings:,} postings] nightly delta of {gen['rows']:,} rows; nightly refresh ...")
    pipe, _ = _phase("pipeline", {"export": str(night), "warehouse": str(warehouse),
                                  "as_of": as_of.isoformat()}, work)  # fmt: skip
    shutil.rmtree(warehouse.parent / f".{warehouse.name}.spill", ignore_errors=True)
    sizes = store_sizes(warehouse)
    total, full_total = pipe["seconds"]["total"], full["seconds"]["total"]
    parts = pipe["parts"][as_of.isoformat()]
    log(f"[{postings:,} postings] nightly {total:.1f} s = {total / full_total:.1%} of full")
    stage_seconds, _ = _stages(pipe)
    return {
        "as_of": as_of.isoformat(),
        "delta_rows": gen["rows"],
        "delta_new_postings": gen["postings"],
        "delta_updates": gen["update_rows"],
        "seconds_total": round(total, 2),
        "full_seconds_total": round(full_total, 2),
        "ratio_vs_full": round(total / full_total, 4),
        "peak_rss_mb": round(pipe["peak_rss_mb"]),
        "months_updated": pipe.get("months_updated", []),
        "months_built": parts["months_built"],
        "months_reused": parts["months_reused"],
        "warehouse_mb": round(pipe["warehouse_mb"], 1),
        "store_mb": sizes["store_mb"],
        "parquet_mb": sizes["parquet_mb"],
        "stage_seconds": {k: round(v, 3) for k, v in stage_seconds.items() if v >= 0.005},
        "other_stage_seconds": other_stages(pipe["report_seconds"], REPORTED),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--postings",
        type=int,
        default=100_000,
        help="distinct valid postings to generate (default 100000)",
    )
    parser.add_argument(
        "--sizes",
        help="comma-separated sizes, e.g. 1000000,5000000 "
        "(overrides --postings; reports the growth exponent)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--files", type=int, default=4, help="postings files (default 4)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--markdown", type=Path, help="write the README table to this file")
    parser.add_argument("--keep", type=Path, help="keep the export and databases in this folder")
    parser.add_argument("--tmp", type=Path, help="where the temporary work folder goes")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument(
        "--nightly-share", type=float, default=0.03,
        help="after the full run, a nightly refresh with a delta of this share of the postings "
        "(default 0.03: 150k on 5M); 0 skips it",
    )  # fmt: skip
    parser.add_argument(
        "--nightly-delta", type=int, default=0, metavar="ROWS",
        help="the nightly delta as a number of postings rows, the same for every size "
        "(overrides --nightly-share)",
    )  # fmt: skip
    parser.add_argument(
        "--oracle-postings", type=int, default=250_000, metavar="N",
        help="also time the pipeline and the plain-pandas oracle (tests/oracle.py) on an export "
        "of N postings (default 250000; 0 skips it)",
    )  # fmt: skip
    args = parser.parse_args(argv)  # fmt: skip
    sizes = (
        [int(s.replace("_", "")) for s in args.sizes.split(",")] if args.sizes else [args.postings]
    )

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    runs = []
    for n in sizes:
        keep = args.keep / f"n{n}" if args.keep and len(sizes) > 1 else args.keep
        runs.append(run_size(n, args.seed, args.files, keep, args.tmp, log, args.nightly_share,
                             args.nightly_delta))  # fmt: skip
    oracle = None
    if args.oracle_postings > 0:
        keep = args.keep / "oracle" if args.keep else None
        oracle = oracle_figures(args.oracle_postings, args.seed, args.files, END, keep, args.tmp,
                                log)  # fmt: skip
    result: dict = {
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "git": provenance(),
        "load_average_before_after": [
            [round(x, 2) for x in load_before] if load_before else None,
            [round(x, 2) for x in os.getloadavg()] if load_before else None,
        ],
    }
    if len(runs) == 1:
        result.update(runs[0])
    result["runs"] = runs
    result["oracle"] = oracle
    result["growth_exponent"] = growth_exponent(runs)
    if len(runs) > 1:
        result["growth_exponent_by"] = {
            key: growth_exponent(runs, key)
            for key in (
                "ingest_seconds",
                "bare_read_csv_seconds",
                "baseline_seconds",
                "generate_seconds",
            )
        }
    print_tables(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown(result), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
