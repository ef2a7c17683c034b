"""The project config file."""

from __future__ import annotations

import pytest

from ssp_targets.cli.project_config import ConfigError, load_config


def write(tmp_path, text):
    (tmp_path / "ssp-targets.toml").write_text(text, encoding="utf-8")


def test_paths_are_relative_to_the_config_file(tmp_path):
    write(tmp_path, 'plan = "defs/plan.toml"\nstore = "data/s.db"\n[sources.fire]\npath = "x"\n')
    config = load_config(cwd=tmp_path)
    assert config.plan == tmp_path.resolve() / "defs" / "plan.toml"
    assert config.store == tmp_path.resolve() / "data" / "s.db"
    assert config.sources == {"fire": {"path": "x"}}


def test_the_store_defaults_to_beside_the_config(tmp_path):
    write(tmp_path, 'plan = "p.toml"\n')
    assert load_config(cwd=tmp_path).store == tmp_path.resolve() / "ssp-targets.db"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('plan = "p"\ncolour = "red"\n', "unknown key 'colour'"),
        ("plan = 3\n", "plan must be a path in quotes"),
        ('sources = "fire"\n', "sources must be tables"),
        ("plan = \n", "not valid TOML"),
    ],
)
def test_problems_are_named(tmp_path, text, expected):
    write(tmp_path, text)
    with pytest.raises(ConfigError, match=expected):
        load_config(cwd=tmp_path)


def test_the_repository_config_names_the_shipped_plan():
    from conftest import PLAN_FILE, ROOT

    config = load_config(ROOT / "ssp-targets.toml")
    assert config.plan == PLAN_FILE
