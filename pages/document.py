"""Career page documents, built from one snapshot's published rows (pages.data.Snapshot).

A document is a plain dict of JSON types: it is the page's data and, serialized, its JSON
document (schema: `career-page.schema.json` beside this file). Money in a document is rounded
to cents (pages.fmt.cents): the tables keep it unrounded, a reader never sees float noise.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

from core.errors import CareersError
from pages.data import (
    DOCUMENT,
    EMPLOYMENT_SINCE,
    NATION,
    SKILL_GROUPS,
    UNCLASSIFIED,
    UNCLASSIFIED_NAME,
    VERSION,
    Geo,
    Snapshot,
    connect,
)
from pages.fmt import cents
from pages.resolve import norm, resolve

# O*NET's licence (CC BY 4.0) asks every page using its data to say so in these words, naming
# the release (`source` names it with the file).
ONET_ATTRIBUTION = (
    "This page includes information from the {source} by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
    "O*NET\u00ae is a trademark of USDOL/ETA."
)


def description_block(rows: list[dict]) -> dict[str, Any]:
    """The page's opening paragraph from the career's career_description row: O*NET's text,
    the title of the O*NET row it comes from, the career's O*NET code, the source and the
    attribution line. `text` (and with it source and attribution) is None when O*NET has no
    description for the career, or when the publication has no row for it."""
    row = rows[0] if rows else {}
    text = row.get("description")
    source = row.get("source") if text else None
    return {
        "onet_code": row.get("onet_code"),
        "title": row.get("onet_title") if text else None,
        "text": text,
        "source": source,
        "attribution": ONET_ATTRIBUTION.format(source=source) if source else None,
    }


# --------------------------------------------------------------------------------------------
# Employment and wages: the Lightcast employment export, else BLS OEWS (career_wages)

EMPLOYMENT_SOURCES = {
    "career_employment": "the employment export",
    "career_wages": "BLS OEWS",
}


def employment_source(snap: Snapshot, code: str, parent_code: str | None) -> dict | None:
    """Where the page's employment by year comes from: `career_employment` when the career has
    rows there (any geography), else `career_wages`, else None. `occupation` is the code the
    figures are for: the parent occupation, or the career's SOC code."""
    if any(key[0] == code for key in snap.rows["employment"]):
        table, occupation = "career_employment", parent_code
    else:
        wages = [rows for key, rows in snap.rows["wages"].items() if key[0] == code]
        if not wages:
            return None
        table, occupation = "career_wages", wages[0][0]["soc_code"]
    return {"table": table, "name": EMPLOYMENT_SOURCES[table], "occupation": occupation}


def _employment(snap: Snapshot, code: str, geo: str, source: dict | None) -> list[dict]:
    """Yearly jobs since EMPLOYMENT_SINCE from the source table; `suppressed`: the publisher
    did not publish the figure (`<10` in the export, `**` in OEWS)."""
    if source is None:
        return []
    if source["table"] == "career_employment":
        return [
            {
                "year": r["year"],
                "jobs": None if r["jobs"] is None else int(r["jobs"]),
                "suppressed": bool(r["suppressed"]),
            }
            for r in snap.get("employment", code, geo)
        ]
    return [
        {
            "year": r["year"],
            "jobs": None if r["employment"] is None else int(r["employment"]),
            "suppressed": bool(r["employment_suppressed"]),
        }
        for r in snap.get("wages", code, geo)
        if r["year"] >= EMPLOYMENT_SINCE
    ]


def _bls_wages(snap: Snapshot, code: str, geo: str) -> dict | None:
    """The newest year's BLS OEWS wages of the career's SOC code in the geography, or None."""
    rows = snap.get("wages", code, geo)
    if not rows:
        return None
    r = rows[-1]  # ordered by year
    return {
        "year": r["year"],
        "soc_code": r["soc_code"],
        **{key: _num(r[f"wage_{key}"]) for key in ("mean", "p10", "p25", "p50", "p75", "p90")},
        "topcoded": bool(r["wage_topcoded"]),
    }


# --------------------------------------------------------------------------------------------
# Building documents


def _num(value: Any) -> float | None:
    """A finite float, or None (JSON has no NaN)."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _money(value: Any) -> float | None:
    """Money rounded to cents (None and NaN: None)."""
    return cents(_num(value))


def _education_base(rows: list[dict]) -> int:
    """Postings that name any level 0-4: the denominator of career_education's shares (a
    posting can name several levels, so it is not their sum): postings / share of any level
    with a share above 0 (every published level set has one)."""
    for r in rows:
        share = _num(r["share_pct"])
        if share:
            return round(r["postings"] * 100 / share)
    return 0


def is_own_title(title: str, career_name: str) -> bool:
    """True for the career's own title: 'Machine Learning Engineers' for 'Machine Learning
    Engineer' (normalized titles are plural), compared case-insensitively."""
    t, n = norm(title), norm(career_name)
    return t in (n, n + "s", n + "es") or n in (t + "s", t + "es")


