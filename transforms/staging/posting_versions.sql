-- The records of the file being prepared that the merge wants (temp table `wanted_rows`): the
-- file's winners (`file_winners`: valid, the file's latest version of their ID), typed, and the
-- rejected records, each with its raw row as delivered in `_rejected` (written to Parquet with
-- the winners, then read back into the file's quarantine rows, see
-- warehouse/prepare_postings.py). `raw_file` is a view over the file: this is
-- one parallel read of it, each record matched to `wanted_rows` by its row key (and, for a
-- winner, its ID): records sharing a key are identical, the ingester keeps one copy. One read
-- serves both on purpose: a separate quarantine read tokenized and materialized the whole file
-- again for 1% of its rows.
-- Every delivered column is kept; the columns the contract reads are parsed, the rest stay text
-- as delivered. A rejected record's cells may not parse: every parser yields NULL then (hence
-- TRY_CAST). The rule columns are parsed again here (the same macros as `posting_checks`)
-- rather than joined from `posting_checks`: that join built a hash table of every row's parsed
-- lists, which for a large file could not fit the memory limit; the hash table here holds
-- only the wanted rows' keys.
-- Lineage columns: _batch_id, _row, _updated_at, _rejected.
WITH typed AS (
    SELECT
        f.* EXCLUDE (_key, _content_key) REPLACE (
            clean("ID")                                   AS "ID",
            parse_date("POSTED")                          AS "POSTED",
            parse_date("EXPIRED")                         AS "EXPIRED",
            parse_date("LAST_UPDATED_DATE")               AS "LAST_UPDATED_DATE",
            parse_timestamp("LAST_UPDATED_TIMESTAMP")     AS "LAST_UPDATED_TIMESTAMP",
            TRY_CAST(parse_digits("STATE") AS INTEGER) AS "STATE",
            parse_plain_decimal("SALARY")                 AS "SALARY",
            TRY_CAST(parse_digits("MIN_YEARS_EXPERIENCE") AS INTEGER) AS "MIN_YEARS_EXPERIENCE",
            parse_int_list("EDUCATION_LEVELS")            AS "EDUCATION_LEVELS",
            parse_list_lenient("EDUCATION_LEVELS_NAME")   AS "EDUCATION_LEVELS_NAME",
            parse_str_list("SKILLS")                      AS "SKILLS",
            parse_str_list("SKILLS_NAME")                 AS "SKILLS_NAME",
            parse_list_lenient("SPECIALIZED_SKILLS")      AS "SPECIALIZED_SKILLS",
            parse_list_lenient("SPECIALIZED_SKILLS_NAME") AS "SPECIALIZED_SKILLS_NAME",
            parse_list_lenient("CERTIFICATIONS")          AS "CERTIFICATIONS",
            parse_list_lenient("CERTIFICATIONS_NAME")     AS "CERTIFICATIONS_NAME",
            parse_list_lenient("COMMON_SKILLS")           AS "COMMON_SKILLS",
            parse_list_lenient("COMMON_SKILLS_NAME")      AS "COMMON_SKILLS_NAME",
            parse_list_lenient("SOFTWARE_SKILLS")         AS "SOFTWARE_SKILLS",
            parse_list_lenient("SOFTWARE_SKILLS_NAME")    AS "SOFTWARE_SKILLS_NAME",
            parse_bool("COMPANY_IS_STAFFING")             AS "COMPANY_IS_STAFFING",
            parse_bool("IS_INTERNSHIP")                   AS "IS_INTERNSHIP",
            clean("COMPANY_NAME")                         AS "COMPANY_NAME",
            clean("TITLE_NAME")                           AS "TITLE_NAME",
            clean("LOT_OCCUPATION")                       AS "LOT_OCCUPATION",
            clean("LOT_OCCUPATION_NAME")                  AS "LOT_OCCUPATION_NAME",
            clean("LOT_SPECIALIZED_OCCUPATION")           AS "LOT_SPECIALIZED_OCCUPATION",
            clean("LOT_SPECIALIZED_OCCUPATION_NAME")      AS "LOT_SPECIALIZED_OCCUPATION_NAME"
        ),
        w.wanted_row AS _row,
        getvariable('batch_id')::BIGINT AS _batch_id,
        -- raw_row_as_delivered: a temp macro made for the file (warehouse/batches.py)
        CASE WHEN w.wanted_rejected THEN raw_row_as_delivered(f) END AS _rejected
    FROM raw_file AS f
    -- (renamed: a bare `id` would be ambiguous with the file's "ID")
    JOIN (SELECT _row AS wanted_row, id AS wanted_id, _key AS wanted_key,
                 rejected AS wanted_rejected
          FROM wanted_rows) AS w
      ON w.wanted_key = f._key AND (w.wanted_rejected OR w.wanted_id = clean(f."ID"))
)
SELECT
    *,
    -- The contract's update time: the timestamp, else the date at midnight.
    coalesce("LAST_UPDATED_TIMESTAMP", "LAST_UPDATED_DATE"::TIMESTAMP) AS _updated_at
FROM typed
