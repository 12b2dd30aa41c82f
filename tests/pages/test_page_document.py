"""The career page document (pages.document) and the `page` command, without a browser."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import GENERATED_AS_OF, ROOT, pages_cli
from page_dom import Tables

from core.errors import CareersError
from pages import fmt
from pages.document import career_page, is_own_title

SCHEMA = json.loads((ROOT / "pages" / "career-page.schema.json").read_text(encoding="utf-8"))
HOSTILE = "'; drop table postings; --"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def tables(generated_warehouse) -> Tables:
    return Tables(generated_warehouse, GENERATED_AS_OF)


def test_document_is_the_published_rows(generated_warehouse, tables):
    doc = career_page("MACHINE learning   engineer", "north carolina", None, generated_warehouse)
    jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(doc)
    code = tables.code_of("Machine Learning Engineer")
    assert doc["career"]["code"] == code and doc["as_of"] == GENERATED_AS_OF.isoformat()
    assert doc["geography"] == {"level": "state", "code": "NC", "name": "North Carolina"}
    for geo, block in (("NC", doc["state"]), ("US", doc["nation"])):
        summary = tables.summary(code, geo)
        assert block["postings"] == summary["postings"]
        assert block["employers"] == summary["employers"]
        assert block["salary"]["postings"] == summary["salary_postings"]
        for key in ("mean", "p10", "p25", "p50", "p75", "p90"):  # money in cents
            value, stored = block["salary"][key], summary[f"salary_{key}"]
            assert (value, stored) == (None, None) or (
                abs(value - stored) <= 0.005 and value == round(value, 2)
            )
        of = block["education_postings"]
        assert [
            [r["name"], fmt.count(r["postings"]), fmt.share(r["share_pct"], of)]
            for r in block["education"]
        ] == tables.education_rows(code, geo)
        assert [e["name"] for e in block["top_employers"]] == [
            r[1].removesuffix(" staffing firm") for r in tables.employer_rows(code, geo)
        ]
        years = [r["year"] for r in block["employment"]]
        assert years == sorted(tables.employment(code, geo)) and min(years) >= 2016
    assert [s["name"] for s in doc["similar"]] == [r[0] for r in tables.similar_rows(code)]
    assert json.loads(json.dumps(doc, allow_nan=False)) == doc  # plain JSON types only


def test_occupation_by_code_or_name_and_snapshot(generated_warehouse, tables):
    code = tables.code_of("Registered Nurse")
    by_code = career_page(code, None, GENERATED_AS_OF, generated_warehouse)
    by_name = career_page("registered nurse", "US", None, generated_warehouse)
    assert by_code == by_name
    assert by_code["state"] is None and by_code["geography"]["code"] == "US"


@pytest.mark.parametrize(
    ("occupation", "state", "message"),
    [
        ("Machine Lerning Enginer", None, 'did you mean "Machine Learning Engineer"?'),
        ("Artificial Intelligence Engineer", None, "is an occupation, not a career"),
        (HOSTILE, None, "unknown occupation"),
        ("Registered Nurse", HOSTILE, "unknown state"),
        ("Registered Nurse", "Nort Carolina", 'did you mean "North Carolina"'),
        ("99999999", None, "it is not a career and has no page"),
        ("unclassified specialized occupation", None, "it is not a career and has no page"),
    ],
)
def test_unknown_inputs_are_helpful_errors(generated_warehouse, occupation, state, message):
    with pytest.raises(CareersError, match=message.replace("?", r"\?")) as raised:
        career_page(occupation, state, None, generated_warehouse)
    assert "\n" not in str(raised.value)


def test_own_title():
    assert is_own_title("Machine Learning Engineers", "Machine Learning Engineer")
    assert is_own_title("registered nurses", "Registered Nurse")
    assert not is_own_title("Applied Machine Learning Engineers", "Machine Learning Engineer")


def test_formatting():
    assert fmt.money(149840.4) == "$149,840"
    assert fmt.count(27644) == "27,644"
    assert fmt.pct(48.9123) == "48.91%"
    assert fmt.signed_money(35500) == "+$35,500"
    # Money: float noise never decides a digit; cents half up, then dollars half up.
    assert fmt.cents(100149.99999999997) == 100150.0
    assert fmt.money(100149.99999999997) == "$100,150"
    assert fmt.cents(0.125) == 0.13 and fmt.money(100148.5) == "$100,149"
    assert fmt.cents(None) is None
    # Shares: whole percent below 100 postings, one decimal from 100; never 0 or 100 by rounding.
    assert fmt.share(100.0, 2) == "100%" and fmt.share(66.66666666666667, 3) == "67%"
    assert fmt.share(48.9123, 27644) == "48.9%" and fmt.share(50.0, 100) == "50.0%"
    assert fmt.share(0.004, 20000) == "<0.1%" and fmt.share(99.97, 5000) == ">99.9%"
    assert fmt.share(0.0, 5) == "0%" and fmt.share(100.00000000000001, 7) == "100%"
    assert fmt.lift(4.716) == "4.7\u00d7" and fmt.lift(94.3) == "94\u00d7"
    for bad in (None, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            fmt.money(bad)


def test_page_command_writes_html_and_json(generated_warehouse, tmp_path):
    out, doc = tmp_path / "site" / "page.html", tmp_path / "page.json"
    done = pages_cli(
        "page",
        "machine learning engineer",
        "--state",
        "CA",
        "--out",
        str(out),
        "--json",
        str(doc),
        env={"CAREERS_WAREHOUSE": str(generated_warehouse)},
    )
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Machine Learning Engineer" in html
    assert json.loads(doc.read_text(encoding="utf-8"))["geography"]["code"] == "CA"
    assert "<script" not in html and "http://" not in html and "https://" not in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Machine Lerning Engineer"], 'did you mean "Machine Learning Engineer"?'),
        ([HOSTILE], "unknown occupation"),
        (["Registered Nurse", "--state", HOSTILE], "unknown state"),
        (["Registered Nurse", "--as-of", HOSTILE], "--as-of must be a date"),
        (["Registered Nurse", "--as-of", "2020-01-31"], "no snapshot for 2020-01-31"),
    ],
)
def test_page_errors_are_one_line_and_harmless(generated_warehouse, tmp_path, args, message):
    before = digest(generated_warehouse)
    out = tmp_path / "page.html"
    done = pages_cli("page", *args, "--out", str(out), "--warehouse", str(generated_warehouse))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("careers: error: "), done.stderr
    assert message in lines[0]
    assert not out.exists()
    assert digest(generated_warehouse) == before


def test_missing_warehouse_is_one_line(tmp_path):
    done = pages_cli(
        "page",
        "Registered Nurse",
        "--out",
        str(tmp_path / "p.html"),
        "--warehouse",
        str(tmp_path / "nope.duckdb"),
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"careers: error: {tmp_path / 'nope.duckdb'}: no published warehouse file "
        "(run `careers refresh` first)"
    )


def test_hostile_names_are_escaped(generated_warehouse):
    """Names come from exports: markup in them is shown as text, never run."""
    from page_dom import parse

    from pages.render import render_page

    doc = career_page("Registered Nurse", "CA", None, generated_warehouse)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    doc["career"]["name"] = "Nurse " + evil
    doc["state"]["top_employers"][0]["name"] = evil
    doc["skill_groups"]["baseline"][0]["name"] = evil
    doc["state"]["name"] = 'Cal"ifornia <b>'
    dom = parse(render_page(doc))
    assert not dom.find_all("script") and not dom.find_all("img") and not dom.find_all("b")
    assert evil in dom.by_id("employers-CA").text()
    assert dom.find("h1").text().startswith("Nurse <script>")


def test_page_to_stdout(generated_warehouse):
    done = pages_cli(
        "page", "Registered Nurse", "--out", "-", "--warehouse", str(generated_warehouse)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<!doctype html>") and done.stdout.rstrip().endswith("</html>")
