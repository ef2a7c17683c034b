"""The store: append-only history, current and as-of views, all-or-nothing loads."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ssp_targets import (
    ObservationError,
    SspWarning,
    Store,
    StoreError,
    read_commentary,
    read_observations,
)
from ssp_targets.store.encoding import period_codes, period_labels
from ssp_targets.store.schema import SCHEMA_VERSION

AREA = "E06000004"


def frame(*rows):
    """Observations from (indicator, period, value) or (indicator, area, period, value)."""
    records = [(r[0], AREA, *r[1:]) if len(r) == 3 else r for r in rows]
    return pd.DataFrame(records, columns=["indicator", "area", "period", "value"])


def as_dict(observations):
    return {
        (str(i), str(a), str(p)): v
        for i, a, p, v in observations[["indicator", "area", "period", "value"]].itertuples(
            index=False
        )
    }


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.db", plan="ssp-2017-20") as s:
        yield s


def test_loading_then_reading_gives_the_figures_back(store):
    result = store.load(frame(("a:b", "2018/19 Q1", 1.5), ("a:b", "2018/19 Q2", 2.0)))
    assert (result.added, result.revised, result.unchanged) == (2, 0, 0)
    assert as_dict(store.observations()) == {
        ("a:b", AREA, "2018/19 Q1"): 1.5,
        ("a:b", AREA, "2018/19 Q2"): 2.0,
    }


def test_reloading_the_same_figures_adds_no_revision(store):
    store.load(frame(("a:b", "2018/19 Q1", 1.5)))
    again = store.load(frame(("a:b", "2018/19 Q1", 1.5)))
    assert (again.added, again.revised, again.unchanged) == (0, 0, 1)
    assert len(store.revisions("a:b")) == 1
    assert list(store.loads()["unchanged"]) == [0, 1]


def test_a_revision_changes_the_current_figure_and_keeps_the_old(store):
    first = store.load(frame(("a:b", "2018/19 Q1", 1.5)), source="police")
    time.sleep(0.01)
    store.load(frame(("a:b", "2018/19 Q1", 1.75)), source="police-revised")
    assert as_dict(store.observations()) == {("a:b", AREA, "2018/19 Q1"): 1.75}
    assert as_dict(store.observations(as_of=first.loaded_at)) == {("a:b", AREA, "2018/19 Q1"): 1.5}
    history = store.revisions("a:b")
    assert list(history["value"]) == [1.5, 1.75]
    assert list(history["source"]) == ["police", "police-revised"]
    assert {"indicator", "area", "period", "value", "loaded_at", "source", "load_id"} <= set(
        history.columns
    )


def test_as_of_before_any_load_is_empty(store):
    store.load(frame(("a:b", "2018/19 Q1", 1.5)))
    assert store.observations(as_of="2000-01-01").empty


def test_as_of_accepts_dates_offsets_and_local_times(store):
    result = store.load(frame(("a:b", "2018/19 Q1", 1.5)))
    loaded = datetime.fromisoformat(result.loaded_at.replace("Z", "+00:00"))
    later = loaded.astimezone(UTC).replace(microsecond=0).timestamp() + 2
    local_text = datetime.fromtimestamp(later).isoformat()  # naive: local time
    assert len(store.observations(as_of=local_text)) == 1
    assert len(store.observations(as_of=datetime.fromtimestamp(later, UTC).isoformat())) == 1
    assert len(store.observations(as_of="2999-01-01")) == 1


def test_a_bad_as_of_is_refused(store):
    with pytest.raises(Exception, match="not an ISO 8601 date"):
        store.observations(as_of="last Tuesday")


def test_filters(store):
    store.load(
        frame(
            ("a:b", "2018/19 Q1", 1),
            ("a:c", "2018/19 Q1", 2),
            ("a:b", "E06000002", "2018/19 Q2", 3),
        )
    )
    assert len(store.observations(indicators=["a:b"])) == 2
    assert len(store.observations(areas=["E06000002"])) == 1
    assert len(store.observations(periods=["2018/19 Q1"])) == 2
    assert len(store.observations(periods=[pd.Period("2019Q2", freq="Q-MAR")])) == 1
    assert store.observations(indicators=["never:loaded"]).empty


def test_a_bad_row_stores_nothing(store):
    store.load(frame(("a:b", "2018/19 Q1", 1)))
    bad = frame(("a:b", "2018/19 Q2", 2), ("a:b", "2018/19 Q9", 3))
    with pytest.raises(ObservationError, match="2018/19 Q9"):
        store.load(bad)
    assert len(store.observations()) == 1
    assert len(store.loads()) == 1


def test_an_exception_during_the_write_leaves_the_store_as_it_was(store):
    store.load(frame(("a:b", "2018/19 Q1", 1)))

    def fail(stage, done, total):
        if stage == "writing":  # inside the transaction, after the first batch
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.load(frame(("a:b", "2018/19 Q1", 5), ("a:c", "2018/19 Q1", 6)), progress=fail)
    assert as_dict(store.observations()) == {("a:b", AREA, "2018/19 Q1"): 1}
    assert len(store.loads()) == 1


def test_rows_without_an_area_need_the_plan(store, ssp_plan):
    rows = pd.DataFrame({"indicator": ["crc:recalls"], "period": ["2018/19 Q1"], "value": [5]})
    with pytest.raises(ObservationError, match=r"line 2, column area: '' is empty; give the"):
        store.load(rows)
    store.load(rows, plan=ssp_plan)
    assert as_dict(store.observations()) == {("crc:recalls", AREA, "2018/19 Q1"): 5}


def test_the_store_keeps_indicators_the_plan_does_not_name(store, ssp_plan):
    store.load(frame(("other:thing", "2018/19 Q1", 1)), plan=ssp_plan)
    assert len(store.observations()) == 1


def test_the_plans_unit_checks_apply(store, ssp_plan):
    with pytest.raises(ObservationError, match="percentage outside 0-100"):
        store.load(frame(("crc:recalls", "2018/19 Q1", 150)), plan=ssp_plan)


def test_suppressed_figures_are_stored_but_not_current(store):
    store.load(frame(("a:b", "2018/19 Q1", 4)))
    suppressed = pd.DataFrame(
        {
            "indicator": ["a:b"],
            "area": [AREA],
            "period": ["2018/19 Q1"],
            "value": [""],
            "flag": ["suppressed"],
        }
    )
    result = store.load(suppressed)
    assert result.revised == 1
    assert store.observations().empty


def test_the_sample_round_trips(store, ssp_plan):
    original = read_observations(SAMPLE / "observations.csv", plan=ssp_plan)
    store.load(original, plan=ssp_plan)
    back = store.observations()
    key = ["indicator", "area", "period"]
    a = original.astype({c: object for c in key}).sort_values(key).reset_index(drop=True)
    b = back.astype({c: object for c in key}).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_commentary_is_stored_with_revisions(store, ssp_plan):
    notes = read_commentary(SAMPLE / "commentary.csv", plan=ssp_plan)
    first = store.load_commentary(notes)
    assert first.added == len(notes)
    assert store.load_commentary(notes).unchanged == len(notes)
    changed = notes.copy()
    changed.loc[0, "text"] = "Updated after the meeting"
    assert store.load_commentary(changed).revised == 1
    assert "Updated after the meeting" in set(store.commentary()["text"])
    assert "Updated after the meeting" not in set(store.commentary(as_of=first.loaded_at)["text"])


def test_period_codes_round_trip():
    labels = pd.Series(["2016/17 Q1", "2018/19 Q2", "2019/20 Q4"], dtype=object)
    codes = period_codes(labels)
    assert list(codes) == [20161, 20182, 20194]
    assert list(period_labels(codes)) == list(labels)


# -- files that are not stores ---------------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my meeting notes, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an ssp-targets store"):
        Store(path)
    assert path.read_bytes() == before


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE things (x)")
    with pytest.raises(StoreError, match="not an ssp-targets store"):
        Store(path)


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this"):
        Store(path)


def test_a_new_store_is_marked_and_in_wal_mode(tmp_path):
    Store(tmp_path / "s.db").close()
    with sqlite3.connect(tmp_path / "s.db") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- crashes and concurrent readers ------------------------------------------------------

KILL_SCRIPT = """
import sys, time
import pandas as pd
from ssp_targets import Store
from ssp_targets.store.loading import BATCH

