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

import base64
import gzip
import hashlib
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
import pyarrow as pa

from samples.generate import (
    CAREER_AREAS,
    CAREERS,
    CITIES,
    EDUCATION_NAMES,
    EMPLOYERS,
    FIRST_EMPLOYMENT_YEAR,
    OCCUPATION_GROUPS,
    OCCUPATIONS,
    ONET_NAMES,
    SKILLS,
    SOC_NAMES,
    STATES,
    TERRITORIES,
    UNCLASSIFIED,
)
from samples.quirks import UNCLASSIFIED_LEVELS
from schemas.postings import KNOWN_COLUMNS

HEADER: list[str] = list(KNOWN_COLUMNS)
VARIANTS_PER_CAREER = 512  # pre-rendered skill sets per career
CHUNK_ROWS = 10_000  # rows rendered and written at once (~40 MB of text: stays in the allocator)
UPDATE_SHARE = 0.05  # re-versions, as a share of `postings`
BAD_SHARE = 0.01  # rows breaking a rule, as a share of all valid rows
OLDER_SHARE = 0.20  # re-versions older than the version they follow (they must lose)
REUSE_SHARE = 1 / 3  # broken rows that reuse a valid ID with a later update time
SALARY_SHARE = 0.45  # rows with a salary
HISTORY_DAYS = 608  # POSTED spans ~20 months before `end`
SALARY_MIN, SALARY_MAX = 15_000, 900_000  # advertised range bounds (multiples of 1000)
DEFAULT_END = date(2026, 11, 20)
POSTINGS_NAME = "lightcast_postings_part{:02d}.csv"
SKILLS_NAME = "skills_taxonomy.json"
EMPLOYMENT_NAME = "occupation_employment.csv"

_MS_DAY = 86_400_000
_EPOCH = date(1970, 1, 1).toordinal()

# Rule breakages (the reason texts of docs/ROW_RULES.md); each bad row gets one of these.
BREAKAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id_empty", ("ID is empty",)),
    ("posted_month_13", ("POSTED is not a date",)),
    ("posted_word", ("POSTED is not a date",)),
    ("expired_word", ("EXPIRED is not a date",)),
    ("expired_before_posted", ("EXPIRED is before POSTED",)),
    ("state_99", ("STATE is not a state FIPS code",)),
    ("salary_separator", ("SALARY is not a plain number above 0 and below 5,000,000",)),
    ("salary_negative", ("SALARY is not a plain number above 0 and below 5,000,000",)),
    ("years_plus", ("MIN_YEARS_EXPERIENCE is not a whole number from 0 to 60",)),
    ("years_61", ("MIN_YEARS_EXPERIENCE is not a whole number from 0 to 60",)),
    ("education_7", ("EDUCATION_LEVELS is not a list of codes 0-4 or 99",)),
    ("skills_broken_json", ("SKILLS is not a list of strings",)),
    ("skills_name_shorter", ("SKILLS_NAME is not a list of the same length as SKILLS",)),
    ("posted_and_salary", ("POSTED is not a date",
                           "SALARY is not a plain number above 0 and below 5,000,000")),
)  # fmt: skip
_B = {name: k for k, (name, _) in enumerate(BREAKAGES)}
_KEEPS_ID = np.array([name != "id_empty" for name, _ in BREAKAGES])

# ============================================================================ text helpers


def _jlist(items: list) -> str:
    """A pretty-printed JSON array (real newlines, two-space indent); `[]` when empty."""
    if not items:
        return "[]"
    return "[\n  " + ",\n  ".join(json.dumps(x, ensure_ascii=False) for x in items) + "\n]"


def _field(value) -> str:
    """One CSV field (RFC 4180): empty for None; quoted, quotes doubled, when needed."""
    if value is None:
        return ""
    text = str(value)
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _esc(text: str) -> str:
    """Text inside an already quoted field."""
    return text.replace('"', '""')


def _run(values: list) -> str:
    """Adjacent fields, each followed by its comma."""
    return "".join(_field(v) + "," for v in values)


def _weights(values) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    return arr / arr.sum()


