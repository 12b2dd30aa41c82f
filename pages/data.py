"""Career page documents, read from the published DuckDB file (never from raw exports).

A document is a plain dict of JSON types: it is the page's data and, serialized, its JSON
document (schema: `career-page.schema.json` beside this file). Every value the user gives
(occupation, state, date) reaches SQL only as a bound parameter.
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

from careers.errors import CareersError
from careers.settings import default_warehouse
from warehouse.publish import connect_published

DOCUMENT = "career-page"
VERSION = 1
NATION = "US"
EMPLOYMENT_SINCE = 2016
SKILL_GROUPS = ("baseline", "defining", "necessary", "distinguishing", "salary_boosting")


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
    """code -> name of every career with postings in the snapshot."""
    rows = fetch(
        con,
        "SELECT occupation_code, occupation_name FROM career_summary "
        "WHERE as_of = $as_of AND geo_code = $nation ORDER BY occupation_code",
        {"as_of": as_of, "nation": NATION},
    )
    return {r["occupation_code"]: r["occupation_name"] for r in rows}


def resolve_career(con: duckdb.DuckDBPyConnection, as_of: date, text: str) -> str:
    """A career code from a code or a name (case-insensitive); a helpful error otherwise."""
    wanted = " ".join(text.split())
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
    "skill_groups": """
        SELECT occupation_code, skill_group, rank, skill_id, skill_name, share_pct, lift,
               salary_premium
        FROM career_skill_groups WHERE {where} ORDER BY occupation_code, skill_group, rank""",
    "similar": """
        SELECT occupation_code, rank, similar_code, similar_name, similarity
        FROM career_similar WHERE {where} ORDER BY occupation_code, rank""",
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
        snap = cls(as_of, geographies(con))
        for table, sql in _QUERIES.items():
            params: dict[str, Any] = {"as_of": as_of}
            if occupation:
                params["code"] = occupation
            if "$since" in sql:
                params["since"] = EMPLOYMENT_SINCE
            grouped: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
            if table == "wages" and not _has_table(con, "career_wages"):
                snap.rows[table] = grouped  # published before career_wages existed
                continue
            for row in fetch(con, sql.format(where=where), params):
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
        state with postings."""
        yield from sorted(self.rows["summary"], key=lambda k: (k[0], k[1] != NATION, k[1] or ""))


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(fetch(con, "SELECT 1 FROM duckdb_tables() WHERE table_name = $n", {"n": name}))


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
            **{key: _num(summary.get(f"salary_{key}")) for key in salary_keys},
        },
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
    if nation is None:
        raise CareersError(f"career {code} has no postings in the {snap.as_of} snapshot")
    name = nation["occupation_name"]
    groups: dict[str, list[dict]] = {g: [] for g in SKILL_GROUPS}
    for r in snap.get("skill_groups", code):
        groups.setdefault(r["skill_group"], []).append(
            {
                "rank": r["rank"],
                "skill_id": r["skill_id"],
                "name": r["skill_name"],
                "share_pct": _num(r["share_pct"]),
                "lift": _num(r["lift"]),
                "salary_premium": _num(r["salary_premium"]),
            }
        )
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
        "geography": {
            "level": "nation" if geo.is_nation else "state",
            "code": geo.code,
            "name": geo.name,
        },
        "employment_source": source,
        "nation": _geo_block(snap, code, Geo(NATION, nation["geo_name"]), name, source),
        "state": None if state is None else _geo_block(snap, code, state, name, source),
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
