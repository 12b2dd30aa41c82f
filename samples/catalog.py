"""The fixed catalog the samples draw from, loaded from the data files in samples/data/:
geography (states, territories, cities), the skills taxonomy, occupations (LOT, SOC, O*NET,
CIP names), careers, employers and the small vocabularies of posting cells.

Everything here is independent of the seed: the employers are built from name parts by their
own fixed random stream, so every export names the same ~400 employers.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).with_name("data")


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _csv(name: str) -> list[list[str]]:
    """The rows of a data CSV file, header left out."""
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def _tuples(value: Any) -> Any:
    """JSON arrays as (nested) tuples."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _int_keys(table: dict[str, Any]) -> dict[int, Any]:
    return {int(k): v for k, v in table.items()}


# ============================================================================ geography

#: fips, USPS, name, population (millions), wage level, tech-job index
STATES = [(int(f), a, n, float(p), float(w), float(t)) for f, a, n, p, w, t in _csv("states.csv")]
#: fips, USPS, name, share of postings, wage level
TERRITORIES = [(int(f), a, n, float(s), float(w)) for f, a, n, s, w in _csv("territories.csv")]

_VOCABULARY = _json("vocabulary.json")
#: states with salary-transparency laws: salaries are posted more often there
PAY_TRANSPARENT = frozenset(_VOCABULARY["pay_transparent"])


@dataclass(frozen=True)
class City:
    state: int  # index into STATE_ROWS
    name: str  # "Raleigh, NC"
    county: int
    county_name: str
    msa: int | None
    msa_name: str | None
    location: str  # pretty-printed JSON object
    weight: float


#: fips, USPS, name, wage level, tech index, population weight
STATE_ROWS = [(f, a, n, w, t, p) for f, a, n, p, w, t in STATES] + [
    (f, a, n, w, 0.3, s) for f, a, n, s, w in TERRITORIES
]
STATE_INDEX = {row[1]: i for i, row in enumerate(STATE_ROWS)}


def _cities() -> list[City]:
    cities = []
    for abbr, city, county, county_name, msa, msa_name, lat, lon, weight in _csv("cities.csv"):
        location = f'{{\n  "lat": {lat.rstrip("0")},\n  "lon": {lon.rstrip("0")}\n}}'
        cities.append(City(
            STATE_INDEX[abbr], f"{city}, {abbr}", int(county), f"{county_name}, {abbr}",
            int(msa) if msa else None, msa_name or None, location, float(weight),
        ))  # fmt: skip
    return cities


CITIES = _cities()

# ============================================================================ skills

_SKILL_CATALOG = _json("skill_catalog.json")
CATEGORY_IDS: dict[str, int] = _SKILL_CATALOG["category_ids"]
#: skill type letter -> (type id, type name)
TYPES: dict[str, tuple[str, str]] = {k: tuple(v) for k, v in _SKILL_CATALOG["types"].items()}
#: share of postings naming each common skill, overall and per career family
COMMON: dict[str, float] = _SKILL_CATALOG["common"]
COMMON_BY_FAMILY: dict[str, dict[str, float]] = _SKILL_CATALOG["common_by_family"]

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def hashed_code(text: str, n: int, alphabet: str = ALNUM) -> str:
    """n characters derived from a hash of text (stable across runs and platforms)."""
    value = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")
    out = []
    for _ in range(n):
        value, rest = divmod(value, len(alphabet))
        out.append(alphabet[rest])
    return "".join(out)


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    type: str  # S, C or T
    category: str
    subcategory: str
    software: bool
    language: bool
    in_taxonomy: bool


def _skills() -> list[Skill]:
    """skills.csv flags: s software, l language, E legacy ES id, B legacy BGS id, M in postings
    but missing from the taxonomy files."""
    skills = []
    for name, kind, category, subcategory, flags in _csv("skills.csv"):
        if "E" in flags:
            sid = "ES" + hashed_code(name, 18)
        elif "B" in flags:
            sid = "BGS" + hashed_code(name, 17)
        else:
            sid = "KS1" + hashed_code(name, 17)
        skills.append(Skill(sid, name, kind, category, subcategory, "s" in flags,
                            "l" in flags, "M" not in flags))  # fmt: skip
    return skills


SKILLS = _skills()
SKILL_INDEX = {s.name: i for i, s in enumerate(SKILLS)}
SUBCATEGORY_IDS: dict[str, int] = {}
for _s in SKILLS:
    SUBCATEGORY_IDS.setdefault(_s.subcategory, 100 + 7 * len(SUBCATEGORY_IDS))

# ============================================================================ occupations

_OCCUPATIONS = _json("occupations.json")
EDUCATION_NAMES: dict[int, str] = _int_keys(_OCCUPATIONS["education_names"])
CAREER_AREAS: dict[int, str] = _int_keys(_OCCUPATIONS["career_areas"])
OCCUPATION_GROUPS: dict[int, str] = _int_keys(_OCCUPATIONS["occupation_groups"])
#: code -> name, national jobs in FIRST_EMPLOYMENT_YEAR, yearly growth, tech-weighted geography
OCCUPATIONS: dict[int, tuple[str, int, float, bool]] = {
    k: tuple(v) for k, v in _int_keys(_OCCUPATIONS["occupations"]).items()
}
#: LOT occupation -> [(CIP6 code, name)]
CIP: dict[int, list[tuple[str, str]]] = {
    k: [tuple(pair) for pair in v] for k, v in _int_keys(_OCCUPATIONS["cip"]).items()
}
CIP_NAMES: dict[str, str] = _OCCUPATIONS["cip_names"]
SOC_NAMES: dict[str, str] = _OCCUPATIONS["soc_names"]
ONET_NAMES: dict[str, str] = _OCCUPATIONS["onet_names"]


