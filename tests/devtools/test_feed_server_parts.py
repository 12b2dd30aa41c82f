"""The fake feed's parts on their own: the catalogue of served files and the shared state
(tokens, forced and random faults, the rate limit)."""

from __future__ import annotations

import hashlib
import os

import pytest

from core.errors import CareersError
from devtools.feed_catalogue import Catalogue, iso
from devtools.feed_state import FAULTS, FeedState


def test_catalogue_offers_visible_known_files_in_created_order(tmp_path):
    (tmp_path / "postings").mkdir()
    (tmp_path / "skills").mkdir()
    files = {"postings/b.csv": 100, "postings/a.csv": 200, "skills/s.json": 50}
    for name, mtime in files.items():
        (tmp_path / name).write_text(name)
        os.utime(tmp_path / name, (mtime, mtime))
    (tmp_path / "postings" / ".hidden.csv").write_text("x")
    (tmp_path / "postings" / "notes.txt").write_text("x")
    found = Catalogue(tmp_path).exports()
    assert [(e.kind, e.name) for e in found] == [
        ("skills", "s.json"), ("postings", "b.csv"), ("postings", "a.csv")
    ]  # fmt: skip
    assert found[1].sha256 == hashlib.sha256(b"postings/b.csv").hexdigest()
    assert iso(found[0].created) == "1970-01-01T00:00:50.000000Z"


def test_state_checks_its_settings(tmp_path):
    with pytest.raises(CareersError, match="fault-rate"):
        FeedState(tmp_path, "id", "secret", fault_rate=2)
    with pytest.raises(CareersError, match="client id and a client secret"):
        FeedState(tmp_path, "id", "")
    with pytest.raises(CareersError, match="does not exist"):
        FeedState(tmp_path / "missing", "id", "secret")


def test_tokens_and_forced_faults(tmp_path):
    state = FeedState(tmp_path, "id", "secret", fault_rate=1.0, seed=1)
    assert state.check_client("id", "secret") and not state.check_client("id", "guess")
    token = state.issue_token()
    assert [state.use_token(token), state.use_token(token), state.use_token("other")] == [0, 1, -1]
    state.expire_token(token)
    assert state.use_token(token) == -1
    state.hooks.faults.extend(["503", None])
    assert [state.draw_fault(FAULTS), state.draw_fault(FAULTS)] == ["503", None]
    assert state.draw_fault(("429",)) == "429"  # then random, at fault_rate 1


def test_rate_limit_per_second(tmp_path):
    state = FeedState(tmp_path, "id", "secret", rate_limit=2)
    assert [state.over_rate_limit() for _ in range(3)] == [False, False, True]
    assert not FeedState(tmp_path, "id", "secret").over_rate_limit()
