"""The cell parsers' white-space handling (transforms/macros.sql): `trim_ws` skips DuckDB's
trim() when neither end is white space, and must still equal a plain strip of the six ASCII
white-space characters, for any text."""

from __future__ import annotations

import json

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import WHITESPACE as WS  # ASCII white space: what clean() trims

from transforms import install_macros

# Text mixing white space, the list dialects' punctuation and multi-byte characters.
CELLS = st.text(alphabet=st.sampled_from([*WS, "a", "1", "|", "[", "]", '"', ",", "é", "😀"]))


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    install_macros(connection)
    yield connection
    connection.close()


def apply(con, expression: str, cell: str | None):
    """`expression` over column v of a one-row table holding `cell` (a prepared parameter
    has no type when a lambda is bound)."""
    con.execute("CREATE OR REPLACE TEMP TABLE cell (v VARCHAR)")
    con.execute("INSERT INTO cell VALUES (?)", [cell])
    return con.execute(f"SELECT {expression} FROM cell").fetchone()


@settings(max_examples=300, deadline=None)
@given(cell=CELLS)
def test_trim_ws_and_clean_equal_a_plain_strip(con, cell):
    trimmed, cleaned = apply(con, "trim_ws(v), clean(v)", cell)
    assert trimmed == cell.strip(WS)
    assert cleaned == (cell.strip(WS) or None)


@pytest.mark.parametrize("edge", list(WS))
def test_every_white_space_character_is_trimmed_at_either_end(con, edge):
    assert apply(con, "trim_ws(v)", f"{edge}a b{edge}")[0] == "a b"
    assert apply(con, "trim_ws(v)", f"{edge}ab")[0] == "ab"
    assert apply(con, "trim_ws(v)", f"ab{edge}")[0] == "ab"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (None, []),
        ("\x0b\x0c", []),
        ('\x0b["a", "b"]\x0c', ["a", "b"]),  # not JSON white space, trimmed before parsing
        (" a |b\x0b| c", ["a", "b", "c"]),
        ('["a", 1]', None),  # a JSON list of strings only
        ("[oops", None),
    ],
)
def test_str_list_cells(con, cell, expected):
    assert apply(con, "parse_str_list(v)", cell)[0] == expected


# Cells of every list dialect: JSON arrays (of strings, or not), broken JSON, pipe lists.
LIST_CELLS = st.one_of(
    CELLS,
    st.lists(st.text(max_size=4)).map(lambda items: json.dumps(items)),
    st.lists(st.one_of(st.text(max_size=3), st.integers(), st.none())).map(json.dumps),
    st.lists(st.text(alphabet="ab |", max_size=3)).map("|".join),
)


@settings(max_examples=400, deadline=None)
@given(cell=st.one_of(st.none(), LIST_CELLS))
def test_str_list_length_is_the_parsed_lists_length(con, cell):
    length, parsed = apply(con, "str_list_length(v), parse_str_list(v)", cell)
    assert length == (None if parsed is None else len(parsed))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(None, 0), ('["a", "b"]', 2), ("[]", 0), ('["a", 1]', None), ("[oops", None), ("a|b|", 3)],
)
def test_str_list_length_cells(con, cell, expected):
    assert apply(con, "str_list_length(v)", cell)[0] == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('["a", 1]', ["a", "1"]),  # JSON numbers taken as text
        ("[oops", None),
        ('"a"', ['"a"']),  # valid JSON, not a list: a one-element pipe list
        (" a|b ", ["a", "b"]),
    ],
)
def test_lenient_list_cells(con, cell, expected):
    assert apply(con, "parse_list_lenient(v)", cell)[0] == expected
