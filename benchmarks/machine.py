"""What the figures of `python -m benchmarks` ran on: the machine and the code (git)."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine() -> dict:
    """What the figures ran on."""
    import duckdb
    import numpy
    import pyarrow

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 2**20
    except OSError:
        pass
    return {
        "cpu_count": os.cpu_count(), "cpu_model": model, "ram_gib": round(ram, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python_version": platform.python_version(), "duckdb_version": duckdb.__version__,
        "pyarrow_version": pyarrow.__version__, "numpy_version": numpy.__version__,
    }  # fmt: skip


def provenance() -> dict:
    """The code the figures measured: the git commit and whether the tree had local changes."""

    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30)  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "--short", "HEAD") or None, "dirty": bool(status)}
