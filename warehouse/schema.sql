-- Operational tables of the warehouse (idempotent). Career tables are created from their
-- models on first build; `postings` from schemas/postings.py.
CREATE SCHEMA IF NOT EXISTS ops;

CREATE TABLE IF NOT EXISTS ops.runs (
    run_id            VARCHAR PRIMARY KEY,
    flow              VARCHAR NOT NULL,
    as_of             DATE[],
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            VARCHAR NOT NULL,
    files_ingested    INTEGER,
    files_skipped     INTEGER,
    rows_read         BIGINT,
    rows_loaded       BIGINT,
    rows_quarantined  BIGINT,
    error             VARCHAR,
    report            JSON
);

CREATE SEQUENCE IF NOT EXISTS ops.batch_ids START 1;

CREATE TABLE IF NOT EXISTS ops.batches (
    batch_id          BIGINT PRIMARY KEY,
    run_id            VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    file_name         VARCHAR NOT NULL,
    source_path       VARCHAR NOT NULL,
    file_format       VARCHAR NOT NULL,
    sha256            VARCHAR NOT NULL,
    bytes             BIGINT NOT NULL,
    rows_read         BIGINT NOT NULL,
    rows_loaded       BIGINT NOT NULL,
    rows_quarantined  BIGINT NOT NULL,
    extra_columns     VARCHAR[],
    missing_columns   VARCHAR[],
    ingested_at       TIMESTAMP NOT NULL,
    seconds           DOUBLE,
    CHECK (rows_read = rows_loaded + rows_quarantined)
);

-- raw_row is zstd on purpose. Each file appends its rejects to the table's last row group,
-- and every checkpoint recompresses that whole row group (up to 122,880 rows of ~4 KB JSON).
-- DuckDB's default analysis (DICT_FSST) made those checkpoints far slower than zstd does, and
-- the data several times larger (benchmarks/RESULTS.md).
-- warehouse/upgrades.py rebuilds a quarantine table created before this.
CREATE TABLE IF NOT EXISTS ops.quarantine (
    batch_id          BIGINT NOT NULL,
    file_name         VARCHAR NOT NULL,
    row_number        BIGINT NOT NULL,
    reasons           VARCHAR NOT NULL,
    raw_row           JSON NOT NULL USING COMPRESSION zstd,
    PRIMARY KEY (batch_id, row_number)
);

-- The skills taxonomy as delivered: one current record per skill id (a newer file replaces the
-- records of the skills it lists).
CREATE TABLE IF NOT EXISTS ops.skill_taxonomy (
    skill_id          VARCHAR PRIMARY KEY,
    skill_name        VARCHAR,
    skill_type        VARCHAR,
    category          VARCHAR,
    subcategory       VARCHAR,
    is_software       BOOLEAN,
    is_language       BOOLEAN,
    _batch_id         BIGINT NOT NULL
);

-- Employment cells as delivered: one per (occupation, area, year); a newer file replaces the
-- cells it has.
CREATE TABLE IF NOT EXISTS ops.employment_cells (
    occupation_code   VARCHAR NOT NULL,
    occupation_name   VARCHAR,
    area              VARCHAR NOT NULL,
    area_name         VARCHAR,
    year              INTEGER NOT NULL,
    jobs              BIGINT,
    suppressed        BOOLEAN NOT NULL,
    _batch_id         BIGINT NOT NULL,
    PRIMARY KEY (occupation_code, area, year)
);

-- O*NET's occupation data as delivered: the newest delivery's rows (a delivery is a whole release,
-- so a newer one replaces every row). `source` names the file and its release (the pages'
-- attribution line).
CREATE TABLE IF NOT EXISTS ops.onet_occupations (
    onet_code         VARCHAR PRIMARY KEY,
    title             VARCHAR,
    description       VARCHAR,
    source            VARCHAR NOT NULL,
    _batch_id         BIGINT NOT NULL
);

-- BLS OEWS rows as delivered, parsed: one per file level (national | state), survey year, geography
-- and OCC_CODE. A newer file of the same level and year replaces all of that file's rows.
CREATE TABLE IF NOT EXISTS ops.oews_rows (
    level                  VARCHAR NOT NULL,
    year                   INTEGER NOT NULL,
    geo_code               VARCHAR NOT NULL,
    occ_code               VARCHAR NOT NULL,
    occ_title              VARCHAR,
    employment             BIGINT,
    employment_suppressed  BOOLEAN NOT NULL,
    wage_mean              DOUBLE,
    wage_p10               DOUBLE,
    wage_p25               DOUBLE,
    wage_p50               DOUBLE,
    wage_p75               DOUBLE,
    wage_p90               DOUBLE,
    wage_topcoded          BOOLEAN NOT NULL,
    _batch_id              BIGINT NOT NULL,
    _row                   BIGINT NOT NULL,
    PRIMARY KEY (level, year, geo_code, occ_code)
);

