"""The perception settings agree everywhere: defaults, launch/params.yaml, the README's parameter table."""

from __future__ import annotations

from pathlib import Path

import yaml

from robot_guide.paths import share_dir
from robot_guide.perception.config import PerceptionConfig, setting_defaults, setting_docs

ROOT = Path(__file__).resolve().parents[2]


def test_params_file_holds_every_setting_at_its_default() -> None:
    params = yaml.safe_load((share_dir() / "launch" / "params.yaml").read_text(encoding="utf-8"))
    assert params["/**/perception_node"]["ros__parameters"] == setting_defaults()


def test_every_setting_has_a_meaning_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, doc in setting_docs().items():
        assert len(doc) > 20, name
        assert f"`{name}`" in readme, f"README parameter table lacks perception_node's {name}"


def test_the_defaults_are_consistent() -> None:
    assert PerceptionConfig().problems() == []
    assert PerceptionConfig().engage_distance_m < PerceptionConfig().leave_distance_m  # hysteresis
