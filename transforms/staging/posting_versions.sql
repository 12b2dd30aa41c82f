-- The records of the file being ingested that will be merged (those listed in `merge_rows`:
-- valid, the file's latest version of their ID, newer than the table's), typed. `raw_file` is
-- a view over the file: this is one parallel read of it, each record matched to `merge_rows`
-- by its row key and ID (records sharing both are identical; the ingester keeps one copy).
-- Every delivered column is kept; the columns the contract reads are parsed, the rest stay text
-- as delivered. The rule columns are parsed again here (the same macros as `posting_checks`)
-- rather than joined from `posting_checks`: that join built a hash table of every row's parsed
-- lists, which at 2.6M rows per file could not fit a 4 GB memory limit (30M-posting run); the
-- hash table here holds only the winners' keys.
-- Lineage columns: _batch_id, _row, _updated_at.
WITH typed AS (
    SELECT
        f.* EXCLUDE (_key, _content_key) REPLACE (
            clean("ID")                                   AS "ID",
            parse_date("POSTED")                          AS "POSTED",
            parse_date("EXPIRED")                         AS "EXPIRED",
            parse_date("LAST_UPDATED_DATE")               AS "LAST_UPDATED_DATE",
            parse_timestamp("LAST_UPDATED_TIMESTAMP")     AS "LAST_UPDATED_TIMESTAMP",
            parse_digits("STATE")::INTEGER                AS "STATE",
            parse_plain_decimal("SALARY")                 AS "SALARY",
            parse_digits("MIN_YEARS_EXPERIENCE")::INTEGER AS "MIN_YEARS_EXPERIENCE",
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
        w.winner_row AS _row,
        getvariable('batch_id')::BIGINT AS _batch_id
    FROM raw_file AS f
    -- (renamed: a bare `id` would be ambiguous with the file's "ID")
    JOIN (SELECT _row AS winner_row, id AS winner_id, _key AS winner_key FROM merge_rows) AS w
      ON w.winner_key = f._key AND w.winner_id = clean(f."ID")
)
SELECT
    *,
    -- The contract's update time: the timestamp, else the date at midnight.
    coalesce("LAST_UPDATED_TIMESTAMP", "LAST_UPDATED_DATE"::TIMESTAMP) AS _updated_at
FROM typed
