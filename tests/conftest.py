"""Shared fixtures: the shipped plan and sample data, and a small hand-made plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssp_targets import load_plan, plan_from_dict

ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = ROOT / "definitions" / "ssp-2017-20.toml"
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="session")
def ssp_plan():
    return load_plan(PLAN_FILE)


def make_plan(*measures, **plan_keys):
    """A one-priority, one-owner plan with the given measure tables."""
    head = {
        "id": "t",
        "title": "Test plan",
        "area": {"code": "E06000004", "name": "Stockton"},
        "start": "2017/18",
        "end": "2019/20",
        **plan_keys,
    }
    base = {"priority": "1", "owners": ["o"], "title": "A measure"}
    return plan_from_dict(
        {
            "plan": head,
            "owners": [{"id": "o", "name": "An owner"}],
            "priorities": [{"id": "1", "title": "Priority one"}],
            "measures": [{**base, **m} for m in measures],
        }
    )
