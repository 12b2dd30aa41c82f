"""Helpers for the page tests: a tiny DOM from Chromium's --dump-dom output, and the published
tables read straight from the DuckDB file (independently of pages.data) with the numbers
formatted as a person reads them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
    return f"${x:,.0f}"


def count(n: int) -> str:
    return f"{n:,}"


def pct(x: float) -> str:
    return f"{x:.2f}%"


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

    def education_rows(self, code: str, geo: str) -> list[list[str]]:
        return [
            [name, count(n), pct(s)]
            for name, n, s in self.q(
                "SELECT level_name, postings, share_pct FROM career_education WHERE as_of = ? "
                "AND occupation_code = ? AND geo_code = ? ORDER BY level_code",
                code,
                geo,
            )
        ]

    def experience_rows(self, code: str, geo: str) -> list[list[str]]:
        return [
            [bucket.replace("-", "\u2013") + " years", count(n), pct(s)]
            for bucket, n, s in self.q(
                "SELECT bucket, postings, share_pct FROM career_experience WHERE as_of = ? "
                "AND occupation_code = ? AND geo_code = ? ORDER BY bucket_order",
                code,
                geo,
            )
        ]

    def skill_rows(self, code: str, group: str) -> list[list[str]]:
        rows = self.q(
            "SELECT skill_name, share_pct, salary_premium FROM career_skill_groups "
            "WHERE as_of = ? AND occupation_code = ? AND skill_group = ? ORDER BY rank",
            code,
            group,
        )
        if group == "salary_boosting":
            return [[name, pct(s), "+" + money(p)] for name, s, p in rows]
        return [[name, pct(s)] for name, s, _ in rows]

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
                "AND occupation_code = ? ORDER BY rank",
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
