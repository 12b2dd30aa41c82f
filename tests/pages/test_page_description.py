"""The page's first section, what a professional in the career does (career_description, from
O*NET), and the licence's attribution line in the footer: rendered in headless Chromium at a
desktop width and a phone's 390 px, and in the page's JSON document."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import GENERATED_AS_OF, ROOT
from page_dom import Tables
from test_page_chromium import assert_clean_and_accessible, keep_screenshot, rendered, write_page

from devtools import browser
from pages.document import career_page

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]

SCHEMA = json.loads((ROOT / "pages" / "career-page.schema.json").read_text(encoding="utf-8"))
ATTRIBUTION = (
    "This page includes information from the {source} by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license."
)
WIDTHS = {"desktop": 1200, "phone": 390}


@pytest.fixture(scope="module")
def tables(generated_warehouse) -> Tables:
    return Tables(generated_warehouse, GENERATED_AS_OF)


def published(tables: Tables, name: str) -> dict:
    """The career's career_description row, read straight from the published file."""
    (row,) = tables.q(
        "SELECT d.occupation_code, d.onet_code, d.onet_title, d.description, d.source "
        "FROM career_description d JOIN career_summary s USING (as_of, occupation_code) "
        "WHERE d.as_of = ? AND s.geo_code = 'US' AND s.occupation_name = ?",
        name,
    )
    return dict(zip(("code", "onet_code", "title", "text", "source"), row, strict=True))


@pytest.fixture(scope="module")
def described_page(generated_warehouse, tables, tmp_path_factory):
    """Computer Vision Engineer in its busiest state: its O*NET code (15-1221.01) has no row in
    the newest delivery, so the text is the SOC occupation's .00 row."""
    row = published(tables, "Computer Vision Engineer")
    state = tables.q(
        "SELECT geo_code FROM career_summary WHERE as_of = ? AND occupation_code = ? "
        "AND geo_level = 'state' ORDER BY postings DESC, geo_code LIMIT 1",
        row["code"],
    )[0][0]
    out = tmp_path_factory.mktemp("described") / "cv.html"
    write_page(generated_warehouse, out, row["code"], "--state", state)
    return out, row, rendered(out)


def test_the_description_opens_the_page_and_the_footer_attributes_it(described_page, tmp_path):
    page, row, doc = described_page
    assert row["onet_code"] == "15-1221.01" and row["text"] and row["source"]
    assert "30.0" in row["source"], "the source names the release"
    assert_clean_and_accessible(doc)
    main = doc.find("main")
    sections = main.find_all("section")
    assert sections[0].attrs["id"] == "description", [s.attrs.get("id") for s in sections]
    assert sections[0].find("h2").text() == "What does a professional in this career do?"
    paragraph = sections[0].find("p", lambda n: "description" in n.attrs.get("class", ""))
    assert paragraph.text() == " ".join(row["text"].split())
    assert f"O*NET’s description of {row['title']}" in sections[0].text()
    toc = doc.find("nav", lambda n: "toc" in n.attrs.get("class", ""))
    assert toc.find("a").attrs["href"] == "#description"
    footer = doc.find("footer").by_id("onet-attribution").text()
    assert footer.startswith(ATTRIBUTION.format(source=row["source"])), footer
    keep_screenshot(page, tmp_path, "career-page-description")


@pytest.mark.parametrize("width", sorted(WIDTHS), ids=str)
def test_laid_out_first_under_the_title_at_desktop_and_phone_width(described_page, width):
    page, _, _ = described_page
    pixels = WIDTHS[width]
    sections = ["#outlook", "#salary", "#education", "#skills", "#employment"]
    box = browser.boxes(
        page, ["h1", "#description", "p.description", "#onet-attribution", "footer", *sections],
        pixels,
    )  # fmt: skip
    assert box["viewport"] == pixels
    title, block, text = box["h1"], box["#description"], box["p.description"]
    assert title["bottom"] <= block["top"] <= text["top"], box
    assert all(text["bottom"] <= box[s]["top"] for s in sections), box
    attribution = box["#onet-attribution"]
    for shown in (text, attribution):  # readable without scrolling sideways
        assert 0 <= shown["left"] < shown["right"] <= pixels, (width, shown)
        assert shown["bottom"] - shown["top"] > 10
    assert box["footer"]["top"] <= attribution["top"] and all(
        attribution["top"] > box[s]["bottom"] for s in sections
    )


@pytest.mark.parametrize(
    ("career", "words"),
    [
        # Its O*NET code is in the older delivery only: the newer one replaced it.
        ("Apprentice Electrician", "O*NET’s occupation data has no description for its O*NET"),
        # Its postings give only 99-9999.00 or nothing.
        ("Industrial Electrician", "its postings name no O*NET occupation"),
    ],
)
def test_a_career_without_a_description_says_so_in_words(
    generated_warehouse, tables, tmp_path, career, words
):
    row = published(tables, career)
    assert row["text"] is None and row["source"] is None
    out = tmp_path / "page.html"
    write_page(generated_warehouse, out, row["code"])
    doc = rendered(out)
    assert_clean_and_accessible(doc)
    section = doc.find("main").find_all("section")[0]
    assert section.attrs["id"] == "description"
    assert f"No description is available for {career}" in section.text()
    assert words in section.text()
    assert not doc.find_all("p", lambda n: "description" in n.attrs.get("class", ""))
    assert not doc.find("footer").find_all(pred=lambda n: n.attrs.get("id") == "onet-attribution")


def test_the_json_document_carries_the_description(generated_warehouse, tables):
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for career in ("Computer Vision Engineer", "Apprentice Electrician", "Industrial Electrician"):
        row = published(tables, career)
        doc = career_page(row["code"], None, None, generated_warehouse)
        validator.validate(doc)
        described = doc["description"]
        assert described["onet_code"] == row["onet_code"]
        assert described["text"] == row["text"] and described["source"] == row["source"]
        if row["text"] is None:
            assert described["title"] is None and described["attribution"] is None
        else:
            assert described["title"] == row["title"]
            assert described["attribution"].startswith(ATTRIBUTION.format(source=row["source"]))


def test_a_warehouse_published_before_the_table_existed(generated_warehouse, tables, tmp_path):
    """Pages of a publication made before career_description existed say there is no
    description (the next refresh adds the table) instead of failing."""
    import shutil

    import duckdb

    old = tmp_path / "old.duckdb"
    shutil.copyfile(generated_warehouse, old)
    with duckdb.connect(str(old)) as con:
        con.execute("DROP VIEW latest_career_description")
        con.execute("DROP TABLE career_description")
    row = published(tables, "Computer Vision Engineer")
    doc = career_page(row["code"], None, None, old)
    assert doc["description"] == dict.fromkeys(
        ("onet_code", "title", "text", "source", "attribution")
    )
    with duckdb.connect(str(old)) as con:
        con.execute("DROP TABLE career_titles")
    with pytest.raises(duckdb.CatalogException):  # other tables are not optional
        career_page(row["code"], None, None, old)
