"""The figures of `python -m benchmarks`, shown: the README tables (`markdown`), the console
tables (`print_tables`) and the growth exponent of seconds against postings. The references
(polars, sizes on disk), the nightly per size and the oracle have a table each, in both.
"""

from __future__ import annotations

import math
import sys


def _fmt(value: float | None, spec: str, unit: str = "") -> str:
    """A figure, or "n/a" for one that could not be measured (see baseline_error)."""
    return "n/a" if value is None else format(value, spec) + unit


def _mb(value: float | None) -> str:
    return _fmt(value, ",.1f")


def reference_rows(runs: list[dict]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The read_csv references beside each run: DuckDB's and polars', and the ratios to them."""
    head = ("postings", "read_csv s", "polars read_csv s", "polars rows/s", "polars peak RSS MiB",
            "ingest / read_csv", "ingest / polars", "pipeline / polars")  # fmt: skip
    rows = []
    for r in runs:
        rows.append((
            f"{r['postings']:,}", f"{r['bare_read_csv_seconds']:,.2f}",
            _fmt(r.get("polars_read_csv_seconds"), ",.2f"),
            _fmt(r.get("polars_read_csv_rows_per_s"), ","),
            _fmt(r.get("polars_read_csv_peak_rss_mb"), ","),
            f"{r['ingest_ratio_vs_read_csv']:.2f}x",
            _fmt(r.get("ingest_ratio_vs_polars_read_csv"), ".2f", "x"),
            _fmt(r.get("pipeline_ratio_vs_polars_read_csv"), ".2f", "x"),
        ))  # fmt: skip
    return head, rows


def size_rows(runs: list[dict]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Sizes on disk after the full run, and polars' zstd Parquet write of the postings files
    (a floor for the store's Parquet write)."""
    head = ("postings", "published MiB", "store MiB", "store Parquet MiB", "polars Parquet s",
            "polars Parquet MiB", "polars Parquet peak RSS MiB")  # fmt: skip
    rows = []
    for r in runs:
        parquet = r.get("polars_parquet_bytes")
        rows.append((
            f"{r['postings']:,}", _mb(r.get("warehouse_mb")), _mb(r.get("store_mb")),
            _mb(r.get("parquet_mb")), _fmt(r.get("polars_parquet_seconds"), ",.2f"),
            _mb(parquet / 2**20 if parquet is not None else None),
            _fmt(r.get("polars_parquet_peak_rss_mb"), ","),
        ))  # fmt: skip
    return head, rows


def nightly_rows(runs: list[dict]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """One line per store size: the nightly refresh on the full run's warehouse."""
    head = ("store size (postings)", "delta rows", "nightly s", "full s", "share of full",
            "months updated", "months rebuilt", "months reused", "peak RSS MiB", "store MiB",
            "store Parquet MiB", "published MiB")  # fmt: skip
    rows = []
    for r in runs:
        if not (n := r.get("nightly")):
            continue
        rows.append((
            f"{r['postings']:,}", f"{n['delta_rows']:,}", f"{n['seconds_total']:,.1f}",
            f"{n['full_seconds_total']:,.1f}", f"{100 * n['ratio_vs_full']:.1f}%",
            str(len(n.get("months_updated", []))), str(len(n["months_built"])),
            str(n["months_reused"]), f"{n['peak_rss_mb']:,}", _mb(n.get("store_mb")),
            _mb(n.get("parquet_mb")), _mb(n.get("warehouse_mb")),
        ))  # fmt: skip
    return head, rows


def oracle_line(oracle: dict | None) -> str | None:
    """The pipeline against the plain-pandas oracle, in words."""
    if not oracle:
        return None
    head = f"Plain-pandas oracle (tests/oracle.py) at {oracle['postings']:,} postings: "
    if oracle.get("oracle_seconds") is None:
        return head + f"not measured ({oracle.get('oracle_error')})."
    ratio = oracle["oracle_ratio_vs_pipeline"]
    verdict = (
        f"the pipeline is {ratio:.1f} times faster than the plain-pandas oracle"
        if ratio and ratio >= 1
        else "the oracle is faster at this size"
    )
    agree = "" if oracle.get("table_rows_agree") else "; their career tables' row counts differ"
    return head + (
        f"oracle {oracle['oracle_seconds']:,.2f} s (load {oracle['oracle_load_seconds']:,.2f} s, "
        f"tables {oracle['oracle_tables_seconds']:,.2f} s, peak RSS "
        f"{oracle['oracle_peak_rss_mb']:,} MiB), pipeline {oracle['pipeline_seconds']:,.2f} s "
        f"(peak RSS {oracle['pipeline_peak_rss_mb']:,} MiB): oracle / pipeline "
        f"{_fmt(ratio, '.2f', 'x')}, {verdict}{agree}."
    )


def notes(result: dict) -> list[str]:
    """Why a reference is missing (polars not installed, a failed baseline)."""
    found = []
    for r in result["runs"]:
        for key in ("polars_error", "baseline_error"):
            if r.get(key):
                found.append(f"{r['postings']:,} postings: {key}: {r[key]}")
    return found


def _md_table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    return [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---:" for _ in head) + "|",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def growth_exponent(runs: list[dict], key: str = "seconds_total") -> float | None:
    """Least-squares slope of log(key) against log(postings)."""
    points = [(math.log(r["postings"]), math.log(r[key])) for r in runs if r.get(key)]
    if len({x for x, _ in points}) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return round(sum((x - mx) * (y - my) for x, y in points) / sxx, 3)


def markdown(result: dict) -> str:
    """The README table: one line per size, the stages of the largest run, the machine."""
    m, runs = result["machine"], result["runs"]
    lines = [
        f"Measured {result['measured_at']} on {m['cpu_count']} x {m['cpu_model']}, "
        f"{m['ram_gib']} GiB RAM, {m['os']}, Python {m['python_version']}, "
        f"DuckDB {m['duckdb_version']} (pipeline memory_limit {runs[0]['memory_limit']}); "
        f"code {result['git']['commit']}{' + local changes' if result['git']['dirty'] else ''}"
        f"; load average before/after {result['load_average_before_after']}.",
        "",
        "| postings | CSV MiB | generate s (rows/s) | pipeline s (rows/s) | ingest s (rows/s) "
        "| bare read_csv s | ingest / read_csv | plain SQL s | pipeline / plain SQL "
        "| peak RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(
            f"| {r['postings']:,} | {r['megabytes']:,.0f} | {r['generate_seconds']:,.1f} "
            f"({r['generate_rows_per_s']:,}) | {r['seconds_total']:,.1f} ({r['rows_per_s']:,}) "
            f"| {r['ingest_seconds']:,.1f} ({r['ingest_rows_per_s']:,}) "
            f"| {r['bare_read_csv_seconds']:,.1f} | {r['ingest_ratio_vs_read_csv']:.1f}x "
            f"| {_fmt(r['baseline_seconds'], ',.1f')} "
            f"| {_fmt(r['publish_ratio_vs_plain_sql'], '.1f', 'x')} "
            f"| {r['peak_rss_mb']:,} |"
        )
    if result.get("growth_exponent") is not None:
        lines += ["", f"Growth exponent (log-log slope of pipeline seconds vs postings): "
                      f"{result['growth_exponent']}"]  # fmt: skip
    lines += ["", "References on the same postings files:", "", *_md_table(*reference_rows(runs)),
              "", "Sizes on disk after the full run, and polars' zstd Parquet write of the "
              "postings files:", "", *_md_table(*size_rows(runs))]  # fmt: skip
    head, nightly = nightly_rows(runs)
    if nightly:
        lines += [
            "",
            "Nightly refresh on the full run's warehouse (delta: the next day's new postings and "
            "re-versions), one line per store size:",
            "",
            *_md_table(head, nightly),
        ]
    if line := oracle_line(result.get("oracle")):
        lines += ["", line]
    lines += [f"\nNote: {note}" for note in notes(result)]
    big = max(runs, key=lambda r: r["postings"])
    lines += [
        "",
        f"Stages of the {big['postings']:,}-posting run:",
        "",
        "| stage | seconds | share | rows/s | peak RSS MiB |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, sec in big["stage_seconds"].items():
        rate = big["stage_rows_per_s"][name]
        peak = big["stage_peak_rss_mb"][name]
        lines.append(
            f"| {name} | {sec:,.2f} | {100 * sec / big['seconds_total']:.1f}% | "
            f"{f'{rate:,}' if rate else ''} | {f'{peak:,}' if peak else ''} |"
        )
    if other := big.get("other_stage_seconds"):
        lines += ["", "Other stages the pipeline reports (inside the stages above):", "",
                  "| stage | seconds |", "|---|---:|",
                  *(f"| {k} | {v:,.2f} |" for k, v in other.items())]  # fmt: skip
    return "\n".join(lines) + "\n"


def print_tables(result: dict) -> None:
    """A rich table of stages per run, the summary of the runs and the machine."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 150)
    for r in result["runs"]:
        table = Table(
            title=f"pipeline stages, {r['postings']:,} postings "
            f"({r['rows_read']:,} rows, {r['megabytes']:,.0f} MiB CSV)"
        )
        for col in ("stage", "seconds", "share", "rows/s", "peak RSS MiB"):
            table.add_column(col, justify="left" if col == "stage" else "right")
        for name, sec in r["stage_seconds"].items():
            rate, peak = r["stage_rows_per_s"][name], r["stage_peak_rss_mb"][name]
            table.add_row(
                name,
                f"{sec:,.2f}",
                f"{100 * sec / r['seconds_total']:.1f}%",
                f"{rate:,}" if rate else "",
                f"{peak:,}" if peak else "",
            )
        table.add_row(
            "total",
            f"{r['seconds_total']:,.2f}",
            "100%",
            f"{r['rows_per_s']:,}",
            f"{r['peak_rss_mb']:,}",
            style="bold",
        )
        console.print(table)
        for label, part in (("full run", r), ("nightly", r.get("nightly") or {})):
            if other := part.get("other_stage_seconds"):
                extra = Table(
                    title=f"other stages, {label}, {r['postings']:,} postings "
                    "(reported by the pipeline, inside the stages above)"
                )
                extra.add_column("stage")
                extra.add_column("seconds", justify="right")
                for name, sec in other.items():
                    extra.add_row(name, f"{sec:,.2f}")
                console.print(extra)
    summary = Table(title="summary")
    for col in (
        "postings",
        "generate s",
        "gen rows/s",
        "pipeline s",
        "ingest s",
        "read_csv s",
        "ingest/read_csv",
        "plain SQL s",
        "pipeline/plain SQL",
        "peak RSS MiB",
    ):
        summary.add_column(col, justify="right")
    for r in result["runs"]:
        summary.add_row(
            f"{r['postings']:,}", f"{r['generate_seconds']:,.1f}",
            f"{r['generate_rows_per_s']:,}", f"{r['seconds_total']:,.1f}",
            f"{r['ingest_seconds']:,.1f}", f"{r['bare_read_csv_seconds']:,.1f}",
            f"{r['ingest_ratio_vs_read_csv']:.2f}", _fmt(r["baseline_seconds"], ",.1f"),
            _fmt(r["publish_ratio_vs_plain_sql"], ".2f"), f"{r['peak_rss_mb']:,}",
        )  # fmt: skip
    console.print(summary)
    tables = (("references: read_csv", reference_rows(result["runs"])),
              ("sizes on disk after the full run; polars Parquet write", size_rows(result["runs"])),
              ("nightly per store size", nightly_rows(result["runs"])))  # fmt: skip
    for title, (head, rows) in tables:
        if not rows:
            continue
        table = Table(title=title)
        for col in head:
            table.add_column(col, justify="right")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    if line := oracle_line(result.get("oracle")):
        console.print(line)
    for note in notes(result):
        console.print(f"note: {note}")
    if result.get("growth_exponent") is not None:
        console.print(f"growth exponent (log-log slope, pipeline seconds vs postings): "
                      f"{result['growth_exponent']}")  # fmt: skip
    m = result["machine"]
    console.print(
        f"machine: {m['cpu_count']} x {m['cpu_model']}, {m['ram_gib']} GiB RAM, "
        f"{m['os']}, Python {m['python_version']}, DuckDB {m['duckdb_version']}"
    )
