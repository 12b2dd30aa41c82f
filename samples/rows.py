"""Posting rows from a sample: one dict per posting keyed by HEADER column (typed values:
ints, date ordinals, lists), with the cells that follow from the career, employer, city and
education drawn.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from samples.catalog import (
    BOARDS,
    BODY_LINES,
    CAREER_AREAS,
    CAREERS,
    CIP,
    CIP_NAMES,
    CITIES,
    EDUCATION_NAMES,
    EMPLOYERS,
    EMPLOYMENT,
    FAMILY_BOARD,
    LC_SECTORS,
    NAICS,
    OCCUPATION_GROUPS,
    OCCUPATIONS,
    ONET_NAMES,
    RAW_PREFIX,
    RAW_SUFFIX,
    REMOTE,
    SKILLS,
    SOC_NAMES,
    STATE_ROWS,
    UNCLASSIFIED,
    Career,
    City,
    Employer,
    hashed_code,
)
from samples.columns import EPOCH_ORD, HEADER, MS_DAY
from samples.sampling import Sample


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def soc_levels(soc: str) -> list[tuple[str, str]]:
    """The (code, name) of the SOC major, minor, broad and detailed levels of `soc`."""
    minor = soc[:5] + "00" if soc[:5] + "00" in SOC_NAMES else soc[:4] + "000"
    codes = [soc[:3] + "0000", minor, soc[:6] + "0", soc]
    return [(c, SOC_NAMES[c]) for c in codes]


_TITLE_IDS = {t: "ET" + hashed_code(t, 16, "0123456789ABCDEF")
              for c in CAREERS for t, _ in c.titles}  # fmt: skip


def title_fields(career: Career, title: int, prefix: int, suffix: int) -> dict[str, Any]:
    if title < 0:
        raw = ("Team Member", "Associate", "Position Available", "Hiring Now")[
            (prefix + suffix) % 4
        ]
        return {"TITLE": "ET0000000000000000", "TITLE_NAME": UNCLASSIFIED,
                "TITLE_RAW": raw, "TITLE_CLEAN": raw.lower()}  # fmt: skip
    name = career.titles[title][0]
    raw = RAW_PREFIX[prefix] + career.raw_titles[title] + RAW_SUFFIX[suffix]
    clean = raw.lower().replace("sr.", "senior").split(" - ")[0].split(" (")[0]
    return {"TITLE": _TITLE_IDS[name], "TITLE_NAME": name, "TITLE_RAW": raw,
            "TITLE_CLEAN": clean}  # fmt: skip


_SKILL_ID = [s.id for s in SKILLS]
_SKILL_NAME = [s.name for s in SKILLS]
_SKILL_SPLITS = (
    ("SPECIALIZED_SKILLS", [s.type == "S" for s in SKILLS]),
    ("CERTIFICATIONS", [s.type == "T" for s in SKILLS]),
    ("COMMON_SKILLS", [s.type == "C" for s in SKILLS]),
    ("SOFTWARE_SKILLS", [s.software for s in SKILLS]),
)


def _skill_fields(skill_idx: Sequence[int]) -> dict[str, list[str]]:
    ids, names = _SKILL_ID, _SKILL_NAME
    out = {"SKILLS": [ids[j] for j in skill_idx], "SKILLS_NAME": [names[j] for j in skill_idx]}
    for col, flags in _SKILL_SPLITS:
        chosen = [j for j in skill_idx if flags[j]]
        out[col] = [ids[j] for j in chosen]
        out[col + "_NAME"] = [names[j] for j in chosen]
    return out


# Cells that depend only on the career / employer / city / education pattern; the lists in
# them are shared between rows and must never be changed in place.
def _career_cells(c: Career, specialized: bool) -> dict[str, Any]:
    occ, group, area = c.occupation, c.code // 10_000, c.code // 1_000_000
    row: dict[str, Any] = {}
    for level, (code, name) in zip((2, 3, 4, 5), soc_levels(c.soc), strict=True):
        row[f"SOC_2021_{level}"], row[f"SOC_2021_{level}_NAME"] = code, name
        row[f"SOC_{level}"], row[f"SOC_{level}_NAME"] = code, name
    row["ONET"] = row["ONET_2019"] = c.onet
    row["ONET_NAME"] = row["ONET_2019_NAME"] = ONET_NAMES[c.onet]
    for prefix in ("LOT_", "LOT_V6_"):
        row[prefix + "CAREER_AREA"] = area
        row[prefix + "CAREER_AREA_NAME"] = CAREER_AREAS[area]
        row[prefix + "OCCUPATION_GROUP"] = group
        row[prefix + "OCCUPATION_GROUP_NAME"] = OCCUPATION_GROUPS[group]
        row[prefix + "OCCUPATION"] = occ
        row[prefix + "OCCUPATION_NAME"] = OCCUPATIONS[occ][0]
        row[prefix + "SPECIALIZED_OCCUPATION"] = c.code if specialized else None
        row[prefix + "SPECIALIZED_OCCUPATION_NAME"] = c.name if specialized else None
    return row


def _cip_cells(occ: int, k: int) -> dict[str, Any]:
    cips = CIP[occ][:k]
    c4 = list(dict.fromkeys(code[:5] for code, _ in cips))
    c2 = list(dict.fromkeys(code[:2] for code, _ in cips))
    return {"CIP6": [x for x, _ in cips], "CIP6_NAME": [y for _, y in cips],
            "CIP4": c4, "CIP4_NAME": [CIP_NAMES[x] for x in c4],
            "CIP2": c2, "CIP2_NAME": [CIP_NAMES[x] for x in c2]}  # fmt: skip


def _employer_cells(e: Employer | None) -> dict[str, Any]:
    if e is None:
        row: dict[str, Any] = {"COMPANY": 0, "COMPANY_NAME": UNCLASSIFIED,
                               "COMPANY_IS_STAFFING": False}  # fmt: skip
        naics, naics22 = NAICS["unclassified"]
    else:
        row = {"COMPANY": e.company_id, "COMPANY_NAME": e.name,
               "COMPANY_IS_STAFFING": e.staffing}  # fmt: skip
        naics, naics22 = NAICS[e.naics]
    for level, (code, name) in zip((2, 3, 4, 5, 6), naics, strict=True):
        row[f"NAICS{level}"], row[f"NAICS{level}_NAME"] = code, name
    for level, (code, name) in zip((2, 3, 4, 5, 6), naics22 or naics, strict=True):
        row[f"NAICS_2022_{level}"], row[f"NAICS_2022_{level}_NAME"] = code, name
    return row


def _city_cells(city: City | None) -> dict[str, Any]:
    if city is None:
        row: dict[str, Any] = dict.fromkeys(
            ("LOCATION", "CITY", "CITY_NAME", "COUNTY", "COUNTY_NAME", "MSA", "MSA_NAME",
             "STATE", "STATE_NAME"))  # fmt: skip
    else:
        st = STATE_ROWS[city.state]
        row = {"LOCATION": city.location, "CITY": _b64(city.name), "CITY_NAME": city.name,
               "COUNTY": city.county, "COUNTY_NAME": city.county_name, "MSA": city.msa,
               "MSA_NAME": city.msa_name, "STATE": st[0], "STATE_NAME": st[2]}  # fmt: skip
    for suffix in ("_OUTGOING", "_INCOMING"):
        row["COUNTY" + suffix], row["COUNTY_NAME" + suffix] = row["COUNTY"], row["COUNTY_NAME"]
        row["MSA" + suffix], row["MSA_NAME" + suffix] = row["MSA"], row["MSA_NAME"]
    return row


def _education_cells(edu: tuple[int, ...]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "EDUCATION_LEVELS": list(edu),
        "EDUCATION_LEVELS_NAME": [EDUCATION_NAMES[e] for e in edu],
    }
    low = min(edu) if edu else None
    high = max(edu) if len(edu) > 1 else None
    row["MIN_EDULEVELS"] = low
    row["MIN_EDULEVELS_NAME"] = None if low is None else EDUCATION_NAMES[low]
    row["MAX_EDULEVELS"] = high
    row["MAX_EDULEVELS_NAME"] = None if high is None else EDUCATION_NAMES[high]
    return row


def build_rows(sample: Sample, ids: list[str], careers: Sequence[Career] = CAREERS,
               ) -> list[dict[str, Any]]:  # fmt: skip
    """Typed rows (dicts keyed by HEADER column, plus private `_*` keys; `_CAREER` is the
    Career sampled)."""
    career_cells = {(ci, spec): _career_cells(c, spec)
                    for ci, c in enumerate(careers) for spec in (True, False)}  # fmt: skip
    employer_cells = {-1: _employer_cells(None)}
    employer_cells.update({k: _employer_cells(e) for k, e in enumerate(EMPLOYERS)})
    city_cells = {-1: _city_cells(None)}
    city_cells.update({k: _city_cells(c) for k, c in enumerate(CITIES)})
    cip_cells = {(occ, k): _cip_cells(occ, k) for occ in OCCUPATIONS for k in range(4)}
    edu_cells: dict[tuple[int, ...], dict[str, Any]] = {}
    sector_cells = {s: {"LIGHTCAST_SECTORS": [s] if s else [],
                        "LIGHTCAST_SECTORS_NAME": [LC_SECTORS[s]] if s else []}
                    for s in (0, *LC_SECTORS)}  # fmt: skip
    n = len(ids)
    columns = (sample.career, sample.nospec, sample.posted, sample.expired, sample.updated,
               sample.modeled, sample.duplicates, sample.employer, sample.source_seed,
               sample.title, sample.raw_prefix, sample.raw_suffix, sample.employment,
               sample.min_years, sample.max_years, sample.internship, sample.remote,
               sample.salary, sample.salary_from, sample.salary_to, sample.pay_period,
               sample.city, sample.sources, sample.cip, sample.sectors)  # fmt: skip
    lists = [a[:n].tolist() for a in columns]
    rows: list[dict[str, Any]] = []
    for i, (ci, nospec, posted, expired, updated, modeled, dups, emp_i, seed, title, prefix,
            suffix, employment, my, xy, intern, remote, salary, sal_from, sal_to, pay, city_i,
            n_src, n_cip, sector) in enumerate(zip(*lists, strict=True)):  # fmt: skip
        c = careers[ci]
        row: dict[str, Any] = {"ID": ids[i], "_CAREER": c}
        row.update(career_cells[ci, not nospec])
        row.update(employer_cells[emp_i])
        row.update(city_cells[city_i])
        row.update(cip_cells[c.occupation, n_cip])
        row.update(sector_cells[sector])
        edu = sample.education[i]
        cells = edu_cells.get(edu)
        if cells is None:
            cells = edu_cells[edu] = _education_cells(edu)
        row.update(cells)
        row["POSTED"] = posted
        row["EXPIRED"] = expired if expired >= 0 else None
        row["DURATION"] = expired - posted if expired >= 0 else None
        row["MODELED_EXPIRED"] = posted + modeled
        row["MODELED_DURATION"] = modeled
        row["LAST_UPDATED_TIMESTAMP"] = updated
        row["LAST_UPDATED_DATE"] = updated // MS_DAY + EPOCH_ORD
        row["DUPLICATES"] = dups
        if emp_i >= 0:
            name = EMPLOYERS[emp_i].name
            row["COMPANY_RAW"] = (name, name + ", Inc.", name + " LLC", name.upper(),
                                  name + " - Careers")[seed % 5]  # fmt: skip
        else:
            row["COMPANY_RAW"] = ("Confidential", "Confidential Company", None,
                                  "Hiring Immediately")[seed % 4]  # fmt: skip
        row.update(title_fields(c, title, prefix, suffix))
        row["EMPLOYMENT_TYPE"], row["EMPLOYMENT_TYPE_NAME"] = EMPLOYMENT[employment - 1]
        row["MIN_YEARS_EXPERIENCE"] = my if my >= 0 else None
        row["MAX_YEARS_EXPERIENCE"] = xy if xy >= 0 else None
        row["IS_INTERNSHIP"] = intern
        row["REMOTE_TYPE"], row["REMOTE_TYPE_NAME"] = REMOTE[remote]
        if salary >= 0:
            row.update(
                SALARY=salary,
                SALARY_FROM=sal_from,
                SALARY_TO=sal_to,
                ORIGINAL_PAY_PERIOD="year",
                _PAY=("year", "hour", "month")[pay],
            )
        else:
            row.update(
                SALARY=None, SALARY_FROM=None, SALARY_TO=None, ORIGINAL_PAY_PERIOD=None, _PAY=None
            )
        row.update(_skill_fields(sample.skills[i]))

        boards = [BOARDS[(seed >> (3 * k)) % len(BOARDS)] for k in range(3)]
        if seed % 3 == 0:
            boards[0] = FAMILY_BOARD[c.family]
        pool = list(dict.fromkeys(boards))[:n_src]
        if emp_i >= 0 and seed % 4 == 0:
            pool = [f"careers.{EMPLOYERS[emp_i].slug}.com", *pool][:n_src]
        hx = sample.url_hex[i]
        urls = [f"https://www.{d}/job/{hx}" if not d.startswith("careers.") else
                f"https://{d}/jobs/{int(hx[:8], 16)}" for d in pool]  # fmt: skip
        staffing = emp_i >= 0 and EMPLOYERS[emp_i].staffing
        types = sorted({"Company" if d.startswith("careers.") else
                        "Recruiter" if staffing else "Job Board" for d in pool})  # fmt: skip
        row["SOURCE_TYPES"], row["SOURCES"], row["URL"] = types, pool, urls
        row["ACTIVE_URLS"] = urls if expired < 0 else []
        row["ACTIVE_SOURCES_INFO"] = pool if expired < 0 else []

        company = row["COMPANY_NAME"] if emp_i >= 0 else "Our client"
        city_text = row["CITY_NAME"] or "multiple locations"
        names = row["SKILLS_NAME"]
        skill_text = ", ".join(names[:3]) if names else "a willingness to learn"
        row["BODY"] = (f"{row['TITLE_RAW']}\n{company} is hiring in {city_text}. "
                       f"Experience with {skill_text} is a plus.\n"
                       f"{BODY_LINES[seed % len(BODY_LINES)]}")  # fmt: skip
        rows.append(row)
    return rows


def nearly_empty(row_id: str | None, posted: int | None, updated: int | None) -> dict:
    row: dict[str, Any] = dict.fromkeys(HEADER)
    row["ID"] = row_id
    row["POSTED"] = posted
    if updated is not None:
        row["LAST_UPDATED_TIMESTAMP"] = updated
        row["LAST_UPDATED_DATE"] = updated // MS_DAY + EPOCH_ORD
    return row
