"""Stage 1, the plan: its classes (definition), reading it from TOML (toml_reader,
measure_tables, table_reading) and UK financial-year quarters (quarters)."""
