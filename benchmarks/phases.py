"""The measured phases of `python -m benchmarks`, each run in its own child process so that one
phase's memory never counts in another's peak RSS:

    python -m benchmarks.phases PHASE CONFIG.json RESULT.json

PHASE is `generate` (benchmarks.fast_generate), `pipeline` (warehouse.build.execute on a fresh
warehouse), `read_csv` (DuckDB's bare read_csv of the postings files into a table) or
`baseline` (benchmarks/baseline.sql). Each writes its figures, including its own peak RSS, as
JSON to RESULT.json.

Peak RSS is the kernel's high-water mark of the process (VmHWM). Around each stage it is reset
(`/proc/self/clear_refs` = 5) and read back, which gives a peak per stage; the process peak is
the maximum over its stages.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks import sql

BASELINE_SQL = sql.HERE / "baseline.sql"


# ============================================================================ peak RSS


def rss_mb(field: str = "VmHWM") -> float:
    """VmHWM (peak) or VmRSS (now) of this process, in MiB (0 when /proc is unavailable)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def reset_peak() -> bool:
    """Reset the peak RSS to the current RSS (Linux >= 4.0); False when not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


class Stages:
    """Seconds, calls and peak RSS per named stage; stages may nest (a parent's peak includes
    its children's)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.peak_mb: dict[str, float] = defaultdict(float)
        self.process_peak_mb = rss_mb()
        self._stack: list[list[Any]] = []  # [name, running peak]

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self._stack:
            self._stack[-1][1] = max(self._stack[-1][1], rss_mb())
        self.process_peak_mb = max(self.process_peak_mb, rss_mb())
        reset_peak()
        frame = [name, rss_mb("VmRSS")]
        self._stack.append(frame)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - started
            self.calls[name] += 1
            frame[1] = max(frame[1], rss_mb())
            self._stack.pop()
            self.peak_mb[name] = max(self.peak_mb[name], frame[1])
            if self._stack:
                self._stack[-1][1] = max(self._stack[-1][1], frame[1])
            self.process_peak_mb = max(self.process_peak_mb, frame[1])

    def wrap(self, name: str | Callable[..., str], fn: Callable) -> Callable:
        """`fn`, timed as stage `name` (or `name(*args)`)."""

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name(*args) if callable(name) else name):
                return fn(*args, **kwargs)

        return timed

    def inside(self, name: str) -> bool:
        return any(frame[0] == name for frame in self._stack)

    def peak(self) -> float:
        return max(self.process_peak_mb, rss_mb())


# ============================================================================ phases


def run_generate(cfg: dict) -> dict:
    from benchmarks.fast_generate import fast_export

    stages = Stages()
    with stages.stage("generate"):
        report = fast_export(Path(cfg["out"]), cfg["postings"], cfg["seed"],
                             date.fromisoformat(cfg["end"]), cfg["files"])  # fmt: skip
    return {**report.as_dict(), "peak_rss_mb": stages.peak()}


def run_delta(cfg: dict) -> dict:
    from benchmarks.fast_generate import fast_delta

    stages = Stages()
    with stages.stage("generate"):
        report = fast_delta(Path(cfg["out"]), cfg["postings"], cfg["delta"], cfg["seed"],
                            date.fromisoformat(cfg["end"]), cfg.get("night", 1))  # fmt: skip
    return {**report.as_dict(), "peak_rss_mb": stages.peak()}


def _stage_of(name: str, *args: Any) -> str:
    """run_stage names -> stage names: `ingest postings/a.csv` -> `ingest postings`."""
    if name.startswith("ingest "):
        return name.split("/", 1)[0]
    if name.startswith("snapshot "):
        return "snapshot"
    return "discover" if name in ("discover files", "prepare source") else name


