"""Sampling fresh postings: every column of n valid postings drawn at once (numpy arrays),
from the careers' weights, skills and salaries, the employers' sector mixes and the cities'
populations.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from samples.catalog import (
    CAREERS,
    CITIES,
    COMMON,
    COMMON_BY_FAMILY,
    EMPLOYERS,
    PAY_TRANSPARENT,
    RAW_PREFIX,
    RAW_SUFFIX,
    SECTORS,
    SKILL_INDEX,
    SKILLS,
    STATE_INDEX,
    STATE_ROWS,
    TERRITORIES,
    Career,
)
from samples.columns import EPOCH_ORD, MS_DAY

HISTORY_DAYS = 608  # ~20 months of postings before `end`


def normalized(values: Sequence[float]) -> np.ndarray:
    """values scaled to sum to 1 (probabilities)."""
    arr = np.asarray(values, dtype=float)
    return arr / arr.sum()


def _zipf(n: int, a: float = 0.85) -> np.ndarray:
    return normalized(1.0 / np.arange(1, n + 1) ** a)


def _career_skill_matrix(careers: Sequence[Career]) -> np.ndarray:
    """P[career, skill] = probability the skill appears in a posting of that career."""
    probs = np.full((len(careers), len(SKILLS)), 0.005)
    for ci, career in enumerate(careers):
        for table in (COMMON, COMMON_BY_FAMILY[career.family], career.skills):
            for name, p in table.items():
                probs[ci, SKILL_INDEX[name]] = p
    return probs


def _employer_matrix(careers: Sequence[Career]) -> np.ndarray:
    """P[career, employer] from each career's sector mix and Zipf sizes inside a sector."""
    sector_of = np.array([SECTORS.index(e.sector) for e in EMPLOYERS])
    within = np.zeros(len(EMPLOYERS))
    for si in range(len(SECTORS)):
        idx = np.flatnonzero(sector_of == si)
        within[idx] = _zipf(len(idx))
    out = np.zeros((len(careers), len(EMPLOYERS)))
    for ci, career in enumerate(careers):
        for sector, share in career.employers.items():
            mask = sector_of == SECTORS.index(sector)
            out[ci, mask] = share * within[mask]
        out[ci] /= out[ci].sum()
    return out


def _city_probs(tech: bool) -> np.ndarray:
    per_state = np.array([(r[5] * (r[4] if tech else 1.0)) if r[0] < 60 else 0.0
                          for r in STATE_ROWS])  # fmt: skip
    per_state = per_state / per_state.sum() * (1 - sum(t[3] for t in TERRITORIES))
    for _fips, abbr, _name, share, _wage in TERRITORIES:
        per_state[STATE_INDEX[abbr]] = share
    state_weight: dict[int, float] = {}
    for c in CITIES:
        state_weight[c.state] = state_weight.get(c.state, 0.0) + c.weight
    return normalized([per_state[c.state] * c.weight / state_weight[c.state] for c in CITIES])


@dataclass
class Sample:
    """Column arrays of freshly sampled postings (all valid)."""

    career: np.ndarray
    nospec: np.ndarray
    city: np.ndarray  # -1: no location
    employer: np.ndarray  # -1: Unclassified
    title: np.ndarray  # index into career.titles, -1: Unclassified
    raw_prefix: np.ndarray
    raw_suffix: np.ndarray
    posted: np.ndarray  # date ordinal
    expired: np.ndarray  # date ordinal, -1: empty
    modeled: np.ndarray  # modeled duration (days)
    updated: np.ndarray  # LAST_UPDATED_TIMESTAMP, ms since epoch
    duplicates: np.ndarray
    education: list[tuple[int, ...]]
    min_years: np.ndarray  # -1: empty
    max_years: np.ndarray  # -1: empty
    salary: np.ndarray  # -1: empty
    salary_from: np.ndarray
    salary_to: np.ndarray
    pay_period: np.ndarray  # 0 year, 1 hour, 2 month
    remote: np.ndarray
    employment: np.ndarray
    internship: np.ndarray
    skills: list[list[int]]
    sources: np.ndarray  # number of sources 1..3
    source_seed: np.ndarray
    sectors: np.ndarray  # LIGHTCAST_SECTORS id, 0: none
    cip: np.ndarray  # how many CIP codes
    url_hex: list[str]


#: (rng, n) -> career index of each of n postings
AssignCareers = Callable[[np.random.Generator, int], np.ndarray]
#: (rng, career index per posting, skills present by the career's probabilities) -> the skills
#: present (a profile's own rule)
PickSkills = Callable[[np.random.Generator, np.ndarray, np.ndarray], np.ndarray]


