"""The options JSON of trainground.h, built from Python keyword arguments."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np


def options_json(overrides: Mapping[str, Any] | Sequence[str] | None = None, seed: int = 0,
                 render_width: int | None = None, render_height: int | None = None,
                 camera: Mapping[str, Any] | None = None, cameras: Sequence[str] | None = None) -> bytes:
    """``overrides``: {"task.episode_seconds": 5} or ["task.episode_seconds=5"]; ``cameras``:
    scene camera sensors to render (single envs)."""
    options: dict[str, Any] = {"seed": int(seed)}
    if overrides:
        if isinstance(overrides, Mapping):
            options["overrides"] = {str(key): _plain(value) for key, value in overrides.items()}
        elif isinstance(overrides, (str, bytes)):
            raise TypeError("overrides must be a mapping or a list of 'key.path=value' strings, not one string")
        else:
            options["overrides"] = [str(item) for item in overrides]
    if render_width is not None:
        options["render_width"] = int(render_width)
    if render_height is not None:
        options["render_height"] = int(render_height)
    if camera is not None:
        options["camera"] = {key: _plain(value) for key, value in camera.items()}
    if cameras:
        if isinstance(cameras, (str, bytes)):
            raise TypeError("cameras must be a list of camera names, e.g. ['head'], not one string")
        options["cameras"] = [str(name) for name in cameras]
    return json.dumps(options).encode("utf-8")


def _plain(value: Any) -> Any:
    """numpy scalars and arrays as plain JSON values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def check_seed(seed: Any, name: str = "seed") -> int:
    """A seed must be an int in 0…2**64-1 (Gymnasium's rule: non-negative ints only)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"{name} must be a non-negative int, got {seed!r}")
    seed = int(seed)
    if not 0 <= seed < 2**64:
        raise ValueError(f"{name} must be a non-negative int below 2**64, got {seed}")
    return seed
