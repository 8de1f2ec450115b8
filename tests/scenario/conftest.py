"""Fixtures for the scenario loader tests (the texts and helpers live in scenario_fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario import loader
from tests.scenario.scenario_fixtures import MINI, ORG_TEXT, RICH


@pytest.fixture
def mini() -> str:
    return MINI


@pytest.fixture
def rich() -> str:
    return RICH


@pytest.fixture
def bundle(tmp_path, monkeypatch) -> Path:
    """A stand-in for the bundled ``scenarios`` package: mini.yaml and org/ecommerce.yaml."""
    folder = tmp_path / "bundle"
    (folder / "org").mkdir(parents=True)
    (folder / "mini.yaml").write_text(MINI, encoding="utf-8")
    (folder / "org" / "ecommerce.yaml").write_text(ORG_TEXT, encoding="utf-8")
    monkeypatch.setattr(loader, "_bundled_dir", lambda: folder)
    return folder
