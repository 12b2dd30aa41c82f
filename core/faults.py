"""Crash points: named places where the crash-safety tests kill the pipeline.

`crash_point(name)` does nothing unless `CAREERS_CRASH_AT` is set to a pattern (fnmatch) that
matches `name`; then the process sends itself SIGKILL, as a power cut or OOM kill would.

The same points can hold a run instead, so a test orders events without timing them: with
`CAREERS_HOLD_AT` matching `name`, the process writes `name` to the file `CAREERS_HOLD_FILE`
and waits there until that file is deleted.
"""

from __future__ import annotations

import os
import signal
import time
from fnmatch import fnmatchcase

from core.errors import CareersError
from core.settings import settings


def crash_point(name: str) -> None:
    pattern = settings().crash_at
    if pattern and fnmatchcase(name, pattern):
        os.kill(os.getpid(), signal.SIGKILL)
    hold = settings().hold_at
    if hold and fnmatchcase(name, hold):
        flag = settings().hold_file
        if flag is None:
            raise CareersError("CAREERS_HOLD_AT is set: CAREERS_HOLD_FILE must name a file")
        flag.write_text(name, encoding="utf-8")
        while flag.exists():
            time.sleep(0.05)
