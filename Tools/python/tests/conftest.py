"""Shared fixtures: the package from this checkout, the built library, short scenes.

Debug builds step a humanoid at roughly a hundred control steps per second, so tests use
short episodes (``task.episode_seconds`` overrides) and few steps.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
PACKAGE_ROOT = TESTS.parent
REPOSITORY = PACKAGE_ROOT.parent.parent
sys.path.insert(0, str(PACKAGE_ROOT))

import trainground  # noqa: E402  (after the path above)
from trainground import _library  # noqa: E402

STAND_PUSH = REPOSITORY / "Scenes" / "stand_push.yaml"
# 0.25 s at 60 Hz: 15 control steps per episode.
SHORT = {"task.episode_seconds": 0.25}


@pytest.fixture(scope="session")
def lib() -> _library.Library:
    return _library.load()


@pytest.fixture(scope="session")
def repository() -> Path:
    return REPOSITORY


@pytest.fixture()
def short_env():
    env = trainground.make(STAND_PUSH, overrides=SHORT)
    yield env
    env.close()


def tground_executable() -> Path | None:
    """The `tground` built beside the library (same configuration), if any."""
    candidate = _library.library_path().parent / "tground"
    return candidate if candidate.is_file() and os.access(candidate, os.X_OK) else None
