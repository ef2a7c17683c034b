"""The indicators the ``crc`` source supplies (kept free of heavy imports)."""

from __future__ import annotations

#: The indicators this source supplies, with their labels (all percentages).
INDICATORS: dict[str, str] = {
    "crc:co_sso_positive_completions": (
        "Positive completions of Community Orders and Suspended Sentence Orders"
    ),
    "crc:licence_positive_completions": "Positive completions of licences",
    "crc:recalls": "Offenders recalled",
    "crc:settled_accommodation_on_release": (
        "Offenders released from prison with settled accommodation"
    ),
}
