"""Career page documents, read from the published DuckDB file (never from raw exports).

A document is a plain dict of JSON types: it is the page's data and, serialized, its JSON
document (schema: `career-page.schema.json` beside this file). Every value the user gives
(occupation, state, date) reaches SQL only as a bound parameter. Money in a document is rounded
to cents (pages.fmt.cents): the tables keep it unrounded, a reader never sees float noise.

Lightcast's "Unclassified Specialized Occupation" (99999999) is not a career (the contract's
amendment of issue 22): it gets no page, and is never listed as a similar career. Similar
careers count only with a similarity above 0. Both are applied here as well as in the pipeline,
so the pages follow the contract whichever published file they read.
"""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from core.errors import CareersError
from core.settings import default_warehouse
from pages.fmt import cents
from warehouse.publish import connect_published

DOCUMENT = "career-page"
VERSION = 1
NATION = "US"
EMPLOYMENT_SINCE = 2016
SKILL_GROUPS = ("baseline", "defining", "necessary", "distinguishing", "salary_boosting")
UNCLASSIFIED = "99999999"  # Lightcast's "Unclassified Specialized Occupation": not a career
UNCLASSIFIED_NAME = "Unclassified Specialized Occupation"


# --------------------------------------------------------------------------------------------
# Opening the published file


def warehouse_path(warehouse: Path | str | None) -> Path:
    return Path(warehouse) if warehouse else default_warehouse()


def connect(warehouse: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the published file read-only, without file-system access for queries.

    Read-only: nothing can write it (and a refresh never waits for us: it builds a copy beside
    the file and swaps it in). No external access: a query cannot ATTACH, COPY TO or read other
    files either. Safe to open while a refresh publishes (see warehouse.publish)."""
    path = warehouse_path(warehouse)
    try:  # (a missing file is connect_published's one-line CareersError)
        return connect_published(path, config={"enable_external_access": False})
    except duckdb.Error as exc:
        raise CareersError(one_line(exc), path) from None


def one_line(exc: BaseException) -> str:
    """The first line of an error message (DuckDB adds caret diagrams below it)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> list[dict[str, Any]]:
    """Run one statement with bound parameters and fetch every row as a dict."""
    cursor = con.execute(sql, params) if params is not None else con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# --------------------------------------------------------------------------------------------
# Resolving what the user asked for


def snapshots(con: duckdb.DuckDBPyConnection) -> list[date]:
    try:
        rows = fetch(con, "SELECT DISTINCT as_of FROM career_summary ORDER BY as_of")
    except duckdb.CatalogException:
        raise CareersError("not a published careers warehouse (no career_summary table)") from None
    return [r["as_of"] for r in rows]


def resolve_as_of(con: duckdb.DuckDBPyConnection, as_of: date | None) -> date:
    """The requested snapshot, or the newest one."""
    published = snapshots(con)
    if not published:
        raise CareersError("the warehouse has no published snapshot yet")
    if as_of is None:
        return published[-1]
    if as_of not in published:
        listed = ", ".join(d.isoformat() for d in published[-5:])
        raise CareersError(f"no snapshot for {as_of.isoformat()}; published: {listed}")
    return as_of


def parse_date(value: str | None, flag: str = "--as-of") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CareersError(f"{flag} must be a date YYYY-MM-DD, got {value!r}") from None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _suggest(text: str, names: list[str]) -> list[str]:
    by_key = {_norm(n): n for n in names}
    key = _norm(text)
    close = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)
    if not close and len(key) >= 3:
        close = [k for k in sorted(by_key) if key in k][:3]
    return [by_key[k] for k in close]


def _did_you_mean(suggestions: list[str]) -> str:
    quoted = [f'"{s}"' for s in suggestions]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"


def careers(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, str]:
    """code -> name of every career with postings in the snapshot (never 99999999)."""
    rows = fetch(
        con,
        "SELECT occupation_code, occupation_name FROM career_summary "
        "WHERE as_of = $as_of AND geo_code = $nation AND occupation_code <> $unclassified "
        "ORDER BY occupation_code",
        {"as_of": as_of, "nation": NATION, "unclassified": UNCLASSIFIED},
    )
    return {r["occupation_code"]: r["occupation_name"] for r in rows}