@dataclass(frozen=True)
class Career:
    code: int  # LOT specialized occupation, 8 digits
    name: str
    family: str  # tech | health | finance | trades
    weight: float  # share of postings
    salary: float  # target mean advertised salary (national)
    soc: str
    onet: str
    titles: tuple[tuple[str, float], ...]
    raw_titles: tuple[str, ...]  # singular raw forms, parallel to titles
    education: tuple[tuple[tuple[int, ...], float], ...]
    experience: float  # mean MIN_YEARS_EXPERIENCE
    employers: dict[str, float]  # employer sector -> share
    skills: dict[str, float]  # skill name -> share of postings
    premium: dict[str, float]  # skill name -> log salary premium
    hourly: float = 0.05  # share of salaried ads paid by the hour
    remote: float = 0.0  # share fully or partly remote

    @property
    def occupation(self) -> int:
        return self.code // 100


def _careers() -> list[Career]:
    tupled = ("titles", "raw_titles", "education")
    return [Career(**{k: _tuples(v) if k in tupled else v for k, v in fields.items()})
            for fields in _json("careers.json")]  # fmt: skip


CAREERS = _careers()


def _check_tables() -> None:
    for career in CAREERS:
        assert career.occupation in OCCUPATIONS, career
        assert career.code // 10_000 in OCCUPATION_GROUPS, career
        assert career.code // 1_000_000 in CAREER_AREAS, career
        for name in (*career.skills, *career.premium):
            assert name in SKILL_INDEX, name
        assert abs(sum(w for _, w in career.titles) - 1) < 1e-9, career.name
        assert abs(sum(w for _, w in career.education) - 1) < 1e-9, career.name
    for table in (COMMON, *COMMON_BY_FAMILY.values()):
        for name in table:
            assert name in SKILL_INDEX, name
    assert abs(sum(c.weight for c in CAREERS) - 1) < 1e-9


_check_tables()

# ============================================================================ employers

_EMPLOYERS = _json("employers.json")
#: employer sector -> (number of employers, [(name template, NAICS key)])
EMPLOYER_SECTORS: dict[str, tuple[int, list[tuple[str, str]]]] = {
    k: (count, [tuple(t) for t in templates])
    for k, (count, templates) in _EMPLOYERS["sectors"].items()
}
#: NAICS key -> 2..6-digit (code, name) levels; a second tuple overrides for NAICS 2022
NAICS: dict[str, tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...] | None]] = {
    k: _tuples(v) for k, v in _EMPLOYERS["naics"].items()
}


@dataclass(frozen=True)
class Employer:
    name: str
    sector: str
    naics: str
    staffing: bool
    company_id: int
    slug: str


def _build_employers() -> list[Employer]:
    """~400 employer names, fixed (independent of the seed); rank order = size order."""
    parts = {k: tuple(_EMPLOYERS[name]) for k, name in (
        ("W", "words"), ("T", "tech_suffix"), ("P", "places"), ("S", "saints"),
        ("N", "surnames"), ("M", "surnames"))}  # fmt: skip
    rng = np.random.default_rng(20_240_906)
    seen: set[str] = set()
    out: list[Employer] = []
    for sector, (count, templates) in EMPLOYER_SECTORS.items():
        made = 0
        while made < count:
            template, naics = templates[int(rng.integers(len(templates)))]
            # the parts are drawn in this order (W T P S N M) whatever the template uses
            name = template.format(**{k: v[int(rng.integers(len(v)))] for k, v in parts.items()})
            if name in seen or "{" in name:
                continue
            seen.add(name)
            slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())[:24]
            company_id = 100_000 + int(hashed_code(name, 6, "0123456789"))
            out.append(Employer(name, sector, naics, sector.startswith("staffing"),
                                company_id, slug))  # fmt: skip
            made += 1
    return out


EMPLOYERS = _build_employers()
SECTORS = list(EMPLOYER_SECTORS)
UNCLASSIFIED = "Unclassified"

# ============================================================================ cell vocabularies

REMOTE: tuple[tuple[int, str], ...] = _tuples(_VOCABULARY["remote"])
EMPLOYMENT: tuple[tuple[int, str], ...] = _tuples(_VOCABULARY["employment"])
BOARDS: tuple[str, ...] = _tuples(_VOCABULARY["boards"])
FAMILY_BOARD: dict[str, str] = _VOCABULARY["family_board"]
LC_SECTORS: dict[int, str] = _int_keys(_VOCABULARY["lc_sectors"])
RAW_PREFIX: tuple[str, ...] = _tuples(_VOCABULARY["raw_prefix"])
RAW_SUFFIX: tuple[str, ...] = _tuples(_VOCABULARY["raw_suffix"])
BODY_LINES: tuple[str, ...] = _tuples(_VOCABULARY["body_lines"])
