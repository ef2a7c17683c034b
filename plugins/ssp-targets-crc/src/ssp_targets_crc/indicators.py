"""The ``crc`` source's name, owner and indicators: what the rest of the plugin names
(a module of its own, so that reading the extract and declaring the source both use it
without importing each other)."""

from __future__ import annotations

from ssp_targets import Indicator

NAME = "crc"
OWNER = "crc"
#: The indicators this source supplies (all percentages).
INDICATORS: dict[str, Indicator] = {
    "crc:co_sso_positive_completions": Indicator(
        "Positive completions of Community Orders and Suspended Sentence Orders", "percent"
    ),
    "crc:licence_positive_completions": Indicator("Positive completions of licences", "percent"),
    "crc:recalls": Indicator("Offenders recalled", "percent"),
    "crc:settled_accommodation_on_release": Indicator(
        "Offenders released from prison with settled accommodation", "percent"
    ),
}
