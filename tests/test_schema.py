"""The JSON Schema of the JSON summary: it matches what render_json emits, exactly."""

from __future__ import annotations

import copy
import json

import jsonschema
import pandas as pd
import pytest
from conftest import make_plan
from jsonschema import Draft202012Validator

import ssp_targets as ssp
from ssp_targets.assessment.columns import COLUMNS, STATUSES, TRENDS
from ssp_targets.inputs.observations import FLAGS
from ssp_targets.plan.definition import (
    AGGREGATES,
    COMPARES,
    HANDLINGS,
    KINDS,
    POLARITIES,
    TARGET_BASES,
    UNITS,
)
from ssp_targets.renderers.data import render_json
from ssp_targets.renderers.json_schema import report_schema
from ssp_targets.report.wording import OUTPUT_COLUMNS
from ssp_targets.stats import COMPARISONS

QUARTER = "2018/19 Q2"


@pytest.fixture(scope="module")
def schema():
    return report_schema()


@pytest.fixture(scope="module")
def validator(schema):
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def sample(ssp_plan, sample_assessed):
    return ssp_plan, sample_assessed


@pytest.fixture(scope="module")
def sample_json(sample):
    plan, assessed = sample
    return json.loads(render_json(ssp.build_report(plan, assessed, QUARTER)))


def row_schema(schema):
    return schema["$defs"]["row"]


def assert_valid(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_schema_is_a_valid_draft_2020_12_schema(schema):
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    assert schema["title"]
    assert schema["description"]
    assert schema["type"] == "array"


def test_the_required_keys_are_exactly_the_columns(schema):
    """Adding a column to assessment.COLUMNS without describing it here fails CI."""
    row = row_schema(schema)
    assert row["required"] == list(OUTPUT_COLUMNS)
    assert set(row["properties"]) == set(OUTPUT_COLUMNS)
    assert set(COLUMNS) <= set(OUTPUT_COLUMNS)
    assert row["additionalProperties"] is False


def test_every_field_is_described(schema):
    for name, field in row_schema(schema)["properties"].items():
        assert field.get("title"), name
        assert field.get("description"), name
        assert "type" in field, name


@pytest.mark.parametrize(
    ("field", "values", "nullable"),
    [
        ("status", STATUSES, False),
        ("trend_quarter", TRENDS, False),
        ("trend_year", TRENDS, False),
        ("handling", HANDLINGS, False),
        ("kind", KINDS, False),
        ("unit", UNITS, True),
        ("polarity", POLARITIES, True),
        ("aggregate", AGGREGATES, True),
        ("comparison", COMPARISONS, True),
        ("flag", FLAGS, True),
        ("compare", COMPARES, True),
        ("target_basis", TARGET_BASES, True),
    ],
)
def test_enumerations_follow_the_code(schema, field, values, nullable):
    enum = row_schema(schema)["properties"][field]["enum"]
    assert enum == list(values) + ([None] if nullable else [])


def test_the_sample_validates(validator, sample_json):
    assert len(sample_json) > 20
    assert {r["status"] for r in sample_json} >= {"green", "amber", "red", "monitor", "draft"}
    assert {r["kind"] for r in sample_json} == {"quantitative", "qualitative"}
    assert_valid(validator, sample_json)


def test_the_public_sample_validates(validator, sample):
    plan, assessed = sample
    report = ssp.build_report(plan, assessed, QUARTER, audience="public")
    document = json.loads(render_json(report))
    assert "4.1" not in {r["measure"] for r in document}
    assert_valid(validator, document)


def test_every_quarter_of_the_sample_validates(validator, sample):
    plan, assessed = sample
    for quarter in sorted(set(assessed["period"].astype(str))):
        for audience in ("partnership", "public"):
            report = ssp.build_report(plan, assessed, quarter, audience=audience)
            assert_valid(validator, json.loads(render_json(report)))


def test_qualitative_draft_and_suppressed_rows_validate(validator):
    plan = make_plan(
        {"id": "1.1", "kind": "qualitative"},
        {"id": "1.2", "state": "draft"},
        {"id": "1.3", "unit": "count", "polarity": "lower", "indicator": "a:c", "target": 10},
        {"id": "1.4", "unit": "percent", "polarity": "higher", "indicators": ["a:d", "a:e"]},
    )
    obs = pd.DataFrame(
        {
            "indicator": ["a:c", "a:c", "a:d"],
            "period": ["2018/19 Q1", QUARTER, QUARTER],
            "value": [2.0, 3.0, 55.5],
        }
    )
    notes = pd.DataFrame(
        {
            "measure": ["1.1"],
            "period": [QUARTER],
            "rag": ["amber"],
            "text": ['=HYPERLINK("x") "quoted" ✔'],
            "author": ["Analyst"],
        }
    )
    assessed = ssp.assess(plan, obs, commentary=notes)
    for audience in ("partnership", "public"):
        report = ssp.build_report(plan, assessed, QUARTER, audience=audience)
        document = json.loads(render_json(report))
        statuses = {r["measure"]: r["status"] for r in document}
        assert statuses["1.1"] == "amber"
        assert statuses["1.2"] == "draft"
        assert_valid(validator, document)


def test_an_empty_report_validates(validator, sample):
    plan, assessed = sample
    with pytest.warns(ssp.SspWarning, match="no rows for area E99999999"):
        report = ssp.build_report(plan, assessed, QUARTER, area="E99999999")
    assert json.loads(render_json(report)) == []
    assert_valid(validator, [])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "purple"),
        ("status", None),
        ("trend_quarter", "better"),
        ("trend_year", None),
        ("handling", "SECRET"),
        ("unit", "percentage"),
        ("polarity", "up"),
        ("aggregate", "median"),
        ("kind", "draft"),
        ("period", "2018-19 Q2"),
        ("period", "2018/19 Q5"),
        ("indicator", "no-colon"),
        ("indicator", "Crc:recalls"),
        ("value", "72.4"),
        ("ytd", "n/a"),
        ("target", True),
        ("measure", None),
        ("measure", ""),
        ("commentary", 5),
    ],
)
def test_a_broken_row_fails(validator, sample_json, field, value):
    document = copy.deepcopy(sample_json)
    document[0][field] = value
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(document)


def test_a_missing_key_fails(validator, sample_json):
    document = copy.deepcopy(sample_json)
    del document[0]["status"]
    with pytest.raises(jsonschema.ValidationError, match="'status' is a required property"):
        validator.validate(document)


def test_an_extra_key_fails(validator, sample_json):
    document = copy.deepcopy(sample_json)
    document[0]["withheld"] = False
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        validator.validate(document)


def test_a_row_object_not_in_an_array_fails(validator, sample_json):
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(sample_json[0])


def test_each_call_gives_a_fresh_copy():
    first = report_schema()
    first["title"] = "changed"
    first["$defs"]["row"]["required"].clear()
    second = report_schema()
    assert second["title"] != "changed"
    assert second["$defs"]["row"]["required"] == list(OUTPUT_COLUMNS)
