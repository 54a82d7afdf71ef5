"""The escort settings agree everywhere: the core's defaults, launch/params.yaml and the README's tables."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import yaml

from robot_guide.escort.offer import DEFAULT_MAX_ESCORT_M
from robot_guide.escort.progress import ProgressConfig
from robot_guide.ros import interface as rg

ROOT = Path(__file__).resolve().parents[2]


def test_params_file_and_readme_list_every_escort_setting_with_the_core_default() -> None:
    params = yaml.safe_load((ROOT / "launch" / "params.yaml").read_text(encoding="utf-8"))
    escort = params["/**/escort_node"]["ros__parameters"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    defaults = ProgressConfig()
    for setting in fields(ProgressConfig):
        assert escort[setting.name] == getattr(defaults, setting.name), setting.name
        assert f"`{setting.name}`" in readme, f"README parameter table lacks escort_node's {setting.name}"
    assert "arrival_pause_s" in escort and "`arrival_pause_s`" in readme
    assert params["/**/dialogue_node"]["ros__parameters"]["max_escort_m"] == DEFAULT_MAX_ESCORT_M


def test_readme_topic_table_lists_the_escort_topics() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for topic in (rg.ESCORT_COMMAND, rg.ESCORT_STATUS, rg.GOAL_POSE, rg.ODOM):
        assert f"| `{topic.name}` |" in readme, topic.name
