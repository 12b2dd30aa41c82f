"""Pages on sparse, real-looking data (issue 22): careers of 1-3 postings and 0-2 skills, the
unclassified occupation 99999999, a salary percentile with float noise. Every published page
is read in Chromium at desktop and phone width: nothing wider than the screen or its card, no
text under 11 px, counts beside shares, no float noise anywhere a reader looks.

The export is `sparse_export.write_sparse_export`; see its docstring for switching to the
generator's "sparse" profile. The tests find the careers they need by querying the tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import pages_cli
from page_dom import BAD_WORDS, NOISE, Tables, count, money, parse, share
from sparse_export import NOISY_P90, SPARSE_AS_OF, write_sparse_export

from devtools import browser
from pages.site import publish_pages

# The browser tests: skipped in one summary line without Chromium, failed in CI (conftest).
chromium = pytest.mark.usefixtures("chromium")
WIDTHS = (1200, 390)
MIN_TEXT_PX = 11
# Blocks side by side in the skills section may differ by a row or two of wrapped names; the
# layout this replaces left ~450 px blank beside a 10-row group.
MAX_SIDE_BY_SIDE_BLANK_PX = 120


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    from warehouse.build import execute

    root = tmp_path_factory.mktemp("sparse")
    write_sparse_export(root / "export")
    published = root / "wh" / "careers.duckdb"
    execute(root / "export", published, [SPARSE_AS_OF])
    return published


@pytest.fixture(scope="module")
def tables(warehouse) -> Tables:
    return Tables(warehouse, SPARSE_AS_OF)


@pytest.fixture(scope="module")
def site(warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sparse-site") / "site"
    publish_pages(out, SPARSE_AS_OF, warehouse)
    return out


def careers_where(tables: Tables, condition: str) -> list[str]:
    """Career codes (99999999 left out) whose nation summary row meets `condition`."""
    return [
        r[0]
        for r in tables.q(
            "SELECT occupation_code FROM career_summary WHERE as_of = ? AND geo_code = 'US' "
            f"AND occupation_code <> '99999999' AND {condition} ORDER BY occupation_code"
        )
    ]


def test_the_export_is_sparse(tables):
    """The fixture has what the tests rely on (else they would pass on nothing)."""
    assert len(careers_where(tables, "postings <= 3")) >= 5
    unclassified = tables.q(
        'SELECT count(*) FROM postings WHERE "POSTED" <= ? '
        "AND \"LOT_SPECIALIZED_OCCUPATION\" = '99999999'"
    )
    assert unclassified[0][0] >= 5
    noisy = tables.q(
        "SELECT salary_p90 FROM career_summary WHERE as_of = ? AND salary_p90 = ?", NOISY_P90
    )
    assert noisy and repr(noisy[0][0]) == "100149.99999999996"
    assert (
        tables.q(
            "SELECT count(*) FROM career_skill_groups WHERE as_of = ? AND skill_group IN "
            "('distinguishing', 'salary_boosting')"
        )[0][0]
        >= 2
    )


def test_unclassified_occupation_gets_no_page(warehouse, site, tmp_path):
    out = tmp_path / "page.html"
    for name in ("99999999", "Unclassified Specialized Occupation"):
        done = pages_cli("page", name, "--out", str(out), "--warehouse", str(warehouse))
        assert done.returncode == 1 and not out.exists()
        assert done.stderr.strip() == (
            'careers: error: 99999999 "Unclassified Specialized Occupation" holds the postings '
            "Lightcast could not classify: it is not a career and has no page"
        )
    assert not (site / "99999999").exists()
    assert (site / "23101011" / "us.html").is_file()
    for page in site.glob("*/*.html"):
        html = page.read_text(encoding="utf-8")
        assert "99999999" not in html and "Unclassified Specialized" not in html, page
    assert "Unclassified Specialized" not in (site / "index.html").read_text(encoding="utf-8")


def test_documents_round_money_and_keep_counts(site, tables):
    doc = json.loads((site / "15205111" / "nc.json").read_text(encoding="utf-8"))
    assert doc["nation"]["salary"]["p90"] == 100150.0 and doc["state"]["salary"]["p90"] == 100150.0
    for path in site.glob("*/*.json"):
        text = path.read_text(encoding="utf-8")
        assert "99999999" not in text and "100149.9" not in text, path
        doc = json.loads(text)
        for block in filter(None, (doc["nation"], doc["state"])):
            for value in block["salary"].values():
                assert value is None or value == round(value, 2), path
        for skills in doc["skill_groups"].values():
            for s in skills:
                assert s["postings"] == round(s["share_pct"] * doc["nation"]["postings"] / 100)
        boost = doc["skill_groups"]["salary_boosting"]
        for s in boost:
            assert s["salaried_with"] + s["salaried_without"] == doc["nation"]["salary"]["postings"]
            assert min(s["salaried_with"], s["salaried_without"]) >= 20
        assert all(s["similarity"] > 0 for s in doc["similar"])
    ml = json.loads((site / "23101011" / "us.json").read_text(encoding="utf-8"))
    [boost] = ml["skill_groups"]["salary_boosting"]
    assert (boost["salaried_with"], boost["salaried_without"]) == (30, 30)


def rendered(page: Path):
    dom = browser.dump_dom(page)
    assert "<main" in dom
    return parse(dom)


@pytest.mark.browser
@chromium
def test_pages_read_well_at_desktop_and_phone_width(site, tables):
    """The index and pages of every kind: the mid-sized career, the 1-3-posting ones (one
    without skills), the one with the noisy percentile. Each at desktop and 390 px."""
    pages = ["index", "23101011/us", "23101011/nc", "15205111/nc"]
    pages += [f"{code}/us" for code in careers_where(tables, "postings <= 3")]
    for rel in pages:
        for width in WIDTHS:
            seen = browser.layout(site / f"{rel}.html", width)
            where = f"{rel} at {width} px"
            assert seen["viewport"] == width, where
            assert seen["scrollWidth"] <= width, f"{where} scrolls sideways: {seen}"
            assert seen["overflow"] == [], where
            assert seen["texts"] > 50, where
            assert seen["minText"] >= MIN_TEXT_PX, f"{where}: {seen['minTextAt']}"
            assert seen["sideBySide"] <= MAX_SIDE_BY_SIDE_BLANK_PX, where


@pytest.mark.browser
@chromium
def test_counts_beside_shares_and_no_float_noise(site, tables):
    for rel in [
        "23101011/nc",
        "15205111/nc",
        *(f"{c}/us" for c in careers_where(tables, "postings <= 3")),
    ]:
        doc = rendered(site / f"{rel}.html")
        code, geo = rel.split("/")[0], rel.split("/")[1].upper()
        text = doc.find("body").text()
        assert not NOISE.search(text), (rel, NOISE.search(text))
        assert not BAD_WORDS.search(text), rel
        us = tables.summary(code, "US")
        for group in ("baseline", "defining", "necessary", "distinguishing", "salary_boosting"):
            expected = tables.skill_rows(code, group)
            if expected:
                assert doc.by_id(f"skills-{group}").group_rows() == expected, (rel, group)
        for g in {geo, "US"}:
            if tables.education_rows(code, g):
                assert doc.by_id(f"education-{g}").rows() == tables.education_rows(code, g)
            if tables.experience_rows(code, g):
                assert doc.by_id(f"experience-{g}").rows() == tables.experience_rows(code, g)
        if geo != "US":
            st = tables.summary(code, geo)
            tile = doc.find(
                pred=lambda n, g=geo: (
                    n.attrs.get("data-stat") == "share" and n.attrs.get("data-geo") == g
                )
            )
            assert tile.find("dd").text() == (
                f"{share(100 * st['postings'] / us['postings'], us['postings'])} "
                f"{count(st['postings'])} of {count(us['postings'])} postings"
            )
    noisy = rendered(site / "15205111" / "nc.html")
    assert noisy.by_id("salary-percentiles").rows()[-1] == ["90th"] + [money(NOISY_P90)] * 2
    assert money(NOISY_P90) == "$100,150"


@pytest.mark.browser
@chromium
def test_missing_similar_careers_and_skills_are_said_in_words(site, tables):
    no_skills = careers_where(
        tables,
        "NOT EXISTS (SELECT 1 FROM career_skills s WHERE s.as_of = career_summary.as_of "
        "AND s.occupation_code = career_summary.occupation_code)",
    )
    assert no_skills
    doc = rendered(site / no_skills[0] / "us.html")
    name = tables.summary(no_skills[0], "US")["occupation_name"]
    assert doc.by_id("similar-none").text() == (
        f"No similar careers: {name} postings name no skills, so there is nothing to compare."
    )
    assert doc.by_id("skills-none").text() == (
        f"No {name} posting names a skill, so there are no skill groups for it."
    )
    alone = careers_where(
        tables,
        "EXISTS (SELECT 1 FROM career_skills s WHERE s.as_of = career_summary.as_of "
        "AND s.occupation_code = career_summary.occupation_code) AND NOT EXISTS (SELECT 1 FROM "
        "career_similar c WHERE c.as_of = career_summary.as_of AND c.occupation_code = "
        "career_summary.occupation_code AND c.similarity > 0 AND c.similar_code <> '99999999')",
    )
    assert alone, "a career whose skills no other career names"
    doc = rendered(site / alone[0] / "us.html")
    assert doc.by_id("similar-none").text() == (
        "No similar careers: no other career's postings ask for any of the same skills."
    )
    assert not doc.find_all(pred=lambda n: n.attrs.get("id") == "similar-table")
    few = rendered(site / "15205111" / "us.html")
    boost = few.by_id("skills-salary_boosting").text()
    assert "Too few salaried postings to compare" in boost and "has 8 salaried postings" in boost


def test_query_output_rounds_money(warehouse):
    sql = (
        "SELECT occupation_code, salary_p90, salary_postings FROM career_summary "
        "WHERE occupation_code = '15205111' AND geo_code = 'US'"
    )
    for fmt, expected in (("csv", "15205111,100150.0,8"), ("json", '"salary_p90": 100150.0')):
        done = pages_cli("query", sql, "--format", fmt, "--warehouse", str(warehouse))
        assert done.returncode == 0, done.stderr
        assert expected in done.stdout and "100149.9" not in done.stdout
    done = pages_cli("query", sql, "--warehouse", str(warehouse), env={"COLUMNS": "200"})
    assert done.returncode == 0 and "100150.0" in done.stdout and "100149" not in done.stdout
    # Stored unrounded: the contract allows the tables' float noise; readers never see it.
    done = pages_cli(
        "query",
        "SELECT salary_p90::VARCHAR AS stored FROM career_summary WHERE salary_p90 > 100149 "
        "AND salary_p90 < 100151 LIMIT 1",
        "--format",
        "csv",
        "--warehouse",
        str(warehouse),
    )
    assert done.stdout.splitlines()[1].startswith("100149.9999")


def test_salary_counts_not_matching_the_snapshot_are_not_shown(warehouse):
    """The salaried counts come from the current `postings`; when those no longer hold the
    salaried postings a snapshot counted (a later refresh replaced some), the page says so."""
    from pages.data import Snapshot, connect
    from pages.document import build_document
    from pages.render import render_page

    con = connect(warehouse)
    try:
        snap = Snapshot.load(con, SPARSE_AS_OF, "23101011")
    finally:
        con.close()
    [counted] = snap.get("salary_counts", "23101011")
    assert (
        build_document(snap, "23101011")["skill_groups"]["salary_boosting"][0]["salaried_with"]
        == 30
    )
    counted["salaried"] += 1  # as if one more salaried posting were in `postings` now
    doc = build_document(snap, "23101011")
    [boost] = doc["skill_groups"]["salary_boosting"]
    assert boost["salaried_with"] is None and boost["salaried_without"] is None
    cells = parse(render_page(doc)).by_id("skills-salary_boosting-table").rows()
    assert cells == [["1", "TensorFlow", "30 (50%)", "Not counted for this snapshot", "+$30,000"]]


@pytest.fixture(scope="module")
def generated_sparse(tmp_path_factory) -> tuple[Path, Tables]:
    """The generator's "sparse" profile (the one the oracle comparisons run on), refreshed."""
    from conftest import GENERATED_AS_OF, GENERATED_POSTINGS

    from core.settings import Gates
    from samples.generate import generate_export
    from warehouse.build import execute

    root = tmp_path_factory.mktemp("generated-sparse-pages")
    generate_export(
        root / "export", GENERATED_POSTINGS["sparse"], seed=7, end=GENERATED_AS_OF,
        profile="sparse",
    )  # fmt: skip
    published = root / "careers.duckdb"
    # a small export crowds the generator's deliberately bad rows into few files
    execute(root / "export", published, [GENERATED_AS_OF], gates=Gates(max_quarantine_rate=1.0))
    return published, Tables(published, GENERATED_AS_OF)


