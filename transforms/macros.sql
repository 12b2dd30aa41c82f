-- Cell parsers shared by every staging model. Each returns NULL when the text does not parse,
-- so a rule can tell "empty" (input NULL) from "malformed" (input not NULL, output NULL).

-- ASCII white space: space, tab, LF, VT, FF, CR.
CREATE OR REPLACE TEMP MACRO ws() AS ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13);

-- Trim white space. DuckDB's trim() walks the whole string, which made trimming most of the
-- parse cost; a cell rarely has white space at either end, so trim() runs only when the first
-- or last byte is white space. Same result, much faster.
CREATE OR REPLACE TEMP MACRO trim_ws(v) AS (
    CASE
        WHEN ascii(v) IN (9, 10, 11, 12, 13, 32)
          OR ends_with(v, ' ') OR ends_with(v, chr(9)) OR ends_with(v, chr(10))
          OR ends_with(v, chr(11)) OR ends_with(v, chr(12)) OR ends_with(v, chr(13))
            THEN trim(v, ws())
        ELSE v
    END
);

-- Trim white space; an empty cell is NULL.
CREATE OR REPLACE TEMP MACRO clean(v) AS nullif(trim_ws(v), '');

-- M/D/YYYY or YYYY-MM-DD, and a real calendar date.
CREATE OR REPLACE TEMP MACRO parse_date(v) AS (
    CASE
        WHEN regexp_full_match(clean(v), '\d{1,2}/\d{1,2}/\d{4}')
            THEN try_strptime(clean(v), '%m/%d/%Y')::DATE
        WHEN regexp_full_match(clean(v), '\d{4}-\d{2}-\d{2}')
            THEN try_strptime(clean(v), '%Y-%m-%d')::DATE
    END
);

-- `2024-09-06 16:32:57.352` (or with a T); a date-only value is not a timestamp here.
CREATE OR REPLACE TEMP MACRO parse_timestamp(v) AS (
    CASE WHEN regexp_full_match(clean(v), '\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?')
        THEN try_cast(clean(v) AS TIMESTAMP) END
);

-- Digits only (leading zeros allowed) as an integer.
CREATE OR REPLACE TEMP MACRO parse_digits(v) AS (
    CASE WHEN regexp_full_match(clean(v), '\d+') THEN try_cast(clean(v) AS BIGINT) END
);

-- A plain decimal number: digits, optional decimal point; no sign, separators or exponent.
CREATE OR REPLACE TEMP MACRO parse_plain_decimal(v) AS (
    CASE WHEN regexp_full_match(clean(v), '\d+(\.\d*)?|\.\d+') THEN try_cast(clean(v) AS DOUBLE) END
);

CREATE OR REPLACE TEMP MACRO parse_bool(v) AS (
    CASE lower(clean(v)) WHEN 'true' THEN true WHEN 'false' THEN false END
);

-- Text starting with `[` that is a JSON array of strings only (valid JSON that starts with `[`
-- is an array; json_* read the text directly). Shared by parse_str_list and str_list_length.
CREATE OR REPLACE TEMP MACRO is_json_str_array(t) AS (
    json_valid(t) AND len(list_filter(json_type(t, '$[*]'), lambda x: x <> 'VARCHAR')) = 0
);

-- A list cell: empty -> [], `[...]` -> a JSON array of strings, else `a|b|c`.
CREATE OR REPLACE TEMP MACRO parse_str_list(v) AS (
    CASE
        WHEN clean(v) IS NULL THEN []::VARCHAR[]
        WHEN starts_with(clean(v), '[') THEN
            CASE WHEN is_json_str_array(clean(v)) THEN from_json(clean(v), '["VARCHAR"]') END
        ELSE list_transform(string_split(clean(v), '|'), lambda x: trim_ws(x))
    END
);

-- len(parse_str_list(v)), without building the list: the rules only need whether a skill
-- list parses and its length. json_array_length counts a checked array's elements, faster
-- than building the list.
CREATE OR REPLACE TEMP MACRO str_list_length(v) AS (
    CASE
        WHEN clean(v) IS NULL THEN 0
        WHEN starts_with(clean(v), '[') THEN
            CASE WHEN is_json_str_array(clean(v)) THEN json_array_length(clean(v)) END
        ELSE len(string_split(clean(v), '|'))
    END
);

-- A list column the rules do not check (the typed skill lists, names): same dialects, but a
-- malformed JSON cell just becomes NULL, and JSON numbers are taken as text. The common case,
-- a JSON array, costs one parse; only the rest pays for trimming.
CREATE OR REPLACE TEMP MACRO parse_list_lenient(v) AS coalesce(
    TRY(from_json(v, '["VARCHAR"]')),
    CASE
        WHEN clean(v) IS NULL THEN []::VARCHAR[]
        WHEN starts_with(clean(v), '[') THEN NULL
        ELSE list_transform(string_split(clean(v), '|'), lambda x: trim_ws(x))
    END
);

-- The contract's update time: LAST_UPDATED_TIMESTAMP, else LAST_UPDATED_DATE at midnight.
CREATE OR REPLACE TEMP MACRO update_time(ts, d) AS (
    coalesce(parse_timestamp(ts), parse_date(d)::TIMESTAMP)
);

-- A list cell of integer codes: JSON integers, or `|`-joined digit strings.
-- Elements too large for INTEGER become NULL elements (never a valid code).
CREATE OR REPLACE TEMP MACRO parse_int_list(v) AS (
    CASE
        WHEN clean(v) IS NULL THEN []::INTEGER[]
        WHEN starts_with(clean(v), '[') THEN
            CASE WHEN json_valid(clean(v))
                      AND len(list_filter(json_type(clean(v), '$[*]'),
                                          lambda t: t NOT IN ('UBIGINT', 'BIGINT'))) = 0
                THEN list_transform(from_json(clean(v), '["VARCHAR"]'),
                                    lambda x: try_cast(x AS INTEGER)) END
        ELSE
            CASE WHEN len(list_filter(string_split(clean(v), '|'),
                                      lambda x: NOT regexp_full_match(trim_ws(x), '\d+'))) = 0
                THEN list_transform(string_split(clean(v), '|'),
                                    lambda x: try_cast(trim_ws(x) AS INTEGER)) END
    END
);

-- A number as statistical tables print it, on clean text: digits, optionally with thousands
-- separators and decimals (`1,234,560`, `1234.5`); no sign or exponent.
CREATE OR REPLACE TEMP MACRO parse_grouped_number(v) AS (
    CASE WHEN regexp_full_match(v, '[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[0-9]+(\.[0-9]+)?')
        THEN replace(v, ',', '')::DOUBLE END
);
