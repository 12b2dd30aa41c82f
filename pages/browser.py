"""Headless Chromium, driven by its own command line: the rendered DOM and full-page screenshots.

Used by the page tests and to refresh the README's screenshot:

    python -m pages.browser page.html docs/career-page.png [--width 1200]

Chromium is found one way: `CAREERS_CHROMIUM` (a path), else `chromium` on PATH (the Debian
package: `make browser`, or `apt-get install -y chromium`). Pages themselves need no
JavaScript; only the screenshot measures the page's height with a one-line script run on a
private copy of it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = "set CAREERS_CHROMIUM to its path or install it: make browser (apt-get, root)"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
]
_MEASURE = (
    "<script>document.title = 'page-height=' + "
    "Math.ceil(document.documentElement.getBoundingClientRect().height);</script>"
)


def find_chromium() -> str | None:
    """The Chromium executable: `CAREERS_CHROMIUM` if set (None when that is not an executable
    file), else `chromium` on PATH, else None."""
    configured = os.environ.get("CAREERS_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() and os.access(configured, os.X_OK) else None
    return shutil.which("chromium")


def missing_reason() -> str:
    """One line: why no Chromium was found and how to get one."""
    configured = os.environ.get("CAREERS_CHROMIUM")
    if configured:
        return f"CAREERS_CHROMIUM={configured} is not an executable file"
    return f"Chromium is not installed (no chromium on PATH): {INSTALL_HINT}"


def available() -> bool:
    return find_chromium() is not None


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    executable = find_chromium()
    if executable is None:
        raise RuntimeError(missing_reason())
    profile = tempfile.mkdtemp(prefix="careers-chromium-")
    try:
        done = subprocess.run(
            [executable, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if done.returncode != 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise RuntimeError(f"chromium exited {done.returncode}: {' | '.join(tail)}")
    return done


def dump_dom(page: Path, timeout: float = 60) -> str:
    """The DOM after Chromium has loaded and rendered `page`, serialized as HTML."""
    return _run(["--dump-dom", Path(page).resolve().as_uri()], timeout).stdout


def page_height(page: Path, width: int = 1200, timeout: float = 60) -> int:
    """The rendered height in CSS pixels of `page` at `width` (measured on a private copy)."""
    page = Path(page)
    with tempfile.TemporaryDirectory(prefix="careers-measure-") as tmp:
        probe = Path(tmp) / page.name
        html = page.read_text(encoding="utf-8")
        probe.write_text(html.replace("</body>", _MEASURE + "</body>", 1), encoding="utf-8")
        dom = _run(
            [
                f"--window-size={width},800",
                "--virtual-time-budget=2000",
                "--dump-dom",
                probe.resolve().as_uri(),
            ],
            timeout,
        ).stdout
    found = re.search(r"page-height=(\d+)", dom)
    if not found:
        raise RuntimeError("could not measure the page height")
    return int(found.group(1))


def screenshot(page: Path, out: Path, width: int = 1200, timeout: float = 60) -> Path:
    """A PNG of the whole page (its full height) at `width` CSS pixels."""
    height = page_height(page, width, timeout)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _run(
        [
            f"--window-size={width},{height}",
            f"--screenshot={out.resolve()}",
            Path(page).resolve().as_uri(),
        ],
        timeout,
    )
    if not out.is_file() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no screenshot to {out}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args(argv)
    print(screenshot(args.page, args.png, args.width))


if __name__ == "__main__":  # pragma: no cover
    main()
