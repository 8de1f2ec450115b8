"""Fixtures for the scenario loader tests (the texts and helpers live in scenario_fixtures)."""

from __future__ import annotations

import pytest
from scenario_fixtures import MINI, RICH


@pytest.fixture
def mini() -> str:
    return MINI


@pytest.fixture
def rich() -> str:
    return RICH
