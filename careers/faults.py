"""Crash points: named places where the crash-safety tests kill the pipeline.

`crash_point(name)` does nothing unless `CAREERS_CRASH_AT` is set to a pattern (fnmatch) that
matches `name`; then the process sends itself SIGKILL, as a power cut or OOM kill would.
"""

from __future__ import annotations

import os
import signal
from fnmatch import fnmatchcase

from careers.settings import settings


def crash_point(name: str) -> None:
    pattern = settings().crash_at
    if pattern and fnmatchcase(name, pattern):
        os.kill(os.getpid(), signal.SIGKILL)
