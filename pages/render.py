"""HTML from a career page document: one self-contained file (inline CSS and SVG, no scripts,
no network). Templates live in `pages/templates/`.

The environment refuses to print None or an undefined value: a figure that does not exist must
be handled by the template in words, never printed as a blank or a placeholder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pages import charts, fmt
from pages.data import EMPLOYMENT_SINCE, SKILL_GROUPS

TEMPLATES = Path(__file__).with_name("templates")

# group -> (title, what the group holds, the order it is listed in). Every group says its
# order: distinguishing skills are ranked by lift and salary-boosting ones by premium, and
# those lists would look unsorted beside a share column that does not say so.
SKILL_GROUP_TEXT = {
    "baseline": (
        "Baseline skills",
        "Common skills asked for in at least 1% of postings: the ten most frequent.",
        "Ranked by share of postings.",
    ),
    "defining": (
        "Defining skills",
        "Specialized skills and certifications in at least 10% of postings and at least twice "
        "as common as in all postings.",
        "Ranked by share of postings.",
    ),
    "necessary": (
        "Necessary skills",
        "Specialized skills and certifications in at least 10% of postings that are not "
        "particular to this career (less than twice as common as in all postings).",
        "Ranked by share of postings.",
    ),
    "distinguishing": (
        "Distinguishing skills",
        "Asked for in 1% to 10% of postings and at least four times as common as in all "
        "postings: what sets some candidates apart.",
        "Ranked by lift: how many times as common as in all postings (4.0\u00d7 = four times).",
    ),
    "salary_boosting": (
        "Salary-boosting skills",
        "Postings that mention these skills offer a higher median salary than those that do "
        "not (at least 20 salaried postings each way).",
        "Ranked by salary premium: median salary with the skill minus median without, beside "
        "how many salaried postings name it and how many do not.",
    ),
}
# A group longer than this is shown as two tables side by side (they stack on a phone), so a
# 25-row group takes half the height and no short group sits beside a long one.
SPLIT_ROWS = 8
# Groups whose table is too wide to halve.
UNSPLIT_GROUPS = ("salary_boosting",)
BOOST_MIN_EACH_WAY = 20  # the contract's salary_boosting test: salaried postings each way


def _finalize(value: Any) -> Any:
    if value is None:
        raise ValueError("a template printed None: say it in words instead")
    return value


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=fmt.money,
        signed_money=fmt.signed_money,
        count=fmt.count,
        pct=fmt.pct,
        share=fmt.share,
        lift=fmt.lift,
        similarity=fmt.similarity,
        long_date=fmt.long_date,
        short_date=fmt.short_date,
        bucket=bucket_label,
        in_name=in_name,
    )
    env.globals.update(plural=fmt.plural, year_spans=charts.year_spans)
    return env


def bucket_label(bucket: str) -> str:
    """'0-2' -> '0–2 years', '9+' -> '9+ years'."""
    return bucket.replace("-", "\u2013") + " years"


def in_name(name: str) -> str:
    """'the United States', 'North Carolina', 'the U.S. Virgin Islands'."""
    if name == "United States" or name.startswith("U.S.") or name.endswith("Islands"):
        return "the " + name
    return name


ENV = _env()


@dataclass
class Links:
    """Where a published page's links go. A standalone page (`careers page`) has none."""

    index: str | None = None
    # (career code, geo code) -> href of that page, relative to the page being rendered.
    page: Callable[[str, str], str | None] = field(default=lambda code, geo: None)


def _css() -> Markup:
    return Markup((TEMPLATES / "page.css").read_text(encoding="utf-8"))


def _employment_years(blocks: list[dict]) -> list[int]:
    present = [r["year"] for b in blocks for r in b["employment"]]
    if not present:
        return []
    return list(range(min(EMPLOYMENT_SINCE, min(present)), max(present) + 1))


def skill_tables(key: str, skills: list[dict]) -> list[list[dict]]:
    """A group's rows as one table, or two halves (the first one the longer) when it has more
    than SPLIT_ROWS rows and is narrow enough to halve."""
    if len(skills) <= SPLIT_ROWS or key in UNSPLIT_GROUPS:
        return [skills]
    half = (len(skills) + 1) // 2
    return [skills[:half], skills[half:]]


