"""The page's employment and wage sections against the independent computation
(tests/oracle_bls.py): employment by year from career_employment when the career has rows there,
else from career_wages (BLS OEWS), naming the source; the newest year's BLS wages beside the
advertised salary percentiles, every absent figure said in words."""

from __future__ import annotations

import json
import math

import jsonschema
import pytest
from bls_export import AS_OF, NO_LIGHTCAST_PARENT, make_export
from conftest import ROOT
from oracle import career_tables, load_postings
from oracle_bls import career_wages, load_oews, newest_wages, page_employment
from page_dom import BAD_WORDS, count, money, parse

from core.settings import Gates
from devtools import browser
from pages.document import career_page
from pages.render import render_page
from warehouse.build import execute

SCHEMA = json.loads((ROOT / "pages" / "career-page.schema.json").read_text(encoding="utf-8"))
WAGE_ROWS = [("mean", "Average"), ("p10", "10th percentile"), ("p25", "25th percentile"),
             ("p50", "Median"), ("p75", "75th percentile"), ("p90", "90th percentile")]  # fmt: skip
GEOS = [None, "NC", "GU"]  # the nation, a large state, a territory with sparse data


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("page-bls")
    export = make_export(root / "export")
    warehouse = root / "careers.duckdb"
    execute(export, warehouse, [AS_OF], gates=Gates(max_quarantine_rate=0.5))
    state = load_postings([export])
    tables = career_tables(state, AS_OF)
    summary = tables["career_summary"]
    careers = sorted(summary.loc[summary["geo_level"] == "nation", "occupation_code"])
    wages = career_wages(state, load_oews([export]), AS_OF, set(careers))
    return warehouse, tables, wages, careers


def _is_none(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _advertised(summary, key: str) -> str:
    if summary is None or summary["salary_postings"] == 0:
        return "No salaries listed"
    if _is_none(summary[f"salary_{key}"]):
        return f"Too few salaries ({count(int(summary['salary_postings']))})"
    return money(summary[f"salary_{key}"])


def test_employment_and_wage_sections_match_the_oracle(world):
    warehouse, tables, wages, careers = world
    summary = tables["career_summary"]
    seen_sources, seen_unpublished = set(), 0
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for code in careers:
        for state in GEOS:
            geo = state or "US"
            doc = career_page(code, state, AS_OF, warehouse)
            validator.validate(doc)
            block = doc["state"] if state else doc["nation"]
            source, rows = page_employment(tables["career_employment"], wages, code, geo, 2016)
            got = doc["employment_source"]["table"] if doc["employment_source"] else None
            assert got == source, (code, geo)
            assert [(r["year"], r["jobs"], r["suppressed"]) for r in block["employment"]] == rows
            seen_sources.add(source)
            newest = newest_wages(wages, code, geo)
            dom = parse(render_page(doc))
            lede = dom.by_id("employment").find("p").text()
            if source == "career_wages":
                assert "BLS OEWS" in lede and doc["employment_source"]["occupation"] in lede
                assert code[:6] == NO_LIGHTCAST_PARENT
            elif source == "career_employment":
                assert "from the employment export" in lede
            if newest is None:
                assert block["bls_wages"] is None
                assert "No BLS OEWS wages for this career" in dom.by_id("salary").text()
                continue
            assert block["bls_wages"]["year"] == newest["year"]
            assert block["bls_wages"]["topcoded"] == newest["wage_topcoded"]
            row = summary[(summary["occupation_code"] == code) & (summary["geo_code"] == geo)]
            advertised = row.iloc[0] if len(row) else None
            table = dom.by_id(f"bls-wages-{geo}")
            assert table.header()[2] == f"Paid, BLS OEWS {newest['year']}"
            expected = []
            for key, label in WAGE_ROWS:
                paid = newest[f"wage_{key}"]
                assert block["bls_wages"][key] == (None if _is_none(paid) else paid)
                seen_unpublished += _is_none(paid)
                expected.append([label, _advertised(advertised, key),
                                 "Not published" if _is_none(paid) else money(paid)])  # fmt: skip
            assert table.rows() == expected, (code, geo)
            for section in ("salary", "employment"):
                assert not BAD_WORDS.search(dom.by_id(section).text())
    assert seen_sources == {"career_employment", "career_wages"}  # both paths ran
    assert seen_unpublished > 0  # `*` / `#` said in words


def test_bls_employment_table_says_unpublished_years_in_words(world):
    warehouse, tables, wages, careers = world
    code = next(c for c in careers if c[:6] == NO_LIGHTCAST_PARENT)
    for state in GEOS:
        geo = state or "US"
        doc = career_page(code, state, AS_OF, warehouse)
        _, rows = page_employment(tables["career_employment"], wages, code, geo, 2016)
        dom = parse(render_page(doc))
        shown = dict(dom.by_id(f"employment-{geo}").rows())
        for year, jobs, suppressed in rows:
            assert shown[str(year)] == ("Not published by BLS (**)" if suppressed else count(jobs))
        assert all(v == "Not reported" for y, v in shown.items() if int(y) not in dict(
            (r[0], r) for r in rows))  # fmt: skip


@pytest.mark.skipif(not browser.available(), reason="Chromium is not installed")
def test_a_bls_sourced_page_renders_clean_in_chromium(world, tmp_path):
    from test_page_chromium import assert_clean_and_accessible, keep_screenshot, rendered

    warehouse, tables, wages, careers = world
    code = next(c for c in careers if c[:6] == NO_LIGHTCAST_PARENT)
    page = tmp_path / "bls-page.html"
    page.write_text(render_page(career_page(code, "NC", AS_OF, warehouse)), encoding="utf-8")
    dom = rendered(page)
    assert_clean_and_accessible(dom)
    assert dom.by_id("bls-wages-NC").rows() and dom.by_id("bls-wages-US").rows()
    assert "BLS OEWS" in dom.by_id("employment").find("p").text()
    keep_screenshot(page, tmp_path, f"career-page-bls-{code}-NC")
    narrow = browser.screenshot(page, tmp_path / f"career-page-bls-{code}-NC-390.png", width=390)
    assert narrow.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