def resolve_career(con: duckdb.DuckDBPyConnection, as_of: date, text: str) -> str:
    """A career code from a code or a name (case-insensitive); a helpful error otherwise."""
    wanted = " ".join(text.split())
    if wanted == UNCLASSIFIED or _norm(wanted) == _norm(UNCLASSIFIED_NAME):
        raise CareersError(
            f'{UNCLASSIFIED} "{UNCLASSIFIED_NAME}" holds the postings Lightcast could not '
            "classify: it is not a career and has no page"
        )
    known = careers(con, as_of)
    if wanted in known:
        return wanted
    matches = [code for code, name in known.items() if _norm(name) == _norm(wanted)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise CareersError(
            f'"{wanted}" names {len(matches)} careers; use a code: {", ".join(matches)}'
        )
    if not wanted:
        raise CareersError("OCCUPATION is empty: give a career's name or code")
    other = fetch(
        con,
        "SELECT occupation_code, occupation_name, level FROM occupations "
        "WHERE occupation_code = $text OR lower(occupation_name) = lower($text) "
        "ORDER BY occupation_code",
        {"text": wanted},
    )
    children = [
        name
        for code, name in known.items()
        if any(
            o["level"] != "specialized_occupation" and code.startswith(o["occupation_code"])
            for o in other
        )
    ]
    if children:
        level = other[0]["level"].replace("_", " ")
        article = "an" if level[0] in "aeiou" else "a"
        raise CareersError(
            f'"{other[0]["occupation_name"]}" is {article} {level}, not a career'
            + _did_you_mean(sorted(children)[:3])
        )
    if other:
        raise CareersError(
            f'"{other[0]["occupation_name"]}" has no postings in the {as_of.isoformat()} snapshot'
        )
    suggestions = _suggest(wanted, list(known.values()))
    if suggestions:
        raise CareersError(f'unknown occupation "{wanted}"' + _did_you_mean(suggestions))
    raise CareersError(
        f'unknown occupation "{wanted}" in the {as_of.isoformat()} snapshot; list careers with: '
        'careers query "SELECT DISTINCT occupation_name FROM latest_career_summary"'
    )


@dataclass(frozen=True)
class Geo:
    code: str
    name: str

    @property
    def is_nation(self) -> bool:
        return self.code == NATION


def geographies(con: duckdb.DuckDBPyConnection) -> dict[str, Geo]:
    rows = fetch(con, "SELECT geo_code, geo_name FROM geographies ORDER BY geo_code")
    return {r["geo_code"]: Geo(r["geo_code"], r["geo_name"]) for r in rows}


def resolve_state(con: duckdb.DuckDBPyConnection, text: str | None) -> Geo | None:
    """A state from a postal code or a name (case-insensitive); None for the nation."""
    if text is None:
        return None
    wanted = " ".join(text.split())
    geos = geographies(con)
    for geo in geos.values():
        if _norm(wanted) in (_norm(geo.code), _norm(geo.name)):
            return None if geo.is_nation else geo
    suggestions = _suggest(wanted, [g.name for g in geos.values() if not g.is_nation])
    raise CareersError(
        f'unknown state "{wanted}" (give a postal code like NC or a name like North Carolina)'
        + (_did_you_mean(suggestions) if suggestions else "")
    )


# --------------------------------------------------------------------------------------------
# Loading one snapshot's published rows


_QUERIES = {
    "summary": """
        SELECT occupation_code, occupation_name, parent_code, parent_name, geo_level, geo_code,
               geo_name, window_start, window_end, postings, employers, salary_postings,
               salary_mean, salary_p10, salary_p25, salary_p50, salary_p75, salary_p90
        FROM career_summary WHERE {where} ORDER BY occupation_code, geo_code""",
    "education": """
        SELECT occupation_code, geo_code, level_code, level_name, postings, share_pct
        FROM career_education WHERE {where} ORDER BY occupation_code, geo_code, level_code""",
    "experience": """
        SELECT occupation_code, geo_code, bucket, bucket_order, postings, share_pct
        FROM career_experience WHERE {where} ORDER BY occupation_code, geo_code, bucket_order""",
    "employers": """
        SELECT occupation_code, geo_code, rank, employer_name, is_staffing, postings
        FROM career_employers WHERE {where} ORDER BY occupation_code, geo_code, rank""",
    "titles": """
        SELECT occupation_code, geo_code, rank, title_name, postings
        FROM career_titles WHERE {where} ORDER BY occupation_code, geo_code, rank""",
    "employment": """
        SELECT occupation_code, parent_code, geo_code, year, jobs, suppressed
        FROM career_employment WHERE {where} AND year >= $since
        ORDER BY occupation_code, geo_code, year""",
    "wages": """
        SELECT occupation_code, soc_code, geo_code, year, employment, employment_suppressed,
               wage_mean, wage_p10, wage_p25, wage_p50, wage_p75, wage_p90, wage_topcoded
        FROM career_wages WHERE {where} ORDER BY occupation_code, geo_code, year""",
    # Each skill's postings (the count behind its share) from career_skills' nation row.
    "skill_groups": """
        SELECT g.occupation_code, g.skill_group, g.rank, g.skill_id, g.skill_name, g.share_pct,
               g.lift, g.salary_premium, s.postings
        FROM career_skill_groups AS g
        LEFT JOIN career_skills AS s
          ON s.as_of = g.as_of AND s.occupation_code = g.occupation_code
         AND s.geo_code = 'US' AND s.skill_id = g.skill_id
        WHERE {where_g} ORDER BY g.occupation_code, g.skill_group, g.rank""",
    "skills_named": """
        SELECT occupation_code, count(*) AS skills
        FROM career_skills WHERE {where} AND geo_code = 'US' GROUP BY occupation_code""",
    # The salaried postings behind each salary premium: career_skill_groups publishes the
    # premium but not its counts, so they are counted from the published `postings` and
    # `posting_skills` with the contract's definitions (window, career, salary). `postings` holds
    # the current versions, which can differ from those an older snapshot counted: the counts
    # are used only when the salaried total matches career_summary (see build_document).
    "salary_counts": """
        WITH boosting AS (
            SELECT occupation_code, skill_id FROM career_skill_groups
            WHERE {where} AND skill_group = 'salary_boosting'
        ),
        salaried AS (
            SELECT p."ID" AS posting_id, p."LOT_SPECIALIZED_OCCUPATION" AS occupation_code
            FROM postings AS p
            WHERE p."POSTED" > $as_of::DATE - INTERVAL 1 YEAR AND p."POSTED" <= $as_of::DATE
              AND p."SALARY" IS NOT NULL
              AND p."LOT_SPECIALIZED_OCCUPATION" IN (SELECT occupation_code FROM boosting)
        ),
        totals AS (
            SELECT occupation_code, count(*) AS salaried FROM salaried GROUP BY occupation_code
        ),
        mentions AS (
            SELECT s.occupation_code, l.skill_id, count(*) AS salaried_with
            FROM salaried AS s
            JOIN posting_skills AS l ON l.posting_id = s.posting_id
            WHERE l.skill_id IN (SELECT skill_id FROM boosting)
            GROUP BY ALL
        )
        SELECT b.occupation_code, b.skill_id, t.salaried,
               coalesce(m.salaried_with, 0) AS salaried_with
        FROM boosting AS b JOIN totals AS t USING (occupation_code)
        LEFT JOIN mentions AS m USING (occupation_code, skill_id)
        ORDER BY b.occupation_code, b.skill_id""",
    "similar": """
        SELECT occupation_code, rank, similar_code, similar_name, similarity
        FROM career_similar WHERE {where} AND similarity > 0 AND similar_code <> $unclassified
        ORDER BY occupation_code, rank""",
}


# --------------------------------------------------------------------------------------------
# What a professional in the career does (career_description, from O*NET)

_QUERIES["description"] = """
    SELECT occupation_code, onet_code, onet_title, description, source
    FROM career_description WHERE {where} ORDER BY occupation_code"""
# Tables a warehouse published by an earlier version may lack (read as no rows).
_ADDED_LATER = frozenset({"description", "wages"})
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


@dataclass
class Snapshot:
    """The published rows of one snapshot (optionally of one career), grouped for building
    documents: `rows[table][(occupation_code, geo_code)]` (geo_code None for nation-only
    tables)."""

    as_of: date
    geos: dict[str, Geo]
    rows: dict[str, dict[tuple[str, str | None], list[dict]]] = field(default_factory=dict)

    @classmethod
    def load(
        cls, con: duckdb.DuckDBPyConnection, as_of: date, occupation: str | None = None
    ) -> Snapshot:
        where = "as_of = $as_of" + (" AND occupation_code = $code" if occupation else "")
        where_g = "g.as_of = $as_of" + (" AND g.occupation_code = $code" if occupation else "")
        snap = cls(as_of, geographies(con))
        for table, sql in _QUERIES.items():
            params: dict[str, Any] = {"as_of": as_of}
            if occupation:
                params["code"] = occupation
            if "$since" in sql:
                params["since"] = EMPLOYMENT_SINCE
            if "$unclassified" in sql:
                params["unclassified"] = UNCLASSIFIED
            grouped: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
            try:
                found = fetch(con, sql.format(where=where, where_g=where_g), params)
            except duckdb.CatalogException:
                if table not in _ADDED_LATER:
                    raise
                found = []  # published before the table existed: its pages say "none"
            for row in found:
                grouped[(row["occupation_code"], row.get("geo_code"))].append(row)
            snap.rows[table] = grouped
        return snap

    def get(self, table: str, code: str, geo: str | None = None) -> list[dict]:
        return self.rows[table].get((code, geo), [])

    def summary(self, code: str, geo: str) -> dict | None:
        found = self.get("summary", code, geo)
        return found[0] if found else None

    def pages(self) -> Iterator[tuple[str, str]]:
        """(career code, geo code) of every page: each career's nation page, then one per
        state with postings. 99999999 (unclassified) is not a career and has none."""
        keys = [k for k in self.rows["summary"] if k[0] != UNCLASSIFIED]
        yield from sorted(keys, key=lambda k: (k[0], k[1] != NATION, k[1] or ""))


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
    t, n = _norm(title), _norm(career_name)
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
    # counted (see _QUERIES["salary_counts"]); else the page says they are not available.
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


@dataclass(frozen=True)
class PageRequest:
    as_of: date
    code: str
    state: Geo | None


def resolve(
    con: duckdb.DuckDBPyConnection, occupation: str, state: str | None, as_of: date | None
) -> PageRequest:
    day = resolve_as_of(con, as_of)
    return PageRequest(day, resolve_career(con, day, occupation), resolve_state(con, state))


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
