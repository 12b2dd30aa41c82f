"""Headless Chromium, driven by its own command line: the rendered DOM and full-page screenshots.

Used by the page tests and to refresh the README's screenshot:

    python -m pages.browser page.html docs/career-page.png [--width 1200]

Needs the Debian package `chromium` (`apt-get install -y chromium`). Pages themselves need no
JavaScript; only the screenshot measures the page's height with a one-line script run on a
private copy of it.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CAREERS_CHROMIUM", "/usr/bin/chromium")
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


def available() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(prefix="careers-chromium-")
    try:
        done = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
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


def boxes(
    page: Path, selectors: list[str], width: int = 1200, timeout: float = 60
) -> dict[str, Any]:
    """Where Chromium lays out the first element matching each CSS selector of `page` in a
    viewport `width` CSS pixels wide: {selector: {"left", "top", "right", "bottom"} in the
    page's pixels, or None when nothing matches}, plus "viewport" (the layout viewport's width)
    and "scroll" (the document's scrollWidth: wider than the viewport means the page scrolls
    sideways). The page is laid out in an iframe of that width: headless Chromium's window is
    never narrower than 500 pixels, so a phone's 390 cannot be a window size. A script in the
    private wrapper page measures (the page itself is unchanged and runs no script)."""
    html_text = Path(page).read_text(encoding="utf-8")
    measure = (
        "var f=document.getElementById('page');f.addEventListener('load',function(){"
        "var d=f.contentDocument,w=f.contentWindow,out={viewport:d.documentElement.clientWidth,"
        "scroll:d.documentElement.scrollWidth};"
        f"{json.dumps(selectors)}.forEach(function(s){{var e=d.querySelector(s);"
        "if(!e){out[s]=null;return;}var r=e.getBoundingClientRect();"
        "out[s]={left:r.left+w.scrollX,top:r.top+w.scrollY,right:r.right+w.scrollX,"
        "bottom:r.bottom+w.scrollY};});"
        "document.title='layout='+btoa(JSON.stringify(out));});"
    )
    wrapper = (
        '<!doctype html><html><head><meta charset="utf-8"><title>probe</title></head>'
        '<body style="margin:0"><iframe id="page" style="border:0;width:'
        f'{width}px;height:900px" srcdoc="{html.escape(html_text, quote=True)}"></iframe>'
        f"<script>{measure}</script></body></html>"
    )
    with tempfile.TemporaryDirectory(prefix="careers-measure-") as tmp:
        probe = Path(tmp) / "probe.html"
        probe.write_text(wrapper, encoding="utf-8")
        dom = _run(
            [
                f"--window-size={max(width, 500) + 40},900",
                "--virtual-time-budget=3000",
                "--dump-dom",
                probe.resolve().as_uri(),
            ],
            timeout,
        ).stdout
    found = re.search(r"layout=([A-Za-z0-9+/=]+)", dom)
    if not found:
        raise RuntimeError("could not measure the page's layout")
    return json.loads(base64.b64decode(found.group(1)))


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
