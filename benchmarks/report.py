"""The figures of `python -m benchmarks`, shown: the README table (`markdown`), the console
tables (`print_tables`) and the growth exponent of seconds against postings.
"""

from __future__ import annotations

import math
import sys


def _fmt(value: float | None, spec: str, unit: str = "") -> str:
    """A figure, or "n/a" for one that could not be measured (see baseline_error)."""
    return "n/a" if value is None else format(value, spec) + unit


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
    nightly = [r for r in runs if r.get("nightly")]
    if nightly:
        lines += [
            "",
            "Nightly refresh on the full run's warehouse (delta: the next day's new postings and "
            "re-versions):",
            "",
            "| postings | delta rows | nightly s | full s | nightly / full | months updated "
            "| months rebuilt | months reused | peak RSS MiB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in nightly:
            n = r["nightly"]
            lines.append(
                f"| {r['postings']:,} | {n['delta_rows']:,} | {n['seconds_total']:,.1f} "
                f"| {n['full_seconds_total']:,.1f} | {100 * n['ratio_vs_full']:.1f}% "
                f"| {len(n.get('months_updated', []))} | {len(n['months_built'])} "
                f"| {n['months_reused']} | {n['peak_rss_mb']:,} |"
            )
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
    if result.get("growth_exponent") is not None:
        console.print(f"growth exponent (log-log slope, pipeline seconds vs postings): "
                      f"{result['growth_exponent']}")  # fmt: skip
    m = result["machine"]
    console.print(
        f"machine: {m['cpu_count']} x {m['cpu_model']}, {m['ram_gib']} GiB RAM, "
        f"{m['os']}, Python {m['python_version']}, DuckDB {m['duckdb_version']}"
    )
