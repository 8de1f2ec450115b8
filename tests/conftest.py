"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.drills import THREATS

os.environ.setdefault("MPLCONFIGDIR", str(Path(__file__).resolve().parents[1] / ".venv" / "mpl"))


@pytest.fixture(params=sorted(THREATS))
def kind(request) -> str:
    """Each threat kind in turn."""
    return request.param
