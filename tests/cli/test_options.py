"""The one way a command fails: one line on stderr, exit status 1."""

from __future__ import annotations

import duckdb
import pytest
import typer

from cli.options import error_line, fail
from core.errors import CareersError


def test_a_careers_error_is_shown_as_it_is():
    assert error_line(CareersError("no  such thing", "a b")) == "careers: error: a b: no such thing"


def test_another_error_shows_its_type_and_first_line():
    exc = duckdb.CatalogException("Catalog Error: no table x\n\nLINE 1: ...")
    assert error_line(exc) == "careers: error: CatalogException: Catalog Error: no table x"
    assert error_line(ValueError("a\t b")) == "careers: error: ValueError: a b"
    assert error_line(OSError()) == "careers: error: OSError"


def test_fail_prints_one_line_and_exits_1(capsys):
    with pytest.raises(typer.Exit) as stopped:
        fail(CareersError("broken"))
    assert stopped.value.exit_code == 1
    assert capsys.readouterr().err == "careers: error: broken\n"
