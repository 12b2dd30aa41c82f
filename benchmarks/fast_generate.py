"""A fast, vectorized generator of Lightcast-style exports for benchmarks.

`fast_export(out_dir, postings, seed, end, files)` writes

- `postings/lightcast_postings_partNN.csv`: the canonical 131-column upper-case header, RFC 4180
  CSV (a field is quoted when it holds a comma, quote or newline; embedded quotes are doubled),
  list columns as pretty-printed JSON arrays with real newlines and two-space indent, `M/D/YYYY`
  dates, an empty `SALARY` in ~55% of rows;
- `skills/skills_taxonomy.json`: the Skills-API shape `{"data": [...]}`;
- `employment/occupation_employment.csv`: the wide `<YYYY> Jobs` table.

How it is fast: rows are drawn as small integer "latent" columns with numpy; the CSV text is
never formatted per row. Every run of adjacent columns that depends on one latent value (an
employer's 4 company columns, a city's 17 location columns, a skill set's 10 list columns, a
career's 44 taxonomy columns, a date, a salary, ...) is pre-rendered once as CSV text, separators
included, into one pool of strings. A row is then a list of ~40 indices into that pool (plus
its random ID and URL hex), and one pyarrow `take` over the flattened index matrix yields the
file's bytes, in order, in the result's data buffer. A career's skill lists come from
`VARIANTS_PER_CAREER` pre-rendered skill sets (8-20 skills each, drawn without replacement by
the career's skill weights).

Besides `postings` distinct valid postings it writes ~5% re-versions of earlier IDs (80% newer,
20% older than the version they follow; in a later file, or further down the same file) and ~1%
rows that break a row rule (every kind of `BREAKAGES` round robin; a third of them reuse a valid
ID with a later update time, which must not replace the valid version).
"""

from __future__ import annotations

import gzip
import json
import math
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from benchmarks.fast_layout import Layout
from benchmarks.fast_rows import Latent, break_rows, revise, sample
from benchmarks.fast_text import (
    BAD_SHARE,
    BREAKAGES,
    CHUNK_ROWS,
    DEFAULT_END,
    EMPLOYMENT_NAME,
    EPOCH,
    KEEPS_ID,
    MS_DAY,
    OLDER_SHARE,
    POSTINGS_NAME,
    REUSE_SHARE,
    SKILLS_NAME,
    UPDATE_SHARE,
    fields,
)
from samples.catalog import OCCUPATIONS, SKILLS, STATES, TYPES
from samples.columns import FIRST_EMPLOYMENT_YEAR, HEADER
from samples.sampling import normalized
from samples.writers import write_atomic

__all__ = ["DEFAULT_END", "FastReport", "fast_delta", "fast_export", "main"]


@dataclass
class FastReport:
    """What fast_export wrote."""

    out_dir: str
    seed: int
    end: str
    postings: int  # distinct valid IDs
    rows: int  # data rows over all postings files
    update_rows: int  # valid re-versions (newer or older) of an ID
    bad_rows: int  # rows breaking a rule (quarantined by the pipeline)
    files: list[str] = field(default_factory=list)
    rows_per_file: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0
    rows_per_s: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def _write_postings(path: Path, rows: Latent, layout: Layout) -> int:
    """Write one postings file chunk by chunk (atomically; gzip level 1 when the name ends in
    .gz, so 30M postings fit on a small disk); returns its size in bytes."""
    tmp = path.with_name("." + path.name + ".tmp")
    packed = path.suffix == ".gz"
    with gzip.open(tmp, "wb", compresslevel=1) if packed else open(tmp, "wb") as out:
        out.write((",".join(HEADER) + "\n").encode())
        for start in range(0, len(rows), CHUNK_ROWS):
            out.write(layout.render(rows.slice(start, start + CHUNK_ROWS)))
    os.replace(tmp, path)
    return path.stat().st_size


def _write_skills(folder: Path) -> Path:
    categories: dict[str, int] = {}
    subcategories: dict[str, int] = {}
    records = []
    for s in SKILLS:
        if not s.in_taxonomy:  # a few skills only the postings know (their names are voted)
            continue
        type_id, type_name = TYPES[s.type]
        slug = re.sub(r"[^a-z0-9]+", "-", s.name.lower()).strip("-")
        records.append({
            "id": s.id, "name": s.name, "type": {"id": type_id, "name": type_name},
            "category": {"id": categories.setdefault(s.category, len(categories) + 1),
                         "name": s.category},
            "subcategory": {"id": subcategories.setdefault(s.subcategory,
                                                           100 + len(subcategories)),
                            "name": s.subcategory},
            "isSoftware": s.software, "isLanguage": s.language,
            "infoUrl": f"https://lightcast.io/open-skills/skills/{s.id}/{slug}",
        })  # fmt: skip
    path = folder / SKILLS_NAME
    body = json.dumps({"data": records}, ensure_ascii=False, indent=1) + "\n"
    write_atomic(path, body.encode("utf-8"))
    return path


