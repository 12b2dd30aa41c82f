-- inputs: part_versions, part_ranges, geographies
-- The postings of the parts being built: for each row of `part_ranges` (part = a month's first
-- day, lo..hi the POSTED dates it covers: the whole month, or the slice of it inside a snapshot
-- window), every version in `part_versions` posted in it, once (normally `postings`: the
-- current version of every valid posting; during an ingest, the versions it counts in or out
-- of the stored months), with `state_code`: the geo_code of its STATE when that is a known FIPS
-- code, else NULL. A posting's career is its LOT_SPECIALIZED_OCCUPATION, except Lightcast's
-- `99999999` ("Unclassified Specialized Occupation"): the contract counts those in no career.
-- Postings without a career are kept (occupation_code NULL): shares of "all postings of a
-- geography" count them. The part models count per state_code first and make
-- the nation's rows by summing those counts: half the rows of counting each posting once for
-- the nation and once for its state. Their links come from `part_links` (posting_skills, or
-- the links of those versions).
SELECT
    r.part,
    p."ID"                              AS posting_id,
    CASE WHEN p."LOT_SPECIALIZED_OCCUPATION" <> '99999999'
         THEN p."LOT_SPECIALIZED_OCCUPATION" END AS occupation_code,
    p."LOT_SPECIALIZED_OCCUPATION_NAME" AS occupation_name,
    p."LOT_OCCUPATION"                  AS parent_code,
    p."LOT_OCCUPATION_NAME"             AS parent_name,
    g.geo_code                          AS state_code,
    p."COMPANY_NAME"                    AS company_name,
    coalesce(p."COMPANY_IS_STAFFING", false) AS company_is_staffing,
    p."TITLE_NAME"                      AS title_name,
    p."SALARY"                          AS salary,
    p."EDUCATION_LEVELS"                AS education_levels,
    p."MIN_YEARS_EXPERIENCE"            AS min_years_experience
FROM part_versions AS p
JOIN part_ranges AS r
  ON date_trunc('month', p."POSTED")::DATE = r.part
 AND p."POSTED" BETWEEN r.lo AND r.hi
LEFT JOIN geographies AS g ON g.geo_level = 'state' AND g.fips = p."STATE"
