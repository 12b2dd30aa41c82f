"""Headless Chromium, driven by its own command line: the rendered DOM and full-page screenshots.

Used by the page tests and to refresh the README's screenshot:

    python -m devtools.browser page.html docs/career-page.png [--width 1200]

Chromium is found one way: `CAREERS_CHROMIUM` (a path), else `chromium` on PATH (the Debian
package: `make browser`, or `apt-get install -y chromium`). Pages themselves need no
JavaScript; only the screenshot (the page's height) and `layout` (what a reader sees at a given
width) measure the page with a script run on a private copy of it, which reports into
`document.title`.
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

from core.settings import settings

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
    "<script>parent.postMessage('page-height=' + "
    "Math.ceil(document.documentElement.getBoundingClientRect().height), '*');</script>"
)
# Headless Chromium lays out --dump-dom pages at least 500 px wide whatever --window-size says,
# so a page is measured inside an iframe exactly `width` px wide; its script posts the result
# to this host page (postMessage works across file:// origins), which writes it into its title.
_HOST = """<!doctype html><html><head><meta charset="utf-8"><title>waiting</title><style>
body {{ margin: 0; }} iframe {{ border: 0; display: block; width: {width}px; height: 800px; }}
</style></head><body><iframe src="{src}"></iframe><script>
window.addEventListener("message", function (e) {{ document.title = String(e.data); }});
</script></body></html>"""


# What a reader sees at one width, reported as JSON into document.title:
# - viewport / scrollWidth: the layout viewport and the document's width (wider: it scrolls
#   sideways);
# - minText / minTextAt: the smallest rendered text, over every text node that draws at least
#   one box (hidden, collapsed, screen-reader-only, <title> and <desc> text is not drawn): the
#   computed font size, times the scale of the SVG's transform to the screen for SVG text (a
#   viewBox shrinks SVG text with its chart);
# - overflow: elements sticking out of their card (a section, the header, the footer) or
#   tables, figures and charts wider than their parent;
# - sideBySide: the largest difference in height between blocks that sit side by side in the
#   skills section (a blank area under the shorter one).
_LAYOUT = r"""<script>(function () {
  var out = {viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
             minText: null, minTextAt: "", overflow: [], sideBySide: 0, texts: 0};
  function name(e) {
    return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
      (e.getAttribute("class") ? "." + e.getAttribute("class").split(" ").join(".") : "");
  }
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var text = node.textContent.trim();
    var el = node.parentElement;
    if (!text || !el || el.closest("script, style, title, desc, .sr-only")) continue;
    var range = document.createRange();
    range.selectNodeContents(node);
    var drawn = Array.prototype.some.call(range.getClientRects(),
                                          function (r) { return r.width > 0 && r.height > 0; });
    if (!drawn) continue;
    var size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      var m = el.getScreenCTM();
      if (m) size *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    }
    out.texts += 1;
    if (out.minText === null || size < out.minText) {
      out.minText = size;
      out.minTextAt = name(el) + ": " + text.slice(0, 50);
    }
  }
  var cards = document.querySelectorAll("section.block, header.top, nav.toc, footer");
  Array.prototype.forEach.call(cards, function (card) {
    var c = card.getBoundingClientRect();
    Array.prototype.forEach.call(card.querySelectorAll("*"), function (e) {
      if (e.closest(".sr-only")) return;
      var r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return;
      if (r.right > c.right + 0.5 || r.left < c.left - 0.5)
        out.overflow.push(name(e) + " sticks out of " + name(card));
    });
  });
  var boxes = document.querySelectorAll("table, figure, svg, .pair > *, .halves > *");
  Array.prototype.forEach.call(boxes, function (e) {
    var p = e.parentElement.getBoundingClientRect(), r = e.getBoundingClientRect();
    if (r.width > 0 && r.width > p.width + 0.5)
      out.overflow.push(name(e) + " is wider than " + name(e.parentElement));
  });
  var rows = document.querySelectorAll("#skills .groups, #skills .halves");
  Array.prototype.forEach.call(rows, function (row) {
    var byTop = {};
    Array.prototype.forEach.call(row.children, function (e) {
      var r = e.getBoundingClientRect(), key = Math.round(r.top);
      (byTop[key] = byTop[key] || []).push(r.height);
    });
    Object.keys(byTop).forEach(function (k) {
      var hs = byTop[k], blank = Math.max.apply(null, hs) - Math.min.apply(null, hs);
      out.sideBySide = Math.max(out.sideBySide, blank);
    });
  });
  parent.postMessage("layout=" + JSON.stringify(out), "*");
})();</script>"""


def find_chromium() -> str | None:
    """The Chromium executable: `CAREERS_CHROMIUM` if set (None when that is not an executable
    file), else `chromium` on PATH, else None."""
    configured = settings().chromium
    if configured:
        found = configured.is_file() and os.access(configured, os.X_OK)
        return str(configured) if found else None
    return shutil.which("chromium")


def missing_reason() -> str:
    """One line: why no Chromium was found and how to get one."""
    configured = settings().chromium
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


def _probe(page: Path, script: str, width: int, timeout: float) -> str:
    """The DOM of a private copy of `page` with `script` added at the end of its body, loaded
    at `width` CSS pixels."""
    page = Path(page)
    with tempfile.TemporaryDirectory(prefix="careers-measure-") as tmp:
        probe = Path(tmp) / "page.html"
        text = page.read_text(encoding="utf-8")
        probe.write_text(text.replace("</body>", script + "</body>", 1), encoding="utf-8")
        host = Path(tmp) / "host.html"
        host.write_text(_HOST.format(width=width, src=probe.name), encoding="utf-8")
        return _run(
            [
                f"--window-size={max(width, 500) + 20},800",
                "--virtual-time-budget=5000",
                "--dump-dom",
                host.resolve().as_uri(),
            ],
            timeout,
        ).stdout


def page_height(page: Path, width: int = 1200, timeout: float = 60) -> int:
    """The rendered height in CSS pixels of `page` at `width` (measured on a private copy)."""
    found = re.search(r"<title>page-height=(\d+)", _probe(page, _MEASURE, width, timeout))
    if not found:
        raise RuntimeError("could not measure the page height")
    return int(found.group(1))


def layout(page: Path, width: int = 1200, timeout: float = 60) -> dict:
    """What a reader sees of `page` at `width` CSS pixels (see _LAYOUT): viewport, scrollWidth,
    minText (px) and minTextAt, overflow (list of problems), sideBySide (px), texts (count)."""
    dom = _probe(page, _LAYOUT, width, timeout)
    found = re.search(r"<title>layout=(.*?)</title>", dom, re.DOTALL)
    if not found:
        raise RuntimeError("could not measure the page layout")
    return json.loads(html.unescape(found.group(1)))


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
