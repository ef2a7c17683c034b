"""Loading a plan: the shipped 2017-20 plan, and every problem reported at once."""

from __future__ import annotations

import pytest
from conftest import PLAN_FILE, make_plan

from ssp_targets import ChangeTarget, FixedTarget, PlanError, YearTargets, load_plan
from ssp_targets.plan.toml_reader import plan_from_dict

# -- the shipped plan ---------------------------------------------------------------


def test_the_shipped_plan_has_every_priority_and_measure(ssp_plan):
    assert [p.id for p in ssp_plan.priorities] == ["1", "2", "3", "4"]
    expected = (
        [f"1.{n}" for n in range(1, 8)]
        + [f"2.{n}" for n in range(1, 7)]
        + [f"3.{n}" for n in range(1, 6)]
        + [f"4.{n}" for n in range(1, 5)]
    )
    assert [m.id for m in ssp_plan.measures] == expected


def test_the_shipped_plan_keeps_the_plans_wording_and_owners(ssp_plan):
    m = ssp_plan.measure("1.3")
    assert m.title == (
        "% of positive completions of Community Orders and Suspended Sentence Orders"
    )
    assert m.owners == ("crc",)
    assert set(ssp_plan.measure("1.1").owners) == {"iom-team", "cs-analyst"}  # joint owner split
    assert ssp_plan.area.code == "E06000004"


def test_unfinished_measures_are_drafts(ssp_plan):
    assert {m.id for m in ssp_plan.measures if m.state == "draft"} == {"2.3", "2.4"}


def test_fires_measure_names_f1_and_f3(ssp_plan):
    assert len(ssp_plan.measure("4.4").indicators) == 2


def test_every_quantitative_measure_names_an_indicator(ssp_plan):
    for m in ssp_plan.measures:
        if m.kind == "quantitative" and m.scored:
            assert m.indicators, m.id


def test_every_target_the_plan_does_not_give_is_marked_illustrative(ssp_plan):
    text = PLAN_FILE.read_text(encoding="utf-8")
    blocks = text.split("[[measures]]")[1:]
    for block in blocks:
        if "\ntarget" in block:
            assert "illustrative" in block, block.splitlines()[1]


def test_measures_frame_and_html(ssp_plan):
    frame = ssp_plan.measures_frame()
    assert len(frame) == 22
    assert "<table>" in ssp_plan._repr_html_()


# -- target, band and kind forms ------------------------------------------------------

BASE = {"id": "1.1", "unit": "percent", "polarity": "higher", "indicator": "a:b"}


def test_target_forms():
    fixed = make_plan({**BASE, "target": 75}).measures[0].target
    yearly = make_plan({**BASE, "target": {"2017/18": 70, "2018/19": 75}}).measures[0].target
    change = (
        make_plan({**BASE, "target": {"change": "-5%", "against": "2016/17 Q4"}}).measures[0].target
    )
    assert fixed == FixedTarget(75)
    assert isinstance(yearly, YearTargets)
    assert yearly.for_year(2018) == 75
    assert change == ChangeTarget(-0.05, True, "2016/17 Q4")


def test_band_forms():
    plan = make_plan(
        {**BASE, "target": 80, "amber_within": "10%"},
        {**BASE, "id": "1.2", "target": 80, "amber_within": 4},
    )
    assert plan.band(plan.measures[0]).width(80) == pytest.approx(8)
    assert plan.band(plan.measures[1]).width(80) == 4


# -- every error path: each problem is named, and all are reported together -----------


def problems(*measures, **plan_keys):
    with pytest.raises(PlanError) as info:
        make_plan(*measures, **plan_keys)
    return str(info.value)


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ({**BASE, "owners": ["nobody"]}, "unknown owner 'nobody'"),
        ({**BASE, "priority": "9"}, "unknown priority '9'"),
        ({**BASE, "colour": "red"}, "unknown key 'colour'"),
        ({**BASE, "polarity": None, "target": 5} | {"polarity": "x"}, "polarity = 'x'"),
        ({k: v for k, v in BASE.items() if k != "polarity"} | {"target": 5}, "needs a polarity"),
        ({**BASE, "target": 5, "amber_within": -1}, "negative"),
        ({**BASE, "target": 5, "amber_within": "-5%"}, "negative"),
        ({**BASE, "retired": "2018/19 Q7"}, "'2018/19 Q7' is not a financial-year quarter"),
        ({**BASE, "target": {"2017/18": 5, "2018": 6}}, "'2018' is not a financial year"),
        ({**BASE, "target": {"change": "-5%", "against": "last week"}}, "'last week'"),
        ({**BASE, "target": {"change": "lots", "against": "previous_quarter"}}, "'lots'"),
        ({**BASE, "indicator": "no-colon"}, "'no-colon' is not 'source:key'"),
        ({**BASE, "indicator": "Upper:Case"}, "'Upper:Case' is not 'source:key'"),
        ({**BASE, "indicators": ["a:b"]}, "either indicator or indicators"),
        ({**BASE, "unit": "furlongs"}, "unit = 'furlongs'"),
        ({**BASE, "target": 120}, "between 0 and 100"),
        ({**BASE, "polarity": "none", "target": 5}, 'polarity = "none" cannot be scored'),
        ({"id": "2.2", "kind": "qualitative", "target": 3}, "does not apply to a qualitative"),
        ({"id": "1.1", "unit": "count"}, "needs indicator"),
        ({**BASE, "unit": "count", "aggregate": "ratio"}, "needs a ratio unit"),
        ({**BASE, "owners": []}, "owners must be a non-empty list"),
    ],
)
def test_each_problem_is_named_with_the_measure(measure, expected):
    message = problems(measure)
    assert expected in message
    assert f"measure {measure['id']}" in message


