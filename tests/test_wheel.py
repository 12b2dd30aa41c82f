"""The package as an operator installs it: a wheel built from the tracked files, installed (not
editable) into a fresh venv, holds every file the code reads, and `careers` refreshes from a
folder outside the checkout, its warehouse landing under that folder or CAREERS_HOME.

The venv gets its dependencies at the versions of uv.lock from uv's cache (which `make setup`
fills), so only the first run on a machine downloads them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT

from warehouse.snapshot import CAREER_TABLES

pytestmark = pytest.mark.e2e

PACKAGES = ("benchmarks", "cli", "core", "devtools", "flows", "pages", "samples", "schemas",
            "sources", "transforms", "warehouse")  # fmt: skip
AS_OF = "2025-06-30"
GATE = ("--max-quarantine-rate", "0.5")  # the sample's deliberately bad rows pass the gate


def _uv() -> str:
    """uv: the one `make setup` installs into .tools, else on PATH."""
    found = ROOT / ".tools" / "bin" / "uv"
    if found.is_file():
        return str(found)
    on_path = shutil.which("uv")
    if on_path is None:
        pytest.skip("uv not found: `make setup` installs it into .tools")
    return on_path


def _run(*args, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True
    )  # no timeout: pytest-timeout is the ceiling
    assert done.returncode == 0, f"{args[:3]}: {done.stderr[-2000:]}"
    return done.stdout


def _tracked() -> list[str]:
    out = _run("git", "ls-files", "-z", *PACKAGES, cwd=ROOT)
    return [p for p in out.split("\0") if p]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(wheel, venv bin folder): the wheel built from a copy of the tracked files, installed
    with the locked versions of its dependencies."""
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git checkout: the wheel is built from `git ls-files`")
    uv, tmp = _uv(), tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    files = [*_run("git", "ls-files", "-z", cwd=ROOT).split("\0")]
    for name in filter(None, files):
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    _run(uv, "build", "--wheel", "--out-dir", tmp / "dist", src, cwd=tmp)
    (wheel,) = (tmp / "dist").glob("careers-*.whl")
    locked = tmp / "requirements.txt"
    _run(uv, "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes",
         "--output-file", locked, cwd=src)  # fmt: skip
    venv = tmp / "venv"
    _run(uv, "venv", "--python", sys.executable, venv, cwd=tmp)
    _run(uv, "pip", "install", "--python", venv / "bin" / "python", "-r", locked, wheel, cwd=tmp)
    return wheel, venv / "bin"


def test_the_wheel_holds_every_tracked_file_of_the_packages(installed):
    wheel, _ = installed
    with zipfile.ZipFile(wheel) as whl:
        shipped = {n for n in whl.namelist() if ".dist-info/" not in n}
    missing = sorted(set(_tracked()) - shipped)
    assert not missing, f"not in {wheel.name}: {missing}"
    assert not {n for n in shipped if n.split("/")[0] not in PACKAGES}  # no tests, no data


def test_installed_careers_refreshes_outside_the_checkout(installed, tmp_path):
    _, bin_ = installed
    outside = tmp_path / "operator"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CAREERS_", "PYTHON", "VIRTUAL_ENV"))}  # fmt: skip
    env.update(PATH=f"{bin_}{os.pathsep}{env.get('PATH', '')}",
               PREFECT_HOME=str(tmp_path / "prefect"))  # fmt: skip
    where = _run(bin_ / "python", "-c", "import cli, sys; print(cli.__file__, sys.path)",
                 cwd=outside, env=env)  # fmt: skip
    assert str(ROOT) not in where and "site-packages" in where.split()[0], where
    _run("careers", "generate", "--out", "export", "--postings", "300", "--end", AS_OF,
         cwd=outside, env=env)  # fmt: skip
    _run("careers", "refresh", "--source", "export", "--as-of", AS_OF, *GATE, cwd=outside, env=env)
    home = tmp_path / "home"
    _run("careers", "refresh", "--source", outside / "export", "--as-of", AS_OF, *GATE,
         cwd=tmp_path, env={**env, "CAREERS_HOME": str(home)})  # fmt: skip
    for published in (outside / "warehouse" / "careers.duckdb",
                      home / "warehouse" / "careers.duckdb"):  # fmt: skip
        with duckdb.connect(str(published), read_only=True) as con:
            for table in CAREER_TABLES:
                assert con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] > 0, table
    assert not (tmp_path / "warehouse").exists()  # CAREERS_HOME, not the working directory