def _code(text: str, n: int) -> str:
    """n upper-case hex digits derived from text (stable across runs)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n].upper()


# ============================================================================ reference data

_STATE_ROWS = [(f, a, n, w) for f, a, n, _pop, w, _tech in STATES] + [
    (f, a, n, w) for f, a, n, _share, w in TERRITORIES
]
_TYPES = {"S": ("ST1", "Specialized Skill"), "C": ("ST2", "Common Skill"),
          "T": ("ST3", "Certification")}  # fmt: skip
_SECTOR_NAICS = {  # employer sector -> NAICS 2..6 (code, name)
    "tech": [(51, "Information"), (513, "Publishing Industries"), (5132, "Software Publishers"),
             (51321, "Software Publishers"), (513210, "Software Publishers")],
    "health": [(62, "Health Care and Social Assistance"), (622, "Hospitals"),
               (6221, "General Medical and Surgical Hospitals"),
               (62211, "General Medical and Surgical Hospitals"),
               (622110, "General Medical and Surgical Hospitals")],
    "finance": [(54, "Professional, Scientific, and Technical Services"),
                (541, "Professional, Scientific, and Technical Services"),
                (5412, "Accounting, Tax Preparation, Bookkeeping, and Payroll Services"),
                (54121, "Accounting, Tax Preparation, Bookkeeping, and Payroll Services"),
                (541211, "Offices of Certified Public Accountants")],
    "trades": [(23, "Construction"), (238, "Specialty Trade Contractors"),
               (2382, "Building Equipment Contractors"),
               (23821, "Electrical Contractors and Other Wiring Installation Contractors"),
               (238210, "Electrical Contractors and Other Wiring Installation Contractors")],
    "staffing": [(56, "Administrative and Support and Waste Management and Remediation "
                      "Services"), (561, "Administrative and Support Services"),
                 (5613, "Employment Services"), (56132, "Temporary Help Services"),
                 (561320, "Temporary Help Services")],
    "general": [(92, "Public Administration"),
                (921, "Executive, Legislative, and Other General Government Support"),
                (9211, "Executive, Legislative, and Other General Government Support"),
                (92119, "Other General Government Support"),
                (921190, "Other General Government Support")],
    "unclassified": [(99, "Unclassified Industry"), (999, "Unclassified Industry"),
                     (9999, "Unclassified Industry"), (99999, "Unclassified Industry"),
                     (999999, "Unclassified Industry")],
}  # fmt: skip
_FAMILY_CIP = {  # (CIP6, name, CIP4, name, CIP2, name)
    "tech": ("11.0701", "Computer Science", "11.07", "Computer Science", "11",
             "Computer and Information Sciences and Support Services"),
    "health": ("51.3801", "Registered Nursing/Registered Nurse", "51.38",
               "Registered Nursing, Nursing Administration, Nursing Research and Clinical "
               "Nursing", "51", "Health Professions and Related Programs"),
    "finance": ("52.0301", "Accounting", "52.03", "Accounting and Related Services", "52",
                "Business, Management, Marketing, and Related Support Services"),
    "trades": ("46.0302", "Electrician", "46.03", "Electrical and Power Transmission Installers",
               "46", "Construction Trades"),
}  # fmt: skip
_BOARDS = ("indeed.com", "linkedin.com", "ziprecruiter.com", "glassdoor.com",
           "careerbuilder.com", "simplyhired.com", "monster.com")  # fmt: skip
_RAW_PREFIX = ("", "", "", "Senior ", "Sr. ", "Lead ", "Junior ")
_REMOTE = ((0, "[None]"), (1, "Remote"), (2, "Hybrid Remote"), (3, "Not Remote"))
_EMPLOYMENT = ((1, "Full-time (> 32 hours)"), (2, "Part-time (â‰¤ 32 hours)"),
               (3, "Part-time / full-time"))  # fmt: skip
_BODY_LINES = (
    'We offer competitive pay, "best-in-class" benefits and a 401(k) match.',
    "Join a team that values curiosity, ownership, and doing the right thing.",
    "Full benefits package; relocation assistance available for qualified candidates.",
    "We are an equal opportunity employer, and all qualified applicants will be considered.",
)


def _soc_levels(soc: str) -> list[tuple[str, str]]:
    minor = soc[:5] + "00" if soc[:5] + "00" in SOC_NAMES else soc[:4] + "000"
    return [(c, SOC_NAMES.get(c, c)) for c in (soc[:3] + "0000", minor, soc[:6] + "0", soc)]


def _skill_weights() -> np.ndarray:
    """Relative weights W[career, skill]: the career's skills, common skills, a background."""
    index = {s.name: i for i, s in enumerate(SKILLS)}
    common = [i for i, s in enumerate(SKILLS) if s.type == "C"]
    w = np.full((len(CAREERS), len(SKILLS)), 0.004)
    w[:, common] = 0.25 / np.arange(1, len(common) + 1) ** 0.8
    for ci, career in enumerate(CAREERS):
        for name, p in career.skills.items():
            w[ci, index[name]] = p
    return w


@dataclass
class _Draws:
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


# ============================================================================ latent rows


_LATENT = (
    "career", "lot", "variant", "edu", "employer", "city", "title", "posted", "expired",
    "updated", "salary", "salary_from", "salary_to", "min_years", "max_years", "remote",
    "employment", "internship", "board", "dups", "breakage", "body",
)  # fmt: skip


@dataclass
class _Latent:
    """Integer columns of rows, before rendering. `ids` is (n, 20) uint8 (ID = its hex)."""

    ids: np.ndarray
    url: np.ndarray  # (n, 8) uint8
    cols: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.ids)

    def slice(self, start: int, stop: int) -> _Latent:
        return _Latent(self.ids[start:stop], self.url[start:stop],
                       {k: v[start:stop] for k, v in self.cols.items()})  # fmt: skip

    def take(self, index: np.ndarray) -> _Latent:
        return _Latent(self.ids[index], self.url[index],
                       {k: v[index] for k, v in self.cols.items()})  # fmt: skip

    @staticmethod
    def concat(parts: list[_Latent]) -> _Latent:
        return _Latent(np.concatenate([p.ids for p in parts]),
                       np.concatenate([p.url for p in parts]),
                       {k: np.concatenate([p.cols[k] for p in parts])
                        for k in parts[0].cols})  # fmt: skip


def _pick_cumulative(rng: np.random.Generator, cum: np.ndarray, n: int) -> np.ndarray:
    return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(cum) - 1)