def run_pipeline(cfg: dict) -> dict:
    """warehouse.build.execute (a fresh warehouse, or for a nightly run the kept one), with every
    stage timed. Inner steps of a postings ingest (hash, read, validate, parquet write: the second
    read, which also brings the rejected records to the quarantine; merge: the writer's part),
    each table's pandera validation and the publish steps are timed by wrapping the module
    functions in this process only (so a fanned-out run's tasks are not split).
    `hash` is the time ingest waited for the file's hash (computed ahead, while the previous
    file was ingested)."""
    import warehouse.batches as batches
    import warehouse.build as build
    import warehouse.ingest_postings as ingest
    import warehouse.prepare_postings as prepare
    import warehouse.publication as publication
    import warehouse.snapshot as snapshot
    from core.settings import Limits
    from warehouse.store import store_db

    stages = Stages()
    # (module, function, stage); a function that a refactor renamed is simply not split out:
    # its time stays in the enclosing stage ("ingest bookkeeping", "snapshot other", ...).
    wrapped = [
        (batches.HashAhead, "sha256", "hash"), (prepare, "read_checks", "read"),
        (prepare, "keys_identify_records", "read"),
        (prepare, "find_rejects", "validate"),
        (prepare, "write_versions", "parquet write"),
        (ingest, "merge_postings", "merge"),
        (snapshot, "validate_table", lambda table, *_: f"validate {table}"),
        (build, "build_dimensions", "publish: dimensions"),
        (publication, "apply_comments", "publish: comments"),
        (build, "build_publication", "publish: build the file"),
        (build, "swap_into_place", "publish: swap into place"),
    ]  # fmt: skip
    for module, attr, name in wrapped:
        if callable(getattr(module, attr, None)):
            setattr(module, attr, stages.wrap(name, getattr(module, attr)))

    # A postings file's commit happens between two crash points of WarehouseBuild.ingest.
    crash_point, commit_started = getattr(build, "crash_point", lambda name: None), []

    def timed_crash_point(name: str) -> None:
        crash_point(name)
        if not stages.inside("ingest postings"):
            return
        if name.startswith("ingest:") and name.endswith(":before-commit"):
            commit_started.append(time.perf_counter())
        elif name.startswith("ingest:") and name.endswith(":committed") and commit_started:
            stages.seconds["commit"] += time.perf_counter() - commit_started.pop()

    build.crash_point = timed_crash_point

    def run_stage(name: str, fn: Callable, *args: Any) -> Any:
        with stages.stage(_stage_of(name)):
            return fn(*args)

    as_of = date.fromisoformat(cfg["as_of"])
    warehouse = Path(cfg["warehouse"])
    with stages.stage("total"):
        report = build.execute(Path(cfg["export"]), warehouse, [as_of], run_stage=run_stage)
    postings_rows = sum(b.rows_read for b in report.ingested if b.kind == "postings")
    return {
        "seconds": dict(stages.seconds),
        "peak_mb": dict(stages.peak_mb),
        "report_seconds": report.seconds,
        "totals": report.totals(),
        "postings_rows_read": postings_rows,
        "postings_rows_quarantined": sum(
            b.rows_quarantined for b in report.ingested if b.kind == "postings"
        ),
        "tables": report.tables,
        "parts": report.parts,
        "months_updated": sorted({m for b in report.batches for m in b.months_updated}),
        "warehouse_mb": warehouse.stat().st_size / 2**20,
        "store_db_mb": store_db(warehouse).stat().st_size / 2**20,
        "memory_limit": Limits().memory_limit,
        "threads": Limits().threads,
        "peak_rss_mb": stages.peak(),
    }


def _connect(cfg: dict):
    import duckdb

    from core.settings import Limits

    limits = Limits()
    con = duckdb.connect(cfg["db"])
    sql.run(con, "phases#memory_limit", [limits.memory_limit])
    if limits.threads:
        sql.run(con, "phases#threads", [int(limits.threads)])
    sql.run(con, "phases#temp_directory", [cfg["db"] + ".spill"])
    return con


def run_read_csv(cfg: dict) -> dict:
    """DuckDB alone: each postings file into a table of text cells (the pipeline reader's
    options), in an on-disk database with the pipeline's memory limit and threads."""
    stages = Stages()
    con = _connect(cfg)
    rows = 0
    with stages.stage("read_csv"):
        for i, path in enumerate(cfg["files"]):
            sql.run(con, "phases#read_csv", {"path": path}, table=f"t{i}")
            rows += sql.run(con, "phases#count_rows", table=f"t{i}").fetchall()[0][0]
        sql.run(con, "phases#checkpoint")
    con.close()
    return {"seconds": stages.seconds["read_csv"], "rows": rows,
            "db_mb": Path(cfg["db"]).stat().st_size / 2**20,
            "peak_rss_mb": stages.peak()}  # fmt: skip


def run_baseline(cfg: dict) -> dict:
    """benchmarks/baseline.sql over the export, into an on-disk database; seconds per table."""
    stages = Stages()
    con = _connect(cfg)
    export = Path(cfg["export"])
    sql.run(con, "phases#as_of", [cfg["as_of"]])
    for name, pattern in (("postings_glob", "postings/*.csv"), ("skills_glob", "skills/*.json"),
                          ("employment_glob", "employment/*.csv")):  # fmt: skip
        sql.run(con, "phases#set_variable", [str(export / pattern)], variable=name)
    seconds: dict[str, float] = {}
    with stages.stage("baseline"):
        for statement in con.extract_statements(BASELINE_SQL.read_text(encoding="utf-8")):
            text = statement.query
            words = text.split()
            after_table = (words[i + 1] for i, w in enumerate(words[:-1]) if w == "TABLE")
            target = next(after_table, "statement").rstrip(";")
            started = time.perf_counter()
            con.execute(text)
            seconds[target] = seconds.get(target, 0.0) + time.perf_counter() - started
        sql.run(con, "phases#checkpoint")
    tables = {
        name: sql.run(con, "phases#count_rows", table=name).fetchall()[0][0]
        for name in seconds
        if name.startswith("career_")
    }
    con.close()
    return {"seconds": stages.seconds["baseline"], "statement_seconds": seconds,
            "tables": tables, "db_mb": Path(cfg["db"]).stat().st_size / 2**20,
            "peak_rss_mb": stages.peak()}  # fmt: skip


PHASES = {"generate": run_generate, "delta": run_delta, "pipeline": run_pipeline,
          "read_csv": run_read_csv, "baseline": run_baseline}  # fmt: skip


def main(argv: list[str] | None = None, phases: dict | None = None) -> None:
    """`PHASE CONFIG RESULT`: run PHASE (of `phases`, default PHASES) on the JSON config, write
    its figures as JSON."""
    phase, config, result = argv if argv is not None else sys.argv[1:]
    cfg = json.loads(Path(config).read_text(encoding="utf-8"))
    figures = (phases or PHASES)[phase](cfg)
    Path(result).write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
