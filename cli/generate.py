"""`careers generate`: write a realistic sample export (also used by `careers run` on an empty
source)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli import progress
from cli.options import fail
from core.errors import CareersError
from core.periods import parse_date

out = Console()


class Profile(StrEnum):
    """Generator profiles (samples/profiles.py)."""

    dense = "dense"
    sparse = "sparse"


def write_sample(
    out_dir: Path, postings: int, seed: int = 42, end: date | None = None, profile: str = "dense"
):
    """Generate a sample export, each file written shown on stderr."""
    from samples.generate import generate_export

    with progress.status(f"generating a sample export ({postings:,} postings)") as note:
        return generate_export(
            out_dir, postings=postings, seed=seed, end=end, profile=profile,
            progress=lambda path, rows: note(f"wrote {path} ({rows:,} rows)"),
        )  # fmt: skip


def generate(
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out", metavar="DIR", help="Folder to write postings/, skills/, employment/ into."
        ),
    ],
    postings: Annotated[
        int, typer.Option("--postings", min=1, help="Number of postings.")
    ] = 50_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same bytes).")] = 42,
    end: Annotated[
        str | None,
        typer.Option(
            "--end", metavar="DATE", help="Latest posting date.", show_default="today, UTC"
        ),
    ] = None,
    profile: Annotated[
        Profile,
        typer.Option(
            "--profile",
            help="dense: a few careers of many postings; sparse: most careers have 1-3 "
            "postings and most postings 0-2 skills, as in a small real export.",
        ),
    ] = Profile.dense,
) -> None:
    """Write a realistic sample export.

    Every file format and variant, with some bad rows on purpose."""
    try:
        report = write_sample(out_dir, postings, seed, parse_date(end, "--end"), profile.value)
    except (CareersError, OSError) as exc:
        fail(exc)
    for path in report.files:
        out.print(f"  {path}", soft_wrap=True)
    out.print(
        f"Wrote {report.postings_rows:,} posting rows ({report.bad_rows:,} deliberately bad) "
        f"in {len(report.files)} files under {out_dir}",
        soft_wrap=True,
    )
