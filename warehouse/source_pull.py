"""The folder a run ingests: a local folder as it is, or an HTTP feed's landing folder after
pulling what is new. A feed's watermark (where its next pull starts) is kept in the work copy's
`ops.feed_watermarks`, so it is published with the data it fed, and a failed run keeps the old
one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from sources.exports import PreparedSource, open_source
from transforms.runner import rows, run
from warehouse.report import now


def pull_source(
    con: duckdb.DuckDBPyConnection, spec: str, landing: Path, since: date | None = None
) -> PreparedSource:
    """Prepare `spec` (a folder, or a feed landing into `landing`) from its stored watermark,
    or from `since` for a re-pull, and store the feed's newest watermark in `con`."""
    stored = rows(con, "ops/build#feed_watermark", {"source": spec})
    watermark = stored[0][0] if stored else None
    source = open_source(spec, landing)
    try:
        prepared = source.prepare(since.isoformat() if since is not None else watermark)
    finally:
        getattr(source, "close", lambda: None)()
    if prepared.pull is not None:
        newest = max(filter(None, [watermark, prepared.watermark]), default=None)
        if newest is not None:
            run(con, "ops/build#save_feed_watermark",
                {"source": spec, "watermark": newest, "saved_at": now()})  # fmt: skip
    return prepared