-- How far each HTTP export feed has been pulled (a feed's `since` watermark). Saved with the
-- publication it fed, so a failed run pulls the same files again next time.
CREATE TABLE IF NOT EXISTS ops.feed_watermarks (
    source            VARCHAR PRIMARY KEY,
    watermark         VARCHAR NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);

-- The monthly parts: additive aggregates of the postings POSTED in one month (part = the month's
-- first day), which a snapshot sums over the months of its window (warehouse/windows.py). A
-- month's part is built when a snapshot first needs it. An ingested postings file updates the
-- parts of the months it changes (a posting's new version counted in, the replaced one counted
-- out: every column is a count or an exact sum), or drops them when it changes much of them;
-- a new skills taxonomy drops the months that voted on the skills it names. store.months lists
-- the months whose parts are current.
CREATE SCHEMA IF NOT EXISTS store;

CREATE TABLE IF NOT EXISTS store.months (
    part              DATE PRIMARY KEY,
    built_at          TIMESTAMP NOT NULL,
    run_id            VARCHAR NOT NULL,
    postings          BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS store.part_careers (
    part DATE NOT NULL, occupation_code VARCHAR, geo_level VARCHAR NOT NULL,
    geo_code VARCHAR NOT NULL, geo_name VARCHAR, postings BIGINT NOT NULL,
    salary_postings BIGINT NOT NULL, salary_sum DECIMAL(38, 6),
    education_postings BIGINT NOT NULL, experience_postings BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS store.part_names (
    part DATE NOT NULL, occupation_code VARCHAR NOT NULL, geo_code VARCHAR NOT NULL,
    attribute VARCHAR NOT NULL, value VARCHAR NOT NULL, postings BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS store.part_education (
    part DATE NOT NULL, occupation_code VARCHAR NOT NULL, geo_code VARCHAR NOT NULL,
    level_code INTEGER NOT NULL, postings BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS store.part_experience (
    part DATE NOT NULL, occupation_code VARCHAR NOT NULL, geo_code VARCHAR NOT NULL,
    bucket VARCHAR NOT NULL, postings BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS store.part_employers (
    part DATE NOT NULL, occupation_code VARCHAR NOT NULL, geo_code VARCHAR NOT NULL,
    employer_name VARCHAR NOT NULL, staffing_postings BIGINT NOT NULL, postings BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS store.part_titles (
    part DATE NOT NULL, occupation_code VARCHAR NOT NULL, geo_code VARCHAR NOT NULL,
    title_name VARCHAR NOT NULL, postings BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS store.part_skills (
    part DATE NOT NULL, occupation_code VARCHAR, geo_code VARCHAR NOT NULL,
    skill_id VARCHAR NOT NULL, postings BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS store.part_skill_votes (
    part DATE NOT NULL, occupation_code VARCHAR NOT NULL, geo_code VARCHAR NOT NULL,
    skill_id VARCHAR NOT NULL, attribute VARCHAR NOT NULL, value VARCHAR NOT NULL,
    postings BIGINT NOT NULL
);

-- The wide rows: every export column of the current version of every valid posting lives in
-- zstd Parquet files under the store's `postings/<YYYY-MM>/` folders (warehouse/parquet_store.py),
-- one or more per ingested file and month of POSTED; the DuckDB `postings` table keeps only the
-- columns the career tables read. A file is immutable: a replaced version stays in its file and
-- is masked (ops.masked_versions) until the month is compacted into a new file. `retired_at`
-- is set when a compaction replaced the file; it is deleted once no publication that a reader
-- may still hold references it.
CREATE TABLE IF NOT EXISTS ops.parquet_files (
    path              VARCHAR PRIMARY KEY,
    month             DATE NOT NULL,
    batch_id          BIGINT NOT NULL,
    rows              BIGINT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    retired_at        TIMESTAMP
);

-- The versions in live Parquet files that a later version replaced (by batch and record number).
CREATE TABLE IF NOT EXISTS ops.masked_versions (
    batch_id          BIGINT NOT NULL,
    row               BIGINT NOT NULL,
    month             DATE NOT NULL
);
