"""Career pages rendered in real headless Chromium: every section, the published numbers,
nothing blank, accessible structure. Screenshots are kept under the test's tmp dir (and copied
to $CAREERS_TEST_ARTIFACTS when set)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GENERATED_AS_OF, ROOT
from page_dom import BAD_WORDS, NOISE, Tables, count, in_name, money, parse, share

from devtools import browser

# Without Chromium: one "skipped" line in the summary (conftest's `chromium`); failed in CI.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]

SECTIONS = [
    "outlook",
    "salary",
    "education",
    "experience",
    "skills",
    "titles",
    "similar",
    "employers",
    "employment",
]
GROUPS = ["baseline", "defining", "necessary", "distinguishing", "salary_boosting"]


def write_page(warehouse: Path, out: Path, *args: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli.main",
            "page",
            *args,
            "--out",
            str(out),
            "--warehouse",
            str(warehouse),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert out.is_file()


def rendered(page: Path):
    """The DOM Chromium built from the page."""
    dom = browser.dump_dom(page)
    assert "<main" in dom, dom[:500]
    return parse(dom)


def keep_screenshot(page: Path, tmp_path: Path, name: str) -> Path:
    png = browser.screenshot(page, tmp_path / f"{name}.png")
    assert png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    artifacts = os.environ.get("CAREERS_TEST_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(artifacts) / png.name)
    return png


def assert_clean_and_accessible(doc) -> None:
    body = doc.find("body")
    text = body.text()
    bad = BAD_WORDS.search(text)
    assert bad is None, (
        f"placeholder {bad.group(0)!r} near: {text[max(0, bad.start() - 80) : bad.end() + 80]}"
    )
    assert doc.find("html").attrs.get("lang") == "en"
    assert not doc.find_all("script"), "pages need no JavaScript"
    assert not doc.find_all(pred=lambda n: n.tag in ("link", "img", "iframe")), "self-contained"
    for tag in doc.find_all(
        pred=lambda n: any(
            v.startswith(("http:", "https:", "//"))
            for k, v in n.attrs.items()
            if k in ("src", "href")
        )
    ):
        pytest.fail(f"network reference in <{tag.tag} {tag.attrs}>")
    # Headings in order: one h1, no level skipped.
    levels = [int(n.tag[1]) for n in body.iter() if n.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    # Tables: column headers, no empty cell.
    for table in doc.find_all("table"):
        headers = table.find("thead").find_all("th")
        assert headers and all(th.attrs.get("scope") == "col" for th in headers)
        assert table.find_all("caption"), "every table has a caption"
        for cell in table.find_all(pred=lambda n: n.tag in ("td", "th")):
            assert cell.text(), f"empty cell in table {table.attrs}"
    # Charts: a text alternative that resolves.
    for svg in doc.find_all("svg", lambda n: n.parent.tag != "svg"):  # (not a drawing's part)
        assert svg.attrs.get("role") == "img"
        for ident in svg.attrs["aria-labelledby"].split():
            assert doc.by_id(ident).text(), ident


def stat(doc, name: str, geo: str) -> str:
    node = doc.find(
        pred=lambda n: n.attrs.get("data-stat") == name and n.attrs.get("data-geo") == geo
    )
    return node.find("dd").text()


@pytest.fixture(scope="module")
def tables(generated_warehouse) -> Tables:
    return Tables(generated_warehouse, GENERATED_AS_OF)


@pytest.fixture(scope="module")
def ml_state_page(generated_warehouse, tmp_path_factory, tables):
    """Machine Learning Engineer in the state with the most of its postings (salaries too)."""
    code = tables.code_of("Machine Learning Engineer")
    state = tables.q(
        "SELECT geo_code FROM career_summary WHERE as_of = ? AND occupation_code = ? "
        "AND geo_level = 'state' AND salary_mean IS NOT NULL ORDER BY postings DESC, geo_code "
        "LIMIT 1",
        code,
    )[0][0]
    out = tmp_path_factory.mktemp("page") / "ml.html"
    write_page(generated_warehouse, out, "machine learning engineer", "--state", state.lower())
    return out, code, state, rendered(out)


def test_state_page_has_every_section_with_the_published_numbers(ml_state_page, tables, tmp_path):
    page, code, state, doc = ml_state_page
    keep_screenshot(page, tmp_path, f"career-page-{code}-{state}")
    assert_clean_and_accessible(doc)
    us, st = tables.summary(code, "US"), tables.summary(code, state)
    assert doc.find("h1").text() == f"Machine Learning Engineer in {st['geo_name']}"
    for section in SECTIONS:
        assert doc.find("section", lambda n, s=section: n.attrs.get("id") == s).find("h2").text()

    # Job outlook: postings in the state and the nation, over the past year.
    assert stat(doc, "postings", state) == count(st["postings"])
    assert stat(doc, "postings", "US") == count(us["postings"])
    assert stat(doc, "employers", state) == count(st["employers"])
    assert stat(doc, "share", state) == (
        f"{share(100 * st['postings'] / us['postings'], us['postings'])} "
        f"{count(st['postings'])} of {count(us['postings'])} postings"
    )
    outlook = doc.by_id("outlook").text()
    assert "November 21, 2025 to November 20, 2026" in outlook

    # Salary: averages and the percentiles (chart and table).
    assert stat(doc, "salary-mean", state).startswith(money(st["salary_mean"]))
    assert stat(doc, "salary-mean", "US").startswith(money(us["salary_mean"]))
    percentiles = doc.by_id("salary-percentiles")
    assert percentiles.header() == ["Percentile", st["geo_name"], "United States"]
    assert percentiles.rows() == [
        [label, money(st[f"salary_{p}"]), money(us[f"salary_{p}"])]
        for p, label in [
            ("p10", "10th"),
            ("p25", "25th"),
            ("p50", "50th (median)"),
            ("p75", "75th"),
            ("p90", "90th"),
        ]
    ]
    chart = doc.by_id("salary").find("svg")
    assert f"median {money(st['salary_p50'])}" in chart.text()
    assert f"median {money(us['salary_p50'])}" in chart.text()

    # Education and experience tables, state and nation.
    for geo in (state, "US"):
        assert doc.by_id(f"education-{geo}").rows() == tables.education_rows(code, geo)
        assert doc.by_id(f"experience-{geo}").rows() == tables.experience_rows(code, geo)

    # The five skill groups, each skill with its count and share (and lift, or salaried
    # postings with / without and premium), each group saying its order.
    for group in GROUPS:
        expected = tables.skill_rows(code, group)
        node = doc.by_id(f"skills-{group}")
        assert "Ranked by" in node.text()
        if expected:
            assert node.group_rows() == expected, group
        else:
            assert node.find("p", lambda n: "note" in n.attrs.get("class", "")).text()
    assert not NOISE.search(doc.find("body").text())

    # Alternative titles leave out the career's own title.
    for geo in (state, "US"):
        expected = tables.title_rows(code, geo, "Machine Learning Engineer")
        assert doc.by_id(f"titles-{geo}").rows() == expected
    own = tables.q(
        "SELECT count(*) FROM career_titles WHERE as_of = ? AND occupation_code = ? "
        "AND title_name = 'Machine Learning Engineers'",
        code,
    )
    assert own[0][0] >= 1, "the career's own title is published, and left out of the page"
    shown = [row[0] for geo in (state, "US") for row in doc.by_id(f"titles-{geo}").rows()]
    assert "Machine Learning Engineers" not in shown

    assert doc.by_id("similar-table").rows() == tables.similar_rows(code)

    # Top employers in the nation and in the state.
    for geo in (state, "US"):
        assert doc.by_id(f"employers-{geo}").rows() == tables.employer_rows(code, geo)

    # Employment by year since 2016 for the parent occupation: a chart and its table.
    assert us["parent_name"] in doc.by_id("employment").find("p").text()
    for geo in (state, "US"):
        jobs = tables.employment(code, geo)
        rows = doc.by_id(f"employment-{geo}").rows()
        assert rows[0][0] == "2016"
        for year, value in rows:
            expected = jobs.get(int(year), "missing")
            if expected == "missing":
                assert value == "Not reported"
            elif expected is None:
                assert value == "Suppressed (fewer than 10)"
            else:
                assert value == count(expected)
    charts = doc.by_id("employment").find_all("svg", lambda n: n.attrs.get("role") == "img")
    assert len(charts) == 2
    assert all(c.find("polyline") for c in charts)


@pytest.mark.parametrize("width", [1200, 390])
def test_dense_page_layout(ml_state_page, width):
    """The 10-row baseline group and the 25-row defining one leave no blank area beside each
    other; at phone width nothing is wider than the screen or its card and no text (chart text
    included) is under 11 px."""
    page, code, state, _ = ml_state_page
    seen = browser.layout(page, width)
    assert seen["viewport"] == width
    assert seen["scrollWidth"] <= width, seen
    assert seen["overflow"] == []
    assert seen["minText"] >= 11, seen["minTextAt"]
    assert seen["sideBySide"] <= 120


def test_nation_page(generated_warehouse, tables, tmp_path):
    code = tables.code_of("Registered Nurse")
    out = tmp_path / "nurse.html"
    write_page(generated_warehouse, out, code)
    doc = rendered(out)
    keep_screenshot(out, tmp_path, f"career-page-{code}-US")
    assert_clean_and_accessible(doc)
    us = tables.summary(code, "US")
    assert doc.find("h1").text() == "Registered Nurse in the United States"
    for section in SECTIONS:
        assert doc.has_id(section)
    assert stat(doc, "postings", "US") == count(us["postings"])
    assert not doc.find_all(pred=lambda n: n.attrs.get("data-geo") not in (None, "US"))
    assert doc.by_id("salary-percentiles").header() == ["Percentile", "United States"]
    assert doc.by_id("education-US").rows() == tables.education_rows(code, "US")
    assert doc.by_id("employers-US").rows() == tables.employer_rows(code, "US")
    assert doc.by_id("titles-US").rows() == tables.title_rows(code, "US", "Registered Nurse")


def test_missing_figures_are_said_in_words(generated_warehouse, tables, tmp_path):
    """A state with 1-4 salaries, one with suppressed or unreported employment years, and a
    state without postings: the page says so, and never prints a blank number."""
    few = tables.q(
        "SELECT occupation_code, geo_code, occupation_name, geo_name, salary_postings "
        "FROM career_summary WHERE as_of = ? AND geo_level = 'state' AND salary_postings "
        "BETWEEN 1 AND 4 ORDER BY postings DESC, occupation_code, geo_code LIMIT 1"
    )[0]
    code, geo, name, geo_name, salaried = few
    out = tmp_path / "few.html"
    write_page(generated_warehouse, out, name, "--state", geo_name)
    doc = rendered(out)
    assert_clean_and_accessible(doc)
    tile = stat(doc, "salary-mean", geo)
    assert tile == f"Fewer than 5 postings listed a salary ({salaried} did), too few for an average"
    assert doc.by_id("salary-percentiles").header() == ["Percentile", "United States"]
    assert "so there are no salary percentiles for it" in doc.by_id("salary").text()

    gaps = tables.q(
        "SELECT e.occupation_code, e.geo_code, count(*) FILTER (suppressed) AS s "
        "FROM career_employment e JOIN career_summary c USING (as_of, occupation_code, geo_code) "
        "WHERE as_of = ? AND e.year >= 2016 GROUP BY ALL HAVING s > 0 "
        "ORDER BY s DESC, 1, 2 LIMIT 1"
    )
    assert gaps, "the generated export has suppressed employment cells"
    code, geo, suppressed = gaps[0]
    out = tmp_path / "gaps.html"
    write_page(generated_warehouse, out, code, "--state", geo)
    doc = rendered(out)
    assert_clean_and_accessible(doc)
    rows = doc.by_id(f"employment-{geo}").rows()
    assert sum(v == "Suppressed (fewer than 10)" for _, v in rows) == suppressed
    chart = doc.find(
        "div",
        lambda n: (
            n.attrs.get("data-geo") == geo
            and n.find_all("svg")
            and n.parent.parent.attrs.get("id") == "employment"
        ),
    )
    assert "<10" in chart.find("svg").text()
    assert "Suppressed (fewer than 10 jobs):" in chart.find("figcaption").text()
    keep_screenshot(out, tmp_path, f"career-page-{code}-{geo}-gaps")

    none = tables.q(
        "SELECT g.geo_code, g.geo_name FROM geographies g WHERE g.geo_level = 'state' AND NOT "
        "EXISTS (SELECT 1 FROM career_summary c WHERE c.as_of = ? AND c.geo_code = g.geo_code "
        "AND c.occupation_code = ?) ORDER BY g.geo_code LIMIT 1",
        code,
    )[0]
    out = tmp_path / "none.html"
    write_page(generated_warehouse, out, code, "--state", none[0])
    doc = rendered(out)
    assert_clean_and_accessible(doc)
    career = tables.summary(code, "US")["occupation_name"]
    assert (
        f"No {career} postings in {in_name(none[1])} in the past year."
        in doc.by_id("outlook").text()
    )
    assert f"No posting in {in_name(none[1])} listed a salary" in doc.by_id("salary").text()
