-- Records of the skills file being ingested (`raw_skills`), cleaned; rules in schemas/skills.py.
SELECT
    _row,
    clean("ID")                 AS skill_id,
    clean("NAME")               AS skill_name,
    clean("TYPE")               AS skill_type,
    clean("CATEGORY")           AS category,
    clean("SUBCATEGORY")        AS subcategory,
    clean("IS_SOFTWARE")        AS is_software_raw,
    parse_bool("IS_SOFTWARE")   AS is_software,
    clean("IS_LANGUAGE")        AS is_language_raw,
    parse_bool("IS_LANGUAGE")   AS is_language
FROM raw_skills
