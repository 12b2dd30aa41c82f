"""Re-versions of posting IDs: newer, tied, older and date-only versions of a valid row, in a
later (or earlier, or the same) postings file, and broken rows reusing a valid ID. Each kind of
update case stands for a known winner (GenerationReport.updates).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from samples.breakages import BREAKAGES
from samples.catalog import RAW_PREFIX, UNCLASSIFIED
from samples.columns import DIALECT, EPOCH_ORD, LIST_COLUMNS, MS_DAY, POSTINGS_FILES
from samples.rows import title_fields
from samples.sampling import normalized

#: (postings file index, row, reasons it breaks)
Placed = tuple[int, dict, tuple[str, ...]]


def ids_for(rng: np.random.Generator, n: int) -> list[str]:
    """n random 40-hex-digit posting IDs."""
    raw = rng.integers(0, 256, size=(n, 20), dtype=np.uint8).tobytes().hex()
    return [raw[40 * i : 40 * i + 40] for i in range(n)]


def update_key(row: dict) -> tuple[int, int]:
    """What orders a row's versions: its update time (ms), the timestamp or else the date."""
    ts = row.get("LAST_UPDATED_TIMESTAMP")
    if ts is not None:
        return (1, ts)
    day = row.get("LAST_UPDATED_DATE")
    if day is not None:
        return (1, (day - EPOCH_ORD) * MS_DAY)
    return (0, 0)


UPDATE_KINDS = (
    # kind, share of update cases
    ("newer", 0.50),
    ("tie", 0.14),
    ("older", 0.10),
    ("date_only_newer", 0.05),
    ("date_only_same_day", 0.04),
    ("newer_in_earlier_file", 0.05),
    ("same_file_tie", 0.03),
    ("chain", 0.04),
    ("rejected_reuse", 0.05),
)


# Re-versions never involve the real-sample file: without LAST_UPDATED_TIMESTAMP its versions
# tie with others of the same day, which would change the winner an update kind stands for.
def _later_file(rng: np.random.Generator, after: int) -> int:
    choices = [f for f in range(after + 1, len(POSTINGS_FILES)) if DIALECT[f] != "real"]
    weights = [6.0 if f == len(POSTINGS_FILES) - 1 else 1.0 for f in choices]
    return choices[int(rng.choice(len(choices), p=normalized(weights)))]


def _earlier_file(rng: np.random.Generator, before: int) -> int:
    choices = [f for f in range(before) if DIALECT[f] != "real"]
    return choices[int(rng.integers(len(choices)))]


