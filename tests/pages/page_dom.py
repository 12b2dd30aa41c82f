"""Helpers for the page tests: a tiny DOM from Chromium's --dump-dom output, and the published
tables read straight from the DuckDB file (independently of pages.document) with the numbers
formatted as a person reads them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import duckdb

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
BAD_WORDS = re.compile(r"\b(nan|NaN|None|null|undefined|Infinity)\b|\(%\)")
OWN_TITLE_SUFFIXES = ("", "s", "es")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, pred: Callable[[Node], bool] | None = None):
        return [
            n for n in self.iter() if (tag is None or n.tag == tag) and (pred is None or pred(n))
        ]

    def find(self, tag: str | None = None, pred: Callable[[Node], bool] | None = None) -> Node:
        found = self.find_all(tag, pred)
        assert found, f"no <{tag}> matching in <{self.tag} {self.attrs}>"
        return found[0]

    def by_id(self, ident: str) -> Node:
        return self.find(pred=lambda n: n.attrs.get("id") == ident)

    def has_id(self, ident: str) -> bool:
        return bool(self.find_all(pred=lambda n: n.attrs.get("id") == ident))

    def text(self) -> str:
        parts: list[str] = []

        def walk(node: Node) -> None:
            if node.tag in ("style", "script"):
                return
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    parts.append(" ")
                    walk(child)
                    parts.append(" ")

        walk(self)
        return " ".join("".join(parts).split())

    def group_rows(self) -> list[list[str]]:
        """Cell texts of the body rows of every table inside this node, in order (a skill
        group's rows can be split over two tables)."""
        return [row for table in self.find_all("table") for row in table.rows()]

    def rows(self) -> list[list[str]]:
        """Cell texts of a table's body rows."""
        body = self.find("tbody")
        return [
            [c.text() for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")]
            for tr in body.find_all("tr")
        ]

    def header(self) -> list[str]:
        return [th.text() for th in self.find("thead").find_all("th")]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


# ------------------------------------------------------------------------------------------
# Numbers as the page must show them (written here independently of pages.fmt)


def money(x: float) -> str:
    """Whole dollars of the value rounded to cents, both half up (as the page's JSON has it)."""
    in_cents = Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"${in_cents.quantize(Decimal('1'), rounding=ROUND_HALF_UP):,.0f}"


def count(n: int) -> str:
    return f"{n:,}"


def share(x: float, of: int) -> str:
    """Whole percent for a share of fewer than 100 postings, one decimal from 100 on; never 0
    for a share above 0, never 100 for one below."""
    places = 0 if of < 100 else 1
    text = f"{x:.{places}f}"
    if x > 0 and float(text) == 0:
        return "<1%" if places == 0 else "<0.1%"
    if x < 100 - 1e-9 and float(text) >= 100:
        return ">99%" if places == 0 else ">99.9%"
    return text + "%"


NOISE = re.compile(r"\d\.\d{3,}|\d{4,}\.\d")  # 100149.99999999996, 1234.5: unrounded numbers


def in_name(name: str) -> str:
    return "the United States" if name == "United States" else name


class Tables:
    """The published tables of one snapshot, queried directly."""

    def __init__(self, path: Path, as_of):
        self.path, self.as_of = path, as_of

    def q(self, sql: str, *params) -> list[tuple]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(sql, [self.as_of, *params]).fetchall()

    def summary(self, code: str, geo: str) -> dict | None:
        with duckdb.connect(str(self.path), read_only=True) as con:
            cur = con.execute(
                "SELECT * FROM career_summary WHERE as_of = ? AND occupation_code = ? "
                "AND geo_code = ?",
                [self.as_of, code, geo],
            )
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        return dict(zip(names, rows[0], strict=True)) if rows else None

    def code_of(self, name: str) -> str:
        return self.q(
            "SELECT occupation_code FROM career_summary WHERE as_of = ? AND occupation_name = ? "
            "AND geo_code = 'US'",
            name,
        )[0][0]

    def base(self, code: str, geo: str, condition: str, *params) -> int:
        """Postings of the career in the window and geography meeting `condition` (SQL on the
        published postings table, `params` bound after the code and geography): the
        denominators and counts behind shares, counted independently of pages.document."""
        state = (
            ""
            if geo == "US"
            else (
                "AND \"STATE\" = (SELECT fips FROM geographies WHERE geo_level = 'state' "
                "AND geo_code = ?)"
            )
        )
        return self.q(
            "SELECT count(*) FROM postings, (SELECT ?::DATE AS d) AS w "
            'WHERE "POSTED" > w.d - INTERVAL 1 YEAR AND "POSTED" <= w.d '
            f'AND "LOT_SPECIALIZED_OCCUPATION" = ? {state} AND {condition}',
            code,
            *([] if geo == "US" else [geo]),
            *params,
        )[0][0]

    def education_rows(self, code: str, geo: str) -> list[list[str]]:
        of = self.base(code, geo, 'list_has_any("EDUCATION_LEVELS", [0, 1, 2, 3, 4])')
        return [
            [name, count(n), share(s, of)]
            for name, n, s in self.q(
                "SELECT level_name, postings, share_pct FROM career_education WHERE as_of = ? "
                "AND occupation_code = ? AND geo_code = ? ORDER BY level_code",
                code,
                geo,
            )
        ]

    def experience_rows(self, code: str, geo: str) -> list[list[str]]:
        of = self.base(code, geo, '"MIN_YEARS_EXPERIENCE" IS NOT NULL')
        return [
            [bucket.replace("-", "\u2013") + " years", count(n), share(s, of)]
            for bucket, n, s in self.q(
                "SELECT bucket, postings, share_pct FROM career_experience WHERE as_of = ? "
                "AND occupation_code = ? AND geo_code = ? ORDER BY bucket_order",
                code,
                geo,
            )
        ]

    def skill_rows(self, code: str, group: str) -> list[list[str]]:
        """Rank, skill, "postings (share)", then the lift (distinguishing) or the salaried
        postings with / without and the premium (salary_boosting)."""
        of = self.summary(code, "US")["postings"]
        rows = self.q(
            "SELECT g.rank, g.skill_name, s.postings, g.share_pct, g.lift, g.salary_premium, "
            "g.skill_id FROM career_skill_groups g JOIN career_skills s ON s.as_of = g.as_of "
            "AND s.occupation_code = g.occupation_code AND s.geo_code = 'US' "
            "AND s.skill_id = g.skill_id WHERE g.as_of = ? AND g.occupation_code = ? "
            "AND g.skill_group = ? ORDER BY g.rank",
            code,
            group,
        )
        out = []
        for rank, name, n, s, lift, premium, skill_id in rows:
            row = [str(rank), name, f"{count(n)} ({share(s, of)})"]
            if group == "distinguishing":
                row.append(f"{lift:.1f}\u00d7" if lift < 10 else f"{lift:,.0f}\u00d7")
            if group == "salary_boosting":
                salaried = self.base(code, "US", '"SALARY" IS NOT NULL')
                with_it = self.base(
                    code, "US", '"SALARY" IS NOT NULL AND list_contains("SKILLS", ?)', skill_id
                )
                row += [f"{count(with_it)} / {count(salaried - with_it)}", "+" + money(premium)]
            out.append(row)
        return out

    def title_rows(self, code: str, geo: str, career_name: str) -> list[list[str]]:
        own = {career_name.casefold() + suffix for suffix in OWN_TITLE_SUFFIXES}
        return [
            [title, count(n)]
            for title, n in self.q(
                "SELECT title_name, postings FROM career_titles WHERE as_of = ? "
                "AND occupation_code = ? AND geo_code = ? ORDER BY rank",
                code,
                geo,
            )
            if title.casefold() not in own
        ]

    def employer_rows(self, code: str, geo: str) -> list[list[str]]:
        return [
            [str(rank), name + (" staffing firm" if staffing else ""), count(n)]
            for rank, name, staffing, n in self.q(
                "SELECT rank, employer_name, is_staffing, postings FROM career_employers "
                "WHERE as_of = ? AND occupation_code = ? AND geo_code = ? ORDER BY rank",
                code,
                geo,
            )
        ]

    def similar_rows(self, code: str) -> list[list[str]]:
        return [
            [name, f"{sim:.2f}"]
            for name, sim in self.q(
                "SELECT similar_name, similarity FROM career_similar WHERE as_of = ? "
                "AND occupation_code = ? AND similarity > 0 AND similar_code <> '99999999' "
                "ORDER BY rank",
                code,
            )
        ]

    def employment(self, code: str, geo: str) -> dict[int, int | None]:
        return dict(
            self.q(
                "SELECT year, jobs FROM career_employment WHERE as_of = ? AND occupation_code = ? "
                "AND geo_code = ? AND year >= 2016 ORDER BY year",
                code,
                geo,
            )
        )
