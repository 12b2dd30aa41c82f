"""The feed client and the export-source interface against a real server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import logging
import stat
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.errors import CareersError
from devtools.feed_server import running_server
from sources.discover import discover
from sources.exports import HttpFeed, LocalFolder, open_source
from sources.feed_client import ExportEntry, FeedClient, RejectedExport

ID, SECRET = "test-client", "s3cr3t-never-shown-0xC0FFEE"
FAST = {"rate_limit": None, "backoff": 0.01, "backoff_max": 0.05, "timeout": 10}


def client(url: str, secret: str = SECRET, **options) -> FeedClient:
    return FeedClient(url, ID, secret, **{**FAST, **options})


def digests(folder: Path) -> dict[str, str]:
    """`kind/name` -> sha256 of every export file that discovery sees."""
    return {
        f"{f.kind}/{f.name}": hashlib.sha256(f.path.read_bytes()).hexdigest()
        for f in discover(folder)
    }


def only_exports(landing: Path) -> list[str]:
    """Every entry under the landing folder (hidden ones included)."""
    return sorted(str(p.relative_to(landing)) for p in landing.rglob("*") if p.is_file())


def test_full_pull_equals_the_folder(export, tmp_path):
    landing = tmp_path / "landing"
    with running_server(export, ID, SECRET) as (url, _, stats), client(url) as feed:
        result = feed.pull(landing)
    assert digests(landing) == digests(export)
    assert only_exports(landing) == sorted(digests(export))  # no partial or hidden file left
    assert result.retries == 0 and not result.rejected and not result.skipped
    assert len(result.downloaded) == len(digests(export))
    assert result.bytes == sum(f.path.stat().st_size for f in discover(export))
    assert result.requests == stats.requests == 2 + len(result.downloaded)  # token + listing
    assert stats.tokens_issued == 1
    newest = max(f.path.stat().st_mtime for f in discover(export))
    assert datetime.fromisoformat(result.watermark) == datetime.fromtimestamp(newest, UTC)
    for path in result.downloaded:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_pull_through_random_faults(export, tmp_path):
    landing = tmp_path / "landing"
    with (
        running_server(export, ID, SECRET, fault_rate=0.3, seed=5, retry_after=0) as (
            url,
            _,
            stats,
        ),
        client(url) as feed,
    ):
        result = feed.pull(landing)
    assert digests(landing) == digests(export)
    assert only_exports(landing) == sorted(digests(export))
    assert not result.rejected
    faults = sum(stats.faults.values())
    assert faults >= 3 and set(stats.faults) >= {"429", "503", "drop"}
    assert result.retries == faults  # every injected fault cost exactly one retry
    assert result.requests == stats.requests


def test_second_pull_with_the_watermark_downloads_nothing(export, tmp_path):
    landing = tmp_path / "landing"
    with running_server(export, ID, SECRET) as (url, _, stats), client(url) as feed:
        first = feed.pull(landing)
        sent = sum(stats.bytes_sent.values())
        second = feed.pull(landing, first.watermark)
        assert second.downloaded == [] and second.skipped == [] and second.bytes == 0
        assert second.watermark == first.watermark and second.requests == 1  # the listing
        again = feed.pull(landing)  # no watermark: everything listed, all already there
        assert again.downloaded == [] and len(again.skipped) == len(first.downloaded)
        assert sum(stats.bytes_sent.values()) == sent and stats.tokens_issued == 1


def test_dropped_download_resumes_with_range(export, tmp_path):
    name, chunk = "LC_2025_base.csv", 64 * 1024
    size = (export / "postings" / name).stat().st_size
    cut = size // 3
    with (
        running_server(export, ID, SECRET) as (url, server, stats),
        client(url, chunk_size=chunk) as feed,
    ):
        server.hooks.drop_after[name] = cut
        result = feed.pull(tmp_path / "landing")
    assert digests(tmp_path / "landing") == digests(export)
    assert result.retries == 1 and stats.faults == {"drop": 1}
    first, second = [t for t in stats.transfers if t.name == name]
    assert (first.start, first.sent, first.dropped) == (0, cut, True)
    assert second.status == 206 and cut - chunk <= second.start <= cut
    assert second.start + second.sent == size
    # nothing sent twice beyond the chunk in flight when the connection dropped
    assert size <= stats.bytes_sent[name] <= size + chunk


def test_partial_is_never_visible_and_resumes_in_a_later_pull(export, tmp_path):
    landing, name = tmp_path / "landing", "LC_2025_base.csv"
    size = (export / "postings" / name).stat().st_size
    with running_server(export, ID, SECRET) as (url, server, stats):
        server.hooks.drop_after[name] = size // 2
        with client(url, max_retries=0, chunk_size=4096) as feed, pytest.raises(CareersError):
            feed.pull(landing)
        assert not (landing / "postings" / name).exists()
        assert name not in {f.name for f in discover(landing)}  # hidden from the pipeline
        (partial,) = (landing / ".partial").iterdir()
        assert stat.S_IMODE(partial.stat().st_mode) == 0o600
        have = partial.stat().st_size
        assert 0 < have <= size // 2
        with client(url) as feed:
            assert feed.pull(landing).retries == 0
        assert digests(landing) == digests(export) and not (landing / ".partial").exists()
        resumed = [t for t in stats.transfers if t.name == name][-1]
        assert (resumed.status, resumed.start) == (206, have)


def test_corrupted_file_is_rejected_and_holds_the_watermark(export, tmp_path):
    landing = tmp_path / "landing"
    files = discover(export)  # created order
    bad = files[4]
    with running_server(export, ID, SECRET) as (url, server, _), client(url) as feed:
        server.hooks.corrupt.add(bad.name)
        result = feed.pull(landing)
        assert [name for name, _ in result.rejected] == [bad.name]
        assert "sha256" in result.rejected[0][1]
        assert not (landing / bad.kind / bad.name).exists()
        assert not (landing / ".partial").exists()
        assert len(result.downloaded) == len(files) - 1
        entries = {e.name: e for e in feed.list_exports()}
        assert result.watermark == entries[files[3].name].created  # just before the bad file

        server.hooks.corrupt.clear()  # the feed fixed the file: the next pull lands it
        retry = feed.pull(landing, result.watermark)
        assert retry.downloaded == [landing / bad.kind / bad.name] and not retry.rejected
        assert retry.skipped == [f.name for f in files[5:]]
        assert retry.watermark == entries[files[-1].name].created
    assert digests(landing) == digests(export)


def test_vanished_file_is_rejected(export, tmp_path):
    source = tmp_path / "source"
    (source / "postings").mkdir(parents=True)
    for name in ("lc_delta_lower.csv", "lightcast_updates.csv"):
        (source / "postings" / name).write_bytes((export / "postings" / name).read_bytes())
    with running_server(source, ID, SECRET) as (url, _, _), client(url) as feed:
        gone, kept = feed.list_exports()
        (source / "postings" / gone.name).unlink()
        with pytest.raises(RejectedExport, match="gone from the feed"):
            feed.download(gone, tmp_path / "landing")
        assert feed.download(kept, tmp_path / "landing").is_file()


HOSTILE = ["../x.csv", "/etc/x", ".hidden.csv", "postings/../../x", "..", "a\\b.csv", "x.exe"]


def test_hostile_names_are_refused(export, tmp_path):
    landing = tmp_path / "area" / "landing"
    with running_server(export, ID, SECRET) as (url, server, _), client(url) as feed:
        real = feed.list_exports()[0]
        template = {**real.__dict__}
        server.hooks.extra_entries.extend({**template, "name": n} for n in HOSTILE)
        server.hooks.extra_entries += [
            {**template, "kind": "secrets"},
            {**template, "kind": "../postings"},
            {**template, "path": "//evil.example/x.csv"},
            {**template, "path": "http://evil.example/x.csv"},
            {**template, "sha256": "0" * 10},
            "not an object",
        ]
        result = feed.pull(landing)
    reasons = dict(result.rejected)
    assert set(HOSTILE) <= set(reasons) and len(result.rejected) == len(HOSTILE) + 6
    assert "path" in reasons["postings/../../x"] and "hidden" in reasons[".hidden.csv"]
    assert "unknown file type" in reasons["x.exe"]
    assert digests(landing) == digests(export)  # the real files all landed
    assert sorted(p.name for p in (tmp_path / "area").iterdir()) == ["landing"]  # nothing outside
    assert not Path("/etc/x").exists()
    for name in ("../x.csv", ".hidden.csv", "x/../y.csv"):
        with pytest.raises(ValueError):
            ExportEntry(**{**template, "name": name})


def test_wrong_credentials_fail_fast_in_one_line(export, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "wr0ng-" + SECRET
    with running_server(export, ID, SECRET) as (url, _, stats), client(url, secret=wrong) as feed:
        with pytest.raises(CareersError) as caught:
            feed.list_exports()
        assert stats.requests == 1 and feed.retries == 0
    message = str(caught.value)
    assert "\n" not in message and "refused the client credentials" in message
    assert "invalid client credentials" in message  # the server's detail
    for secret in (wrong, SECRET):
        assert secret not in message and secret not in repr(caught.value)
        assert secret not in caplog.text and secret not in repr(feed)


def test_other_client_errors_fail_fast_with_the_detail(export):
    with running_server(export, ID, SECRET) as (url, _, stats), client(url) as feed:
        with pytest.raises(CareersError, match="400 since must be an ISO 8601 time"):
            feed.list_exports("not-a-time")
        assert stats.requests == 2 and feed.retries == 0  # token + one listing attempt


def test_retry_after_is_honoured(export):
    with running_server(export, ID, SECRET, retry_after=1) as (url, server, _), client(url) as feed:
        feed.list_exports()  # token first
        server.hooks.faults.append("429")
        started = time.monotonic()
        feed.list_exports()
        assert time.monotonic() - started >= 1.0
        assert feed.retries == 1


def test_retries_are_bounded(export):
    with running_server(export, ID, SECRET) as (url, server, _), client(url, max_retries=2) as feed:
        feed.list_exports()
        server.hooks.faults.extend(["503"] * 3)
        with pytest.raises(CareersError, match="gave up after 2 retries .*503") as caught:
            feed.list_exports()
        assert "\n" not in str(caught.value) and feed.retries == 2


def test_token_is_cached_and_renewed_before_expiry(export, clock):
    ttl = 600  # the client renews 60 s before the end (10% of a shorter ttl)
    with (
        running_server(export, ID, SECRET, token_ttl=ttl) as (url, _, stats),
        client(url) as feed,
    ):
        for _ in range(3):
            feed.list_exports()
        assert stats.tokens_issued == 1
        clock.advance(ttl - 30)  # still valid at the server, due for renewal at the client
        feed.list_exports()
        assert stats.tokens_issued == 2 and feed.retries == 0  # renewed before, not after, a 401


def test_expired_token_is_renewed_once_on_401(export):
    with running_server(export, ID, SECRET) as (url, server, stats), client(url) as feed:
        feed.list_exports()
        server.hooks.faults.append("401")
        assert feed.list_exports()
        assert stats.faults == {"401": 1} and stats.tokens_issued == 2 and feed.retries == 1


def test_client_rate_limit(export):
    with running_server(export, ID, SECRET) as (url, _, stats), client(url, rate_limit=5) as feed:
        started = time.monotonic()
        for _ in range(6):
            feed.list_exports()
        elapsed = time.monotonic() - started
    assert stats.requests == 7 and elapsed >= (7 - 5) / 5 * 0.9  # a burst of 5, then 5/s


def test_no_secret_or_token_in_logs_results_or_errors(export, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    errors = []
    with running_server(export, ID, SECRET, fault_rate=0.3, seed=2, retry_after=0) as (
        url,
        server,
        _,
    ):
        with client(url) as feed:
            result = feed.pull(tmp_path / "landing")
            server.hooks.faults.extend(["503"] * 20)
            with pytest.raises(CareersError) as caught:
                client(url, max_retries=1).list_exports()
            errors.append(caught.value)
        with pytest.raises(CareersError) as caught:
            client(url, secret=SECRET + "x").pull(tmp_path / "other")
        errors.append(caught.value)
        tokens = list(server.hooks.issued_tokens)
    assert len(tokens) >= 2 and caplog.records
    text = caplog.text + repr(result) + repr(result.as_dict()) + repr(feed)
    text += "".join(f"{e!s} {e!r} {e.problem}" for e in errors)
    for secret in [SECRET, *tokens]:
        assert secret not in text
        assert not any(secret in str(r.args) for r in caplog.records)


def test_plain_http_only_on_loopback():
    for url in (
        "http://feed.example.com",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
    ):
        with pytest.raises(CareersError, match="use https"):
            FeedClient(url, ID, SECRET)
    FeedClient("http://[::1]:8080", ID, SECRET).close()
    with pytest.raises(CareersError, match="credentials"):
        FeedClient(f"https://{ID}:{SECRET}@feed.example.com", ID, SECRET)
    FeedClient("https://feed.example.com", ID, SECRET).close()


def test_open_source_and_prepare(export, tmp_path, monkeypatch):
    local = open_source(str(export), tmp_path / "landing")
    assert isinstance(local, LocalFolder)
    prepared = local.prepare("2025-07-01T00:00:00Z")
    assert prepared.folder == export and prepared.watermark == "2025-07-01T00:00:00Z"
    assert prepared.pull is None

    monkeypatch.setenv("CAREERS_CLIENT_ID", ID)
    monkeypatch.setenv("CAREERS_CLIENT_SECRET", SECRET)
    with running_server(export, ID, SECRET) as (url, _, _):
        feed = open_source(url, tmp_path / "landing")
        assert isinstance(feed, HttpFeed) and SECRET not in repr(feed)
        prepared = feed.prepare(None)
        assert prepared.folder == tmp_path / "landing"
        assert digests(prepared.folder) == digests(export)
        assert prepared.watermark == prepared.pull.watermark is not None
        assert feed.prepare(prepared.watermark).pull.downloaded == []


def test_missing_credentials_are_one_line_without_the_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("CAREERS_CLIENT_ID", raising=False)
    monkeypatch.setenv("CAREERS_CLIENT_SECRET", SECRET)
    with pytest.raises(CareersError) as caught:
        open_source("https://feed.example.com", tmp_path)
    message = str(caught.value)
    assert "CAREERS_CLIENT_ID" in message and SECRET not in message and "\n" not in message
    monkeypatch.delenv("CAREERS_CLIENT_SECRET")
    with pytest.raises(CareersError, match="CAREERS_CLIENT_ID and CAREERS_CLIENT_SECRET"):
        HttpFeed("https://feed.example.com", tmp_path)


def test_skills_taxonomy(export):
    import json

    expected = json.loads((export / "skills" / "skills_taxonomy.json").read_text())["data"]
    with running_server(export, ID, SECRET) as (url, _, stats), client(url) as feed:
        assert feed.skills() == expected
        assert stats.requests == 1 + -(-len(expected) // 100)  # token + pages of 100