def _geo_block(
    snap: Snapshot, code: str, geo: Geo, career_name: str, source: dict | None
) -> dict[str, Any]:
    summary = snap.summary(code, geo.code) or {}
    salary_keys = ("mean", "p10", "p25", "p50", "p75", "p90")
    return {
        "code": geo.code,
        "name": geo.name,
        "level": "nation" if geo.is_nation else "state",
        "postings": int(summary.get("postings") or 0),
        "employers": int(summary.get("employers") or 0),
        "salary": {
            "postings": int(summary.get("salary_postings") or 0),
            **{key: _money(summary.get(f"salary_{key}")) for key in salary_keys},
        },
        "education_postings": _education_base(snap.get("education", code, geo.code)),
        "experience_postings": sum(r["postings"] for r in snap.get("experience", code, geo.code)),
        "education": [
            {
                "level": r["level_code"],
                "name": r["level_name"],
                "postings": r["postings"],
                "share_pct": _num(r["share_pct"]),
            }
            for r in snap.get("education", code, geo.code)
        ],
        "experience": [
            {
                "bucket": r["bucket"],
                "order": r["bucket_order"],
                "postings": r["postings"],
                "share_pct": _num(r["share_pct"]),
            }
            for r in snap.get("experience", code, geo.code)
        ],
        "top_employers": [
            {
                "rank": r["rank"],
                "name": r["employer_name"],
                "is_staffing": bool(r["is_staffing"]),
                "postings": r["postings"],
            }
            for r in snap.get("employers", code, geo.code)
        ],
        "alternative_titles": [
            {"rank": r["rank"], "title": r["title_name"], "postings": r["postings"]}
            for r in snap.get("titles", code, geo.code)
            if not is_own_title(r["title_name"], career_name)
        ],
        "employment": _employment(snap, code, geo.code, source),
        "bls_wages": _bls_wages(snap, code, geo.code),
    }


def build_document(snap: Snapshot, code: str, state: Geo | None = None) -> dict[str, Any]:
    """The page document of one career, for the nation (state None) or one state."""
    nation = snap.summary(code, NATION)
    if code == UNCLASSIFIED:
        raise CareersError(f"{UNCLASSIFIED} ({UNCLASSIFIED_NAME}) is not a career: no page")
    if nation is None:
        raise CareersError(f"career {code} has no postings in the {snap.as_of} snapshot")
    name = nation["occupation_name"]
    nation_postings = int(nation["postings"])
    counts = {r["skill_id"]: r for r in snap.get("salary_counts", code)}
    # The counts hold only when `postings` still has the salaried postings this snapshot
    # counted (see queries/pages.sql#salary_counts); else the page says they are not available.
    counts_hold = all(r["salaried"] == nation["salary_postings"] for r in counts.values())
    groups: dict[str, list[dict]] = {g: [] for g in SKILL_GROUPS}
    for r in snap.get("skill_groups", code):
        share = _num(r["share_pct"])
        skill = {
            "rank": r["rank"],
            "skill_id": r["skill_id"],
            "name": r["skill_name"],
            "share_pct": share,
            "postings": int(r["postings"])
            if r["postings"] is not None
            else round((share or 0) * nation_postings / 100),
            "lift": _num(r["lift"]),
            "salary_premium": _money(r["salary_premium"]),
        }
        if r["skill_group"] == "salary_boosting":
            found = counts.get(r["skill_id"]) if counts_hold else None
            skill["salaried_with"] = None if found is None else int(found["salaried_with"])
            skill["salaried_without"] = (
                None if found is None else int(found["salaried"] - found["salaried_with"])
            )
        groups.setdefault(r["skill_group"], []).append(skill)
    named = snap.get("skills_named", code)
    geo = state or snap.geos.get(NATION) or Geo(NATION, nation["geo_name"])
    source = employment_source(snap, code, nation["parent_code"])
    return {
        "document": DOCUMENT,
        "version": VERSION,
        "as_of": snap.as_of.isoformat(),
        "window": {
            "start": nation["window_start"].isoformat(),
            "end": nation["window_end"].isoformat(),
        },
        "career": {
            "code": code,
            "name": name,
            "parent_code": nation["parent_code"],
            "parent_name": nation["parent_name"],
        },
        "description": description_block(snap.get("description", code)),
        "geography": {
            "level": "nation" if geo.is_nation else "state",
            "code": geo.code,
            "name": geo.name,
        },
        "employment_source": source,
        "nation": _geo_block(snap, code, Geo(NATION, nation["geo_name"]), name, source),
        "state": None if state is None else _geo_block(snap, code, state, name, source),
        "skills_named": int(named[0]["skills"]) if named else 0,
        "skill_groups": groups,
        "similar": [
            {
                "rank": r["rank"],
                "code": r["similar_code"],
                "name": r["similar_name"],
                "similarity": _num(r["similarity"]),
            }
            for r in snap.get("similar", code)
        ],
    }


def career_page(
    occupation: str,
    state: str | None = None,
    as_of: date | None = None,
    warehouse: Path | str | None = None,
) -> dict[str, Any]:
    """Read one career page document (occupation: code or name; state: code or name)."""
    con = connect(warehouse)
    try:
        request = resolve(con, occupation, state, as_of)
        snap = Snapshot.load(con, request.as_of, request.code)
    finally:
        con.close()
    return build_document(snap, request.code, request.state)
