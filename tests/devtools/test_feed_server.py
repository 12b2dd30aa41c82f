"""The export server over plain `requests`: auth, listing, paging, ranges, faults, limits."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

import pytest
import requests

from core.errors import CareersError
from devtools.feed_server import make_server, running_server
from sources.discover import discover

ID, SECRET = "test-client", "s3cr3t-server-side"


@pytest.fixture
def feed(export):
    with running_server(export, ID, SECRET) as running:
        yield running


def token(url: str, secret: str = SECRET, **form) -> requests.Response:
    data = {"client_id": ID, "client_secret": secret, "grant_type": "client_credentials"}
    return requests.post(f"{url}/connect/token", data={**data, **form}, timeout=10)


def auth(url: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(url).json()['access_token']}"}


def error_of(response: requests.Response) -> dict:
    (error,) = response.json()["errors"]
    assert set(error) == {"status", "title", "detail"} and error["status"] == response.status_code
    return error


def test_token_endpoint(feed):
    url, _, stats = feed
    answer = token(url, scope="exports")
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["access_token"]
    assert stats.tokens_issued == 1
    assert token(url, secret="wrong").status_code == 401
    assert error_of(token(url, secret="wrong"))["detail"] == "invalid client credentials"
    assert token(url, grant_type="password").status_code == 400
    raw = requests.post(f"{url}/connect/token", json={"client_id": ID}, timeout=10)
    assert raw.status_code == 415
    assert requests.get(f"{url}/connect/token", timeout=10).status_code == 405


@pytest.mark.parametrize(
    "path",
    ["/exports", "/exports/LC_2025_base.csv", "/skills/versions/latest/skills", "/nope", "/"],
)
def test_default_deny(feed, path):
    url = feed[0]
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eA=="}):
        answer = requests.get(url + path, headers=headers, timeout=10)
        assert answer.status_code == 401
        assert "WWW-Authenticate" in answer.headers
        error_of(answer)


def test_listing_order_fields_paging_and_since(feed, export):
    url = feed[0]
    headers = auth(url)
    files = discover(export)
    entries, path = [], "/exports?limit=4"
    while path:
        page = requests.get(url + path, headers=headers, timeout=10).json()
        assert page["total"] == len(files)
        entries += page["data"]
        path = page["next"]
    assert [(e["kind"], e["name"]) for e in entries] == [(f.kind, f.name) for f in files]
    for entry, f in zip(entries, files, strict=True):
        data = f.path.read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        mtime = datetime.fromtimestamp(f.path.stat().st_mtime, UTC)
        assert datetime.fromisoformat(entry["created"]) == mtime
        assert entry["created"].endswith("Z")
    assert [e["created"] for e in entries] == sorted(e["created"] for e in entries)

    since = entries[3]["created"]  # strictly newer than the watermark
    newer = requests.get(f"{url}/exports", params={"since": since}, headers=headers, timeout=10)
    assert [e["name"] for e in newer.json()["data"]] == [e["name"] for e in entries[4:]]
    bad = requests.get(f"{url}/exports", params={"since": "yesterday"}, headers=headers, timeout=10)
    assert bad.status_code == 400 and "since" in error_of(bad)["detail"]
    assert requests.get(f"{url}/exports?limit=0", headers=headers, timeout=10).status_code == 400


def test_listing_ignores_hidden_and_unknown_files(tmp_path, export):
    source = tmp_path / "src"
    (source / "postings").mkdir(parents=True)
    (source / "postings" / "a.csv").write_bytes(
        (export / "postings" / "lc_delta_lower.csv").read_bytes()
    )
    (source / "postings" / ".hidden.csv").write_text("x")
    (source / "postings" / "notes.txt").write_text("x")
    (source / "other").mkdir()
    (source / "other" / "b.csv").write_text("x")
    with running_server(source, ID, SECRET) as (url, _, _):
        entries = requests.get(f"{url}/exports", headers=auth(url), timeout=10).json()["data"]
        assert [(e["kind"], e["name"]) for e in entries] == [("postings", "a.csv")]
        hidden = requests.get(f"{url}/exports/.hidden.csv", headers=auth(url), timeout=10)
        assert hidden.status_code == 404


def test_download_and_ranges(feed, export):
    url, _, stats = feed
    headers = auth(url)
    data = (export / "postings" / "LC_2025_base.csv").read_bytes()
    link = f"{url}/exports/LC_2025_base.csv?kind=postings"
    whole = requests.get(link, headers=headers, timeout=10)
    assert whole.status_code == 200 and whole.content == data
    etag = whole.headers["ETag"]
    assert etag == f'"{hashlib.sha256(data).hexdigest()}"'
    assert whole.headers["Accept-Ranges"] == "bytes"

    part = requests.get(link, headers={**headers, "Range": "bytes=1000-"}, timeout=10)
    assert part.status_code == 206 and part.content == data[1000:]
    assert part.headers["Content-Range"] == f"bytes 1000-{len(data) - 1}/{len(data)}"
    middle = requests.get(link, headers={**headers, "Range": "bytes=10-19"}, timeout=10)
    assert middle.content == data[10:20]
    resumed = requests.get(
        link, headers={**headers, "Range": "bytes=1000-", "If-Range": etag}, timeout=10
    )
    assert resumed.status_code == 206
    stale = requests.get(
        link, headers={**headers, "Range": "bytes=1000-", "If-Range": '"other"'}, timeout=10
    )
    assert stale.status_code == 200 and stale.content == data  # changed file: the whole body
    beyond = requests.get(link, headers={**headers, "Range": f"bytes={len(data)}-"}, timeout=10)
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{len(data)}"
    missing = requests.get(f"{url}/exports/nope.csv", headers=headers, timeout=10)
    assert missing.status_code == 404 and "nope.csv" in error_of(missing)["detail"]
    assert stats.bytes_sent["LC_2025_base.csv"] == 2 * len(data) + 2 * (len(data) - 1000) + 10


def test_skills_endpoint_pages_the_taxonomy(feed, export):
    import json

    url = feed[0]
    headers = auth(url)
    expected = json.loads((export / "skills" / "skills_taxonomy.json").read_text())["data"]
    records, path = [], "/skills/versions/latest/skills?limit=7"
    while path:
        page = requests.get(url + path, headers=headers, timeout=10).json()
        assert page["total"] == len(expected)
        records += page["data"]
        path = page["next"]
    assert records == expected
    assert {"id", "name", "type", "category", "subcategory", "isSoftware"} <= set(records[0])


def test_tokens_expire(export, clock):
    with running_server(export, ID, SECRET, token_ttl=60) as (url, _, _):
        headers = auth(url)
        assert requests.get(f"{url}/exports", headers=headers, timeout=10).status_code == 200
        clock.advance(61)
        expired = requests.get(f"{url}/exports", headers=headers, timeout=10)
        assert expired.status_code == 401 and "expired" in error_of(expired)["detail"]


def test_fault_injection_is_seeded_and_counted(export):
    def run() -> tuple[list[tuple[bool, int]], dict]:
        with running_server(export, ID, SECRET, fault_rate=1.0, seed=11) as (url, server, stats):

            def new_token() -> dict[str, str]:
                server.hooks.faults.append(None)  # a forced "no fault" for the token request
                return auth(url)

            headers, fresh, seen = new_token(), True, []
            link = f"{url}/exports/lc_delta_lower.csv"
            for _ in range(40):
                try:
                    answer = requests.get(link, headers=headers, timeout=10)
                    seen.append((fresh, answer.status_code))
                    if answer.status_code == 429:
                        assert answer.headers["Retry-After"] == "1"
                except requests.exceptions.ChunkedEncodingError:
                    seen.append((fresh, -1))  # dropped mid-body
                fresh = False
                if seen[-1][1] == 401:  # the "expired" token is gone: get another
                    headers, fresh = new_token(), True
            return seen, dict(stats.faults)

    seen, faults = run()
    assert run() == (seen, faults)  # same seed, same faults
    statuses = [status for _, status in seen]
    assert {429, 503, 401, -1} <= set(statuses) <= {429, 503, 401, -1, 200}
    assert faults == {
        "429": statuses.count(429),
        "503": statuses.count(503),
        "401": statuses.count(401),
        "drop": statuses.count(-1),
    }
    # a token never "expires" on its first use (that draw is served normally instead)
    assert all(not fresh for fresh, status in seen if status == 401)
    assert all(fresh for fresh, status in seen if status == 200)


def test_rate_limit_answers_429_with_retry_after(export):
    with running_server(export, ID, SECRET, rate_limit=3) as (url, _, stats):
        headers = auth(url)  # request 1 of this second
        statuses = [
            requests.get(f"{url}/exports", headers=headers, timeout=10).status_code
            for _ in range(4)
        ]
        assert statuses[:2] == [200, 200] and 429 in statuses[2:]
        assert stats.faults["rate_limited"] >= 1


def test_bad_configuration_is_one_line_error(tmp_path, export):
    with pytest.raises(CareersError, match="does not exist"):
        make_server(tmp_path / "missing", client_id=ID, client_secret=SECRET)
    with pytest.raises(CareersError, match="client secret"):
        make_server(export, client_id=ID, client_secret="")
    with running_server(export, ID, SECRET) as (url, _, _):
        port = int(url.rsplit(":", 1)[1])
        with pytest.raises(CareersError, match="cannot listen") as caught:
            make_server(export, port=port, client_id=ID, client_secret=SECRET)
        assert "\n" not in str(caught.value)


def test_cli_registers_and_refuses_missing_credentials(export, monkeypatch):
    import typer
    from typer.testing import CliRunner

    from cli.feed import export_server

    monkeypatch.delenv("CAREERS_CLIENT_ID", raising=False)
    monkeypatch.delenv("CAREERS_CLIENT_SECRET", raising=False)
    app = typer.Typer()
    app.command("export-server")(export_server)
    app.command("other")(lambda: None)  # two commands: invoked by name, as in cli/main.py
    result = CliRunner().invoke(app, ["export-server", "--source", str(export), "--port", "0"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "careers: error: the export server needs credentials: set CAREERS_CLIENT_ID and "
        "CAREERS_CLIENT_SECRET (or --client-id / --client-secret)"
    ]


def test_cli_serves_until_interrupted(export):
    import signal
    import subprocess
    import sys

    env = {**os.environ, "CAREERS_CLIENT_ID": ID, "CAREERS_CLIENT_SECRET": SECRET}
    command = [sys.executable, "-m", "cli.main", "export-server", "--source", str(export)]
    command += ["--port", "0"]
    # A shell that runs the suite in the background (`make test &`) starts it with SIGINT
    # ignored, and Python keeps an inherited SIG_IGN: give the server Ctrl-C's default back.
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        banner = proc.stdout.readline().decode()
        url = banner.split(" at ")[1].split()[0]
        assert url.startswith("http://127.0.0.1:") and SECRET not in banner
        assert requests.get(f"{url}/exports", headers=auth(url), timeout=10).status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and SECRET.encode() not in out + err
