"""Default user-data paths come from CAREERS_HOME or the working directory, never from where
the package is installed; CAREERS_WAREHOUSE / CAREERS_LANDING name them outright."""

from __future__ import annotations

from core.settings import default_landing, default_warehouse


def test_defaults_follow_the_working_directory(tmp_path, monkeypatch):
    for name in ("CAREERS_HOME", "CAREERS_WAREHOUSE", "CAREERS_LANDING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_warehouse() == tmp_path / "warehouse" / "careers.duckdb"
    assert default_landing() == tmp_path / "warehouse" / "landing"


def test_careers_home_then_the_named_variables_win(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAREERS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CAREERS_WAREHOUSE", raising=False)
    monkeypatch.delenv("CAREERS_LANDING", raising=False)
    assert default_warehouse() == tmp_path / "home" / "warehouse" / "careers.duckdb"
    assert default_landing() == tmp_path / "home" / "warehouse" / "landing"
    monkeypatch.setenv("CAREERS_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("CAREERS_LANDING", str(tmp_path / "in"))
    assert default_warehouse() == tmp_path / "w.duckdb"
    assert default_landing() == tmp_path / "in"
