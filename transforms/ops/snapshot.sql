-- Statements of warehouse/snapshot.py: a snapshot's session variables, its career tables
-- replaced by as_of, the dimensions and the `latest_<table>` views.

-- name: set_as_of
-- The snapshot's window: `as_of` (its last day) and `window_start` (its first), read by every
-- model through getvariable().
SET VARIABLE as_of = $as_of::DATE;

-- name: set_window_start
SET VARIABLE window_start = $start::DATE;

-- name: set_rule
-- One threshold of career_skill_groups (core/settings.py SkillGroupRules).
SET VARIABLE {{ rule }} = $value

-- name: delete_snapshot
DELETE FROM {{ table }} WHERE as_of = $as_of::DATE

-- name: latest_view
CREATE OR REPLACE VIEW {{ view }} AS
SELECT * FROM {{ table }} WHERE as_of = (SELECT max(as_of) FROM {{ table }})
