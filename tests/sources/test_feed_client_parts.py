"""The feed client's parts on their own: Retry-After parsing, the rate limiter, name checks
and the watermark rule (the HTTP behaviour is tested against the fake feed in
test_feed_client.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

import sources.feed_session as feed_session
from sources.feed_listing import ExportEntry, check_name, watermark
from sources.feed_session import RateLimiter, retry_after

SHA = "0" * 64


@pytest.mark.parametrize(
    ("header", "seconds"), [("3", 3.0), (" 12 ", 12.0), (None, None), ("", None), ("soon", None)]
)
def test_retry_after_seconds(header, seconds):
    assert retry_after(header) == seconds


def test_retry_after_http_date():
    assert retry_after(format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)) == 0
    later = retry_after(format_datetime(datetime.now(UTC) + timedelta(minutes=2), usegmt=True))
    assert 100 < later <= 120


def test_rate_limiter_allows_a_burst_then_waits(monkeypatch):
    sleeps: list[float] = []
    monkeypatch.setattr(feed_session.time, "sleep", sleeps.append)
    limiter = RateLimiter(2)
    for _ in range(3):
        limiter.acquire()
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 0.5
    RateLimiter(None).acquire()  # no limit: never waits
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    ("name", "kind", "problem"),
    [
        ("a.csv", "postings", None),
        ("a.csv", "secrets", "unknown kind"),
        ("../a.csv", "postings", "a path"),
        (".a.csv", "postings", "hidden"),
        ("a.exe", "postings", "unknown file type"),
        ("a\n.csv", "postings", "control characters"),
        ("", "postings", "missing file name"),
    ],
)
def test_check_name(name, kind, problem):
    found = check_name(name, kind)
    assert found is None if problem is None else problem in found


def _entry(name: str, minute: int) -> ExportEntry:
    return ExportEntry(name, "postings", 1, SHA, f"2026-01-01T00:{minute:02d}:00Z", f"/x/{name}")


def test_watermark_stops_before_the_first_failure():
    a, b, c = _entry("a.csv", 1), _entry("b.csv", 2), _entry("c.csv", 3)
    assert watermark(None, [a, b, c], []) == c.created
    assert watermark(None, [a, c], [b]) == a.created
    assert watermark(None, [c], [a]) is None
    assert watermark("2026-01-01T00:05:00Z", [a, c], []) == "2026-01-01T00:05:00Z"  # never back


def test_entry_refuses_bad_fields():
    with pytest.raises(ValueError, match="sha256"):
        ExportEntry("a.csv", "postings", 1, "x", "2026-01-01T00:00:00Z", "/x")
    with pytest.raises(ValueError, match="off|absolute path"):
        ExportEntry("a.csv", "postings", 1, SHA, "2026-01-01T00:00:00Z", "//evil/x")
