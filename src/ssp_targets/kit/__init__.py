"""The kit for source plugins: what every agency's source needs, written once.

A plugin imports from three places only: the package root (``Source``, ``SourceError``,
``hookimpl``, ``mark_sample`` ...), this module, and :mod:`ssp_targets.testing`. Here:

- quarters: :func:`quarter_of` (the financial-year quarter of dates), :func:`quarter_label`,
  :func:`parse_quarter` and ordinals for arithmetic on many quarters at once;
- reading an export: :func:`read_export` reads a CSV as agencies save it (UTF-8 with or
  without a byte-order mark, or Windows-1252 as Excel writes it) as text, with each row's
  line in the file; :func:`match_columns` finds the columns it needs by name or alias
  and reports the ones that are missing; :func:`parse_dates` reads the dates agencies
  write;
- options: :func:`option_path` resolves a path option relative to the project config;
- coverage: :func:`partial_quarters` and :func:`by_quarter` say which quarters an export
  covers only in part, so the source can return them ``provisional`` with a note;
- problems: :class:`Problems` collects every bad cell (file, line, column, value) and
  raises one :class:`~ssp_targets.SourceError` listing them.

The fetch lifecycle a source runs in is described in :mod:`ssp_targets.sources.hookspecs`.
"""

from __future__ import annotations

from ssp_targets.kit.exports import (
    HEADER_LINE,
    HEADERS,
    OBSERVATION_COLUMNS,
    TEES_VALLEY,
    area_codes,
    header_of,
    match_columns,
    normalise_header,
    option_path,
    read_export,
)
from ssp_targets.kit.problems import MAX_LISTED, Problems
from ssp_targets.kit.quarters import (
    by_quarter,
    long_date,
    parse_dates,
    partial_quarters,
    quarter_of,
    quarter_ordinals,
)
from ssp_targets.plan.quarters import (
    FREQ,
    labels_to_ordinals,
    ordinal_labels,
    parse_quarter,
    quarter_label,
    quarters_between,
)

__all__ = [
    "FREQ",
    "HEADERS",
    "HEADER_LINE",
    "MAX_LISTED",
    "OBSERVATION_COLUMNS",
    "TEES_VALLEY",
    "Problems",
    "area_codes",
    "by_quarter",
    "header_of",
    "labels_to_ordinals",
    "long_date",
    "match_columns",
    "normalise_header",
    "option_path",
    "ordinal_labels",
    "parse_dates",
    "parse_quarter",
    "partial_quarters",
    "quarter_label",
    "quarter_of",
    "quarter_ordinals",
    "quarters_between",
    "read_export",
]