def _revise(row: dict, rng: np.random.Generator, stamp: int | None, day: int | None) -> dict:
    """A new version of a posting row: new update time, changed salary/title/expiry."""
    new = dict(row)
    for col in LIST_COLUMNS:
        if isinstance(new.get(col), list):
            new[col] = list(new[col])
    new["LAST_UPDATED_TIMESTAMP"] = stamp
    new["LAST_UPDATED_DATE"] = day if stamp is None else stamp // MS_DAY + EPOCH_ORD
    new["DUPLICATES"] = (row.get("DUPLICATES") or 0) + 1 + int(rng.integers(3))
    career = row["_CAREER"]
    if row.get("SALARY") is not None and rng.random() < 0.6:
        factor = float(rng.uniform(0.94, 1.12))
        lo = int(round(row["SALARY_FROM"] * factor, -3))
        hi = max(lo, int(round(row["SALARY_TO"] * factor, -3)))
        new.update(SALARY_FROM=lo, SALARY_TO=hi, SALARY=(lo + hi) // 2)
    elif row.get("SALARY") is None and rng.random() < 0.3:
        mid = career.salary * float(np.exp(rng.normal(0, 0.2)))
        lo, hi = int(round(mid * 0.92, -3)), int(round(mid * 1.08, -3))
        new.update(
            SALARY_FROM=lo,
            SALARY_TO=hi,
            SALARY=(lo + hi) // 2,
            ORIGINAL_PAY_PERIOD="year",
            _PAY="year",
        )
    if rng.random() < 0.35 and row.get("TITLE_NAME") != UNCLASSIFIED:
        t = int(rng.integers(len(career.titles)))
        new.update(title_fields(career, t, int(rng.integers(len(RAW_PREFIX))), 0))
    last_day = day if stamp is None else stamp // MS_DAY + EPOCH_ORD
    if row.get("EXPIRED") is None and rng.random() < 0.4 and last_day > row["POSTED"]:
        expired = row["POSTED"] + int(rng.integers(1, last_day - row["POSTED"] + 1))
        new.update(
            EXPIRED=expired,
            DURATION=expired - row["POSTED"],
            ACTIVE_URLS=[],
            ACTIVE_SOURCES_INFO=[],
        )
    return new


@dataclass
class Updates:
    """The re-versions made: rows to place (shuffled into their file) and rows to append after
    the shuffle (`tail`: a same-file version must come after the row it follows)."""

    placed: list[Placed] = field(default_factory=list)
    tail: list[Placed] = field(default_factory=list)
    kind: dict[str, str] = field(default_factory=dict)  # ID -> update kind
    valid_rows: int = 0


def _fits(kind: str, orig: dict, end_ord: int, end_ms: int) -> bool:
    """Whether `orig` can stand for an update case of `kind` (room for a newer or older time,
    a file after or before its own)."""
    fo, ts0 = orig["_FILE"], orig["LAST_UPDATED_TIMESTAMP"]
    if DIALECT[fo] == "real":
        return False
    last = len(POSTINGS_FILES) - 1
    if kind in ("newer", "tie", "older", "date_only_newer", "date_only_same_day",
                "chain", "rejected_reuse") and fo == last:  # fmt: skip
        return False
    if kind == "newer_in_earlier_file" and fo == 0:
        return False
    room = end_ms - ts0
    if kind in ("newer", "chain", "newer_in_earlier_file", "rejected_reuse") and room < 2:
        return False
    if kind == "date_only_newer" and ts0 // MS_DAY + EPOCH_ORD >= end_ord:
        return False
    posted_ms = (orig["POSTED"] - EPOCH_ORD) * MS_DAY
    return not (kind == "older" and ts0 - posted_ms < 2)


def _versions(kind: str, orig: dict, rng: np.random.Generator, end_ord: int, end_ms: int,
              reuse: int) -> list[tuple[int, dict, tuple[str, ...], bool]]:  # fmt: skip
    """The new rows of one update case: (file, row, reasons, same file as the row before)."""
    fo, ts0 = orig["_FILE"], orig["LAST_UPDATED_TIMESTAMP"]
    day0 = ts0 // MS_DAY + EPOCH_ORD
    last = len(POSTINGS_FILES) - 1
    room = end_ms - ts0
    posted_ms = (orig["POSTED"] - EPOCH_ORD) * MS_DAY
    new_rows: list[tuple[int, dict, tuple[str, ...], bool]] = []
    if kind in ("newer", "newer_in_earlier_file"):
        stamp = ts0 + 1 + int(rng.integers(min(room - 1, 45 * MS_DAY)))
        f = _later_file(rng, fo) if kind == "newer" else _earlier_file(rng, fo)
        new_rows.append((f, _revise(orig, rng, stamp, None), (), False))
    elif kind == "tie":
        new_rows.append((_later_file(rng, fo), _revise(orig, rng, ts0, None), (), False))
    elif kind == "older":
        stamp = ts0 - 1 - int(rng.integers(min(ts0 - posted_ms - 1, 20 * MS_DAY)))
        new_rows.append((_later_file(rng, fo), _revise(orig, rng, stamp, None), (),
                         False))  # fmt: skip
    elif kind == "date_only_newer":
        day = min(end_ord, day0 + 1 + int(rng.integers(10)))
        new_rows.append((_later_file(rng, fo), _revise(orig, rng, None, day), (), False))
    elif kind == "date_only_same_day":
        new_rows.append((_later_file(rng, fo), _revise(orig, rng, None, day0), (),
                         False))  # fmt: skip
    elif kind == "same_file_tie":
        new_rows.append((fo, _revise(orig, rng, ts0, None), (), True))
    elif kind == "chain":
        f1 = _later_file(rng, fo)
        s1 = ts0 + 1 + int(rng.integers(min(room - 1, 20 * MS_DAY)))
        first = _revise(orig, rng, s1, None)
        s2 = min(end_ms, s1 + 1 + int(rng.integers(20 * MS_DAY)))
        f2 = f1 if f1 == last else _later_file(rng, f1)
        new_rows.append((f1, first, (), f1 == fo))
        new_rows.append((f2, _revise(first, rng, s2, None), (), f2 == f1))
    else:  # rejected_reuse: a broken row with a valid ID and a later update time
        f = _later_file(rng, fo)
        breakage = _REUSE_BREAKAGES[reuse % len(_REUSE_BREAKAGES)]
        if DIALECT[f] not in breakage.dialects:
            f = len(POSTINGS_FILES) - 1
        stamp = ts0 + 1 + int(rng.integers(min(max(room - 1, 1), 30 * MS_DAY)))
        bad = _revise(orig, rng, stamp, None)
        breakage.apply(bad, DIALECT[f])
        bad["_BREAKAGE"] = breakage.name
        new_rows.append((f, bad, breakage.reasons, False))
    return new_rows


_REUSE_BREAKAGES = [b for b in BREAKAGES if b.keeps_id]


def plan_updates(rng: np.random.Generator, originals: list[dict], candidates: list[int],
                 n_updates: int, end_ord: int, end_ms: int) -> Updates:  # fmt: skip
    """About `n_updates` update cases, shared among UPDATE_KINDS, each re-versioning the next
    fitting row of `originals` (by index, in `candidates` order)."""
    updates = Updates()
    pos = 0
    plan = [(kind, max(1, round(share * n_updates)) if n_updates >= 20 else
             round(share * n_updates)) for kind, share in UPDATE_KINDS]  # fmt: skip
    for kind, count in plan:
        made = 0
        while made < count and pos < len(candidates):
            orig = originals[candidates[pos]]
            pos += 1
            if not _fits(kind, orig, end_ord, end_ms):
                continue
            for f, row, reasons, same_file in _versions(kind, orig, rng, end_ord, end_ms, made):
                row["_FILE"] = f
                (updates.tail if same_file else updates.placed).append((f, row, reasons))
                if not reasons:
                    updates.valid_rows += 1
            updates.kind[orig["ID"]] = kind
            made += 1
    return updates
