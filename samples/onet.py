"""O*NET occupation data for the generated export, and the ONET codes its postings carry.

`write_onet(folder)` writes two deliveries of O*NET's `Occupation Data` into `onet/`: an older
release as a workbook (`db_29_3_excel Occupation Data.xlsx`) and a newer one as O*NET's
tab-separated text (`db_30_0_text Occupation Data.txt`). Their names sort in release order, so
the newer is ingested last and replaces the older whole. The descriptions are written for this
sample in O*NET's style (commas, quotes, non-ASCII letters and punctuation; never a tab or a line
break, which O*NET's text format cannot hold).

`vary_posting_onet(rows, careers)` gives the generated postings the ONET codes that exercise
every rule of a career's description (shared/contract/career-tables.md, "What a professional in
the career does"):

- most careers: their own code, with some postings giving `99-9999.00` or nothing;
- Computer Vision Engineer (`15-1221.01`) and Tax Accountant (`13-2011.01`): detailed codes the
  newer release lacks, so the SOC occupation's `.00` row describes them;
- Natural Language Processing Engineer: `99-9999.00` is its most frequent ONET but does not
  count, so its second most frequent code wins;
- Apprentice Electrician (`47-3013.00`): the older release describes it, the newer one dropped
  it: no description (the newer delivery replaced the older);
- Industrial Electrician: only `99-9999.00` or empty: no O*NET code at all.

The code of each posting is a function of its ID (not of the generator's random stream), so the
rest of the export is the same bytes as without it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

UNCLASSIFIED = "99-9999.00"
HEADER = ("O*NET-SOC Code", "Title", "Description")
OLDER_FILE = "db_29_3_excel Occupation Data.xlsx"
NEWER_FILE = "db_30_0_text Occupation Data.txt"
FILES = (OLDER_FILE, NEWER_FILE)

# The newer release (text file): code -> (title, description). Lacks 15-1221.01, 13-2011.01 and
# 47-3013.00 on purpose (see the module docstring).
NEWER: dict[str, tuple[str, str]] = {
    "11-1021.00": (
        "General and Operations Managers",
        "Plan, direct, or coordinate the operations of public or private sector organizations, "
        "overseeing multiple departments or locations. Duties include formulating policies, "
        "managing daily operations, and planning the use of materials and human resources.",
    ),
    "13-2011.00": (
        "Accountants and Auditors",
        "Examine, analyze, and interpret accounting records to prepare financial statements, "
        "give advice, or audit and evaluate statements prepared by others. Install or advise on "
        "systems of recording costs or other financial and budgetary data; may reconcile "
        "accounts for a “month-end close” or review a client’s tax position.",
    ),
    "13-2082.00": (
        "Tax Preparers",
        "Prepare tax returns for individuals or small businesses, computing taxes owed or "
        'overpaid and explaining deductions, credits and so-called "estimated" payments.',
    ),
    "15-1221.00": (
        "Computer and Information Research Scientists",
        "Conduct research into fundamental computer and information science as theorists, "
        "designers, or inventors. Develop solutions to problems in the field of computer "
        "hardware and software, such as machine learning, computer vision and natural language "
        "processing — from a model’s design to its evaluation.",
    ),
    "15-1252.00": (
        "Software Developers",
        "Research, design, and develop computer and network software or specialized utility "
        "programs. Analyze user needs and develop software solutions, applying principles and "
        'techniques of computer science, engineering, and mathematical analysis; may "ship" '
        "features weekly. ",  # a trailing space: cells are trimmed
    ),
    "15-1254.00": (
        "Web Developers",
        "Develop and implement websites, web applications, application databases, and "
        "interactive web interfaces. Evaluate code to ensure that it is properly structured, "
        "meets industry standards, and is compatible with browsers and devices — the “look and "
        "feel” of a café’s ordering page or a résumé portal.",
    ),
    "15-1299.00": (
        "Computer Occupations, All Other",
        "All computer occupations not listed separately.",
    ),
    "15-1299.08": (
        "Computer Systems Engineers/Architects",
        "Design and develop solutions to complex applications problems, system administration "
        "issues, or network concerns. Perform systems management and integration functions, "
        "improve existing computer systems, and automate deployments, builds and monitoring.",
    ),
    "15-2051.00": (
        "Data Scientists",
        "Develop and implement a set of techniques or analytics applications to transform raw "
        "data into meaningful information using data-oriented programming languages and "
        "visualization software. Apply data mining, data modeling, natural language processing, "
        "and machine learning to extract and analyze information from large structured and "
        "unstructured datasets.",
    ),
    "15-2051.01": (
        "Business Intelligence Analysts",
        "Produce financial and market intelligence by querying data repositories and "
        "generating periodic reports. Devise methods for identifying data patterns and trends "
        "in available information sources; build the dashboards a company’s “KPIs” live in.",
    ),
    "29-1141.00": (
        "Registered Nurses",
        "Assess patient health problems and needs, develop and implement nursing care plans, "
        "and maintain medical records. Administer nursing care to ill, injured, convalescent, "
        "or disabled patients. May advise patients on health maintenance and disease "
        "prevention or provide case management; licensing or registration required.",
    ),
    "29-1141.03": (
        "Critical Care Nurses",
        "Provide specialized nursing care for patients in critical or coronary care units, "
        "identifying life-threatening conditions, monitoring vital signs and titrating "
        'medications — the "ICU" or CCU at the bedside, day or night.',
    ),
    "47-2111.00": (
        "Electricians",
        "Install, maintain, and repair electrical wiring, equipment, and fixtures. Ensure that "
        "work is in accordance with relevant codes. May install or service street lights, "
        "intercom systems, or electrical control systems (Ørsted’s turbines included).",
    ),
    "49-2094.00": (
        "Electrical and Electronics Repairers, Commercial and Industrial Equipment",
        "Repair, test, adjust, or install electronic equipment, such as industrial controls, "
        "transmitters, and antennas.",
    ),
}
# The older release (workbook): other wording, and an occupation the newer release dropped.
OLDER: dict[str, tuple[str, str]] = {
    **{code: (title, "Earlier O*NET wording. " + text) for code, (title, text) in NEWER.items()},
    "47-3013.00": (
        "Helpers--Electricians",
        "Help electricians by performing duties requiring less skill, such as supplying or "
        "holding materials or tools and cleaning work area and equipment.",
    ),
}

# Career code -> ONET codes its postings give, with shares of its postings (None: empty). A
# career not listed gives its own code (Career.onet) on every posting but a few.
POSTING_CODES: dict[int, tuple[tuple[str | None, float], ...]] = {
    23101012: (("15-1221.01", 0.80), ("15-1221.00", 0.10), (None, 0.10)),
    23101013: ((UNCLASSIFIED, 0.55), ("15-1221.00", 0.30), ("15-2051.00", 0.15)),
    14101013: (("13-2011.01", 0.85), (UNCLASSIFIED, 0.10), (None, 0.05)),
    19101012: ((UNCLASSIFIED, 0.70), (None, 0.30)),
}
# Every other career: its own code, except these shares.
DEFAULT_NOISE: tuple[tuple[str | None, float], ...] = ((UNCLASSIFIED, 0.06), (None, 0.04))
ONET_NAMES = {
    UNCLASSIFIED: "Unclassified",
    "15-1221.01": "Computer Vision Research Scientists",
    "13-2011.01": "Tax Accountants",
    **{code: title for code, (title, _) in OLDER.items()},
}


def _share(posting_id: str) -> float:
    """A number in [0, 1) fixed by the posting's ID."""
    digest = hashlib.sha256(posting_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def posting_code(career_code: int, own_code: str, posting_id: str) -> str | None:
    """The ONET a posting of the career gives (None: empty)."""
    mix = POSTING_CODES.get(career_code)
    if mix is None:
        mix = (*DEFAULT_NOISE, (own_code, 1.0))
    u, edge = _share(posting_id), 0.0
    for code, share in mix:
        edge += share
        if u < edge:
            return code
    return mix[-1][0]


def vary_posting_onet(rows: list[dict[str, Any]]) -> None:
    """Set ONET and ONET_NAME of each generated posting row (with `_CAREER`, its career, which
    has `code`, `onet` and `name`) in place; a row's later versions copy it."""
    for row in rows:
        career = row["_CAREER"]
        code = posting_code(career.code, career.onet, row["ID"])
        row["ONET"] = code
        row["ONET_NAME"] = None if code is None else ONET_NAMES.get(code, career.name)


def _text_file(rows: dict[str, tuple[str, str]]) -> bytes:
    lines = ["\t".join(HEADER)]
    lines += ["\t".join((code, title, text)) for code, (title, text) in rows.items()]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")  # O*NET's files end lines with CRLF


def _workbook(path: Path, rows: dict[str, tuple[str, str]]) -> None:
    import xlsxwriter

    options = {"strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}  # fmt: skip
    workbook = xlsxwriter.Workbook(str(path), options)
    # A fixed creation time: the same seed writes the same bytes.
    workbook.set_properties({"created": datetime(2025, 5, 1)})
    sheet = workbook.add_worksheet("Occupation Data")
    sheet.write_row(0, 0, HEADER)
    for number, (code, (title, text)) in enumerate(rows.items(), start=1):
        sheet.write_row(number, 0, (code, title, text))
    workbook.close()


def write_onet(folder: Path) -> list[Path]:
    """Write both deliveries into `folder` (created), each atomically; returns their paths,
    older first."""
    folder.mkdir(parents=True, exist_ok=True)
    older, newer = folder / OLDER_FILE, folder / NEWER_FILE
    partial = folder / f".{OLDER_FILE}.tmp"
    _workbook(partial, OLDER)
    partial.replace(older)
    partial = folder / f".{NEWER_FILE}.tmp"
    partial.write_bytes(_text_file(NEWER))
    partial.replace(newer)
    return [older, newer]


def add_to_export(report: Any) -> Any:
    """Write both deliveries into the generated export's `onet/` and list them in its report
    (samples.generate.GenerationReport: files, rows_per_file). Returns the report."""
    for path in write_onet(report.out_dir / "onet"):
        report.files.append(path)
        rows = OLDER if path.name == OLDER_FILE else NEWER
        report.rows_per_file[f"onet/{path.name}"] = len(rows)
    return report
