"""The runner's `create` and `insert`, the marts' and partials' declared inputs (their build
order), and the static `postings` DDL against the contract's column list."""

from __future__ import annotations

from pathlib import Path

import duckdb

from schemas.postings import KNOWN_COLUMNS
from transforms.runner import (
    HERE,
    SqlFolder,
    build_order,
    create,
    inputs,
    insert,
    literal,
    quote,
    rows,
    run,
)
from warehouse.ingest_postings import LINEAGE_COLUMNS, NARROW_COLUMNS, ensure_postings_tables
from warehouse.parts import PART_MODELS, PARTS
from warehouse.snapshot import CAREER_TABLES, PUBLISHED


def test_create_and_insert_materialize_a_model() -> None:
    with duckdb.connect() as con:
        run(con, "ops/months#delta_months", {"months": ["2026-01-01", "2026-02-01"]})
        create(con, "copy", "ops/relations#select_all", table="delta_months")
        insert(con, "copy", "ops/relations#select_all", table="delta_months")
        assert rows(con, "ops/relations#count_rows", table="copy") == [(4,)]
        create(con, "copy", "ops/relations#select_all", table="delta_months")  # replaces
        assert rows(con, "ops/relations#count_rows", table="copy") == [(2,)]


def test_every_mart_and_part_declares_its_inputs() -> None:
    for folder in ("marts", "partials"):
        for path in sorted((HERE / folder).glob("*.sql")):
            assert inputs(f"{folder}/{path.stem}"), f"{path} has no -- inputs: line"


def test_career_tables_come_after_the_tables_they_read() -> None:
    assert sorted(CAREER_TABLES) == sorted(PUBLISHED)
    for i, table in enumerate(CAREER_TABLES):
        assert not {t for t in inputs(f"marts/{table}") if t in PUBLISHED} - set(CAREER_TABLES[:i])
    # Reversed input: the order still puts readers after what they read.
    again = [Path(m).name for m in build_order(f"marts/{t}" for t in reversed(PUBLISHED))]
    assert again.index("career_summary") < again.index("career_similar")
    assert again.index("career_skills") < again.index("career_skill_groups")


def test_part_postings_runs_before_the_parts() -> None:
    assert ["partials/part_postings", *(f"partials/part_{p}" for p in PARTS)] == PART_MODELS


def test_postings_ddl_has_the_narrow_columns_and_parquet_the_contract_columns() -> None:
    """The store's `postings` keeps the columns the career tables read; the Parquet schema (the
    published view's columns) every contract column in delivery order, then the lineage."""
    with duckdb.connect() as con:
        ensure_postings_tables(con)
        ensure_postings_tables(con)  # idempotent
        names = [
            r[0] for r in con.execute("SELECT name FROM pragma_table_info('postings')").fetchall()
        ]
        run(con, "ops/ingest_postings#wide_schema")
        wide = [
            r[0]
            for r in con.execute(
                "SELECT name FROM pragma_table_info('postings_wide_schema')"
            ).fetchall()
        ]
    assert names == [*NARROW_COLUMNS, *LINEAGE_COLUMNS]
    assert wide == [*KNOWN_COLUMNS, *LINEAGE_COLUMNS, "_rejected"]
    assert set(NARROW_COLUMNS) <= set(KNOWN_COLUMNS)


def test_placeholders_quote_relations_names_and_literals(tmp_path: Path) -> None:
    """`{{ k }}` splits `schema.name`; `{{ k | name }}` quotes one name whole (a delivered
    column may hold a `.`); `{{ k | literal }}` is a string literal, quotes doubled."""
    (tmp_path / "t.sql").write_text(
        "-- name: q\nCOMMENT ON COLUMN {{ rel }}.{{ col | name }} IS {{ text | literal }}\n"
    )
    folder = SqlFolder(tmp_path)
    assert folder.render("t#q", rel="ops.batches", col='a."b', text="it's") == (
        'COMMENT ON COLUMN "ops"."batches"."a.""b" IS \'it\'\'s\''
    )
    assert quote("store", "months") == '"store"."months"'
    assert literal("o'k") == "'o''k'"
