"""Deterministic synthetic Lightcast-style exports (postings, skills taxonomy, employment).

`generate_export(out_dir, postings, seed, end, profile)` writes every postings variant of
FORMAT.md (CSV, gzip CSV, lower-case pipe-list CSV, Parquet with real and JSON-string
lists, the shape of a real sample export), deliberate re-versions of earlier IDs, rows breaking
each rule of docs/ROW_RULES.md, and the quirks of a real delivery (samples/quirks.py). The
`dense` profile (default) has a few careers of many postings; `sparse` (samples/profiles.py)
has hundreds of careers of 1-3 postings with 0-2 skills each. Only numpy, pyarrow and the
standard library are used.

This module orchestrates; the parts live beside it: samples/catalog.py (the fixed catalog, from
samples/data/), columns.py (the export's columns and files), sampling.py (fresh postings),
rows.py (posting rows), breakages.py (bad rows and unusual cells), updates.py (re-versions)
and writers.py (the files). Same (postings, seed, end, profile), same bytes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

from samples import bls, onet, quirks
from samples.breakages import BREAKAGES, EDGES
from samples.catalog import CAREERS, SKILLS
from samples.columns import (
    DIALECT,
    DROPPED_IN_LOWER,
    EMPLOYMENT_FILE,
    EPOCH_ORD,
    EXTRA_IN_LOWER,
    FILE_WEIGHTS,
    HEADER,
    LIST_COLUMNS,
    MS_DAY,
    POSTINGS_FILES,
    SKILLS_FILES,
    Raw,
)
from samples.profiles import profile_named
from samples.rows import build_rows, nearly_empty
from samples.sampling import normalized, sample_postings
from samples.updates import Placed, ids_for, plan_updates, update_key
from samples.writers import Quoted, write_employment, write_postings_file, write_skills
from schemas.postings import R_ID, R_POSTED, REASONS

__all__ = [  # the export's contract, as callers and tests name it
    "CAREERS", "DROPPED_IN_LOWER", "EMPLOYMENT_FILE", "EXTRA_IN_LOWER", "HEADER", "LIST_COLUMNS",
    "POSTINGS_FILES", "REASONS", "SKILLS_FILES", "GenerationReport", "UpdateCase",
    "generate_export", "main",
]  # fmt: skip


@dataclass
class UpdateCase:
    """An ID with more than one row: how it was built and which row must win."""

    id: str
    kind: str  # newer, tie, older, date_only_newer, date_only_same_day, same_file_tie, ...
    rows: list[tuple[str, int]]  # (file name, 1-based row number), ingestion order
    winner: tuple[str, int]


@dataclass
class GenerationReport:
    """What generate_export wrote. Reason texts are those of docs/ROW_RULES.md."""

    out_dir: Path
    seed: int
    end: date
    files: list[Path]
    rows_per_file: dict[str, int]  # path relative to out_dir -> data rows (records)
    postings_rows: int  # data rows over all postings files
    bad_rows: int  # rows that break at least one rule
    distinct_ids: int  # IDs with at least one valid row (== postings)
    update_rows: int  # valid rows re-versioning an ID seen in another row
    nearly_empty_rows: int
    edge_rows: int  # valid rows with unusual but legal cells (padding, decimals, ...)
    bad_by_reason: dict[str, int] = field(default_factory=dict)
    bad_by_file: dict[str, int] = field(default_factory=dict)
    updates: list[UpdateCase] = field(default_factory=list)
    taxonomy_skills: int = 0
    skills_missing_from_taxonomy: list[str] = field(default_factory=list)
    employment_rows: int = 0
    suppressed_cells: int = 0


def generate_export(out_dir: Path, postings: int = 50_000, seed: int = 42,
                    end: date | None = None, profile: str = "dense",
                    progress: Callable[[str, int], None] | None = None,
                    ) -> GenerationReport:  # fmt: skip
    """Write a full synthetic export under out_dir; deterministic for (postings, seed, end,
    profile).

    Rewrites the same files on every run (postings/, skills/, employment/ with the BLS OEWS
    files of samples/bls.py, onet/: see samples/onet.py); other files in those folders are left
    alone. `end` (default: today, UTC) is the last POSTED date. `profile`: `dense` (a few
    careers of many postings) or `sparse` (samples/profiles.py: most careers have 1-3 postings,
    most postings 0-2 skills, as in a real small export). `progress(name, rows)` is called after
    each file is written (name relative to out_dir).
    """
    # Many long-lived row dicts and no cycles among them: the cyclic garbage collector would
    # spend much of the run scanning them for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        report = _generate(
            Path(out_dir),
            postings,
            seed,
            end or datetime.now(UTC).date(),
            profile,
            progress or (lambda name, rows: None),
        )
    finally:
        if enabled:
            gc.enable()
    before = len(report.files)
    report = onet.add_to_export(report)
    for path in report.files[before:]:
        name = path.relative_to(report.out_dir).as_posix()
        (progress or (lambda name, rows: None))(name, report.rows_per_file[name])
    return report


def _generate(out_dir: Path, postings: int, seed: int, end: date, profile_name: str,
              progress: Callable[[str, int], None]) -> GenerationReport:  # fmt: skip
    """The export of generate_export but its O*NET files. Every step draws from `rng` (and the
    quirks from `quirk_rng`) in a fixed order: reordering the steps changes the bytes."""
    if postings < 0:
        raise ValueError("postings must be >= 0")
    profile = profile_named(profile_name)
    end_ord = end.toordinal()
    end_ms = (end_ord - EPOCH_ORD + 1) * MS_DAY - 1
    rng = np.random.default_rng([seed, 7_919])
    folders = {k: out_dir / k for k in ("postings", "skills", "employment")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)

    n_updates = round(0.05 * postings)
    n_empty = max(3, round(0.001 * postings)) if postings else 0
    n_empty_valid = n_empty // 3 if postings else 0
    n_empty_bad = n_empty - n_empty_valid
    n_fresh_bad = max(len(BREAKAGES), round(0.0085 * (postings + n_updates)))
    n_sample = postings + n_fresh_bad
    sample = sample_postings(rng, n_sample, end_ord, profile.careers, profile.assign,
                             profile.pick_skills)  # fmt: skip
    ids = ids_for(rng, n_sample + n_empty_bad)
    assert len(set(ids)) == len(ids)
    base_rows = build_rows(sample, ids[:n_sample], profile.careers)
    # The quirks of a real delivery draw from their own stream: the rest stays as it was.
    onet.vary_posting_onet(base_rows)  # before any row is copied into a new version
    quirk_rng = np.random.default_rng([seed, 22])
    quirks.unclassify(base_rows, quirk_rng)
    quirks.pad_names(base_rows, quirk_rng)
    originals, fresh_bad = base_rows[:postings], base_rows[postings:]

    placed = _place(rng, originals)
    order = rng.permutation(postings) if postings else np.array([], dtype=np.int64)
    taken = _blank_valid(originals, placed, order[:n_empty_valid])
    placed += _blank_rejected(rng, ids[n_sample:], n_empty_bad, end_ord)
    n_edges = _add_edges(originals, order, taken, n_empty_valid)
    candidates = [int(i) for i in order if int(i) not in taken]
    updates = plan_updates(rng, originals, candidates, n_updates, end_ord, end_ms)
    placed += updates.placed
    placed += _break_fresh(rng, fresh_bad)
    per_file = _per_file(rng, placed, updates.tail)

    written = _write_postings(folders["postings"], per_file, rng, quirk_rng, progress)
    cases, distinct = _update_cases(written.versions, updates.kind)
    skill_files, n_taxonomy = write_skills(folders["skills"])
    emp_path, emp_rows, suppressed = write_employment(folders["employment"], rng, end)
    files = written.files + skill_files + [emp_path]
    rows_per_file = written.rows_per_file
    for p in skill_files:
        rows_per_file[f"skills/{p.name}"] = (
            n_taxonomy if p.suffix == ".json" else p.read_text(encoding="utf-8").count("\n") - 1
        )
    rows_per_file[f"employment/{emp_path.name}"] = emp_rows
    for path, n in bls.write_oews(folders["employment"], seed, end).items():
        files.append(path)
        rows_per_file[f"employment/{path.name}"] = n

    for rel, rows in rows_per_file.items():
        if not rel.startswith("postings/"):
            progress(rel, rows)
    return GenerationReport(
        out_dir=out_dir,
        seed=seed,
        end=end,
        files=files,
        rows_per_file=rows_per_file,
        postings_rows=sum(len(e) for e in per_file),
        bad_rows=written.bad_rows,
        distinct_ids=distinct,
        update_rows=updates.valid_rows,
        nearly_empty_rows=n_empty,
        edge_rows=n_edges,
        bad_by_reason=written.bad_by_reason,
        bad_by_file=written.bad_by_file,
        updates=cases,
        taxonomy_skills=n_taxonomy,
        skills_missing_from_taxonomy=[s.id for s in SKILLS if not s.in_taxonomy],
        employment_rows=emp_rows,
        suppressed_cells=suppressed,
    )


def _place(rng: np.random.Generator, originals: list[dict]) -> list[Placed]:
    """Each new posting in a postings file, drawn by FILE_WEIGHTS."""
    file_of = rng.choice(len(POSTINGS_FILES), size=len(originals), p=normalized(FILE_WEIGHTS))
    placed: list[Placed] = []
    for i, row in enumerate(originals):
        row["_FILE"] = int(file_of[i])
        placed.append((int(file_of[i]), row, ()))
    return placed


def _blank_valid(originals: list[dict], placed: list[Placed], chosen: np.ndarray) -> set[int]:
    """Nearly-empty but valid rows (ID + POSTED + update time) in place of the `chosen`
    postings; returns their indexes."""
    taken: set[int] = set()
    for i in map(int, chosen):
        taken.add(i)
        row = originals[i]
        blank = nearly_empty(row["ID"], row["POSTED"], row["LAST_UPDATED_TIMESTAMP"])
        blank["_FILE"] = row["_FILE"]
        originals[i] = blank
        placed[i] = (row["_FILE"], blank, ())
    return taken


def _blank_rejected(rng: np.random.Generator, spare_ids: list[str], n: int,
                    end_ord: int) -> list[Placed]:  # fmt: skip
    """n nearly-empty rows that are rejected: no ID and no POSTED, or an ID and no POSTED."""
    placed: list[Placed] = []
    for k in range(n):
        f = int(rng.choice(len(POSTINGS_FILES), p=normalized(FILE_WEIGHTS)))
        if k % 2 == 0:
            blank = nearly_empty(None, None, None)
            reasons: tuple[str, ...] = (R_ID, R_POSTED)
        else:
            blank = nearly_empty(spare_ids[k], None, None)
            blank["LAST_UPDATED_DATE"] = end_ord - int(rng.integers(0, 400))
            reasons = (R_POSTED,)
        placed.append((f, blank, reasons))
    return placed


def _add_edges(originals: list[dict], order: np.ndarray, taken: set[int], skip: int) -> int:
    """Valid-but-unusual cells (EDGES, round robin) in postings not `taken`, past the first
    `skip` of `order`; returns how many rows got one (they join `taken`)."""
    postings = len(originals)
    made = 0
    for k in range(max(len(EDGES) * 2, round(0.001 * postings)) if postings > 50 else 0):
        i = int(order[(skip + k) % postings])
        if i in taken:
            continue
        row = originals[i]
        if EDGES[k % len(EDGES)](row, DIALECT[row["_FILE"]]):
            taken.add(i)
            made += 1
    return made


def _break_fresh(rng: np.random.Generator, fresh_bad: list[dict]) -> list[Placed]:
    """Break the fresh rows: every breakage at least once, then round robin, each in a file of
    a dialect it can be written in."""
    placed: list[Placed] = []
    for k, row in enumerate(fresh_bad):
        breakage = BREAKAGES[k % len(BREAKAGES)]
        allowed = [f for f in range(len(POSTINGS_FILES)) if DIALECT[f] in breakage.dialects]
        f = allowed[int(rng.choice(len(allowed), p=normalized([FILE_WEIGHTS[a] + 0.02
                                                               for a in allowed])))]  # fmt: skip
        breakage.apply(row, DIALECT[f])
        row["_BREAKAGE"] = breakage.name
        placed.append((f, row, breakage.reasons))
    return placed


def _per_file(rng: np.random.Generator, placed: list[Placed],
              tail: list[Placed]) -> list[list[tuple[dict, tuple[str, ...]]]]:  # fmt: skip
    """The (row, reasons) of each postings file: its placed rows shuffled, then its tail."""
    per_file: list[list[tuple[dict, tuple[str, ...]]]] = [[] for _ in POSTINGS_FILES]
    for f, row, reasons in placed:
        per_file[f].append((row, reasons))
    for f in range(len(POSTINGS_FILES)):
        perm = rng.permutation(len(per_file[f]))
        per_file[f] = [per_file[f][int(p)] for p in perm]
    for f, row, reasons in tail:
        per_file[f].append((row, reasons))
    return per_file


@dataclass
class _Written:
    """The postings files written, what they hold, and every version of each ID."""

    files: list[Path] = field(default_factory=list)
    rows_per_file: dict[str, int] = field(default_factory=dict)
    bad_rows: int = 0
    bad_by_reason: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))
    bad_by_file: dict[str, int] = field(default_factory=dict)
    #: ID -> [(update order key, file name, row number, valid)]
    versions: dict[str, list[tuple[tuple, str, int, bool]]] = field(default_factory=dict)


def _write_postings(folder: Path, per_file: list[list[tuple[dict, tuple[str, ...]]]],
                    rng: np.random.Generator, quirk_rng: np.random.Generator,
                    progress: Callable[[str, int], None]) -> _Written:  # fmt: skip
    quoted = Quoted()
    out = _Written()
    for f, name in enumerate(POSTINGS_FILES):
        entries = per_file[f]
        path = folder / name
        if DIALECT[f] == "real":  # before the update keys below: no timestamp in this file
            quirks.as_real_sample([r for r, _ in entries], [not why for _, why in entries],
                                  quirk_rng)  # fmt: skip
        write_postings_file(path, DIALECT[f], [r for r, _ in entries], rng, quoted)
        out.files.append(path)
        out.rows_per_file[f"postings/{name}"] = len(entries)
        progress(f"postings/{name}", len(entries))
        out.bad_by_file[name] = 0
        for number, (row, reasons) in enumerate(entries, start=1):
            if reasons:
                out.bad_rows += 1
                out.bad_by_file[name] += 1
                for reason in reasons:
                    out.bad_by_reason[reason] += 1
            row_id = row.get("ID")
            if isinstance(row_id, str) and not isinstance(row_id, Raw):
                key = (update_key(row), f, number)
                out.versions.setdefault(row_id, []).append((key, name, number, not reasons))
    return out


def _update_cases(versions: dict[str, list[tuple[tuple, str, int, bool]]],
                  kinds: dict[str, str]) -> tuple[list[UpdateCase], int]:  # fmt: skip
    """The IDs with more than one row (with the row that must win), and how many IDs have a
    valid row."""
    updates: list[UpdateCase] = []
    distinct = 0
    for row_id, vs in versions.items():
        valid = [v for v in vs if v[3]]
        distinct += bool(valid)
        if len(vs) > 1 and valid:
            best = max(valid, key=lambda v: v[0])
            ordered = sorted(vs, key=lambda v: (v[0][1], v[0][2]))
            updates.append(
                UpdateCase(
                    row_id,
                    kinds.get(row_id, "?"),
                    [(v[1], v[2]) for v in ordered],
                    (best[1], best[2]),
                )
            )
    updates.sort(key=lambda u: u.id)
    return updates, distinct


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m samples.generate OUT_DIR [--postings N] [--seed S] [--end YYYY-MM-DD]
    [--profile dense|sparse]`."""
    import argparse
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--postings", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--end", type=date.fromisoformat, default=None)
    parser.add_argument("--profile", choices=("dense", "sparse"), default="dense")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report = generate_export(args.out_dir, args.postings, args.seed, args.end, args.profile)
    elapsed = time.perf_counter() - started
    for rel, count in report.rows_per_file.items():
        size = (report.out_dir / rel).stat().st_size
        print(f"{rel:45s} {count:8d} rows {size:12,d} bytes")
    print(
        f"{report.postings_rows} postings rows ({report.bad_rows} bad, "
        f"{report.update_rows} updates) in {elapsed:.2f}s"
    )


if __name__ == "__main__":
    main()