def _write_employment(folder: Path, rng: np.random.Generator, end: date) -> Path:
    years = list(range(FIRST_EMPLOYMENT_YEAR, end.year + 1))
    states = [(f, n, p) for f, _a, n, p, _w, _t in STATES]
    pop = normalized([p for _, _, p in states])
    lines = [fields(["LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "AREA", "AREA_NAME",
                     *[f"{y} Jobs" for y in years]])[:-1]]  # fmt: skip
    for occ, (name, base, growth, _tech) in OCCUPATIONS.items():
        national = base * (1 + growth) ** np.arange(len(years))
        share = pop * np.exp(rng.normal(0, 0.1, size=len(pop)))
        table = [("US", "United States", national)] + [
            (str(f), n, national * s) for (f, n, _), s in zip(states, share, strict=True)
        ]
        for area, area_name, values in table:
            cells = [("<10" if v < 10 else f"{int(round(v)):,}") for v in values]
            lines.append(fields([occ, name, area, area_name, *cells])[:-1])
    path = folder / EMPLOYMENT_NAME
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def fast_export(out_dir: Path, postings: int, seed: int = 0, end: date = DEFAULT_END,
                files: int = 4, threads: int = 2, gzipped: bool = False) -> FastReport:  # fmt: skip
    """Write a synthetic export of `postings` distinct valid postings under out_dir (see the
    module docstring); deterministic for (postings, seed, end, files). `threads` files are
    written at once; `gzipped` writes `.csv.gz` postings files (the same text)."""
    if postings < 1 or files < 1:
        raise ValueError("postings and files must be >= 1")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    folders = {k: out_dir / k for k in ("postings", "skills", "employment")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 20_261_120])
    end_ord = end.toordinal()
    layout = Layout(rng, end_ord)
    draws = layout.draws

    base = sample(rng, draws, postings, end_ord)
    file_of = (np.arange(postings) * files // postings).astype(np.int16)

    # re-versions: in the same file (further down) or a later one
    n_upd = round(UPDATE_SHARE * postings)
    src = rng.choice(postings, size=n_upd, replace=False) if n_upd else np.zeros(0, np.int64)
    older = rng.random(n_upd) < OLDER_SHARE
    updates = revise(rng, base.take(src), end_ord, older, draws.titles)
    first = file_of[src]
    upd_file = (first + np.floor(rng.random(n_upd) * (files - first))).astype(np.int16)

    # broken rows: fresh rows, a third of them reusing a valid ID (with a later update time)
    n_bad = max(len(BREAKAGES), round(BAD_SHARE * (postings + n_upd)))
    bad = sample(rng, draws, n_bad, end_ord)
    break_rows(rng, bad, draws)
    reuse = (rng.random(n_bad) < REUSE_SHARE) & KEEPS_ID[bad.cols["breakage"]]
    reuse_src = rng.integers(0, postings, size=n_bad)
    bad.ids[reuse] = base.ids[reuse_src[reuse]]
    later = base.cols["updated"][reuse_src] + 1000 * rng.integers(1, 86_400, size=n_bad)
    bad.cols["updated"] = np.where(reuse, later, bad.cols["updated"])
    bad_file = np.where(reuse, file_of[reuse_src],
                        rng.integers(0, files, size=n_bad)).astype(np.int16)  # fmt: skip

    report = FastReport(str(out_dir), seed, end.isoformat(), postings, 0, n_upd, n_bad)
    jobs = []
    for f in range(files):
        mixed = Latent.concat([base.take(np.flatnonzero(file_of == f)),
                                bad.take(np.flatnonzero(bad_file == f))])  # fmt: skip
        mixed = mixed.take(rng.permutation(len(mixed)))
        rows = Latent.concat([mixed, updates.take(np.flatnonzero(upd_file == f))])
        path = folders["postings"] / (POSTINGS_NAME.format(f + 1) + (".gz" if gzipped else ""))
        jobs.append((path, rows))
        report.files.append(f"postings/{path.name}")
        report.rows_per_file[f"postings/{path.name}"] = len(rows)
        report.rows += len(rows)
    del base, bad, updates, mixed
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        sizes = list(pool.map(lambda job: _write_postings(job[0], job[1], layout), jobs))
    report.bytes = int(sum(sizes))
    skills = _write_skills(folders["skills"])
    employment = _write_employment(folders["employment"], rng, end)
    report.files += [f"skills/{skills.name}", f"employment/{employment.name}"]
    report.seconds = time.perf_counter() - started
    report.rows_per_s = report.rows / report.seconds if report.seconds else math.inf
    return report


NIGHT_NEW_SHARE = 0.8  # of a night's delta: new postings; the rest re-versions of base postings
NIGHT_MOVE_SHARE = 0.02  # re-versions whose POSTED moves (by up to 45 days either way)
NIGHT_RECENT_DAYS = 60  # re-versions revise postings posted within this many days
NIGHT_NAME = "lightcast_postings_night{:03d}.csv"


def fast_delta(out_dir: Path, postings: int, delta: int, seed: int = 0, end: date = DEFAULT_END,
               night: int = 1) -> FastReport:  # fmt: skip
    """One night's export for the base `fast_export(..., postings, seed, end)`: `delta` rows in
    `postings/lightcast_postings_nightNNN.csv`, all updated on day `end + night`:

    - ~80% new postings posted in the last 7 days;
    - ~20% re-versions of base postings posted in the last NIGHT_RECENT_DAYS (postings are
      revised while live), newer than any base version; 2% of them move POSTED by up to 45
      days, so a month loses a posting and another gains it.

    Replays the base's random draws to know its postings; deterministic."""
    started = time.perf_counter()
    folder = Path(out_dir) / "postings"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 20_261_120])
    end_ord = end.toordinal()
    layout = Layout(rng, end_ord)
    base = sample(rng, layout.draws, postings, end_ord)
    day = end_ord + night
    nrng = np.random.default_rng([seed, 20_261_120, night])
    n_new = round(delta * NIGHT_NEW_SHARE)
    n_upd = min(delta - n_new, postings)

    def today(n: int) -> np.ndarray:
        return (day - EPOCH) * MS_DAY + nrng.integers(60_000, MS_DAY - 60_000, size=n)

    new = sample(nrng, layout.draws, n_new, day)
    new.cols["posted"] = (day - nrng.integers(0, 7, size=n_new)).astype(np.int32)
    new.cols["expired"] = np.full(n_new, -1, dtype=np.int32)
    new.cols["updated"] = today(n_new)
    # Postings are revised while they are live: re-version postings of the last NIGHT_RECENT_DAYS.
    recent = np.flatnonzero(base.cols["posted"] > day - NIGHT_RECENT_DAYS)
    n_upd = min(n_upd, len(recent))
    upd = revise(nrng, base.take(nrng.choice(recent, size=n_upd, replace=False)), day,
                  np.zeros(n_upd, dtype=bool), layout.draws.titles)  # fmt: skip
    upd.cols["updated"] = today(n_upd)
    shift = np.where(nrng.random(n_upd) < NIGHT_MOVE_SHARE,
                     nrng.integers(-45, 46, size=n_upd), 0).astype(np.int32)  # fmt: skip
    posted = np.minimum(upd.cols["posted"] + shift, day).astype(np.int32)
    shift = posted - upd.cols["posted"]
    upd.cols["posted"] = posted
    upd.cols["expired"] = np.where(upd.cols["expired"] >= 0, upd.cols["expired"] + shift,
                                   -1).astype(np.int32)  # fmt: skip
    rows = Latent.concat([new, upd])
    rows = rows.take(nrng.permutation(len(rows)))
    path = folder / NIGHT_NAME.format(night)
    name = f"postings/{path.name}"
    report = FastReport(str(out_dir), seed, date.fromordinal(day).isoformat(), n_new, len(rows),
                        n_upd, 0, [name], {name: len(rows)})  # fmt: skip
    report.bytes = _write_postings(path, rows, layout)
    report.seconds = time.perf_counter() - started
    report.rows_per_s = report.rows / report.seconds if report.seconds else math.inf
    return report


def main(argv: list[str] | None = None) -> None:
    """`python -m benchmarks.fast_generate OUT_DIR [--postings N] [--seed S] [--files F]
    [--gzip]`."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END)
    parser.add_argument("--gzip", action="store_true", help="write .csv.gz postings files")
    args = parser.parse_args(argv)
    report = fast_export(args.out_dir, args.postings, args.seed, args.end, args.files,
                         gzipped=args.gzip)  # fmt: skip
    print(json.dumps(report.as_dict(), indent=2))


if __name__ == "__main__":
    main()