rows = BATCH * 3
frame = pd.DataFrame({
    "indicator": ["a:big"] * rows,
    "area": [f"E{n:08d}" for n in range(rows)],
    "period": ["2018/19 Q1"] * rows,
    "value": [1.0] * rows,
})

def stall(stage, done, total):
    if stage == "writing":  # a batch is written, the transaction is open
        print("MID", flush=True)
        time.sleep(60)

with Store(sys.argv[1]) as store:
    store.load(frame, progress=stall)
"""


@pytest.mark.slow
def test_a_load_killed_mid_transaction_leaves_the_store_unchanged(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.load(frame(("a:b", "2018/19 Q1", 1)))
    child = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert child.stdout.readline().strip() == "MID"  # a batch is written, not committed
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    with Store(path) as store:
        assert as_dict(store.observations()) == {("a:b", AREA, "2018/19 Q1"): 1}
        assert len(store.loads()) == 1
        store.load(frame(("a:b", "2018/19 Q2", 2)))  # and it still takes loads
        assert len(store.observations()) == 2


def test_a_reader_sees_the_last_committed_load_while_another_loads(tmp_path):
    path = tmp_path / "s.db"
    seen = []
    with Store(path) as writer:
        writer.load(frame(("a:b", "2018/19 Q1", 1)))

        def read_meanwhile(stage, done, total):
            if stage == "writing":
                with Store(path) as reader:
                    seen.append(as_dict(reader.observations()))

        big = frame(*[("a:c", f"E{n:08d}", "2018/19 Q1", float(n)) for n in range(10)])
        writer.load(big, progress=read_meanwhile)
        assert seen == [{("a:b", AREA, "2018/19 Q1"): 1}]
        assert len(writer.observations()) == 11


# -- a state machine against an in-memory model ------------------------------------------

KEYS = [
    (i, a, p)
    for i in ("x:a", "x:b")
    for a in ("E06000004", "E06000001")
    for p in ("2018/19 Q1", "2018/19 Q2")
]


class StoreMachine(RuleBasedStateMachine):
    """Random sequences of loads and revisions; the store's current and as-of views must
    always agree with a plain dictionary model of what was loaded when."""

    def __init__(self):
        super().__init__()
        import tempfile

        self.folder = tempfile.TemporaryDirectory()
        self.store = Store(os.path.join(self.folder.name, "s.db"))
        self.model: dict = {}
        self.snapshots: list[tuple[str, dict]] = []

    @rule(
        rows=st.dictionaries(
            st.sampled_from(KEYS),
            st.sampled_from([0.0, 1.0, 2.5, 1e-9, 12345.678]),
            min_size=1,
            max_size=len(KEYS),
        )
    )
    def load(self, rows):
        data = pd.DataFrame(
            [(i, a, p, v) for (i, a, p), v in rows.items()],
            columns=["indicator", "area", "period", "value"],
        )
        result = self.store.load(data)
        changed = sum(1 for k, v in rows.items() if self.model.get(k) != v)
        assert result.added + result.revised == changed
        assert result.unchanged == len(rows) - changed
        self.model.update(rows)
        self.snapshots.append((result.loaded_at, dict(self.model)))

    @rule(rows=st.lists(st.sampled_from(KEYS), min_size=1, max_size=3))
    def bad_load_changes_nothing(self, rows):
        data = pd.DataFrame(
            [(i, a, "2018/19 Q7", 1.0) for i, a, _ in rows],
            columns=["indicator", "area", "period", "value"],
        )
        with pytest.raises(ObservationError):
            self.store.load(data)

    @invariant()
    def current_view_matches_the_model(self):
        assert as_dict(self.store.observations()) == self.model

    @precondition(lambda self: self.snapshots)
    @rule(data=st.data())
    def as_of_view_matches_the_model_then(self, data):
        at, expected = data.draw(st.sampled_from(self.snapshots))
        assert as_dict(self.store.observations(as_of=at)) == expected

    @invariant()
    def revisions_hold_every_change(self):
        for indicator in ("x:a", "x:b"):
            history = self.store.revisions(indicator)
            assert not history.duplicated(["area", "period", "value", "load_id"]).any()

    def teardown(self):
        self.store.close()
        self.folder.cleanup()


TestStoreMachine = StoreMachine.TestCase
TestStoreMachine.settings = settings(max_examples=40, stateful_step_count=15, deadline=None)


def test_numbers_survive_exactly(store):
    values = [0.1 + 0.2, 1e-300, 123456789.123456789, 74.999999999]
    store.load(frame(*[("a:b", f"2018/19 Q{q + 1}", v) for q, v in enumerate(values)]))
    assert store.observations().sort_values("period")["value"].tolist() == values


def with_interval(value, lower, upper):
    data = frame(("a:b", "2018/19 Q1", value))
    data["lower_ci"], data["upper_ci"] = [lower], [upper]
    return data


def test_published_intervals_are_stored_and_revised(store):
    store.load(with_interval(50.0, 40.0, 60.0))
    current = store.observations()
    assert (current["lower_ci"][0], current["upper_ci"][0]) == (40.0, 60.0)
    assert store.load(with_interval(50.0, 40.0, 60.0)).unchanged == 1
    revised = store.load(with_interval(50.0, 41.5, 59.0))
    assert (revised.added, revised.revised) == (0, 1)
    assert store.observations()["lower_ci"][0] == 41.5
    history = store.revisions("a:b")
    assert history["lower_ci"].tolist() == [40.0, 41.5]


def test_figures_without_an_interval_read_back_with_none(store):
    store.load(frame(("a:b", "2018/19 Q1", 1.0)))
    current = store.observations()
    assert current["lower_ci"].isna().all()
    assert current["upper_ci"].isna().all()


def test_a_version_1_store_is_upgraded_in_place_keeping_its_figures(tmp_path):
    from ssp_targets.store.schema import APPLICATION_ID, MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    MIGRATIONS[0](db, None)  # the schema as version 1 made it
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO load VALUES (1, '2026-01-01T00:00:00.000000+00:00', 'observations', "
        "'csv', NULL, 1, 0, 0)"
    )
    db.execute("INSERT INTO indicator VALUES (1, 'a:b')")
    db.execute(f"INSERT INTO area VALUES (1, '{AREA}')")
    db.execute("INSERT INTO figure VALUES (1, 1, 20181, 1, 7.5, NULL, NULL, NULL, NULL)")
    db.commit()
    db.close()
    with Store(path) as upgraded:
        assert as_dict(upgraded.observations()) == {("a:b", AREA, "2018/19 Q1"): 7.5}
        upgraded.load(with_interval(8.0, 7.0, 9.0))
        assert upgraded.observations()["upper_ci"][0] == 9.0
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    check.close()


def _version_2_store_with_a_comment(path):
    from ssp_targets.store.schema import APPLICATION_ID, MIGRATIONS

    db = sqlite3.connect(path)
    MIGRATIONS[0](db, None)
    MIGRATIONS[1](db, None)  # the schema as version 2 made it
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 2")
    db.execute(
        "INSERT INTO load VALUES (1, '2026-01-01T00:00:00.000000Z', 'commentary', "
        "'commentary', NULL, 1, 0, 0)"
    )
    db.execute("INSERT INTO comment VALUES ('2.2', 20182, 1, 'green', 'On track', 'CSM')")
    db.commit()
    db.close()


def test_a_version_2_store_files_its_commentary_under_the_plan_it_is_opened_with(tmp_path):
    path = tmp_path / "old.db"
    _version_2_store_with_a_comment(path)
    with Store(path, plan="ssp-2017-20") as upgraded:
        said = upgraded.commentary()
        assert said[["measure", "period", "rag", "text"]].values.tolist() == [
            ["2.2", "2018/19 Q2", "green", "On track"]
        ]
        assert not said["public"].iloc[0]  # unreleased until its author says otherwise
        assert upgraded.commentary(plan="ssp-2020-23").empty  # a later plan's 2.2 is another
        assert upgraded.loads()["sample"].isna().all()


def test_a_version_2_store_with_commentary_needs_its_plan_and_is_left_unchanged(tmp_path):
    path = tmp_path / "old.db"
    _version_2_store_with_a_comment(path)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="open it with the plan they belong to"):
        Store(path)
    assert path.read_bytes() == before
    with Store(path, plan="p") as store:  # and it can still be opened properly after
        assert len(store.commentary()) == 1


def test_commentary_is_kept_apart_per_plan(store):
    notes = pd.DataFrame({"measure": ["2.2"], "period": ["2018/19 Q2"], "text": ["Plan A's 2.2"]})
    store.load_commentary(notes, plan="plan-a")
    store.load_commentary(notes.assign(text=["Plan B's 2.2"]), plan="plan-b")
    assert store.commentary(plan="plan-a")["text"].tolist() == ["Plan A's 2.2"]
    assert store.commentary(plan="plan-b")["text"].tolist() == ["Plan B's 2.2"]
    assert store.commentary().empty  # the store's own plan has none


def test_commentary_without_a_plan_is_refused(tmp_path):
    notes = pd.DataFrame({"measure": ["2.2"], "period": ["2018/19 Q2"], "text": ["x"]})
    with Store(tmp_path / "s.db") as store, pytest.raises(StoreError, match="belongs to a plan"):
        store.load_commentary(notes)


def test_a_load_records_whether_it_was_sample_data(store):
    store.load(frame(("a:b", "2018/19 Q1", 1.0)), source="x", sample="the packaged sample")
    store.load(frame(("a:c", "2018/19 Q1", 2.0)), source="y")
    loads = store.loads()
    assert loads["sample"].tolist() == ["the packaged sample", None]
    assert store.provenance()["sample"].tolist() == ["the packaged sample", None]


def test_provenance_lists_only_the_loads_the_current_figures_come_from(store):
    first = store.load(frame(("a:b", "2018/19 Q1", 1.0)), sample="sample")
    store.load(frame(("a:b", "2018/19 Q1", 2.0)))  # revises the only sample figure
    provenance = store.provenance()
    assert first.load_id not in set(provenance["load_id"])
    assert provenance["sample"].isna().all()
    assert provenance["figures"].tolist() == [1]
    earlier = store.provenance(as_of=first.loaded_at)
    assert earlier["load_id"].tolist() == [first.load_id]
    assert earlier["sample"].tolist() == ["sample"]


def test_an_empty_load_is_recorded_and_warned_about(store):
    empty = frame(("a:b", "2018/19 Q1", 1.0)).iloc[:0]
    with pytest.warns(SspWarning, match="no figures to store"):
        result = store.load(empty, origin="blank.csv")
    assert (result.added, result.revised, result.unchanged) == (0, 0, 0)
