"""`careers publish-pages`: every career page of one snapshot, as HTML and JSON, plus an index.

Layout of the folder (`--out DIR`):

    index.html                      links to every page
    career-page.schema.json         the JSON Schema every document was validated against
    <career code>/us.html, us.json  the national page and its document
    <career code>/<st>.html, .json  one per state with postings (postal code, lower case)
    .careers-pages                  marker: this folder is ours to replace

The folder is replaced atomically: everything is built in a private folder beside it, then the
two are swapped in one `renameat2(RENAME_EXCHANGE)` (Linux), or, where that is not available,
by two renames (the old folder aside, the new one in; a reader can then find the folder missing
for an instant, never half-written). A failure leaves the previous folder untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from core.errors import CareersError
from pages.data import NATION, Snapshot, connect
from pages.document import build_document
from pages.render import Links, render_index, render_page
from pages.resolve import resolve_as_of

SCHEMA_PATH = Path(__file__).with_name("career-page.schema.json")
MARKER = ".careers-pages"


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local `#/$defs/...` reference replaced by its target (the schema
    has no recursion): the same rules, validated without a reference lookup each time."""
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = _inline_refs(defs[node["$ref"].removeprefix("#/$defs/")], defs)
        rest = {k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}
        return {"allOf": [target], **rest} if rest else target
    return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}


@cache
def validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema())
    cls.check_schema(schema())
    return cls(_inline_refs(schema(), schema()["$defs"]), format_checker=cls.FORMAT_CHECKER)


def validate(doc: dict[str, Any], name: str = "document") -> None:
    """Raise CareersError naming the first problem when `doc` does not match the schema."""
    if validator().is_valid(doc):
        return
    error = jsonschema.exceptions.best_match(validator().iter_errors(doc))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise CareersError(
            f"does not match career-page.schema.json at {where}: {error.message}", name
        )


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def page_path(code: str, geo: str) -> str:
    """Where a page lives, relative to the folder: `23101011/nc.html` (without the suffix)."""
    return f"{code}/{geo.lower()}"


@dataclass
class PublishReport:
    out: Path
    as_of: date
    careers: int
    pages: int
    seconds: float


def build_folder(
    folder: Path, snap: Snapshot, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Write every page, document and the index of `snap` into the empty `folder`;
    `progress(done, total)` after each page."""
    published = set(snap.pages())
    advance = progress or (lambda done, total: None)
    advance(0, len(published))

    def href_from_page(code: str, geo: str) -> str | None:
        return f"../{page_path(code, geo)}.html" if (code, geo) in published else None

    links = Links(index="../index.html", page=href_from_page)
    entries: dict[str, dict[str, Any]] = {}
    for done, (code, geo) in enumerate(snap.pages(), start=1):
        doc = build_document(snap, code, None if geo == NATION else snap.geos[geo])
        rel = page_path(code, geo)
        validate(doc, f"{rel}.json")
        target = folder / rel
        target.parent.mkdir(exist_ok=True)
        Path(f"{target}.json").write_text(to_json(doc), encoding="utf-8")
        Path(f"{target}.html").write_text(render_page(doc, links), encoding="utf-8")
        advance(done, len(published))
        if code not in entries:
            nation = doc["nation"]
            entries[code] = {
                "code": code,
                "name": doc["career"]["name"],
                "parent_name": doc["career"]["parent_name"],
                "postings": nation["postings"],
                "salary_mean": nation["salary"]["mean"],
                "window": doc["window"],
                "pages": [],
            }
        entries[code]["pages"].append(
            {
                "geo_code": geo,
                "geo_name": doc["geography"]["name"],
                "html": f"{rel}.html",
                "json": f"{rel}.json",
            }
        )
    ordered = sorted(entries.values(), key=lambda e: (e["name"], e["code"]))
    if not ordered:
        raise CareersError(f"the {snap.as_of} snapshot has no careers to publish")
    window = ordered[0]["window"]
    (folder / "index.html").write_text(
        render_index(ordered, snap.as_of.isoformat(), window), encoding="utf-8"
    )
    shutil.copyfile(SCHEMA_PATH, folder / SCHEMA_PATH.name)
    pages = sum(len(e["pages"]) for e in ordered)
    (folder / MARKER).write_text(
        json.dumps({"as_of": snap.as_of.isoformat(), "careers": len(ordered), "pages": pages})
        + "\n",
        encoding="utf-8",
    )
    return len(ordered), pages


def _check_replaceable(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise CareersError("--out must be a folder (it is a file or a link)", out)
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise CareersError(
            "refusing to replace a folder that publish-pages did not write (no .careers-pages "
            "marker); give a new or empty folder",
            out,
        )


@contextlib.contextmanager
def _publisher_lock(out: Path) -> Iterator[None]:
    """One publish-pages at a time per folder (a second one fails at once)."""
    with open(out.parent / f".{out.name}.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CareersError("another publish-pages is writing this folder", out) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE). False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_in(built: Path, out: Path) -> None:
    """Put the finished folder `built` at `out`; the previous `out` (if any) is removed."""
    if not out.exists():
        os.rename(built, out)
    elif _exchange(built, out):
        shutil.rmtree(built, ignore_errors=True)  # `built` now holds the previous folder
    else:
        old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
        os.rename(out, old)
        try:
            os.rename(built, out)
        except OSError:
            os.rename(old, out)  # put the previous folder back
            raise
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(out.parent)


def publish_pages(
    out: Path,
    as_of: date | None = None,
    warehouse: Path | str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PublishReport:
    """Build every page of the snapshot (default: the newest) and swap the folder into place;
    `progress(pages written, total)` as it goes."""
    started = time.perf_counter()
    out = Path(os.path.abspath(out))
    _check_replaceable(out)
    con = connect(warehouse)
    try:
        day = resolve_as_of(con, as_of)
        snap = Snapshot.load(con, day)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    with _publisher_lock(out):
        _check_replaceable(out)
        built = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
        try:
            careers, pages = build_folder(built, snap, progress)
            os.chmod(built, 0o755)  # mkdtemp makes it private; a web server must read it
            swap_in(built, out)
        except BaseException:
            shutil.rmtree(built, ignore_errors=True)
            raise
    return PublishReport(out, day, careers, pages, time.perf_counter() - started)
