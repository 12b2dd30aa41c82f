"""Benchmarks: print figures (rows/s, seconds, peak RSS, ratios); never assert timings."""
