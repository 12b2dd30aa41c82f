"""The docs are tested, like sqlite-utils' `cog --check`.

- Every command in README.md's shell blocks (```bash, ```sh, ```shell; the `$ ` lines of
  ```console) runs for real, in order, in a temporary working folder holding a small generated
  export and its published warehouse, with `careers` / `.venv/bin/careers` run as
  `python -m cli.main` of this checkout. Its ```python blocks run there too, and the ```sql
  blocks of README.md and docs/ run against that warehouse.
- Commands that cannot run here (long jobs, servers, deploys, system installs) are checked
  against ALLOWED below, each with its reason, and still checked as far as they can be: a make
  target exists, `COMMAND --help` exits 0 and lists every option the README uses.
- Every link in README.md and docs/*.md resolves to a file of the repository and none leaves it.
- docs/CONTRACT.md and docs/EXPORT_FORMAT.md are the shared documents, verbatim.
- Every CAREERS_* variable the code reads is documented in docs/SETTINGS.md.

The commands come from the README itself, never from a list here: change the README and this
test follows.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
# Verbatim copies of the project's shared documents: their first line says so, the rest is the
# original (which lives beside the clone, in shared/, where the project's machines lay it).
COPIES = {
    "docs/CONTRACT.md": "contract/career-tables.md",
    "docs/EXPORT_FORMAT.md": "lightcast/FORMAT.md",
}
SHELL_BLOCKS = {"bash", "sh", "shell", "console"}

# A README command that does not run here: the first words it starts with (after any VAR=value
# and with `.venv/bin/` dropped), and why. Anything not listed runs for real.
ALLOWED: dict[tuple[str, ...], str] = {
    ("make", "run"): "sets up .venv and runs the nightly flow on a temporary Prefect server over "
    "a 50,000-posting export: minutes, and it writes into the checkout",
    ("make", "test"): "the whole test suite, this test included",
    ("make", "test-fast"): "most of the test suite, this test included",
    ("make", "setup"): "installs .venv from PyPI (network, minutes)",
    ("make", "browser"): "a system install (root, network)",
    ("make", "bench"): "a benchmark: minutes and gigabytes",
    ("make", "pages"): "writes into the checkout's warehouse/",
    ("make", "lint"): "lints the checkout (make test does)",
    ("make", "format"): "rewrites the checkout's files",
    ("apt-get",): "a system install (root, network)",
    ("uv",): "installs from PyPI (network)",
    ("careers", "run"): "the nightly flow on a temporary Prefect server (minutes)",
    ("careers", "serve"): "a scheduler: runs until stopped",
    ("careers", "export-server"): "a server: runs until stopped",
    ("prefect",): "a Prefect server or worker, or a command that needs one running",
    ("duckdb",): "a DuckDB 2.x CLI, which no package installs (PyPI's duckdb-cli is 1.5.x): "
    "run only where one is on the PATH",
    ("export",): "sets variables for the shell commands after it (the deploy steps): not "
    "carried into the commands run here",
}
_WRAPPERS = {"careers", "python", "python3", "prefect"}
_SEPARATORS = {"|", "||", "&&", ";", "&"}
_REDIRECTS = {">", ">>", "<", "<<", ">&", "<&", "&>"}
_BOX = re.compile(r"[│╭╮╰╯─┃━┏┓┗┛┡┩╇┳┻╋]")
_md = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Command:
    text: str  # one shell command as shown (continuation lines joined by bash itself)
    line: int  # its first line in README.md
    expect_error: bool = False  # a ```console block shows it failing with `careers: error:`

    def __str__(self) -> str:
        return f"README.md:{self.line}: {self.text}"


def fences(path: Path) -> list[tuple[str, str, int]]:
    """(language, content, 1-based line of the content's first line) of each fenced block."""
    tokens = _md.parse(path.read_text(encoding="utf-8"))
    return [
        (t.info.split()[0] if t.info.strip() else "", t.content, t.map[0] + 2)
        for t in tokens
        if t.type == "fence"
    ]


def _complete(text: str) -> bool:
    if text.rstrip().endswith("\\"):
        return False
    try:
        shlex.split(text, comments=True)
    except ValueError:  # an open quote: the command goes on on the next line
        return False
    return True


def shell_commands(path: Path = README) -> list[Command]:
    commands: list[Command] = []
    for lang, content, start in fences(path):
        if lang not in SHELL_BLOCKS:
            continue
        pending, first, output = "", 0, []
        for offset, raw in enumerate(content.splitlines()):
            if lang == "console" and not pending:
                if not raw.startswith("$ "):
                    output.append(raw)
                    if commands and raw.startswith("careers: error:"):
                        last = commands[-1]
                        commands[-1] = Command(last.text, last.line, expect_error=True)
                    continue
                raw = raw[2:]
            elif not pending and (not raw.strip() or raw.lstrip().startswith("#")):
                continue
            if not pending:
                first = start + offset
            pending = f"{pending}\n{raw}" if pending else raw
            if _complete(pending):
                commands.append(Command(pending.strip(), first))
                pending = ""
        assert not pending, f"{path.name}:{first}: a command that never ends: {pending!r}"
    return commands


def segments(text: str) -> list[list[str]]:
    """The simple commands of a shell line (split at pipes and separators), without redirects
    and their targets, leading VAR=value assignments, or a `.venv/bin/`-style directory."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    parts: list[list[str]] = [[]]
    skip_next = False
    for token in lexer:
        if skip_next:
            skip_next = False
        elif token in _SEPARATORS:
            parts.append([])
        elif token in _REDIRECTS or token.rstrip("<>&").isdigit() and token[-1:] in "<>":
            skip_next = True
        else:
            parts[-1].append(token)
    result = []
    for argv in parts:
        while argv and re.match(r"[A-Za-z_][A-Za-z0-9_]*=", argv[0]):
            argv = argv[1:]
        if argv:
            name = Path(argv[0]).name if "/" in argv[0] else argv[0]
            result.append([name if name in _WRAPPERS else argv[0], *argv[1:]])
    return result


def allowed(argv: list[str]) -> tuple[str, ...] | None:
    for key in sorted(ALLOWED, key=len, reverse=True):
        if tuple(argv[: len(key)]) == key:
            return key
    return None


# -- links ----------------------------------------------------------------------------------


def _slug(text: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    tokens = _md.parse(path.read_text(encoding="utf-8"))
    return {_slug(tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"}


def links(path: Path) -> list[str]:
    found: list[str] = []
    html = re.compile(r"""(?:href|src)\s*=\s*["']([^"']*)["']""")
    for token in _md.parse(path.read_text(encoding="utf-8")):
        if token.type == "html_block":
            found += html.findall(token.content)
        for child in token.children or []:
            if child.type == "link_open":
                found.append(child.attrGet("href"))
            elif child.type == "image":
                found.append(child.attrGet("src"))
            elif child.type == "html_inline":
                found += html.findall(child.content)
    return found


@pytest.mark.parametrize("doc", [README, *DOCS], ids=lambda p: str(p.relative_to(ROOT)))
def test_links_resolve_inside_the_repository(doc: Path) -> None:
    problems = []
    text = doc.read_text(encoding="utf-8")
    if "../shared/" in text:
        problems.append("mentions ../shared/, which a clone does not have: copy it into docs/")
    for target in links(doc):
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", target):
            problems.append(f"{target}: leaves the repository (copy what a user needs into docs/)")
            continue
        path_part, _, anchor = target.partition("#")
        path_part = path_part.split("?")[0]
        resolved = (doc.parent / path_part).resolve() if path_part else doc
        if not resolved.is_relative_to(ROOT):
            problems.append(f"{target}: escapes the repository")
        elif not resolved.exists():
            problems.append(f"{target}: no such file in the repository")
        elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
            problems.append(f"{target}: no heading #{anchor} in {resolved.name}")
    assert not problems, f"{doc.relative_to(ROOT)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("copy", sorted(COPIES))
def test_shared_documents_are_verbatim_copies(copy: str) -> None:
    original = ROOT.parent / "shared" / COPIES[copy]
    text = (ROOT / copy).read_text(encoding="utf-8")
    header, _, rest = text.partition("\n\n")
    assert "\n" not in header and COPIES[copy] in header and "authoritative" in header
    if not original.is_file():
        pytest.skip(f"the shared original is not beside this checkout ({original})")
    assert rest == original.read_text(encoding="utf-8"), (
        f"{copy} differs from shared/{COPIES[copy]}, which is authoritative: copy it again"
    )


# -- settings -------------------------------------------------------------------------------

# Variables the code reads that are not settings for a user.
UNDOCUMENTED = {"CAREERS_CRASH_AT": "the crash-safety tests' kill point (core/faults.py)"}


def test_every_variable_the_code_reads_is_documented() -> None:
    files = [
        p
        for p in ROOT.rglob("*.py")
        if not {"tests", ".venv", "build"} & set(p.relative_to(ROOT).parts)
    ]
    files += [ROOT / "prefect.yaml", ROOT / "Makefile", ROOT / ".ci" / "run"]
    used = set()
    for path in files:
        if path.is_file():
            used |= set(re.findall(r"\bCAREERS_[A-Z0-9_]*[A-Z0-9]\b", path.read_text("utf-8")))
    documented = set(re.findall(r"CAREERS_[A-Z0-9_]+", (ROOT / "docs/SETTINGS.md").read_text()))
    missing = sorted(used - documented - set(UNDOCUMENTED))
    assert not missing, f"not in docs/SETTINGS.md: {', '.join(missing)}"


# -- docs/CLI.md's synopsis -----------------------------------------------------------------


def test_cli_reference_lists_only_existing_options() -> None:
    from typer.testing import CliRunner

    from cli.main import app

    synopsis = [
        line.split()
        for lang, content, _ in fences(ROOT / "docs" / "CLI.md")
        for line in content.splitlines()
        if line.startswith("careers ")
    ]
    assert synopsis, "docs/CLI.md has no `careers ...` synopsis"
    problems = []
    for words in synopsis:
        command = words[1]
        argv = [command] if command.startswith("-") else [command, "--help"]
        result = CliRunner().invoke(app, argv, env={"COLUMNS": "250", "NO_COLOR": "1"})
        if result.exit_code != 0:
            problems.append(f"careers {' '.join(argv)}: exit {result.exit_code}")
            continue
        flags = {re.sub(r"[^\w-].*", "", w.lstrip("[")) for w in words[2:] if "--" in w[:3]}
        problems += [
            f"careers {command}: no option {flag}"
            for flag in sorted(flags)
            if not _has_flag(result.output, flag)
        ]
    assert not problems, "\n".join(problems)


def _has_flag(help_text: str, flag: str) -> bool:
    plain = _BOX.sub(" ", help_text)
    return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", plain) is not None


# -- the README's commands, run ---------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A working folder laid out like a fresh clone after `make run` on a small export:
    `warehouse/landing/` (300 generated postings) and `warehouse/careers.duckdb`; `.venv/bin/`
    holds `careers`, `python` and `prefect` running this checkout's code."""
    work = tmp_path / "work"
    venv_bin = work / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    for name, args in (("careers", "-m cli.main"), ("python", ""), ("prefect", "-m prefect")):
        shim = venv_bin / name
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" {args} "$@"\n'.replace("  ", " "))
        shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAREERS_", "PREFECT_API_"))}
    env.update(
        PATH=f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        # The defaults a clone would have with `work` as its current directory.
        CAREERS_HOME=str(work),
        CAREERS_WAREHOUSE=str(work / "warehouse" / "careers.duckdb"),
        CAREERS_SOURCE=str(work / "warehouse" / "landing"),
        CAREERS_LANDING=str(work / "warehouse" / "landing"),
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        COLUMNS="250",
        NO_COLOR="1",
    )
    landing = "warehouse/landing"
    for argv in (
        ["generate", "--out", landing, "--postings", "300", "--seed", "7", "--end", "2026-11-30"],
        # 300 postings carry more deliberately bad rows than the default 5% gate allows.
        ["refresh", "--as-of", "2026-11-30", "--max-quarantine-rate", "0.5"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "cli.main", *argv], cwd=work, env=env,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, f"careers {' '.join(argv)}:\n{done.stdout}\n{done.stderr}"
    return work, env


def _run(argv_or_text: list[str] | str, work: Path, env: dict[str, str], timeout: float = 300):
    argv = (
        ["bash", "-o", "pipefail", "-c", argv_or_text]
        if isinstance(argv_or_text, str)
        else argv_or_text
    )
    return subprocess.run(
        argv, cwd=work, env=env, capture_output=True, text=True, timeout=timeout,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def _tail(done: subprocess.CompletedProcess) -> str:
    text = (done.stdout + done.stderr).strip().splitlines()
    return "\n".join(f"    {line}" for line in text[-15:])


def _check_allowed(argv: list[str], key: tuple[str, ...], work: Path, env) -> list[str]:
    """What can be checked of a command that does not run here."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    if argv[0] == "make":
        targets = set()
        for match in re.finditer(r"^([^\s#:=][^:=#]*?)\s*::?(?!=)", makefile, re.M):
            targets.update(match.group(1).split())
        problems = [f"no make target {t}" for t in argv[1:] if "=" not in t and t not in targets]
        return problems + [
            f"make variable {a.split('=')[0]} is not in the Makefile"
            for a in argv[1:]
            if "=" in a and a.split("=")[0] not in makefile
        ]
    if argv[0] == "apt-get":
        packages = (
            [a for a in argv[2:] if not a.startswith("-")] if argv[1:2] == ["install"] else []
        )
        return [f"{p}: not what `make browser` installs" for p in packages if p not in makefile]
    if argv[0] == "export":
        settings = (ROOT / "docs" / "SETTINGS.md").read_text(encoding="utf-8")
        problems = [f"{a}: not NAME=VALUE" for a in argv[1:] if "=" not in a]
        return problems + [
            f"{a.split('=')[0]}: not in docs/SETTINGS.md"
            for a in argv[1:]
            if a.startswith("CAREERS_") and a.split("=")[0] not in settings
        ]
    if argv[0] == "duckdb":
        binary = shutil.which("duckdb", path=env["PATH"])
        version = _run([binary, "--version"], work, env) if binary else None
        if version is None or not re.match(r"v?([2-9]|\d\d)\.", version.stdout.strip()):
            return []  # no DuckDB 2.x CLI here: the reason in ALLOWED stands
        done = _run(argv, work, env)
        return [] if done.returncode == 0 else [f"exit {done.returncode}\n{_tail(done)}"]
    if argv[0] == "uv" and not shutil.which("uv", path=env["PATH"]):
        return []
    # careers, prefect, uv: the command with --help exits 0 and lists every option used.
    done = _run([*argv, "--help"], work, env, timeout=120)
    if done.returncode != 0:
        return [f"`{' '.join(argv)} --help` exits {done.returncode}\n{_tail(done)}"]
    problems = []
    for flag in [a.split("=")[0] for a in argv[1:] if a.startswith("-") and a != "-"]:
        if _has_flag(done.stdout + done.stderr, flag):
            continue
        root_help = _run([argv[0], "--help"], work, env, timeout=120)  # a global option?
        if not _has_flag(root_help.stdout + root_help.stderr, flag):
            problems.append(f"no option {flag} in `{' '.join(argv)} --help`")
    return problems


def _run_sql_blocks(warehouse: Path) -> list[str]:
    import duckdb

    problems = []
    docs = [README, *(d for d in DOCS if str(d.relative_to(ROOT)) not in COPIES)]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for doc in docs:
            for lang, sql, line in fences(doc):
                if lang != "sql":
                    continue
                try:
                    con.execute(sql).fetchall()
                except duckdb.Error as exc:
                    name = doc.relative_to(ROOT)
                    problems.append(f"{name}:{line}: ```sql block fails: {exc}".splitlines()[0])
    return problems


@pytest.mark.e2e
@pytest.mark.timeout(600)
def test_readme_commands_run(workdir: tuple[Path, dict[str, str]]) -> None:
    work, env = workdir
    commands = shell_commands()
    assert len(commands) >= 5, "README.md shows fewer shell commands than expected: parse error?"
    problems: list[str] = []
    ran = 0
    for command in commands:
        argvs = segments(command.text)
        keys = [(argv, allowed(argv)) for argv in argvs]
        unlisted_make = [argv for argv, key in keys if argv[0] == "make" and not key]
        if unlisted_make:
            problems += [
                f"{command}\n  make targets do not run here: add {tuple(argv[:2])} to ALLOWED "
                "with the reason"
                for argv in unlisted_make
            ]
            continue
        if any(key for _, key in keys):
            for argv, key in keys:
                if key:
                    problems += [f"{command}\n  {p}" for p in _check_allowed(argv, key, work, env)]
            continue
        done = _run(command.text, work, env)
        ran += 1
        if command.expect_error:
            if done.returncode != 1 or "careers: error:" not in done.stderr:
                problems.append(f"{command}\n  expected one error line, exit 1; got exit "
                                f"{done.returncode}\n{_tail(done)}")  # fmt: skip
        elif done.returncode != 0:
            problems.append(f"{command}\n  exit {done.returncode}\n{_tail(done)}")
    for lang, code, line in fences(README):
        if lang == "python":
            script = work / f"readme_block_{line}.py"
            script.write_text(code, encoding="utf-8")
            done = _run(["python", script.name], work, env)
            ran += 1
            if done.returncode != 0:
                problems.append(f"README.md:{line}: ```python block: exit {done.returncode}\n"
                                f"{_tail(done)}")  # fmt: skip
    problems += _run_sql_blocks(Path(env["CAREERS_WAREHOUSE"]))
    assert ran >= 5, f"only {ran} README commands ran: is everything allow-listed?"
    assert not problems, "README commands that fail:\n\n" + "\n\n".join(problems)
