"""The parent side of `python -m benchmarks`: a phase run in a child process, and the figures
beside the pipeline's stages: the sizes on disk of the published file and its store, the stages
the pipeline reports beyond benchmarks.__main__.STAGE_ORDER, polars' read_csv and Parquet write
of the same postings files, and the plain-pandas oracle (tests/oracle.py) against the pipeline.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Log = Callable[[str], None]


def run_phase(name: str, cfg: dict, work: Path,
              module: str = "benchmarks.phases") -> tuple[dict, float]:  # fmt: skip
    """Run one phase of `module` in a child process; its figures and its wall seconds."""
    config, result = work / f"{name}.config.json", work / f"{name}.result.json"
    config.write_text(json.dumps(cfg), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", module, name, str(config), str(result)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise RuntimeError(f"benchmark phase {name!r} failed:\n{tail}")
    return json.loads(result.read_text(encoding="utf-8")), wall


def _error(exc: Exception) -> str:
    """The last line of a failed phase's output (the exception), for the report."""
    lines = str(exc).strip().splitlines()
    return lines[-1] if lines else type(exc).__name__


# ============================================================================ sizes on disk


def store_folder(warehouse: Path) -> Path:
    """`<warehouse dir>/<stem>.store/`: the store beside the published file
    (warehouse/careers.store/ beside careers.duckdb), holding store.duckdb and Parquet files."""
    return warehouse.parent / f"{warehouse.stem}.store"


def store_sizes(warehouse: Path) -> dict[str, float]:
    """MiB of the published file, of everything under its store folder and of the `*.parquet`
    files there; 0 for what does not exist (an older layout keeps no store folder)."""
    published = warehouse.stat().st_size if warehouse.is_file() else 0
    store = parquet = 0
    folder = store_folder(warehouse)
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                size = path.stat().st_size
                store += size
                parquet += size if path.name.endswith(".parquet") else 0
    return {"published_mb": round(published / 2**20, 1), "store_mb": round(store / 2**20, 1),
            "parquet_mb": round(parquet / 2**20, 1)}  # fmt: skip


# ============================================================================ other stages


def other_stages(report_seconds: dict[str, float], accounted: Iterable[str]) -> dict[str, float]:
    """The pipeline's report_seconds keys that the stage table does not show (`accounted`: the
    keys it reads), so a stage a new design adds shows without a change here. They overlap the
    stage table (a stage inside one of its stages), so they do not add to the total."""
    seen = set(accounted) | {"total"}
    return {k: round(v, 3) for k, v in report_seconds.items() if k not in seen}


# ============================================================================ polars


def polars_figures(csvs: list[str], work: Path, ingest: float, total: float, log: Log) -> dict:
    """polars' read_csv of the postings files (every column text) and its zstd Parquet write of
    them, each in a child process; None and `polars_error` when a phase fails (polars missing)."""
    per_s = lambda n, s: round(n / s) if s and s > 0 else None  # noqa: E731
    figures: dict = {
        "polars_version": None, "polars_read_csv_rows": None, "polars_read_csv_seconds": None,
        "polars_read_csv_rows_per_s": None, "polars_read_csv_peak_rss_mb": None,
        "ingest_ratio_vs_polars_read_csv": None, "pipeline_ratio_vs_polars_read_csv": None,
        "polars_parquet_rows": None, "polars_parquet_seconds": None, "polars_parquet_bytes": None,
        "polars_parquet_rows_per_s": None, "polars_parquet_peak_rss_mb": None,
        "polars_parquet_method": None, "polars_error": None,
    }  # fmt: skip
    try:
        read, _ = run_phase("polars_read_csv", {"files": csvs}, work, "benchmarks.extra_phases")
    except RuntimeError as exc:
        figures["polars_error"] = f"polars read_csv: {_error(exc)}"
        log(f"polars read_csv failed (reported as None): {figures['polars_error']}")
        return figures
    seconds = read["seconds"]
    log(f"polars read_csv {seconds:.1f} s ({read['rows']:,} rows); polars Parquet write ...")
    figures.update({
        "polars_version": read["version"], "polars_read_csv_rows": read["rows"],
        "polars_read_csv_seconds": round(seconds, 2),
        "polars_read_csv_rows_per_s": per_s(read["rows"], seconds),
        "polars_read_csv_peak_rss_mb": round(read["peak_rss_mb"]),
        "ingest_ratio_vs_polars_read_csv": round(ingest / seconds, 2) if seconds > 0 else None,
        "pipeline_ratio_vs_polars_read_csv": round(total / seconds, 2) if seconds > 0 else None,
    })  # fmt: skip
    out = work / "polars_parquet"
    try:
        write, _ = run_phase("polars_parquet", {"files": csvs, "out": str(out)}, work,
                             "benchmarks.extra_phases")  # fmt: skip
    except RuntimeError as exc:
        figures["polars_error"] = f"polars Parquet write: {_error(exc)}"
        log(f"polars Parquet write failed (reported as None): {figures['polars_error']}")
        return figures
    finally:
        shutil.rmtree(out, ignore_errors=True)  # its size is reported; free the disk now
    log(f"polars Parquet write {write['seconds']:.1f} s, {write['bytes'] / 2**20:,.1f} MiB")
    figures.update({
        "polars_parquet_rows": write["rows"], "polars_parquet_seconds": round(write["seconds"], 2),
        "polars_parquet_bytes": write["bytes"],
        "polars_parquet_rows_per_s": per_s(write["rows"], write["seconds"]),
        "polars_parquet_peak_rss_mb": round(write["peak_rss_mb"]),
        "polars_parquet_method": write["method"],
    })  # fmt: skip
    return figures


