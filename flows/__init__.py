"""Prefect flows: thin wiring over warehouse.build.execute (one task per stage)."""
