"""Stage 2, inputs: reading CSV files as people save them (csv_files), checking rows
(row_checks), the observation frame (observations), owners' commentary (commentary),
data-return forms (return_forms, returns) and the plan's populations (populations)."""
