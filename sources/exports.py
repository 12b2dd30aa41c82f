"""Where export files come from: a local folder, or the HTTP export feed landing into one.

    prepared = open_source(spec, landing).prepare(watermark)
    execute(prepared.folder, ...)            # the folder the pipeline ingests, as before
    persist(prepared.watermark)              # after a successful publish

`spec` is a folder path or an `http(s)://` feed URL; the feed's credentials come from
CAREERS_CLIENT_ID / CAREERS_CLIENT_SECRET unless given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from core.errors import CareersError
from core.settings import settings
from sources.feed_client import FeedClient, PullResult

CLIENT_ID_ENV = "CAREERS_CLIENT_ID"
CLIENT_SECRET_ENV = "CAREERS_CLIENT_SECRET"
# Prefect Secret blocks consulted when the variables are unset and a Prefect API is configured
# (a deployment's worker): `prefect block create secret` or `Secret(value=...).save(name)`.
SECRET_BLOCKS = {CLIENT_ID_ENV: "careers-client-id", CLIENT_SECRET_ENV: "careers-client-secret"}


def _secret_block(variable: str) -> str | None:
    """The value of the Prefect Secret block standing in for `variable`, if there is one."""
    try:
        from prefect.settings import get_current_settings

        if not get_current_settings().api.url:
            return None
        from prefect.blocks.system import Secret

        return Secret.load(SECRET_BLOCKS[variable]).get()
    except Exception:  # no server or no such block: the missing-variable error says what to do
        return None


@dataclass(frozen=True)
class PreparedSource:
    folder: Path  # an export folder: postings/, skills/, employment/
    watermark: str | None  # persist it, pass it to the next prepare()
    pull: PullResult | None = None  # what the feed delivered (None for a local folder)


class ExportSource(Protocol):
    def prepare(self, since: str | None) -> PreparedSource: ...


@dataclass(frozen=True)
class LocalFolder:
    """Files dropped into a folder: nothing to fetch, the watermark is unchanged."""

    path: Path

    def prepare(self, since: str | None) -> PreparedSource:
        return PreparedSource(Path(self.path), since, None)


class HttpFeed:
    """The export feed at `url`: `prepare` lands new files into `landing` and returns it."""

    def __init__(
        self,
        url: str,
        landing: Path,
        client_id: str | None = None,
        client_secret: str | None = None,
        **client_options: Any,
    ):
        current = settings()
        secret = current.client_secret.get_secret_value() if current.client_secret else None
        client_id = client_id or current.client_id or _secret_block(CLIENT_ID_ENV)
        client_secret = client_secret or secret or _secret_block(CLIENT_SECRET_ENV)
        missing = [
            name
            for name, value in ((CLIENT_ID_ENV, client_id), (CLIENT_SECRET_ENV, client_secret))
            if not value
        ]
        if missing:
            blocks = " and ".join(SECRET_BLOCKS[m] for m in missing)
            raise CareersError(
                f"the export feed {url} needs credentials: set {' and '.join(missing)} "
                f"(or the Prefect Secret blocks {blocks})"
            )
        self.url = url
        self.landing = Path(landing)
        self._client = FeedClient(url, client_id, client_secret, **client_options)

    def __repr__(self) -> str:
        return f"HttpFeed({self.url!r}, {str(self.landing)!r})"

    def prepare(self, since: str | None) -> PreparedSource:
        result = self._client.pull(self.landing, since)
        return PreparedSource(self.landing, result.watermark, result)

    def close(self) -> None:
        self._client.close()


def is_feed(spec: str | Path) -> bool:
    """An `http://` or `https://` spec names an export feed; anything else is a folder."""
    return str(spec).lower().startswith(("http://", "https://"))


def open_source(spec: str | Path, landing: Path) -> ExportSource:
    """The feed at `spec` (landing into `landing`), or the local export folder `spec`."""
    if is_feed(spec):
        return HttpFeed(str(spec), landing)
    return LocalFolder(Path(str(spec)))