def _sample(rng: np.random.Generator, draws: _Draws, n: int, end_ord: int) -> _Latent:
    """n fresh, valid postings."""
    n_car = len(CAREERS)
    career = rng.choice(n_car, size=n, p=_weights([c.weight for c in CAREERS])).astype(np.int16)
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
        title[idx] = t * len(_RAW_PREFIX) + rng.integers(0, len(_RAW_PREFIX), size=len(idx))
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
    updated = (upd_day - _EPOCH) * _MS_DAY + rng.integers(60_000, _MS_DAY - 60_000, size=n)

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
        "career": career, "lot": _lot_kind(rng.random(n)), "variant": variant, "edu": edu,
        "employer": employer, "city": city, "title": title, "posted": posted,
        "expired": expired, "updated": updated, "salary": salary,
        "salary_from": np.where(has_salary, lo, -1).astype(np.int32),
        "salary_to": np.where(has_salary, hi, -1).astype(np.int32),
        "min_years": min_years, "max_years": max_years, "remote": remote,
        "employment": employment, "internship": rng.random(n) < 0.01,
        "board": rng.integers(0, len(_BOARDS), size=n, dtype=np.int8),
        "dups": np.minimum(rng.geometric(0.45, size=n) - 1, 60).astype(np.int16),
        "breakage": np.full(n, -1, dtype=np.int8),
        "body": rng.integers(0, len(_BODY_LINES), size=n, dtype=np.int8),
    }  # fmt: skip
    ids = rng.integers(0, 256, size=(n, 20), dtype=np.uint8)
    url = rng.integers(0, 256, size=(n, 8), dtype=np.uint8)
    return _Latent(ids, url, cols)


def _revise(
    rng: np.random.Generator,
    rows: _Latent,
    end_ord: int,
    older: np.ndarray,
    unclassified_title: int,
) -> _Latent:
    """New versions of `rows`: a later (or, where `older`, an earlier) update time; the salary,
    title and expiry may change."""
    new = rows.take(np.arange(len(rows)))
    c = new.cols
    n = len(rows)
    end_ms = (end_ord - _EPOCH + 1) * _MS_DAY - 1
    posted_ms = (c["posted"].astype(np.int64) - _EPOCH) * _MS_DAY
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
    c["title"] = np.where(retitle, c["title"] - c["title"] % len(_RAW_PREFIX)
                          + rng.integers(0, len(_RAW_PREFIX), size=n), c["title"])  # fmt: skip
    return new


def _break(rng: np.random.Generator, rows: _Latent, draws: _Draws) -> None:
    """Apply one breakage per row, round robin over BREAKAGES (in place)."""
    kinds = (np.arange(len(rows)) % len(BREAKAGES)).astype(np.int8)
    rows.cols["breakage"] = kinds
    c = rows.cols
    c["variant"] = np.select([kinds == _B["skills_broken_json"],
                              kinds == _B["skills_name_shorter"]],
                             [draws.n_variants, draws.n_variants + 1], c["variant"])  # fmt: skip
    c["edu"] = np.where(kinds == _B["education_7"], draws.n_patterns, c["edu"]).astype(np.int16)
    before = kinds == _B["expired_before_posted"]
    c["expired"] = np.where(before, c["posted"] - 1 - rng.integers(0, 30, size=len(rows)),
                            c["expired"]).astype(np.int32)  # fmt: skip


# ============================================================================ the text pool


@dataclass
class _Segment:
    name: str
    columns: tuple[str, ...]  # header columns whose field starts in this segment
    entries: list[str]  # CSV text, separators included


_HEX = np.frombuffer(b"".join(f"{i:02x}".encode() for i in range(256)), dtype=np.uint16)


def _fixed_strings(chars: np.ndarray) -> pa.Array:
    """(n, k) uint8 characters -> n strings of k characters each."""
    n, k = chars.shape
    offsets = np.arange(0, k * (n + 1), k, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(chars))]
    )


