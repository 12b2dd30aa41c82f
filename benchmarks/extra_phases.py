"""The reference phases of `python -m benchmarks` beside the pipeline, each in its own child
process like benchmarks.phases (whose peak-RSS bookkeeping they share):

    python -m benchmarks.extra_phases PHASE CONFIG.json RESULT.json

PHASE is `polars_read_csv` (polars' read_csv of the postings files, every column text),
`polars_parquet` (polars' CSV -> zstd Parquet write of the same files: a floor for a Parquet
write of the postings) or `oracle` (tests/oracle.py, the plain-pandas reference implementation:
`load_postings([export])` then `career_tables(state, as_of)`).
"""

from __future__ import annotations

import importlib
import os
import sys
from datetime import date
from pathlib import Path

from benchmarks.phases import Stages
from benchmarks.phases import main as run_phase

ROOT = Path(__file__).resolve().parent.parent


def _polars():
    """polars, with the pipeline's thread limit (read before polars starts its pool)."""
    from core.settings import Limits

    threads = Limits().threads
    if threads:
        os.environ.setdefault("POLARS_MAX_THREADS", str(int(threads)))
    import polars

    return polars


def run_polars_read_csv(cfg: dict) -> dict:
    """polars alone: each postings file read whole into a frame of text cells (no schema
    inference), one file at a time (a frame is dropped once counted, so the peak is one file's)."""
    stages = Stages()
    pl = _polars()
    rows = 0
    with stages.stage("read_csv"):
        for path in cfg["files"]:
            frame = pl.read_csv(path, infer_schema=False)
            rows += frame.height
            del frame
    return {"seconds": stages.seconds["read_csv"], "rows": rows, "version": pl.__version__,
            "threads": pl.thread_pool_size(), "peak_rss_mb": stages.peak()}  # fmt: skip


def run_polars_parquet(cfg: dict) -> dict:
    """polars: each postings file, every column text, written to a zstd Parquet file
    (`scan_csv(...).sink_parquet`, streaming; read_csv + write_parquet when the sink fails)."""
    stages = Stages()
    pl = _polars()
    out = Path(cfg["out"])
    out.mkdir(parents=True, exist_ok=True)
    methods = set()
    with stages.stage("parquet"):
        for i, path in enumerate(cfg["files"]):
            target = out / f"postings{i:03d}.parquet"
            try:
                pl.scan_csv(path, infer_schema=False).sink_parquet(target, compression="zstd")
                methods.add("scan_csv + sink_parquet")
            except Exception:  # any failure of the streaming engine: the eager path instead
                pl.read_csv(path, infer_schema=False).write_parquet(target, compression="zstd")
                methods.add("read_csv + write_parquet")
    written = sorted(out.glob("*.parquet"))
    rows = sum(pl.scan_parquet(p).select(pl.len()).collect().item() for p in written)
    return {"seconds": stages.seconds["parquet"], "rows": rows,
            "bytes": sum(p.stat().st_size for p in written), "method": " / ".join(sorted(methods)),
            "version": pl.__version__, "peak_rss_mb": stages.peak()}  # fmt: skip


def run_oracle(cfg: dict) -> dict:
    """tests/oracle.py over the export: its load, then its career tables for as_of."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    oracle = importlib.import_module("tests.oracle")
    stages = Stages()
    with stages.stage("total"):
        with stages.stage("load"):
            state = oracle.load_postings([Path(cfg["export"])])
        with stages.stage("tables"):
            tables = oracle.career_tables(state, date.fromisoformat(cfg["as_of"]))
    return {"seconds": stages.seconds["total"], "load_seconds": stages.seconds["load"],
            "tables_seconds": stages.seconds["tables"],
            "tables": {name: len(frame) for name, frame in tables.items()},
            "peak_rss_mb": stages.peak()}  # fmt: skip


PHASES = {"polars_read_csv": run_polars_read_csv, "polars_parquet": run_polars_parquet,
          "oracle": run_oracle}  # fmt: skip


if __name__ == "__main__":
    run_phase(sys.argv[1:], PHASES)