def sample_postings(rng: np.random.Generator, n: int, end_ord: int,
                    careers: Sequence[Career] = CAREERS, assign: AssignCareers | None = None,
                    pick_skills: PickSkills | None = None) -> Sample:  # fmt: skip
    """Sample n postings of `careers`: by their weights, or as `assign` says; skills by the
    careers' probabilities, or as `pick_skills` says."""
    nc = len(careers)
    if assign is None:
        career = rng.choice(nc, size=n, p=normalized([c.weight for c in careers]))
    else:
        career = assign(rng, n)
    nospec = rng.random(n) < 0.02
    family = np.array([c.family for c in careers])[career]
    tech = family == "tech"

    city = np.where(tech, rng.choice(len(CITIES), size=n, p=_city_probs(True)),
                    rng.choice(len(CITIES), size=n, p=_city_probs(False)))  # fmt: skip
    city[rng.random(n) < 0.01] = -1

    employer = np.empty(n, dtype=np.int64)
    emp_p = _employer_matrix(careers)
    title = np.empty(n, dtype=np.int64)
    for ci, c in enumerate(careers):
        idx = np.flatnonzero(career == ci)
        employer[idx] = rng.choice(len(EMPLOYERS), size=len(idx), p=emp_p[ci])
        title_p = normalized([w for _, w in c.titles])
        title[idx] = rng.choice(len(c.titles), size=len(idx), p=title_p)
    employer[rng.random(n) < 0.05] = -1
    title[rng.random(n) < 0.03] = -1
    raw_prefix = rng.integers(len(RAW_PREFIX), size=n)
    raw_suffix = rng.integers(len(RAW_SUFFIX), size=n)

    # POSTED: half uniform over the history, half ramping up towards `end`; weekends thinned.
    days_back = np.where(rng.random(n) < 0.5, rng.random(n), 1 - np.sqrt(rng.random(n)))
    posted = end_ord - np.floor(days_back * (HISTORY_DAYS + 1)).astype(np.int64)
    weekday = (posted - 1) % 7  # date.fromordinal(1) is a Monday -> 0
    weekend = (weekday >= 5) & (rng.random(n) < 0.6)
    posted = np.where(weekend, np.where(weekday == 5, posted - 1, posted + 1), posted)
    posted = np.minimum(posted, end_ord)
    expired = posted + rng.integers(10, 91, size=n)
    keep = (expired <= end_ord) & (rng.random(n) < 0.655)
    expired = np.where(keep, expired, -1)
    modeled = np.where(keep, expired - posted, rng.integers(15, 61, size=n))
    last_day = np.where(keep, np.minimum(expired + rng.integers(0, 4, size=n), end_ord), end_ord)
    upd_day = posted + np.floor(rng.random(n) * (last_day - posted + 1)).astype(np.int64)
    upd_ms = rng.integers(60_000, MS_DAY - 60_000, size=n)  # never exactly midnight
    updated = (upd_day - EPOCH_ORD) * MS_DAY + upd_ms
    duplicates = np.minimum(rng.geometric(0.45, size=n) - 1, 60)

    # education
    edu_pick = rng.random(n)
    education: list[tuple[int, ...]] = [()] * n
    edu_roll = rng.random(n)
    career_l = career.tolist()
    for i in range(n):
        roll = edu_roll[i]
        if roll < 0.20:
            education[i] = (99,)
        elif roll < 0.23:
            education[i] = ()
        else:
            acc = 0.0
            patterns = careers[career_l[i]].education
            chosen = patterns[-1][0]
            for pattern, w in patterns:
                acc += w
                if edu_pick[i] < acc:
                    chosen = pattern
                    break
            education[i] = chosen

    exp_mean = np.array([c.experience for c in careers])[career]
    min_years = np.rint(rng.gamma(2.0, np.maximum(exp_mean, 0.2) / 2.0)).astype(np.int64)
    min_years = np.clip(min_years, 0, 15)
    min_years[rng.random(n) < 0.35] = -1
    max_years = np.where((min_years >= 0) & (rng.random(n) < 0.12),
                         min_years + rng.integers(2, 7, size=n), -1)  # fmt: skip

    # skills
    # Common skills scale with how wordy an ad is: P' = 1 - (1 - P) ** verbosity.
    probs = _career_skill_matrix(careers).astype(np.float32)[career]
    common = np.array([s.type == "C" for s in SKILLS])
    verbosity = np.exp(rng.normal(0.3, 0.5, size=n)).astype(np.float32)
    probs[:, common] = 1 - (1 - probs[:, common]) ** verbosity[:, None]
    present = rng.random((n, len(SKILLS)), dtype=np.float32) < probs
    if pick_skills is not None:
        present = pick_skills(rng, career, present)
    rows, cols = np.nonzero(present)
    counts = np.bincount(rows, minlength=n)
    skills = [a.tolist() for a in np.split(cols, np.cumsum(counts)[:-1])] if n else []

    # salary: lognormal around the career target, state wage level, skills, experience, degree
    wage = np.array([r[3] for r in STATE_ROWS])
    city_state = np.array([c.state for c in CITIES])
    state_factor = np.where(city >= 0, wage[city_state[np.maximum(city, 0)]], 1.0)
    lp = np.log(state_factor) + 0.025 * np.maximum(min_years, 0)
    edu_bonus = np.array([0.08 if 4 in e else 0.04 if 3 in e else 0.0 for e in education])
    lp = lp + edu_bonus
    for ci, c in enumerate(careers):
        for name, premium in c.premium.items():
            lp = lp + np.where((career == ci) & present[:, SKILL_INDEX[name]], 1.5 * premium, 0.0)
    sigma = 0.22
    log_salary = np.empty(n)
    z = rng.standard_normal(n)
    for ci, c in enumerate(careers):
        idx = np.flatnonzero(career == ci)
        if len(idx):
            mu = math.log(c.salary) - sigma**2 / 2 - math.log(float(np.mean(np.exp(lp[idx]))))
            log_salary[idx] = mu + lp[idx] + sigma * z[idx]
    transparent = np.array([r[1] in PAY_TRANSPARENT for r in STATE_ROWS])
    in_transparent = (city >= 0) & transparent[city_state[np.maximum(city, 0)]]
    has_salary = rng.random(n) < np.where(in_transparent, 0.62, 0.355)
    hourly_share = np.array([c.hourly for c in careers])[career]
    roll = rng.random(n)
    pay_period = np.where(roll < hourly_share, 1,
                          np.where(roll > 0.985, 2, 0))  # fmt: skip
    mid = np.exp(log_salary)
    spread = np.where(rng.random(n) < 0.35, 0.0, rng.uniform(0.05, 0.25, size=n))
    lo, hi = mid * (1 - spread), mid * (1 + spread)
    hourly_lo = np.round(lo / 2080 * 2) / 2 * 2080  # half-dollar hourly rates
    hourly_hi = np.round(hi / 2080 * 2) / 2 * 2080
    monthly_lo = np.round(lo / 12 / 50) * 50 * 12
    monthly_hi = np.round(hi / 12 / 50) * 50 * 12
    yearly_lo, yearly_hi = np.round(lo / 1000) * 1000, np.round(hi / 1000) * 1000
    sal_from = np.select([pay_period == 1, pay_period == 2], [hourly_lo, monthly_lo], yearly_lo)
    sal_to = np.select([pay_period == 1, pay_period == 2], [hourly_hi, monthly_hi], yearly_hi)
    sal_from = np.clip(np.rint(sal_from), 15_000, 900_000).astype(np.int64)
    sal_to = np.maximum(np.clip(np.rint(sal_to), 15_000, 900_000).astype(np.int64), sal_from)
    salary = (sal_from + sal_to) // 2
    salary = np.where(has_salary, salary, -1)

    remote_share = np.array([c.remote for c in careers])[career]
    roll = rng.random(n)
    remote = np.select(
        [roll < remote_share * 0.55, roll < remote_share, roll < remote_share + 0.10],
        [1, 2, 3],
        0,
    )
    part_time = np.where(family == "health", 0.18, 0.07)
    roll = rng.random(n)
    employment = np.where(roll < part_time, 2, np.where(roll < part_time + 0.08, 3, 1))
    internship = rng.random(n) < np.where((family == "tech") | (family == "finance"), 0.02, 0.002)

    sources = rng.choice([1, 2, 3], size=n, p=[0.55, 0.3, 0.15])
    source_seed = rng.integers(0, 1 << 30, size=n)
    ai = np.isin(career, [i for i, c in enumerate(careers) if c.occupation in (231010, 231110)])
    roll = rng.random(n)
    sectors = np.select(
        [ai & (roll < 0.85), tech & (roll < 0.10), (family == "trades") & (roll < 0.20)],
        [1, 2, 7],
        0,
    )
    cip = rng.choice([0, 1, 2, 3], size=n, p=[0.2, 0.45, 0.25, 0.1])
    url_bytes = rng.integers(0, 256, size=(n, 8), dtype=np.uint8).tobytes().hex()
    url_hex = [url_bytes[16 * i : 16 * i + 16] for i in range(n)]
    return Sample(
        career,
        nospec,
        city,
        employer,
        title,
        raw_prefix,
        raw_suffix,
        posted,
        expired,
        modeled,
        updated,
        duplicates,
        education,
        min_years,
        max_years,
        salary,
        sal_from,
        sal_to,
        pay_period,
        remote,
        employment,
        internship,
        skills,
        sources,
        source_seed,
        sectors,
        cip,
        url_hex,
    )
