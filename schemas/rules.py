"""Row rules as pandera checks: each check's name is the reason text stored in quarantine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa


def rule(reason: str, fn) -> pa.Check:
    """A DataFrame-wide check named by its reason; `fn(df)` returns a boolean per row."""
    # Plain numpy booleans: no NA may leak into a rule's verdict.
    return pa.Check(
        lambda df: pd.Series(np.asarray(fn(df), dtype=bool), index=df.index), name=reason
    )


def rejected_rows(chunk: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Validate one chunk (which has a `_row` column); return `_row, reasons` of the rows that
    break any rule, all their reasons in the schema's rule order joined by '; '. Pure."""
    order = {check.name: i for i, check in enumerate(schema.checks)}
    try:
        schema.validate(chunk, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        cases = cases[cases["check"].isin(order.keys()) & cases["index"].notna()]
        # A DataFrame-wide check reports each failing row once per column: dedupe.
        cases = cases.drop_duplicates(subset=["index", "check"])
        cases = cases.assign(order=cases["check"].map(order)).sort_values(["index", "order"])
        reasons = cases.groupby("index", sort=True)["check"].agg("; ".join)
        rows = chunk.loc[reasons.index.astype(chunk.index.dtype), "_row"].to_numpy()
        return pd.DataFrame({"_row": rows.astype("int64"), "reasons": reasons.to_numpy()})
    return pd.DataFrame({"_row": pd.Series([], dtype="int64"), "reasons": pd.Series([], dtype=str)})