class _Layout:
    """The pre-rendered text of every segment of a row, and how a row picks its segments."""

    # Segments in row order ("hex" twice: the URL and, for an active posting, ACTIVE_URLS).
    ORDER = (
        "id", "updated", "hms", "ms", "dups", "posted", "expired", "duration", "sources",
        "url_head", "hex", "url_mid", "hex", "url_tail", "title_body", "body_company",
        "body_city", "body_skills", "body_end", "modeled_expired", "modeled_duration",
        "company", "edu", "employment", "min_years", "max_years", "internship", "salary",
        "remote", "pay", "salary_to", "salary_from", "city", "naics", "title", "skills",
        "career", "naics22",
    )  # fmt: skip

    def __init__(self, rng: np.random.Generator, end_ord: int):
        self.day0 = end_ord - HISTORY_DAYS - 100
        days = [date.fromordinal(d) for d in range(self.day0, end_ord + 150)]
        self.n_days = len(days)
        mdy = [f"{d.month}/{d.day}/{d.year}" for d in days]
        self.n_salary = (SALARY_MAX - SALARY_MIN) // 500 + 1
        self.n_thousands = SALARY_MAX // 1000 + 1
        segs: dict[str, _Segment] = {}

        def seg(name: str, columns: tuple[str, ...], entries: list[str]) -> None:
            segs[name] = _Segment(name, columns, entries)

        boards = list(_BOARDS)
        seg("id", ("ID",), [","])  # the empty ID; real IDs are appended per chunk
        seg(
            "updated",
            ("LAST_UPDATED_DATE", "LAST_UPDATED_TIMESTAMP"),
            [f"{m},{d.isoformat()} " for m, d in zip(mdy, days, strict=True)],
        )
        seg("hms", (), [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}." for s in range(86_400)])
        seg("ms", (), [f"{m:03d}," for m in range(1000)])
        seg("dups", ("DUPLICATES",), [f"{k}," for k in range(100)])
        seg("posted", ("POSTED",), [m + "," for m in mdy] + ["13/45/2024,", "yesterday,"])
        seg("expired", ("EXPIRED",), [m + "," for m in mdy] + [",", "soon,"])
        seg("duration", ("DURATION",), [f"{d}," for d in range(-60, 121)] + [","])
        seg(
            "sources",
            ("SOURCE_TYPES", "SOURCES"),
            [_run([_jlist([t]), _jlist([b])]) for t in ("Job Board", "Recruiter") for b in boards],
        )
        seg("url_head", ("URL",), ['"[\n  ""https://www.' + b + "/job/" for b in boards])
        seg("hex", (), [""])  # no URL in ACTIVE_URLS; the real hex ids are appended per chunk
        seg(
            "url_mid",
            ("ACTIVE_URLS",),  # [active * 7 + board]
            ['""\n]",[],' for _ in boards]
            + ['""\n]","[\n  ""https://www.' + b + "/job/" for b in boards],
        )
        seg(
            "url_tail",
            ("ACTIVE_SOURCES_INFO",),
            ["[]," for _ in boards] + ['""\n]",' + _field(_jlist([b])) + "," for b in boards],
        )

        # titles: [title * len(_RAW_PREFIX) + prefix]; the last entry is Unclassified
        titles, title_of_career, first = [], [], 0
        for career in CAREERS:
            for (name, _), raw in zip(career.titles, career.raw_titles, strict=True):
                titles += [(name, prefix + raw) for prefix in _RAW_PREFIX]
            title_of_career.append((first, np.cumsum(_weights([w for _, w in career.titles]))))
            first += len(career.titles)
        titles.append((UNCLASSIFIED, "Associate"))
        seg(
            "title_body",
            ("TITLE_RAW", "BODY"),
            [_field(raw) + ',"' + _esc(raw) + "\n" for _, raw in titles],
        )
        seg("title", ("TITLE", "TITLE_NAME", "TITLE_CLEAN"),
            [_run(["ET" + _code(name, 16) if name != UNCLASSIFIED else "ET0000000000000000",
                   name, raw.lower()]) for name, raw in titles])  # fmt: skip

        # employers: [1 + employer], 0 = Unclassified; Zipf sizes within a sector
        employers = [None, *EMPLOYERS]
        seg("body_company", (), [_esc(e.name if e else "Our client") + " is hiring in "
                                 for e in employers])  # fmt: skip
        company, naics, naics22 = [], [], []
        for e in employers:
            codes = _SECTOR_NAICS["unclassified" if e is None else
                                  "staffing" if e.staffing else e.sector]  # fmt: skip
            flat = [x for pair in codes for x in pair]
            company.append(_run([e.company_id, e.name, e.name + ", Inc.",
                                 "true" if e.staffing else "false"] if e else
                                [0, UNCLASSIFIED, "Confidential", "false"]))  # fmt: skip
            naics.append(_run(flat))
            naics22.append(_run(flat)[:-1] + "\n")
        self.staffing = np.array([False] + [e.staffing for e in EMPLOYERS], dtype=np.int64)
        seg("company", ("COMPANY", "COMPANY_NAME", "COMPANY_RAW", "COMPANY_IS_STAFFING"), company)
        seg("naics", tuple(f"NAICS{k}{s}" for k in range(2, 7) for s in ("", "_NAME")), naics)
        seg(
            "naics22",
            tuple(f"NAICS_2022_{k}{s}" for k in range(2, 7) for s in ("", "_NAME")),
            naics22,
        )
        sectors = sorted({e.sector for e in EMPLOYERS})
        sector_of = np.array([sectors.index(e.sector) for e in EMPLOYERS])
        within = np.zeros(len(EMPLOYERS))
        for si in range(len(sectors)):
            idx = np.flatnonzero(sector_of == si)
            within[idx] = _weights(1.0 / np.arange(1, len(idx) + 1) ** 1.1)
        employer_cum = np.zeros((len(CAREERS), len(EMPLOYERS)))
        for ci, career in enumerate(CAREERS):
            for sector, share in career.employers.items():
                mask = sector_of == sectors.index(sector)
                employer_cum[ci, mask] = share * within[mask]
            employer_cum[ci] = np.cumsum(employer_cum[ci] / employer_cum[ci].sum())

        # cities: [1 + city], 0 = no location, last = a row whose STATE is 99 (a breakage)
        city_cols = ("LOCATION", "CITY", "CITY_NAME", "COUNTY", "COUNTY_NAME", "MSA", "MSA_NAME",
                     "STATE", "STATE_NAME", "COUNTY_OUTGOING", "COUNTY_NAME_OUTGOING",
                     "COUNTY_INCOMING", "COUNTY_NAME_INCOMING", "MSA_OUTGOING",
                     "MSA_NAME_OUTGOING", "MSA_INCOMING", "MSA_NAME_INCOMING")  # fmt: skip
        city_text = [_run([None] * len(city_cols))]
        for c in CITIES:
            st = _STATE_ROWS[c.state]
            county, msa = [c.county, c.county_name], [c.msa, c.msa_name]
            city_text.append(_run([c.location, base64.b64encode(c.name.encode()).decode(),
                                   c.name, *county, *msa, st[0], st[2], *county, *county,
                                   *msa, *msa]))  # fmt: skip
        city_text.append(_run([None] * 7 + [99] + [None] * 9))
        seg("city", city_cols, city_text)
        seg("body_city", (), [_esc(n) + ". Experience with " for n in
                              ["multiple locations", *(c.name for c in CITIES),
                               "multiple locations"]])  # fmt: skip
        pop = {f: p for f, _a, _n, p, _w, _t in STATES}
        pop.update({f: s * 330 for f, _a, _n, s, _w in TERRITORIES})
        in_state: dict[int, float] = {}
        for c in CITIES:
            in_state[c.state] = in_state.get(c.state, 0.0) + c.weight
        city_p = _weights([pop[_STATE_ROWS[c.state][0]] * c.weight / in_state[c.state]
                           for c in CITIES])  # fmt: skip
        city_wage = np.array([1.0] + [_STATE_ROWS[c.state][3] for c in CITIES] + [1.0])

        # education patterns; the last one breaks the rule (code 7)
        patterns: list[tuple[int, ...]] = [(99,), ()]
        for career in CAREERS:
            patterns += [p for p, _ in career.education if p not in patterns]
        edu_of_career = []
        for career in CAREERS:
            idx = [0, 1] + [patterns.index(p) for p, _ in career.education]
            wts = [0.20, 0.03] + [0.77 * w for _, w in career.education]
            edu_of_career.append((np.array(idx), np.cumsum(_weights(wts))))
        n_patterns = len(patterns)
        patterns.append((2, 7))
        seg("edu", ("EDUCATION_LEVELS", "EDUCATION_LEVELS_NAME", "MIN_EDULEVELS",
                    "MIN_EDULEVELS_NAME", "MAX_EDULEVELS", "MAX_EDULEVELS_NAME"),
            [_run([_jlist(list(p)), _jlist([EDUCATION_NAMES.get(e, "Unknown") for e in p]),
                   min(p) if p else None, EDUCATION_NAMES.get(min(p)) if p else None,
                   max(p) if len(p) > 1 else None,
                   EDUCATION_NAMES.get(max(p)) if len(p) > 1 else None])
             for p in patterns])  # fmt: skip

        seg("modeled_expired", ("MODELED_EXPIRED",), [m + "," for m in mdy])
        seg("modeled_duration", ("MODELED_DURATION",), [f"{k}," for k in range(151)])
        seg(
            "employment",
            ("EMPLOYMENT_TYPE", "EMPLOYMENT_TYPE_NAME"),
            [_run([code, name]) for code, name in _EMPLOYMENT],
        )
        seg(
            "min_years",
            ("MIN_YEARS_EXPERIENCE",),
            [f"{k}," for k in range(41)] + [",", "3+,", "61,"],
        )
        seg("max_years", ("MAX_YEARS_EXPERIENCE",), [f"{k}," for k in range(41)] + [","])
        seg("internship", ("IS_INTERNSHIP",), ["false,", "true,"])
        seg(
            "salary",
            ("SALARY",),
            [f"{SALARY_MIN + 500 * k}," for k in range(self.n_salary)]
            + [",", '"12,000",', "-5,", "0,"],
        )
        seg(
            "remote",
            ("REMOTE_TYPE", "REMOTE_TYPE_NAME"),
            [_run([code, name]) for code, name in _REMOTE],
        )
        seg("pay", ("ORIGINAL_PAY_PERIOD",), [",", "year,"])
        thousands = [f"{1000 * k}," for k in range(self.n_thousands)] + [","]
        seg("salary_to", ("SALARY_TO",), thousands)
        seg("salary_from", ("SALARY_FROM",), thousands)

        # skill sets: VARIANTS_PER_CAREER per career, k in 8..20 skills drawn without
        # replacement by weight (Gumbel top-k); then two broken ones
        k_var = VARIANTS_PER_CAREER
        weights = np.repeat(_skill_weights(), k_var, axis=0)
        keys = np.log(weights) - np.log(-np.log(rng.random(weights.shape)))
        order = np.argsort(-keys, axis=1)[:, :20]
        counts = 8 + rng.binomial(12, 0.35, size=len(order))
        ids = [json.dumps(s.id) for s in SKILLS]
        names = [json.dumps(s.name, ensure_ascii=False) for s in SKILLS]
        splits = [[s.type == "S" for s in SKILLS], [s.type == "T" for s in SKILLS],
                  [s.type == "C" for s in SKILLS], [s.software for s in SKILLS]]  # fmt: skip
        premium_of = np.zeros((len(CAREERS), len(SKILLS)))
        index = {s.name: i for i, s in enumerate(SKILLS)}
        for ci, career in enumerate(CAREERS):
            for name, p in career.premium.items():
                premium_of[ci, index[name]] = p

        def listed(texts: list[str]) -> str:  # JSON texts -> one quoted CSV list field + ","
            if not texts:
                return "[],"
            return '"[\n  ' + _esc(",\n  ".join(texts)) + '\n]",'

        skills_text, body_skills = [], []
        premium = np.zeros(len(order) + 2)
        for v, (row, k) in enumerate(zip(order.tolist(), counts.tolist(), strict=True)):
            chosen = row[:k]
            parts = [listed([ids[j] for j in chosen]), listed([names[j] for j in chosen])]
            for flags in splits:
                sub = [j for j in chosen if flags[j]]
                parts += [listed([ids[j] for j in sub]), listed([names[j] for j in sub])]
            skills_text.append("".join(parts))
            body_skills.append(_esc(", ".join(SKILLS[j].name for j in chosen[:3]))
                               + " is a plus.\n")  # fmt: skip
            premium[v] = 1.5 * premium_of[v // k_var, chosen].sum()
        n_variants = len(order)
        skills_text.append("[oops," + "[]," * 9)  # SKILLS is not a list of strings
        skills_text.append(listed(ids[:2]) + listed(names[:1]) + "[]," * 8)  # 2 ids, 1 name
        body_skills += ["a willingness to learn is a plus.\n"] * 2
        seg("skills", ("SKILLS", "SKILLS_NAME", "SPECIALIZED_SKILLS", "SPECIALIZED_SKILLS_NAME",
                       "CERTIFICATIONS", "CERTIFICATIONS_NAME", "COMMON_SKILLS",
                       "COMMON_SKILLS_NAME", "SOFTWARE_SKILLS", "SOFTWARE_SKILLS_NAME"),
            skills_text)  # fmt: skip
        seg("body_skills", (), body_skills)
        seg("body_end", (), [_esc(line) + '",' for line in _BODY_LINES])

        # careers: [career * 3 + lot kind] (see _lot_kind)
        career_cols, career_text = None, []
        for career in CAREERS:
            for kind in range(3):
                values = _career_cells(career, kind)
                career_cols = tuple(values)
                career_text.append(_run(list(values.values())))
        seg("career", career_cols or (), career_text)

        columns = [c for name in dict.fromkeys(self.ORDER) for c in segs[name].columns]
        if columns != HEADER:
            raise AssertionError("segment layout does not match the postings header")
        self.base: dict[str, int] = {}
        pool: list[str] = []
        for name in dict.fromkeys(self.ORDER):
            self.base[name] = len(pool)
            pool += segs[name].entries
        self.static = pa.array(pool, type=pa.string())
        self.draws = _Draws(
            variant_premium=premium, edu_of_career=edu_of_career, employer_cum=employer_cum,
            city_cum=np.cumsum(city_p), city_wage=city_wage, title_of_career=title_of_career,
            titles=len(titles) - 1, n_patterns=n_patterns, n_variants=n_variants,
        )  # fmt: skip

    def indices(self, rows: _Latent, id_base: int, hex_base: int) -> np.ndarray:
        """(n, len(ORDER)) indices into the chunk's pool (static pool + IDs + URL hex)."""
        c, n = rows.cols, len(rows)
        brk = c["breakage"]
        at = np.arange(n)
        day0, n_days = self.day0, self.n_days
        updated = c["updated"]
        active = c["expired"] < 0
        has_exp = ~active
        posted = np.select([np.isin(brk, [_B["posted_month_13"], _B["posted_and_salary"]]),
                            brk == _B["posted_word"]], [n_days, n_days + 1],
                           c["posted"] - day0)  # fmt: skip
        expired = np.select([brk == _B["expired_word"], has_exp],
                            [n_days + 1, c["expired"] - day0], n_days)  # fmt: skip
        modeled = np.where(has_exp, c["expired"] - c["posted"], 45)
        salary = c["salary"]
        salary_i = np.select(
            [brk == _B["salary_separator"], brk == _B["salary_negative"],
             brk == _B["posted_and_salary"], salary < 0],
            [self.n_salary + 1, self.n_salary + 2, self.n_salary + 3, self.n_salary],
            (salary - SALARY_MIN) // 500)  # fmt: skip
        years = np.select([brk == _B["years_plus"], brk == _B["years_61"], c["min_years"] < 0],
                          [42, 43, 41], c["min_years"])  # fmt: skip
        city_seg = np.where(brk == _B["state_99"], len(CITIES) + 1, c["city"])
        board = c["board"].astype(np.int64)
        local = {
            "updated": updated // _MS_DAY + _EPOCH - day0,
            "hms": updated % _MS_DAY // 1000,
            "ms": updated % 1000,
            "dups": c["dups"],
            "posted": posted,
            "expired": expired,
            "duration": np.where(has_exp, c["expired"] - c["posted"] + 60, 181),
            "sources": 7 * self.staffing[c["employer"]] + board,
            "url_head": board,
            "url_mid": 7 * active + board,
            "url_tail": 7 * active + board,
            "title_body": c["title"],
            "body_company": c["employer"],
            "body_city": c["city"],
            "body_skills": c["variant"],
            "body_end": c["body"],
            "modeled_expired": c["posted"] + modeled - day0,
            "modeled_duration": modeled,
            "company": c["employer"],
            "edu": c["edu"],
            "employment": c["employment"],
            "min_years": years,
            "max_years": np.where(c["max_years"] < 0, 41, c["max_years"]),
            "internship": c["internship"],
            "salary": salary_i,
            "remote": c["remote"],
            "pay": salary >= 0,
            "salary_to": np.where(salary < 0, self.n_thousands, c["salary_to"] // 1000),
            "salary_from": np.where(salary < 0, self.n_thousands, c["salary_from"] // 1000),
            "city": city_seg,
            "naics": c["employer"],
            "title": c["title"],
            "skills": c["variant"],
            "career": c["career"].astype(np.int64) * 3 + c["lot"],
            "naics22": c["employer"],
        }  # fmt: skip
        out = np.empty((n, len(self.ORDER)), dtype=np.int64)
        hexes = 0
        for p, name in enumerate(self.ORDER):
            if name == "hex":
                # the URL always; ACTIVE_URLS only for an active posting (else the empty entry)
                out[:, p] = (
                    hex_base + at
                    if hexes == 0
                    else np.where(active, hex_base + at, self.base["hex"])
                )
                hexes += 1
            elif name == "id":
                out[:, p] = np.where(brk == _B["id_empty"], self.base["id"], id_base + at)
            else:
                out[:, p] = self.base[name] + local[name].astype(np.int64)
        return out

    def render(self, rows: _Latent) -> memoryview:
        """The CSV text of `rows` (no header)."""
        n = len(rows)
        id_chars = np.empty((n, 41), dtype=np.uint8)
        id_chars[:, :40] = _HEX[rows.ids].view(np.uint8).reshape(n, 40)
        id_chars[:, 40] = ord(",")
        url_chars = _HEX[rows.url].view(np.uint8).reshape(n, 16)
        static = len(self.static)
        pool = pa.concat_arrays([self.static, _fixed_strings(id_chars),
                                 _fixed_strings(url_chars)])  # fmt: skip
        text = pool.take(pa.array(self.indices(rows, static, static + n).ravel()))
        offsets = np.frombuffer(text.buffers()[1], dtype=np.int32, count=len(text) + 1,
                                offset=4 * text.offset)  # fmt: skip
        return memoryview(text.buffers()[2])[offsets[0] : offsets[-1]]


def _lot_kind(roll: np.ndarray) -> np.ndarray:
    """How a posting's LOT columns read: 0 its career; 1 no specialized occupation (2%);
    2 Lightcast's unclassified occupation `99999999` (4%, as in a real sample export)."""
    return np.select([roll < 0.02, roll < 0.06], [1, 2], 0).astype(np.int8)


def _career_cells(career, kind: int) -> dict:
    """The 44 taxonomy columns of a career (ONET .. LIGHTCAST_SECTORS_NAME), in header order;
    `kind` as _lot_kind gives it."""
    occ, group, area = career.code // 100, career.code // 10_000, career.code // 1_000_000
    row: dict = {"ONET": career.onet, "ONET_NAME": ONET_NAMES.get(career.onet, career.name),
                 "ONET_2019": career.onet,
                 "ONET_2019_NAME": ONET_NAMES.get(career.onet, career.name)}  # fmt: skip
    cip = _FAMILY_CIP[career.family]
    for k, (code, name) in zip(("6", "4", "2"), (cip[0:2], cip[2:4], cip[4:6]), strict=True):
        row[f"CIP{k}"], row[f"CIP{k}_NAME"] = _jlist([code]), _jlist([name])
    socs = _soc_levels(career.soc)
    for level, (code, name) in zip((2, 3, 4, 5), socs, strict=True):
        row[f"SOC_2021_{level}"], row[f"SOC_2021_{level}_NAME"] = code, name
    lot = {
        "CAREER_AREA": (area, CAREER_AREAS[area]),
        "OCCUPATION": (occ, OCCUPATIONS[occ][0]),
        "SPECIALIZED_OCCUPATION": (None, None) if kind == 1 else (career.code, career.name),
        "OCCUPATION_GROUP": (group, OCCUPATION_GROUPS[group]),
    }
    if kind == 2:
        lot = {level: (code, name) for level, code, name in UNCLASSIFIED_LEVELS}
    for key in ("CAREER_AREA", "OCCUPATION", "SPECIALIZED_OCCUPATION", "OCCUPATION_GROUP"):
        row[f"LOT_{key}"], row[f"LOT_{key}_NAME"] = lot[key]
    for key in ("SPECIALIZED_OCCUPATION", "OCCUPATION", "OCCUPATION_GROUP", "CAREER_AREA"):
        row[f"LOT_V6_{key}"], row[f"LOT_V6_{key}_NAME"] = lot[key]
    for level, (code, name) in zip((2, 3, 4, 5), socs, strict=True):
        row[f"SOC_{level}"], row[f"SOC_{level}_NAME"] = code, name
    ai = occ in (231010, 231110)
    row["LIGHTCAST_SECTORS"] = _jlist([1] if ai else [])
    row["LIGHTCAST_SECTORS_NAME"] = _jlist(["Artificial Intelligence"] if ai else [])
    return row


# ============================================================================ files


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


def _write_postings(path: Path, rows: _Latent, layout: _Layout) -> int:
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
        type_id, type_name = _TYPES[s.type]
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
    path.write_text(json.dumps({"data": records}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")  # fmt: skip
    return path


def _write_employment(folder: Path, rng: np.random.Generator, end: date) -> Path:
    years = list(range(FIRST_EMPLOYMENT_YEAR, end.year + 1))
    states = [(f, n, p) for f, _a, n, p, _w, _t in STATES]
    pop = _weights([p for _, _, p in states])
    lines = [_run(["LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "AREA", "AREA_NAME",
                   *[f"{y} Jobs" for y in years]])[:-1]]  # fmt: skip
    for occ, (name, base, growth, _tech) in OCCUPATIONS.items():
        national = base * (1 + growth) ** np.arange(len(years))
        share = pop * np.exp(rng.normal(0, 0.1, size=len(pop)))
        table = [("US", "United States", national)] + [
            (str(f), n, national * s) for (f, n, _), s in zip(states, share, strict=True)
        ]
        for area, area_name, values in table:
            cells = [("<10" if v < 10 else f"{int(round(v)):,}") for v in values]
            lines.append(_run([occ, name, area, area_name, *cells])[:-1])
    path = folder / EMPLOYMENT_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
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
    layout = _Layout(rng, end_ord)
    draws = layout.draws

    base = _sample(rng, draws, postings, end_ord)
    file_of = (np.arange(postings) * files // postings).astype(np.int16)

    # re-versions: in the same file (further down) or a later one
    n_upd = round(UPDATE_SHARE * postings)
    src = rng.choice(postings, size=n_upd, replace=False) if n_upd else np.zeros(0, np.int64)
    older = rng.random(n_upd) < OLDER_SHARE
    updates = _revise(rng, base.take(src), end_ord, older, draws.titles)
    first = file_of[src]
    upd_file = (first + np.floor(rng.random(n_upd) * (files - first))).astype(np.int16)

    # broken rows: fresh rows, a third of them reusing a valid ID (with a later update time)
    n_bad = max(len(BREAKAGES), round(BAD_SHARE * (postings + n_upd)))
    bad = _sample(rng, draws, n_bad, end_ord)
    _break(rng, bad, draws)
    reuse = (rng.random(n_bad) < REUSE_SHARE) & _KEEPS_ID[bad.cols["breakage"]]
    reuse_src = rng.integers(0, postings, size=n_bad)
    bad.ids[reuse] = base.ids[reuse_src[reuse]]
    later = base.cols["updated"][reuse_src] + 1000 * rng.integers(1, 86_400, size=n_bad)
    bad.cols["updated"] = np.where(reuse, later, bad.cols["updated"])
    bad_file = np.where(reuse, file_of[reuse_src],
                        rng.integers(0, files, size=n_bad)).astype(np.int16)  # fmt: skip

    report = FastReport(str(out_dir), seed, end.isoformat(), postings, 0, n_upd, n_bad)
    jobs = []
    for f in range(files):
        mixed = _Latent.concat([base.take(np.flatnonzero(file_of == f)),
                                bad.take(np.flatnonzero(bad_file == f))])  # fmt: skip
        mixed = mixed.take(rng.permutation(len(mixed)))
        rows = _Latent.concat([mixed, updates.take(np.flatnonzero(upd_file == f))])
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
    layout = _Layout(rng, end_ord)
    base = _sample(rng, layout.draws, postings, end_ord)
    day = end_ord + night
    nrng = np.random.default_rng([seed, 20_261_120, night])
    n_new = round(delta * NIGHT_NEW_SHARE)
    n_upd = min(delta - n_new, postings)

    def today(n: int) -> np.ndarray:
        return (day - _EPOCH) * _MS_DAY + nrng.integers(60_000, _MS_DAY - 60_000, size=n)

    new = _sample(nrng, layout.draws, n_new, day)
    new.cols["posted"] = (day - nrng.integers(0, 7, size=n_new)).astype(np.int32)
    new.cols["expired"] = np.full(n_new, -1, dtype=np.int32)
    new.cols["updated"] = today(n_new)
    # Postings are revised while they are live: re-version postings of the last NIGHT_RECENT_DAYS.
    recent = np.flatnonzero(base.cols["posted"] > day - NIGHT_RECENT_DAYS)
    n_upd = min(n_upd, len(recent))
    upd = _revise(nrng, base.take(nrng.choice(recent, size=n_upd, replace=False)), day,
                  np.zeros(n_upd, dtype=bool), layout.draws.titles)  # fmt: skip
    upd.cols["updated"] = today(n_upd)
    shift = np.where(nrng.random(n_upd) < NIGHT_MOVE_SHARE,
                     nrng.integers(-45, 46, size=n_upd), 0).astype(np.int32)  # fmt: skip
    posted = np.minimum(upd.cols["posted"] + shift, day).astype(np.int32)
    shift = posted - upd.cols["posted"]
    upd.cols["posted"] = posted
    upd.cols["expired"] = np.where(upd.cols["expired"] >= 0, upd.cols["expired"] + shift,
                                   -1).astype(np.int32)  # fmt: skip
    rows = _Latent.concat([new, upd])
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
