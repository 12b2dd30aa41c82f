"""The house rules of docs/ARCHITECTURE.md, checked: the floors and no import cycle
(import-linter contracts in pyproject.toml), no module over 400 lines, and no SQL text in
Python outside the transforms runner."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("benchmarks", "cli", "core", "devtools", "flows", "pages", "samples", "schemas",
            "sources", "transforms", "warehouse")  # fmt: skip
MAX_LINES = 400
# Modules that are data, not logic (tables of sample values), exempt from the line limit.
DATA_MODULES: set[str] = set()
# Words that start or join SQL statements; upper case, as every statement here is written.
SQL = re.compile(
    r"\b(SELECT|INSERT\s+INTO|CREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+)?(TABLE|VIEW|SCHEMA|MACRO)|"
    r"DELETE\s+FROM|UPDATE\s+\w+(\s+AS\s+\w+)?\s+SET|COPY\s|DROP\s+(TABLE|VIEW|SCHEMA|MACRO)|"
    r"ATTACH|DETACH|ALTER\s+TABLE|CHECKPOINT|PRAGMA|SET\s+VARIABLE|BEGIN|COMMIT|ROLLBACK)\b"
)
# Files whose SQL text may stay in Python, and why. Keep it short.
SQL_FILES_ALLOWED: dict[str, str] = {
    "transforms/runner.py": "the runner: it reads the .sql files and binds their placeholders",
}
# Single literals that read as SQL but are text for people (help, hints), by the start of the
# literal: they are never run.
SQL_TEXT_ALLOWED: dict[str, tuple[str, ...]] = {
    "cli/hints.py": ("SELECT occupation_name, geo_name, postings FROM latest_career_summary",),
    "cli/pages.py": ("Examples:",),
    "pages/resolve.py": ("snapshot; list careers with: careers query",),
}
# Functions that still build a statement from a file's own column list, and why. Each one is a
# known debt: its names are quoted, its values bound where DuckDB allows.
SQL_BUILDERS_ALLOWED: dict[tuple[str, str], str] = {
    ("sources/readers.py", "open_raw"): "a view over the file: one text cast per delivered "
    "column and type, and the path as a literal (a view takes no parameters)",
    ("sources/readers.py", "_load"): "Parquet and JSON: one text cast per delivered column and "
    "type (their readers cannot rename columns as read_csv's `names` does)",
    ("warehouse/batches.py", "install_as_delivered"): "struct_pack of the delivered names: a "
    "static macro reading the row whole made every query of the file view hash every column",
}


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_import_contracts_hold() -> None:
    """Floors, the pages rule and no cycle inside a package (`lint-imports`)."""
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_no_module_over_the_line_limit() -> None:
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and str(p.relative_to(ROOT)) not in DATA_MODULES
    }
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"


def _functions(tree: ast.AST) -> dict[int, str]:
    """id of each node -> the name of the innermost function holding it."""
    owner: dict[int, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = (
                child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else name
            )
            owner[id(child)] = inner
            visit(child, inner)

    visit(tree, "")
    return owner


def sql_literals(path: Path) -> list[tuple[int, str, str]]:
    """(line, text, function) of every string literal in `path` that reads as SQL (docstrings
    aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs, owner = _docstrings(tree), _functions(tree)
    return [
        (node.lineno, node.value[:80], owner.get(id(node), ""))
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docs and SQL.search(node.value)
    ]  # fmt: skip


def test_allowed_builders_exist() -> None:
    """Each allowed builder still builds SQL: an entry whose debt was paid must go."""
    for (name, function), _why in SQL_BUILDERS_ALLOWED.items():
        assert any(f == function for _, _, f in sql_literals(ROOT / name)), (name, function)


def test_sql_detector_sees_sql() -> None:
    """The check can fail: it finds SQL in plain, f-string and concatenated literals."""
    sample = 'a = "SELECT 1"\nb = f"DELETE FROM {t} WHERE x"\nc = ("x " "CREATE TEMP TABLE t")\n'
    tree = ast.parse(sample)
    hits = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and SQL.search(n.value)]  # fmt: skip
    assert len(hits) == 3


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sql_text_in_python(path: Path) -> None:
    """SQL lives in transforms/*.sql (benchmarks' baseline in benchmarks/*.sql)."""
    name = str(path.relative_to(ROOT))
    if name in SQL_FILES_ALLOWED:
        return
    people = SQL_TEXT_ALLOWED.get(name, ())
    found = [
        (line, text)
        for line, text, function in sql_literals(path)
        if not text.lstrip().startswith(people) and (name, function) not in SQL_BUILDERS_ALLOWED
    ]
    assert not found, f"{name}: SQL text in Python (move it to a .sql file): {found}"
