"""The fast generator's rendering: every segment of a row pre-rendered once
(benchmarks.fast_segments) into one pool of strings; a row is a list of indices into the pool
(plus its random ID and URL hex), and one pyarrow `take` over the chunk's index matrix yields
the file's bytes, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from benchmarks import fast_segments as segments
from benchmarks.fast_rows import Draws, Latent
from benchmarks.fast_text import (
    BREAKAGE_AT,
    EPOCH,
    HISTORY_DAYS,
    MS_DAY,
    SALARY_MAX,
    SALARY_MIN,
)
from samples.catalog import CITIES
from samples.columns import HEADER


@dataclass
class Segment:
    name: str
    columns: tuple[str, ...]  # header columns whose field starts in this segment
    entries: list[str]  # CSV text, separators included


_HEX = np.frombuffer(b"".join(f"{i:02x}".encode() for i in range(256)), dtype=np.uint16)


def _fixed_strings(chars: np.ndarray) -> pa.Array:
    """(n, k) uint8 characters -> n strings of k characters each."""
    n, k = chars.shape
    offsets = np.arange(0, k * (n + 1), k, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(chars))]
    )


class Layout:
    """The pre-rendered text of every segment of a row, and how a row picks its segments."""

    # Segments in row order ("hex" twice: the URL and, for an active posting, ACTIVE_URLS).
    ORDER = (
        "id", "updated", "hms", "ms", "dups", "posted", "expired", "duration", "sources",
        "url_head", "hex", "url_mid", "hex", "url_tail", "title_body", "body_company",
        "body_city", "body_skills", "body_end", "modeled_expired", "modeled_duration",
        "company", "edu", "employment", "min_years", "max_years", "internship", "salary",
        "remote", "pay", "salary_to", "salary_from", "city", "naics", "title", "skills",
        "career", "naics22",
    )  # fmt: skip

    def __init__(self, rng: np.random.Generator, end_ord: int):
        self.day0 = end_ord - HISTORY_DAYS - 100
        days = [date.fromordinal(d) for d in range(self.day0, end_ord + 150)]
        self.n_days = len(days)
        mdy = [f"{d.month}/{d.day}/{d.year}" for d in days]
        self.n_salary = (SALARY_MAX - SALARY_MIN) // 500 + 1
        self.n_thousands = SALARY_MAX // 1000 + 1
        segs: dict[str, Segment] = {}

        def seg(name: str, columns: tuple[str, ...], entries: list[str]) -> None:
            segs[name] = Segment(name, columns, entries)

        segments.add_dates_and_counts(seg, days, mdy)
        segments.add_sources(seg)
        title_of_career, unclassified_title = segments.add_titles(seg)
        self.staffing, employer_cum = segments.add_employers(seg)
        city_cum, city_wage = segments.add_cities(seg)
        edu_of_career, n_patterns = segments.add_education(seg)
        segments.add_cells(seg, self.n_salary, self.n_thousands)
        premium, n_variants = segments.add_skill_sets(seg, rng)
        segments.add_careers(seg)

        columns = [c for name in dict.fromkeys(self.ORDER) for c in segs[name].columns]
        if columns != HEADER:
            raise AssertionError("segment layout does not match the postings header")
        self.base: dict[str, int] = {}
        pool: list[str] = []
        for name in dict.fromkeys(self.ORDER):
            self.base[name] = len(pool)
            pool += segs[name].entries
        self.static = pa.array(pool, type=pa.string())
        self.draws = Draws(
            variant_premium=premium, edu_of_career=edu_of_career, employer_cum=employer_cum,
            city_cum=city_cum, city_wage=city_wage, title_of_career=title_of_career,
            titles=unclassified_title, n_patterns=n_patterns, n_variants=n_variants,
        )  # fmt: skip

    def indices(self, rows: Latent, id_base: int, hex_base: int) -> np.ndarray:
        """(n, len(ORDER)) indices into the chunk's pool (static pool + IDs + URL hex)."""
        c, n = rows.cols, len(rows)
        brk = c["breakage"]
        at = np.arange(n)
        day0, n_days = self.day0, self.n_days
        updated = c["updated"]
        active = c["expired"] < 0
        has_exp = ~active
        bad_posted = np.isin(brk, [BREAKAGE_AT["posted_month_13"],
                                   BREAKAGE_AT["posted_and_salary"]])  # fmt: skip
        posted = np.select([bad_posted, brk == BREAKAGE_AT["posted_word"]], [n_days, n_days + 1],
                           c["posted"] - day0)  # fmt: skip
        expired = np.select([brk == BREAKAGE_AT["expired_word"], has_exp],
                            [n_days + 1, c["expired"] - day0], n_days)  # fmt: skip
        modeled = np.where(has_exp, c["expired"] - c["posted"], 45)
        salary = c["salary"]
        salary_i = np.select(
            [brk == BREAKAGE_AT["salary_separator"], brk == BREAKAGE_AT["salary_negative"],
             brk == BREAKAGE_AT["posted_and_salary"], salary < 0],
            [self.n_salary + 1, self.n_salary + 2, self.n_salary + 3, self.n_salary],
            (salary - SALARY_MIN) // 500)  # fmt: skip
        years = np.select([brk == BREAKAGE_AT["years_plus"], brk == BREAKAGE_AT["years_61"],
                           c["min_years"] < 0], [42, 43, 41], c["min_years"])  # fmt: skip
        city_seg = np.where(brk == BREAKAGE_AT["state_99"], len(CITIES) + 1, c["city"])
        board = c["board"].astype(np.int64)
        local = {
            "updated": updated // MS_DAY + EPOCH - day0,
            "hms": updated % MS_DAY // 1000,
            "ms": updated % 1000,
            "dups": c["dups"],
            "posted": posted,
            "expired": expired,
            "duration": np.where(has_exp, c["expired"] - c["posted"] + 60, 181),
            "sources": 7 * self.staffing[c["employer"]] + board,
            "url_head": board,
            "url_mid": 7 * active + board,
            "url_tail": 7 * active + board,
            "title_body": c["title"],
            "body_company": c["employer"],
            "body_city": c["city"],
            "body_skills": c["variant"],
            "body_end": c["body"],
            "modeled_expired": c["posted"] + modeled - day0,
            "modeled_duration": modeled,
            "company": c["employer"],
            "edu": c["edu"],
            "employment": c["employment"],
            "min_years": years,
            "max_years": np.where(c["max_years"] < 0, 41, c["max_years"]),
            "internship": c["internship"],
            "salary": salary_i,
            "remote": c["remote"],
            "pay": salary >= 0,
            "salary_to": np.where(salary < 0, self.n_thousands, c["salary_to"] // 1000),
            "salary_from": np.where(salary < 0, self.n_thousands, c["salary_from"] // 1000),
            "city": city_seg,
            "naics": c["employer"],
            "title": c["title"],
            "skills": c["variant"],
            "career": c["career"].astype(np.int64) * 3 + c["lot"],
            "naics22": c["employer"],
        }  # fmt: skip
        out = np.empty((n, len(self.ORDER)), dtype=np.int64)
        hexes = 0
        for p, name in enumerate(self.ORDER):
            if name == "hex":
                # the URL always; ACTIVE_URLS only for an active posting (else the empty entry)
                out[:, p] = (
                    hex_base + at
                    if hexes == 0
                    else np.where(active, hex_base + at, self.base["hex"])
                )
                hexes += 1
            elif name == "id":
                out[:, p] = np.where(brk == BREAKAGE_AT["id_empty"], self.base["id"], id_base + at)
            else:
                out[:, p] = self.base[name] + local[name].astype(np.int64)
        return out

    def render(self, rows: Latent) -> memoryview:
        """The CSV text of `rows` (no header)."""
        n = len(rows)
        id_chars = np.empty((n, 41), dtype=np.uint8)
        id_chars[:, :40] = _HEX[rows.ids].view(np.uint8).reshape(n, 40)
        id_chars[:, 40] = ord(",")
        url_chars = _HEX[rows.url].view(np.uint8).reshape(n, 16)
        static = len(self.static)
        pool = pa.concat_arrays([self.static, _fixed_strings(id_chars),
                                 _fixed_strings(url_chars)])  # fmt: skip
        text = pool.take(pa.array(self.indices(rows, static, static + n).ravel()))
        offsets = np.frombuffer(text.buffers()[1], dtype=np.int32, count=len(text) + 1,
                                offset=4 * text.offset)  # fmt: skip
        return memoryview(text.buffers()[2])[offsets[0] : offsets[-1]]
