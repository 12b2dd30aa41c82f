"""The `careers` command line: one Typer app (`cli.main:app`) and its command modules."""