@pytest.mark.e2e
@pytest.mark.browser
@chromium
def test_generated_sparse_export_pages_read_well(generated_sparse, tmp_path):
    """Pages of the generated sparse export at desktop and 390 px: no sideways scroll, no
    overflow, no text under 11 px, no float noise; missing similar careers said in words."""
    warehouse, tables = generated_sparse
    tiny = careers_where(tables, "postings <= 3")
    no_similar = careers_where(
        tables,
        "NOT EXISTS (SELECT 1 FROM career_similar c WHERE c.as_of = career_summary.as_of "
        "AND c.occupation_code = career_summary.occupation_code)",
    )
    assert len(tiny) >= 100 and no_similar  # the profile's shape (else this passes on nothing)
    for code in sorted({tiny[0], tiny[len(tiny) // 2], no_similar[0], "23101011"}):
        page = tmp_path / f"{code}.html"
        done = pages_cli("page", code, "--out", str(page), "--warehouse", str(warehouse))
        assert done.returncode == 0, done.stderr
        text = rendered(page).find("body").text()
        assert not NOISE.search(text) and not BAD_WORDS.search(text), code
        if code in no_similar:
            assert "No similar careers" in text, code
        for width in WIDTHS:
            seen = browser.layout(page, width)
            where = f"{code} at {width} px"
            assert seen["viewport"] == width and seen["scrollWidth"] <= width, (where, seen)
            assert seen["overflow"] == [], where
            assert seen["minText"] >= MIN_TEXT_PX, f"{where}: {seen['minTextAt']}"
