"""warehouse.queries: named read statements of transforms/queries, rows as dicts."""

from __future__ import annotations

import duckdb

from warehouse.queries import query, quote


def test_rows_as_dicts_with_quoted_relations():
    con = duckdb.connect()
    con.execute('CREATE SCHEMA "o""dd"')
    con.execute('CREATE TABLE "o""dd"."t x" AS SELECT 1 AS a UNION ALL SELECT 2')
    assert query(con, "catalog#row_count", schema='o"dd', relation="t x") == [{"row_count": 2}]
    assert quote('o"dd') == '"o""dd"'


def test_bound_values_select_one_career_or_all():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE career_similar AS SELECT DATE '2026-01-31' AS as_of, * FROM (VALUES "
        "('1', 1, '2', 'Two', 0.5), ('1', 2, '99999999', 'U', 0.9), ('3', 1, '1', 'One', 0.0)) "
        "AS v(occupation_code, rank, similar_code, similar_name, similarity)"
    )
    params = {"as_of": "2026-01-31", "unclassified": "99999999"}
    every = query(con, "pages#similar", {**params, "code": None})
    assert [(r["occupation_code"], r["similar_code"]) for r in every] == [("1", "2")]
    assert query(con, "pages#similar", {**params, "code": "3"}) == []