def test_duplicate_measure_ids():
    assert "duplicate measure id '1.1'" in problems(BASE, BASE)


def test_every_problem_is_reported_at_once():
    message = problems(
        {**BASE, "owners": ["nobody"]},
        {**BASE, "id": "1.2", "priority": "9"},
        {**BASE, "id": "1.3", "amber_within": -2, "target": 1},
    )
    assert "3 problems" in message
    for text in ("unknown owner", "unknown priority", "negative"):
        assert text in message


def test_plan_level_problems():
    message = problems(BASE, start="2019/20", end="2017/18", handling="SECRET", extra=1)
    assert "end (2017/18) is before start (2019/20)" in message
    assert "handling = 'SECRET'" in message
    assert "unknown key 'extra'" in message


def test_duplicate_owner_ids():
    data = {
        "plan": {
            "id": "t",
            "title": "T",
            "area": {"code": "E1", "name": "A"},
            "start": "2017/18",
            "end": "2019/20",
        },
        "owners": [{"id": "o", "name": "A"}, {"id": "o", "name": "B"}],
        "priorities": [{"id": "1", "title": "P"}],
        "measures": [{**BASE, "priority": "1", "owners": ["o"], "title": "T"}],
    }
    with pytest.raises(PlanError, match="duplicate id 'o'"):
        plan_from_dict(data)


def test_bad_toml_names_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[plan\nid = 1\n", encoding="utf-8")
    with pytest.raises(PlanError, match=r"bad\.toml: not valid TOML"):
        load_plan(path)


def test_missing_file(tmp_path):
    with pytest.raises(PlanError, match="no such plan file"):
        load_plan(tmp_path / "absent.toml")


def test_the_error_names_the_file(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(
        PLAN_FILE.read_text(encoding="utf-8").replace(
            'owners = ["crc"]', 'owners = ["crc", "ghost"]', 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert str(info.value).startswith(str(path))
    assert "unknown owner 'ghost'" in str(info.value)


# -- comparator groups and the population table --------------------------------------


def test_the_shipped_plan_has_the_tees_valley_group_and_populations(ssp_plan):
    from ssp_targets import load_populations

    assert ssp_plan.group("tees-valley").areas[3] == "E06000004"
    populations = load_populations(ssp_plan).set_index("area")
    assert populations.loc["E06000004", "population"] == 197030  # ONS mid-2021
    assert set(ssp_plan.group("tees-valley").areas) <= set(populations.index)


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ({"id": "g", "name": "G", "areas": []}, "non-empty list of ONS codes"),
        ({"id": "g", "name": "G", "areas": ["Stockton"]}, "'Stockton' are not ONS area codes"),
        ({"id": "g", "name": "G", "areas": ["E06000004"], "size": 3}, "unknown key 'size'"),
    ],
)
def test_group_problems_are_named(group, expected):
    data = {
        "plan": {
            "id": "t",
            "title": "T",
            "area": {"code": "E06000004", "name": "S"},
            "start": "2017/18",
            "end": "2019/20",
        },
        "owners": [{"id": "o", "name": "O"}],
        "priorities": [{"id": "1", "title": "P"}],
        "measures": [{**BASE, "priority": "1", "owners": ["o"], "title": "T"}],
        "groups": [group],
    }
    with pytest.raises(PlanError, match=expected):
        plan_from_dict(data)


def test_a_bad_population_table_is_refused_naming_the_rows(tmp_path):
    from ssp_targets import load_populations

    (tmp_path / "pop.csv").write_text(
        "area,name,year,population,source\nE06000004,S,2021,-5,ONS\nStockton,S,2021,x,ONS\n",
        encoding="utf-8",
    )
    text = PLAN_FILE.read_text(encoding="utf-8").replace('"populations.csv"', '"pop.csv"')
    (tmp_path / "plan.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_populations(load_plan(tmp_path / "plan.toml"))
    message = str(info.value)
    assert "line 2, column population: '-5' must be above zero" in message
    assert "line 3, column area: 'Stockton' is not an ONS area code" in message
    assert "line 3, column population: 'x' is not a number" in message
