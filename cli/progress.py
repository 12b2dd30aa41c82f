"""Progress on stderr: a spinner or bar on a terminal, plain `careers: ...` lines otherwise.

A transient spinner prints nothing once its task ends, so a run whose stderr goes to a log or a
pipe would be silent for minutes; there each step is one line instead. CAREERS_PROGRESS picks:
`auto` (default: spinner on a terminal, else lines), `lines` or `off`.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from core.settings import settings

err = Console(stderr=True)


def _mode() -> str:
    """CAREERS_PROGRESS: `auto` is a spinner on a terminal, else lines."""
    mode = settings().progress
    return ("spinner" if err.is_terminal else "lines") if mode == "auto" else mode


def interactive() -> bool:
    """Whether progress shows as a spinner or bar (stderr is a terminal)."""
    return _mode() == "spinner"


def line(text: str) -> None:
    """One `careers: ...` progress line on stderr, at once (a log shows it before the step
    ends); nothing with CAREERS_PROGRESS=off."""
    if _mode() != "off":
        print(f"careers: {text}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def stages() -> Iterator[Callable[..., Any]]:
    """A stage runner (`run_stage(name, fn, *args)`): a spinner with the elapsed time on a
    terminal, else `careers: stage <name> ... done in X s` once each stage ends."""
    if not interactive():

        def run_line(name: str, fn: Callable, *args: Any) -> Any:
            started = time.perf_counter()
            result = fn(*args)  # a failure is the error line that follows
            line(f"stage {name} ... done in {time.perf_counter() - started:.1f} s")
            return result

        yield run_line
        return
    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=err, transient=True,
    )  # fmt: skip

    def run_spinner(name: str, fn: Callable, *args: Any) -> Any:
        task_id = progress.add_task(name, total=None)
        try:
            return fn(*args)
        finally:
            progress.remove_task(task_id)

    with progress:
        yield run_spinner


@contextlib.contextmanager
def status(text: str) -> Iterator[Callable[[str], None]]:
    """`text` with a spinner while the block runs (a terminal), else a line before and after.
    Yields `note(detail)`: shown beside the spinner, or printed as a line."""
    started = time.perf_counter()
    if interactive():
        with err.status(text) as shown:
            yield lambda detail: shown.update(f"{text}: {detail}")
        return
    line(f"{text} ...")
    yield lambda detail: line(f"{text}: {detail}")
    line(f"{text} ... done in {time.perf_counter() - started:.1f} s")


@contextlib.contextmanager
def counter(what: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """A callback `advance(done, total)`: a bar on a terminal, else a line about every tenth of
    the total (`careers: <what>: 120/1,200 <unit>`)."""
    if interactive():
        bar = Progress(
            TextColumn(what), BarColumn(), MofNCompleteColumn(), TextColumn(unit),
            TimeElapsedColumn(), console=err, transient=True,
        )  # fmt: skip
        task_id = bar.add_task(what, total=None)
        with bar:
            yield lambda done, total: bar.update(task_id, completed=done, total=total)
        return
    shown = {"step": -1}

    def advance(done: int, total: int) -> None:
        step = done * 10 // max(total, 1)
        if step != shown["step"]:
            shown["step"] = step
            line(f"{what}: {done:,}/{total:,} {unit}")

    yield advance
