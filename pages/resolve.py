"""Resolving what a page request names: the snapshot (`--as-of`, default the newest), the
career (a code or a name, any case) and the geography (a state's postal code or name; None for
the nation), with a helpful one-line error for anything unknown."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

import duckdb

from core.errors import CareersError
from pages.data import NATION, UNCLASSIFIED, UNCLASSIFIED_NAME, Geo, geographies
from warehouse.queries import query


def snapshots(con: duckdb.DuckDBPyConnection) -> list[date]:
    try:
        rows = query(con, "pages#snapshots")
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


def norm(text: str) -> str:
    """`text` as compared with names: blanks collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _suggest(text: str, names: list[str]) -> list[str]:
    by_key = {norm(n): n for n in names}
    key = norm(text)
    close = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)
    if not close and len(key) >= 3:
        close = [k for k in sorted(by_key) if key in k][:3]
    return [by_key[k] for k in close]


def _did_you_mean(suggestions: list[str]) -> str:
    quoted = [f'"{s}"' for s in suggestions]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"


def list_careers(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, str]:
    """code -> name of every career with postings in the snapshot (never 99999999)."""
    rows = query(
        con,
        "pages#careers",
        {"as_of": as_of, "nation": NATION, "unclassified": UNCLASSIFIED},
    )
    return {r["occupation_code"]: r["occupation_name"] for r in rows}


def resolve_career(con: duckdb.DuckDBPyConnection, as_of: date, text: str) -> str:
    """A career code from a code or a name (case-insensitive); a helpful error otherwise."""
    wanted = " ".join(text.split())
    if wanted == UNCLASSIFIED or norm(wanted) == norm(UNCLASSIFIED_NAME):
        raise CareersError(
            f'{UNCLASSIFIED} "{UNCLASSIFIED_NAME}" holds the postings Lightcast could not '
            "classify: it is not a career and has no page"
        )
    known = list_careers(con, as_of)
    if wanted in known:
        return wanted
    matches = [code for code, name in known.items() if norm(name) == norm(wanted)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise CareersError(
            f'"{wanted}" names {len(matches)} careers; use a code: {", ".join(matches)}'
        )
    if not wanted:
        raise CareersError("OCCUPATION is empty: give a career's name or code")
    other = query(con, "pages#occupations_named", {"text": wanted})
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


def resolve_state(con: duckdb.DuckDBPyConnection, text: str | None) -> Geo | None:
    """A state from a postal code or a name (case-insensitive); None for the nation."""
    if text is None:
        return None
    wanted = " ".join(text.split())
    geos = geographies(con)
    for geo in geos.values():
        if norm(wanted) in (norm(geo.code), norm(geo.name)):
            return None if geo.is_nation else geo
    suggestions = _suggest(wanted, [g.name for g in geos.values() if not g.is_nation])
    raise CareersError(
        f'unknown state "{wanted}" (give a postal code like NC or a name like North Carolina)'
        + (_did_you_mean(suggestions) if suggestions else "")
    )


@dataclass(frozen=True)
class PageRequest:
    as_of: date
    code: str
    state: Geo | None


def resolve(
    con: duckdb.DuckDBPyConnection, occupation: str, state: str | None, as_of: date | None
) -> PageRequest:
    """The snapshot, career and state a page request names (see the module docstring)."""
    day = resolve_as_of(con, as_of)
    return PageRequest(day, resolve_career(con, day, occupation), resolve_state(con, state))
