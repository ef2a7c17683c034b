"""Stage 5, assess: the status rules (rules), the assessed frame's columns (columns), the
figures as a grid (grid, cells, year_to_date, slots), comparisons across areas
(across_areas), qualitative measures (qualitative) and commentary (annotations);
:func:`~ssp_targets.assess` is in assessed_frame."""
