"""The pre-rendered segments of the fast generator's rows (benchmarks.fast_layout): for each run
of adjacent columns that depends on one latent value, the CSV text of every value, separators
included. Each `add_*` adds its segments through `seg(name, columns, entries)` and returns what
row sampling needs to know of them (benchmarks.fast_rows.Draws).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import date

import numpy as np

from benchmarks.fast_text import (
    BODY_LINES,
    RAW_PREFIX,
    SALARY_MIN,
    SECTOR_NAICS,
    VARIANTS_PER_CAREER,
    career_cells,
    esc,
    field,
    fields,
    hex_code,
    jlist,
)
from samples.catalog import (
    BOARDS,
    CAREERS,
    CITIES,
    EDUCATION_NAMES,
    EMPLOYERS,
    EMPLOYMENT,
    REMOTE,
    SKILLS,
    STATE_ROWS,
    STATES,
    TERRITORIES,
    UNCLASSIFIED,
)
from samples.sampling import normalized

#: seg(name, columns whose field starts in the segment, CSV text of each entry)
Add = Callable[[str, tuple[str, ...], list[str]], None]


def add_dates_and_counts(seg: Add, days: list[date], mdy: list[str]) -> None:
    """The ID, update time, date, duplicates and duration segments (one entry per day)."""
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
    seg("modeled_expired", ("MODELED_EXPIRED",), [m + "," for m in mdy])
    seg("modeled_duration", ("MODELED_DURATION",), [f"{k}," for k in range(151)])


def add_sources(seg: Add) -> None:
    """Sources and URLs by board (and, for ACTIVE_URLS, whether the posting is active)."""
    boards = list(BOARDS)
    seg(
        "sources",
        ("SOURCE_TYPES", "SOURCES"),
        [fields([jlist([t]), jlist([b])]) for t in ("Job Board", "Recruiter") for b in boards],
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
        ["[]," for _ in boards] + ['""\n]",' + field(jlist([b])) + "," for b in boards],
    )


def add_titles(seg: Add) -> tuple[list[tuple[int, np.ndarray]], int]:
    """Titles by [title * len(RAW_PREFIX) + prefix]; returns each career's (first title,
    cumulative weights) and the index of Unclassified (the last entry)."""
    titles, title_of_career, first = [], [], 0
    for career in CAREERS:
        for (name, _), raw in zip(career.titles, career.raw_titles, strict=True):
            titles += [(name, prefix + raw) for prefix in RAW_PREFIX]
        title_of_career.append((first, np.cumsum(normalized([w for _, w in career.titles]))))
        first += len(career.titles)
    titles.append((UNCLASSIFIED, "Associate"))
    seg(
        "title_body",
        ("TITLE_RAW", "BODY"),
        [field(raw) + ',"' + esc(raw) + "\n" for _, raw in titles],
    )
    seg("title", ("TITLE", "TITLE_NAME", "TITLE_CLEAN"),
        [fields(["ET" + hex_code(name, 16) if name != UNCLASSIFIED else "ET0000000000000000",
                 name, raw.lower()]) for name, raw in titles])  # fmt: skip

    return (title_of_career, len(titles) - 1)


def add_employers(seg: Add) -> tuple[np.ndarray, np.ndarray]:
    """Employers by [1 + employer], 0 = Unclassified; returns whether each is a staffing firm
    and the cumulative P[career, employer] (Zipf sizes within a sector)."""
    employers = [None, *EMPLOYERS]
    seg("body_company", (), [esc(e.name if e else "Our client") + " is hiring in "
                            for e in employers])  # fmt: skip
    company, naics, naics22 = [], [], []
    for e in employers:
        codes = SECTOR_NAICS["unclassified" if e is None else
                             "staffing" if e.staffing else e.sector]  # fmt: skip
        flat = [x for pair in codes for x in pair]
        company.append(fields([e.company_id, e.name, e.name + ", Inc.",
                               "true" if e.staffing else "false"] if e else
                              [0, UNCLASSIFIED, "Confidential", "false"]))  # fmt: skip
        naics.append(fields(flat))
        naics22.append(fields(flat)[:-1] + "\n")
    staffing = np.array([False] + [e.staffing for e in EMPLOYERS], dtype=np.int64)
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
        within[idx] = normalized(1.0 / np.arange(1, len(idx) + 1) ** 1.1)
    employer_cum = np.zeros((len(CAREERS), len(EMPLOYERS)))
    for ci, career in enumerate(CAREERS):
        for sector, share in career.employers.items():
            mask = sector_of == sectors.index(sector)
            employer_cum[ci, mask] = share * within[mask]
        employer_cum[ci] = np.cumsum(employer_cum[ci] / employer_cum[ci].sum())

    return (staffing, employer_cum)


def add_cities(seg: Add) -> tuple[np.ndarray, np.ndarray]:
    """Cities by [1 + city], 0 = no location, last = a row whose STATE is 99 (a breakage);
    returns the cumulative P[city] and the wage level per city index."""
    city_cols = ("LOCATION", "CITY", "CITY_NAME", "COUNTY", "COUNTY_NAME", "MSA", "MSA_NAME",
                 "STATE", "STATE_NAME", "COUNTY_OUTGOING", "COUNTY_NAME_OUTGOING",
                 "COUNTY_INCOMING", "COUNTY_NAME_INCOMING", "MSA_OUTGOING",
                 "MSA_NAME_OUTGOING", "MSA_INCOMING", "MSA_NAME_INCOMING")  # fmt: skip
    city_text = [fields([None] * len(city_cols))]
    for c in CITIES:
        st = STATE_ROWS[c.state]
        county, msa = [c.county, c.county_name], [c.msa, c.msa_name]
        city_text.append(fields([c.location, base64.b64encode(c.name.encode()).decode(),
                                 c.name, *county, *msa, st[0], st[2], *county, *county,
                                 *msa, *msa]))  # fmt: skip
    city_text.append(fields([None] * 7 + [99] + [None] * 9))
    seg("city", city_cols, city_text)
    seg("body_city", (), [esc(n) + ". Experience with " for n in
                          ["multiple locations", *(c.name for c in CITIES),
                           "multiple locations"]])  # fmt: skip
    pop = {f: p for f, _a, _n, p, _w, _t in STATES}
    pop.update({f: s * 330 for f, _a, _n, s, _w in TERRITORIES})
    in_state: dict[int, float] = {}
    for c in CITIES:
        in_state[c.state] = in_state.get(c.state, 0.0) + c.weight
    city_p = normalized([pop[STATE_ROWS[c.state][0]] * c.weight / in_state[c.state]
                         for c in CITIES])  # fmt: skip
    city_wage = np.array([1.0] + [STATE_ROWS[c.state][3] for c in CITIES] + [1.0])
    return (np.cumsum(city_p), city_wage)


def add_education(seg: Add) -> tuple[list[tuple[np.ndarray, np.ndarray]], int]:
    """Education patterns, the last one breaking the rule (code 7); returns each career's
    (pattern indices, cumulative weights) and the number of valid patterns."""
    patterns: list[tuple[int, ...]] = [(99,), ()]
    for career in CAREERS:
        patterns += [p for p, _ in career.education if p not in patterns]
    edu_of_career = []
    for career in CAREERS:
        idx = [0, 1] + [patterns.index(p) for p, _ in career.education]
        wts = [0.20, 0.03] + [0.77 * w for _, w in career.education]
        edu_of_career.append((np.array(idx), np.cumsum(normalized(wts))))
    n_patterns = len(patterns)
    patterns.append((2, 7))
    seg("edu", ("EDUCATION_LEVELS", "EDUCATION_LEVELS_NAME", "MIN_EDULEVELS",
                "MIN_EDULEVELS_NAME", "MAX_EDULEVELS", "MAX_EDULEVELS_NAME"),
        [fields([jlist(list(p)), jlist([EDUCATION_NAMES.get(e, "Unknown") for e in p]),
                 min(p) if p else None, EDUCATION_NAMES.get(min(p)) if p else None,
                 max(p) if len(p) > 1 else None,
                 EDUCATION_NAMES.get(max(p)) if len(p) > 1 else None])
         for p in patterns])  # fmt: skip

    return (edu_of_career, n_patterns)


def add_cells(seg: Add, n_salary: int, n_thousands: int) -> None:
    """Employment, experience, internship, salary, remote and pay period."""
    seg(
        "employment",
        ("EMPLOYMENT_TYPE", "EMPLOYMENT_TYPE_NAME"),
        [fields([code, name]) for code, name in EMPLOYMENT],
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
        [f"{SALARY_MIN + 500 * k}," for k in range(n_salary)] + [",", '"12,000",', "-5,", "0,"],
    )
    seg(
        "remote",
        ("REMOTE_TYPE", "REMOTE_TYPE_NAME"),
        [fields([code, name]) for code, name in REMOTE],
    )
    seg("pay", ("ORIGINAL_PAY_PERIOD",), [",", "year,"])
    thousands = [f"{1000 * k}," for k in range(n_thousands)] + [","]
    seg("salary_to", ("SALARY_TO",), thousands)
    seg("salary_from", ("SALARY_FROM",), thousands)


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


def add_skill_sets(seg: Add, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """VARIANTS_PER_CAREER skill sets per career, k in 8..20 skills drawn without replacement by
    weight (Gumbel top-k), then two broken ones; returns each set's log-salary premium and the
    number of valid sets."""
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
        return '"[\n  ' + esc(",\n  ".join(texts)) + '\n]",'

    skills_text, body_skills = [], []
    premium = np.zeros(len(order) + 2)
    for v, (row, k) in enumerate(zip(order.tolist(), counts.tolist(), strict=True)):
        chosen = row[:k]
        parts = [listed([ids[j] for j in chosen]), listed([names[j] for j in chosen])]
        for flags in splits:
            sub = [j for j in chosen if flags[j]]
            parts += [listed([ids[j] for j in sub]), listed([names[j] for j in sub])]
        skills_text.append("".join(parts))
        body_skills.append(esc(", ".join(SKILLS[j].name for j in chosen[:3]))
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
    seg("body_end", (), [esc(line) + '",' for line in BODY_LINES])
    return (premium, n_variants)


def add_careers(seg: Add) -> None:
    """Taxonomy cells by [career * 3 + lot kind] (see fast_rows.lot_kind)."""
    career_cols, career_text = None, []
    for career in CAREERS:
        for kind in range(3):
            values = career_cells(career, kind)
            career_cols = tuple(values)
            career_text.append(fields(list(values.values())))
    seg("career", career_cols or (), career_text)
