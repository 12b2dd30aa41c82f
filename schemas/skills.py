"""Rules for skills taxonomy records (one check per rejection reason, in reason order)."""

from __future__ import annotations

import pandera.pandas as pa

from schemas.rules import rule

SKILL_TYPES = ("Specialized Skill", "Common Skill", "Certification")
_FLAG = ("true", "false")

SkillRules = pa.DataFrameSchema(
    {
        name: pa.Column(nullable=True)
        for name in ("_row", "skill_id", "skill_type", "is_software_raw", "is_language_raw")
    },
    checks=[
        rule("id is empty", lambda d: d["skill_id"].notna()),
        rule(
            "type is not Specialized Skill, Common Skill or Certification",
            lambda d: d["skill_type"].isin(SKILL_TYPES).fillna(False),
        ),
        rule(
            "is_software is not true or false",
            lambda d: d["is_software_raw"].isna() | d["is_software_raw"].str.lower().isin(_FLAG),
        ),
        rule(
            "is_language is not true or false",
            lambda d: d["is_language_raw"].isna() | d["is_language_raw"].str.lower().isin(_FLAG),
        ),
    ],
    name="skills taxonomy record rules",
)