def employment_about(doc: dict[str, Any]) -> dict[str, str]:
    """The words of the employment section for its source (doc["employment_source"]): the
    employment export (parent occupation, `<10` suppressed) or BLS OEWS (the career's SOC
    code, `**` not published); with neither, the section says there are no figures."""
    source = doc["employment_source"]
    parent = doc["career"]["parent_name"]
    if source is not None and source["table"] == "career_wages":
        soc = source["occupation"]
        return {
            "lede": f"Jobs in the career's standard occupation, SOC {soc}, each year since "
            f"{EMPLOYMENT_SINCE}, from the Bureau of Labor Statistics' Occupational Employment "
            "and Wage Statistics (BLS OEWS), as no employment export covers this career.",
            "gaps": "Shaded years have no figure: BLS did not publish the count (marked "
            "“**”), and years without a figure are marked “n/a”.",
            "subject": f"Jobs in SOC {soc}",
            "suppressed": "Not published by BLS (**)",
            "unpublished": "not published by BLS",
            "caption_suppressed": "Not published by BLS (**)",
            "none": f"BLS OEWS has no yearly figures for SOC {soc}",
            "source": f"employment counts are for SOC {soc}, from BLS OEWS",
        }
    return {
        "lede": f"Jobs in the parent occupation, {parent}, each year since {EMPLOYMENT_SINCE}"
        + (", from the employment export." if source is not None else "."),
        "gaps": "Shaded years have no figure: the publisher suppresses counts below 10 (marked "
        "“<10”), and years without a figure are marked “n/a”.",
        "subject": f"Jobs in {parent} occupations",
        "suppressed": "Suppressed (fewer than 10)",
        "unpublished": "suppressed (fewer than 10 jobs)",
        "caption_suppressed": "Suppressed (fewer than 10 jobs)",
        "none": f"The employment data has no yearly figures for {parent}",
        "source": "employment counts are for the parent occupation from the employment data",
    }


def page_context(doc: dict[str, Any], links: Links | None = None) -> dict[str, Any]:
    links = links or Links()
    blocks = [doc["state"], doc["nation"]] if doc["state"] else [doc["nation"]]
    years = _employment_years(blocks)
    parent = doc["career"]["parent_name"]
    if doc["employment_source"] and doc["employment_source"]["table"] == "career_wages":
        parent = f"SOC {doc['employment_source']['occupation']}"  # what the BLS series counts
    employment = []
    for block in blocks:
        chart = charts.employment_chart(
            block["employment"],
            years,
            f"employment-{block['code'].lower()}",
            in_name(block["name"]),
            parent,
        )
        by_year = {r["year"]: r for r in block["employment"]}
        employment.append(
            {
                "block": block,
                "chart": chart,
                "rows": [(year, by_year.get(year)) for year in years]
                if block["employment"]
                else [],
                "suppressed": [y for y, r in by_year.items() if r["suppressed"]],
                "missing": [y for y in years if y not in by_year] if by_year else [],
            }
        )
    code = doc["career"]["code"]
    similar = [
        {
            **s,
            "href": links.page(s["code"], doc["geography"]["code"]) or links.page(s["code"], "US"),
        }
        for s in doc["similar"]
    ]
    return {
        "doc": doc,
        "career": doc["career"],
        "geo": doc["geography"],
        "state": doc["state"],
        "nation": doc["nation"],
        "blocks": blocks,
        "css": _css(),
        "salary_chart": charts.salary_chart(blocks, "salary-chart"),
        "salaried": [b for b in blocks if b["salary"]["p10"] is not None],
        "employment": employment,
        "employment_since": EMPLOYMENT_SINCE,
        "employment_about": employment_about(doc),
        "employment_gaps": any(e["suppressed"] or e["missing"] for e in employment),
        "groups": [
            {
                "key": g,
                "title": SKILL_GROUP_TEXT[g][0],
                "explain": SKILL_GROUP_TEXT[g][1],
                "order": SKILL_GROUP_TEXT[g][2],
                "skills": doc["skill_groups"][g],
                "tables": skill_tables(g, doc["skill_groups"][g]),
            }
            for g in SKILL_GROUPS
        ],
        "boost_min": BOOST_MIN_EACH_WAY,
        "similar": similar,
        "index_href": links.index,
        "nation_href": links.page(code, "US") if doc["state"] else None,
    }


def render_page(doc: dict[str, Any], links: Links | None = None) -> str:
    """The career page as one HTML document."""
    return ENV.get_template("career.html.j2").render(page_context(doc, links))


def render_index(entries: list[dict[str, Any]], as_of: str, window: dict[str, str]) -> str:
    """The index of published pages. `entries`: one per career, sorted for display, each with
    code, name, parent_name, postings, salary_mean (or None), salary_postings, pages: [{geo_code,
    geo_name, html, json}] (nation first)."""
    return ENV.get_template("index.html.j2").render(
        entries=entries,
        as_of=as_of,
        window=window,
        css=_css(),
        pages_count=sum(len(e["pages"]) for e in entries),
    )
