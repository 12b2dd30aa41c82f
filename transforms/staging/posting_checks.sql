-- One row per record of the postings file being ingested (temp view `raw_file`, read straight
-- from the file): the cells the contract's row rules look at, as delivered (trimmed) and as
-- parsed (a skill list as its length), the contract's update time, and the row key `_key`.
-- The ingester numbers the rows (`_row`) from the order they are stored in. The rules
-- themselves live in schemas/postings.py (pandera); this only parses.
SELECT
    _key,
    clean("ID")                              AS id,
    update_time("LAST_UPDATED_TIMESTAMP", "LAST_UPDATED_DATE") AS updated_at,
    clean("POSTED")                          AS posted_raw,
    parse_date("POSTED")                     AS posted,
    clean("EXPIRED")                         AS expired_raw,
    parse_date("EXPIRED")                    AS expired,
    clean("STATE")                           AS state_raw,
    parse_digits("STATE")                    AS state,
    clean("SALARY")                          AS salary_raw,
    parse_plain_decimal("SALARY")            AS salary,
    clean("MIN_YEARS_EXPERIENCE")            AS min_years_raw,
    parse_digits("MIN_YEARS_EXPERIENCE")     AS min_years,
    parse_int_list("EDUCATION_LEVELS")       AS education_levels,
    -- The rules need only whether a skill list parses and its length: two integers per record
    -- cost less to compute than two lists, carry less to pandas and stringify cheaply in
    -- pandera's failure cases.
    str_list_length("SKILLS")                AS skills_length,
    str_list_length("SKILLS_NAME")           AS skills_name_length
FROM raw_file