# ============================================================================ the oracle


def oracle_figures(postings: int, seed: int, files: int, end: date, keep: Path | None,
                   tmp: Path | None, log: Log) -> dict:  # fmt: skip
    """The plain-pandas oracle against the pipeline on one export of `postings` postings
    (fast_generate, as for the sizes): the pipeline on a fresh warehouse, then tests/oracle.py,
    each in a child process; their seconds and oracle / pipeline."""
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="careers-bench-oracle-", dir=tmp))
    export, warehouse = work / "export", work / "warehouse" / "careers.duckdb"
    for stale in (export, warehouse.parent):
        shutil.rmtree(stale, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    figures: dict = {"postings": postings, "oracle_seconds": None, "oracle_error": None}
    try:
        log(f"[oracle, {postings:,} postings] generating ...")
        gen, _ = run_phase("generate", {"out": str(export), "postings": postings, "seed": seed,
                                        "end": end.isoformat(), "files": files}, work)  # fmt: skip
        log(f"[oracle, {postings:,} postings] {gen['rows']:,} rows; the pipeline ...")
        pipe, _ = run_phase("pipeline", {"export": str(export), "warehouse": str(warehouse),
                                         "as_of": end.isoformat()}, work)  # fmt: skip
        total = pipe["seconds"]["total"]
        figures.update({
            "rows": gen["rows"], "pipeline_seconds": round(total, 2),
            "pipeline_peak_rss_mb": round(pipe["peak_rss_mb"]),
            "pipeline_table_rows": {k: v["rows"] for k, v in pipe["tables"].items()
                                    if k.startswith("career_")},
        })  # fmt: skip
        log(f"[oracle, {postings:,} postings] pipeline {total:.1f} s; the plain-pandas oracle ...")
        try:
            orc, _ = run_phase("oracle", {"export": str(export), "as_of": end.isoformat()}, work,
                               "benchmarks.extra_phases")  # fmt: skip
        except RuntimeError as exc:
            figures["oracle_error"] = _error(exc)
            log(f"[oracle, {postings:,} postings] oracle failed: {figures['oracle_error']}")
            return figures
        figures.update({
            "oracle_seconds": round(orc["seconds"], 2),
            "oracle_load_seconds": round(orc["load_seconds"], 2),
            "oracle_tables_seconds": round(orc["tables_seconds"], 2),
            "oracle_peak_rss_mb": round(orc["peak_rss_mb"]),
            "oracle_table_rows": orc["tables"],
            "oracle_ratio_vs_pipeline": round(orc["seconds"] / total, 2) if total > 0 else None,
            "table_rows_agree": all(
                figures["pipeline_table_rows"].get(k) == v for k, v in orc["tables"].items()
            ),
        })  # fmt: skip
        log(f"[oracle, {postings:,} postings] oracle {orc['seconds']:.1f} s = "
            f"{figures['oracle_ratio_vs_pipeline']}x the pipeline")  # fmt: skip
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return figures
