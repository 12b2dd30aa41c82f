"""The fast generator's rows before rendering: small integer "latent" columns drawn with numpy
(career, employer, city, title, dates, salary, ...), their re-versions and their breakages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from benchmarks.fast_text import (
    BODY_LINES,
    BREAKAGE_AT,
    BREAKAGES,
    EPOCH,
    HISTORY_DAYS,
    MS_DAY,
    RAW_PREFIX,
    SALARY_MAX,
    SALARY_MIN,
    SALARY_SHARE,
    VARIANTS_PER_CAREER,
)
from samples.catalog import BOARDS, CAREERS
from samples.sampling import normalized


@dataclass
class Draws:
    """What row sampling needs from the reference data (probabilities, premiums, indices)."""

    variant_premium: np.ndarray  # log-salary premium of each skill set
    edu_of_career: list[tuple[np.ndarray, np.ndarray]]  # (pattern indices, cumulative weights)
    employer_cum: np.ndarray  # cumulative P[career, employer]; employer 0 = Unclassified
    city_cum: np.ndarray  # cumulative P[city]; city 0 = no location
    city_wage: np.ndarray  # wage level per city index
    title_of_career: list[tuple[int, np.ndarray]]  # (first title, cumulative weights)
    titles: int  # title entries (title x raw prefix); index `titles` = Unclassified
    n_patterns: int  # education patterns; index n_patterns = the broken one
    n_variants: int  # skill sets; n_variants, n_variants + 1 = the broken ones


_LATENT = (
    "career", "lot", "variant", "edu", "employer", "city", "title", "posted", "expired",
    "updated", "salary", "salary_from", "salary_to", "min_years", "max_years", "remote",
    "employment", "internship", "board", "dups", "breakage", "body",
)  # fmt: skip


@dataclass
class Latent:
    """Integer columns of rows, before rendering. `ids` is (n, 20) uint8 (ID = its hex)."""

    ids: np.ndarray
    url: np.ndarray  # (n, 8) uint8
    cols: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.ids)

    def slice(self, start: int, stop: int) -> Latent:
        return Latent(self.ids[start:stop], self.url[start:stop],
                       {k: v[start:stop] for k, v in self.cols.items()})  # fmt: skip

    def take(self, index: np.ndarray) -> Latent:
        return Latent(self.ids[index], self.url[index],
                       {k: v[index] for k, v in self.cols.items()})  # fmt: skip

    @staticmethod
    def concat(parts: list[Latent]) -> Latent:
        return Latent(np.concatenate([p.ids for p in parts]),
                       np.concatenate([p.url for p in parts]),
                       {k: np.concatenate([p.cols[k] for p in parts])
                        for k in parts[0].cols})  # fmt: skip


def _pick_cumulative(rng: np.random.Generator, cum: np.ndarray, n: int) -> np.ndarray:
    return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(cum) - 1)


def sample(rng: np.random.Generator, draws: Draws, n: int, end_ord: int) -> Latent:
    """n fresh, valid postings."""
    n_car = len(CAREERS)
    career = rng.choice(n_car, size=n, p=normalized([c.weight for c in CAREERS])).astype(np.int16)
    variant = (career.astype(np.int32) * VARIANTS_PER_CAREER
               + rng.integers(0, VARIANTS_PER_CAREER, size=n, dtype=np.int32))  # fmt: skip
    edu = np.empty(n, dtype=np.int16)
    employer = np.empty(n, dtype=np.int16)
    title = np.empty(n, dtype=np.int32)
    for ci in range(n_car):
        idx = np.flatnonzero(career == ci)
        patterns, cum = draws.edu_of_career[ci]
        edu[idx] = patterns[_pick_cumulative(rng, cum, len(idx))]
        employer[idx] = 1 + _pick_cumulative(rng, draws.employer_cum[ci], len(idx))
        first, tcum = draws.title_of_career[ci]
        t = first + _pick_cumulative(rng, tcum, len(idx))
        title[idx] = t * len(RAW_PREFIX) + rng.integers(0, len(RAW_PREFIX), size=len(idx))
    employer[rng.random(n) < 0.05] = 0  # Unclassified
    title[rng.random(n) < 0.03] = draws.titles  # Unclassified
    city = (1 + _pick_cumulative(rng, draws.city_cum, n)).astype(np.int16)
    city[rng.random(n) < 0.01] = 0

    back = np.where(rng.random(n) < 0.5, rng.random(n), 1 - np.sqrt(rng.random(n)))
    posted = (end_ord - np.floor(back * (HISTORY_DAYS + 1))).astype(np.int32)
    expired = posted + rng.integers(10, 91, size=n, dtype=np.int32)
    keep = (expired <= end_ord) & (rng.random(n) < 0.65)
    expired = np.where(keep, expired, -1).astype(np.int32)
    last = np.where(keep, expired, end_ord)
    upd_day = posted + np.floor(rng.random(n) * (last - posted + 1)).astype(np.int64)
    updated = (upd_day - EPOCH) * MS_DAY + rng.integers(60_000, MS_DAY - 60_000, size=n)

    years_mean = np.array([c.experience for c in CAREERS])[career]
    min_years = np.clip(np.rint(rng.gamma(2.0, np.maximum(years_mean, 0.2) / 2)), 0, 15)
    min_years = np.where(rng.random(n) < 0.35, -1, min_years).astype(np.int8)
    max_years = np.where(
        (min_years >= 0) & (rng.random(n) < 0.12), min_years + rng.integers(2, 7, size=n), -1
    ).astype(np.int8)

    base = np.array([c.salary for c in CAREERS])[career]
    log_mid = (np.log(base * draws.city_wage[city]) + draws.variant_premium[variant]
               + 0.025 * np.maximum(min_years, 0) + rng.normal(0, 0.2, size=n))  # fmt: skip
    mid = np.exp(log_mid)
    spread = np.where(rng.random(n) < 0.35, 0.0, rng.uniform(0.05, 0.25, size=n))
    lo = np.clip(np.round(mid * (1 - spread), -3), SALARY_MIN, SALARY_MAX).astype(np.int32)
    hi = np.maximum(np.clip(np.round(mid * (1 + spread), -3), SALARY_MIN, SALARY_MAX), lo)
    hi = hi.astype(np.int32)
    has_salary = rng.random(n) < SALARY_SHARE
    salary = np.where(has_salary, (lo + hi) // 2, -1).astype(np.int32)

    remote_share = np.array([c.remote for c in CAREERS])[career]
    roll = rng.random(n)
    remote = np.select([roll < remote_share * 0.55, roll < remote_share,
                        roll < remote_share + 0.10], [1, 2, 3], 0).astype(np.int8)  # fmt: skip
    roll = rng.random(n)
    employment = np.where(roll < 0.08, 1, np.where(roll < 0.15, 2, 0)).astype(np.int8)
    cols = {
        "career": career, "lot": lot_kind(rng.random(n)), "variant": variant, "edu": edu,
        "employer": employer, "city": city, "title": title, "posted": posted,
        "expired": expired, "updated": updated, "salary": salary,
        "salary_from": np.where(has_salary, lo, -1).astype(np.int32),
        "salary_to": np.where(has_salary, hi, -1).astype(np.int32),
        "min_years": min_years, "max_years": max_years, "remote": remote,
        "employment": employment, "internship": rng.random(n) < 0.01,
        "board": rng.integers(0, len(BOARDS), size=n, dtype=np.int8),
        "dups": np.minimum(rng.geometric(0.45, size=n) - 1, 60).astype(np.int16),
        "breakage": np.full(n, -1, dtype=np.int8),
        "body": rng.integers(0, len(BODY_LINES), size=n, dtype=np.int8),
    }  # fmt: skip
    ids = rng.integers(0, 256, size=(n, 20), dtype=np.uint8)
    url = rng.integers(0, 256, size=(n, 8), dtype=np.uint8)
    return Latent(ids, url, cols)


def revise(
    rng: np.random.Generator,
    rows: Latent,
    end_ord: int,
    older: np.ndarray,
    unclassified_title: int,
) -> Latent:
    """New versions of `rows`: a later (or, where `older`, an earlier) update time; the salary,
    title and expiry may change."""
    new = rows.take(np.arange(len(rows)))
    c = new.cols
    n = len(rows)
    end_ms = (end_ord - EPOCH + 1) * MS_DAY - 1
    posted_ms = (c["posted"].astype(np.int64) - EPOCH) * MS_DAY
    later = c["updated"] + 1000 * rng.integers(1, 30 * 86_400, size=n)
    later = np.minimum(later, end_ms)
    earlier = np.maximum(c["updated"] - 1000 * rng.integers(1, 20 * 86_400, size=n), posted_ms)
    c["updated"] = np.where(older, earlier, later)
    c["dups"] = (c["dups"] + 1).astype(np.int16)
    raise_pay = (c["salary"] >= 0) & (rng.random(n) < 0.6)
    factor = rng.uniform(0.94, 1.12, size=n)
    for col in ("salary_from", "salary_to"):
        revised = np.clip(np.round(c[col] * factor, -3), SALARY_MIN, SALARY_MAX)
        c[col] = np.where(raise_pay, revised, c[col]).astype(np.int32)
    c["salary_to"] = np.maximum(c["salary_to"], c["salary_from"])
    c["salary"] = np.where(raise_pay, (c["salary_from"] + c["salary_to"]) // 2,
                           c["salary"]).astype(np.int32)  # fmt: skip
    retitle = (rng.random(n) < 0.3) & (c["title"] < unclassified_title)
    c["title"] = np.where(retitle, c["title"] - c["title"] % len(RAW_PREFIX)
                          + rng.integers(0, len(RAW_PREFIX), size=n), c["title"])  # fmt: skip
    return new


def break_rows(rng: np.random.Generator, rows: Latent, draws: Draws) -> None:
    """Apply one breakage per row, round robin over BREAKAGES (in place)."""
    kinds = (np.arange(len(rows)) % len(BREAKAGES)).astype(np.int8)
    rows.cols["breakage"] = kinds
    c = rows.cols
    c["variant"] = np.select([kinds == BREAKAGE_AT["skills_broken_json"],
                              kinds == BREAKAGE_AT["skills_name_shorter"]],
                             [draws.n_variants, draws.n_variants + 1], c["variant"])  # fmt: skip
    c["edu"] = np.where(kinds == BREAKAGE_AT["education_7"], draws.n_patterns,
                        c["edu"]).astype(np.int16)  # fmt: skip
    before = kinds == BREAKAGE_AT["expired_before_posted"]
    c["expired"] = np.where(before, c["posted"] - 1 - rng.integers(0, 30, size=len(rows)),
                            c["expired"]).astype(np.int32)  # fmt: skip


def lot_kind(roll: np.ndarray) -> np.ndarray:
    """How a posting's LOT columns read: 0 its career; 1 no specialized occupation (2%);
    2 Lightcast's unclassified occupation `99999999` (4%, as in a real sample export)."""
    return np.select([roll < 0.02, roll < 0.06], [1, 2], 0).astype(np.int8)
