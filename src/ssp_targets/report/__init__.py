"""Stage 6, the report: one quarter for one area (quarter_report), built from the
assessment (building) or straight from the store (from_store), what the public may see
(disclosure), and how values, words and statuses look in every output (cells, wording,
looks)."""
