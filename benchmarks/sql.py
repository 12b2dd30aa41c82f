"""The benchmarks' SQL, kept in `.sql` files beside this module with the conventions of
transforms/ (`transforms.runner.SqlFolder`): named statements, `{{ key }}` identifiers, values
bound as parameters."""

from __future__ import annotations

from pathlib import Path

from transforms.runner import SqlFolder

HERE = Path(__file__).resolve().parent
BENCHMARKS = SqlFolder(HERE)
script = BENCHMARKS.file
render = BENCHMARKS.render
run = BENCHMARKS.run
