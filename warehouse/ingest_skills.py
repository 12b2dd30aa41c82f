"""Ingest one skills taxonomy file (Skills-API JSON or the CSV variant) into
`ops.skill_taxonomy`: a newer file replaces the records of the skills it lists, others stand.
Rejected records go to `ops.quarantine`. Skips a file whose content was ingested before."""

from __future__ import annotations

import time

import duckdb
import pandas as pd

from schemas.rules import rejected_rows
from schemas.skills import SkillRules
from sources.discover import ExportFile
from sources.readers import read_skill_records
from transforms.runner import create, render, run
from warehouse.batches import (
    BatchResult,
    already_ingested,
    file_sha256,
    finish_batch,
    new_batch_id,
    quarantine,
    stage_rejects,
)
from warehouse.months import invalidate_months


def ingest_skills(
    con: duckdb.DuckDBPyConnection, export: ExportFile, run_id: str, sha256: str | None = None
) -> BatchResult:
    """Upsert the file's valid records by skill id (within the file a later record wins)."""
    started = time.perf_counter()
    result = BatchResult(export.name, export.kind, sha256 or file_sha256(export.path))
    if already_ingested(con, result.sha256):
        result.skipped = True
        return result
    raw = read_skill_records(con, export, "raw_skills")
    create(con, "skill_records", "staging/skill_records")
    records = con.sql(render("ops/relations#select_all", table="skill_records")).to_arrow_table()
    rejects = rejected_rows(records.to_pandas(types_mapper=pd.ArrowDtype), SkillRules)
    stage_rejects(con, rejects)
    batch_id = new_batch_id(con)
    quarantine(con, raw, "rejected_rows", batch_id, export.name)
    run(con, "ops/ingest_skills#skill_winners")
    # Parts hold votes only for skills the taxonomy lacked: the months that voted on a skill this
    # file adds are stale (the taxonomy now names it).
    run(con, "ops/ingest_skills#voted_days")
    invalidate_months(con, "voted_days")
    run(con, "ops/relations#drop_view", view="voted_days")
    run(con, "ops/ingest_skills#replace_skills")
    run(con, "ops/relations#append", target="ops.skill_taxonomy", source="skill_winners")
    temp = ("raw_skills", "skill_records", "skill_winners")
    return finish_batch(con, batch_id, run_id, export, result, raw.rows, started, temp)
