"""`publish-pages`: one HTML page and one JSON document per career x geography, an index whose
links resolve, every document valid against the written-down schema, atomic replacement."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
from conftest import GENERATED_AS_OF, ROOT
from page_dom import parse

import pages.site as publish_module
from core.errors import CareersError
from devtools import browser
from pages.document import career_page
from pages.site import MARKER, publish_pages

SCHEMA = json.loads((ROOT / "pages" / "career-page.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(generated_warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    report = publish_pages(out, None, generated_warehouse)
    assert report.as_of == GENERATED_AS_OF and report.out == out
    return out


def expected_pages(warehouse: Path) -> set[str]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT occupation_code, geo_code FROM career_summary WHERE as_of = ?",
            [GENERATED_AS_OF],
        ).fetchall()
    return {f"{code}/{geo.lower()}" for code, geo in rows}


def test_one_page_and_document_per_career_and_geography(site, generated_warehouse):
    expected = expected_pages(generated_warehouse)
    html = {str(p.relative_to(site).with_suffix("")) for p in site.glob("*/*.html")}
    docs = {str(p.relative_to(site).with_suffix("")) for p in site.glob("*/*.json")}
    assert html == docs == expected
    assert any(p.endswith("/us") for p in expected) and len(expected) > 100
    marker = json.loads((site / MARKER).read_text())
    assert marker == {
        "as_of": "2026-11-20",
        "careers": len({p.split("/")[0] for p in expected}),
        "pages": len(expected),
    }
    assert oct(site.stat().st_mode & 0o777) == "0o755"


def test_every_document_matches_the_schema(site):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    documents = sorted(site.glob("*/*.json"))
    for path in documents:
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = list(validator.iter_errors(doc))
        assert not errors, f"{path.relative_to(site)}: {errors[0].message}"
        assert path.stem == doc["geography"]["code"].lower()
        assert path.parent.name == doc["career"]["code"]
    assert json.loads((site / "career-page.schema.json").read_text()) == SCHEMA


def test_published_document_equals_the_single_page(site, generated_warehouse):
    published = json.loads((site / "23101011" / "nc.json").read_text(encoding="utf-8"))
    assert published == career_page("23101011", "NC", GENERATED_AS_OF, generated_warehouse)


def _links(html_path: Path, html: str) -> list[tuple[str, Path]]:
    out = []
    for node in parse(html).find_all("a"):
        href = node.attrs.get("href", "")
        if not href or href.startswith("#"):
            continue
        parsed = urlparse(href)
        assert not parsed.scheme and not parsed.netloc, f"external link {href}"
        out.append((href, (html_path.parent / unquote(parsed.path)).resolve()))
    return out


def test_index_links_resolve(site, generated_warehouse):
    index = site / "index.html"
    html = browser.dump_dom(index) if browser.available() else index.read_text(encoding="utf-8")
    links = _links(index, html)
    targets = {path for _, path in links}
    for href, path in links:
        assert path.is_file(), f"index link {href} does not resolve"
    every_page = {p.resolve() for p in site.glob("*/*.html")}
    assert every_page <= targets, "the index links every page"
    assert (site / "career-page.schema.json").resolve() in targets


def test_links_inside_pages_resolve(site):
    for page in [site / "23101011" / "nc.html", site / "23101011" / "us.html"]:
        links = _links(page, page.read_text(encoding="utf-8"))
        assert links, page
        for href, path in links:
            assert path.is_file(), f"{page.relative_to(site)}: {href} does not resolve"


def previous_publication(out: Path) -> dict[Path, int]:
    """A folder as an earlier publish-pages left it (marker and a page)."""
    (out / "23101011").mkdir(parents=True)
    (out / MARKER).write_text('{"as_of": "2026-10-31"}')
    (out / "23101011" / "us.html").write_text("<!doctype html><title>old</title>")
    (out / "stale.txt").write_text("from an older publication")
    return {p: p.stat().st_mtime_ns for p in out.rglob("*")}


def test_republish_replaces_the_folder(generated_warehouse, tmp_path):
    out = tmp_path / "site"
    previous_publication(out)
    inode = out.stat().st_ino
    publish_pages(out, GENERATED_AS_OF, generated_warehouse)
    assert not (out / "stale.txt").exists() and out.stat().st_ino != inode
    assert json.loads((out / MARKER).read_text())["as_of"] == "2026-11-20"
    assert "Machine Learning Engineer" in (out / "23101011" / "us.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_swap_in(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(publish_module, "_exchange", lambda a, b: False)
    out, built = tmp_path / "site", tmp_path / ".site.building-x"
    previous_publication(out)
    built.mkdir()
    (built / "index.html").write_text("new")
    publish_module.swap_in(built, out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    # A first publication: nothing to swap with.
    fresh = tmp_path / "fresh"
    built.mkdir()
    publish_module.swap_in(built, fresh)
    assert fresh.is_dir() and not built.exists()


def test_a_failure_leaves_the_previous_folder_untouched(generated_warehouse, tmp_path, monkeypatch):
    out = tmp_path / "site"
    before = previous_publication(out)
    calls = {"n": 0}
    real = publish_module.render_page

    def flaky(doc, links=None):
        calls["n"] += 1
        if calls["n"] == 20:
            raise OSError("disk full")
        return real(doc, links)

    monkeypatch.setattr(publish_module, "render_page", flaky)
    with pytest.raises(OSError, match="disk full"):
        publish_pages(out, GENERATED_AS_OF, generated_warehouse)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_refuses_to_replace_a_folder_it_did_not_write(generated_warehouse, tmp_path):
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.txt").write_text("precious")
    with pytest.raises(CareersError, match="refusing to replace"):
        publish_pages(mine, None, generated_warehouse)
    assert (mine / "thesis.txt").read_text() == "precious"
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "publish-pages", "--out", str(mine)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "CAREERS_WAREHOUSE": str(generated_warehouse)},
    )
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("careers: error: ") and "refusing to replace" in done.stderr
