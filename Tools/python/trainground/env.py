"""TrainGroundEnv: one TrainingGround scene as a ``gymnasium.Env``.

- Actions: float64 joint position offsets (rad, or m for prismatic joints) from the
  scene's nominal pose, one per actuated joint, bounded by the joint limits (the library
  clips). ``action_space.names`` … see ``action_names``.
- Observations: float64, unbounded; names in ``observation_names`` (joint positions and
  velocities, base orientation and velocities, base height, then the task's state).
- ``terminated``: the task succeeded or failed; ``truncated``: the episode's time ran out.
- ``info``: ``success``, ``failure_reason`` (None or fell, dropped_part, collision,
  timeout, diverged, out_of_bounds), ``reward_terms`` (they sum to the reward),
  ``metrics``, ``episode_seed``, ``episode_step``, ``simulated_time`` (s),
  ``episode_return``, ``trajectory_hash``.
- Camera sensors: made with ``cameras=["head", …]`` (scene cameras, plus the robot's head
  camera as ``head``), ``env.camera(name)`` returns the camera's picture now as a dict of
  numpy arrays — ``rgb`` (H, W, 3) uint8, ``depth`` (H, W) float32 metres along the line of
  sight (inf where nothing is seen), ``segmentation`` (H, W) int32 body ids and
  ``segmentation_link`` (H, W) int32 link ids (−1: nothing) — for the channels the camera
  has. A camera renders at its ``rate_hz``; between its pictures the last one is returned.
  ``env.camera_specs`` describes every scene camera. Without offscreen OpenGL, making the
  env with cameras raises ``RenderUnavailableError``.

Seeding follows Gymnasium: ``reset(seed=s)`` reseeds ``np_random`` and starts the episode
from seed ``s``; ``reset()`` after that continues deterministically — the episode seed is
``tg_next_episode_seed(previous episode seed)``, the rule a vector env's autoreset uses — and
a first ``reset()`` without any seed draws the episode seed from ``np_random``.
"""

from __future__ import annotations

import ctypes
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

import gymnasium
import numpy as np
from gymnasium import spaces

from . import _library, errors, scenes
from ._options import check_seed, options_json


def action_array(action: Any, shape: tuple[int, ...]) -> np.ndarray:
    """``action`` as a C-contiguous float64 array of ``shape``, or a ValueError naming it."""
    array = np.asarray(action)
    if array.dtype.kind not in "fiu":
        raise ValueError(f"action has dtype {array.dtype}; expected a float array of shape {shape} (float64 preferred)")
    if array.shape != shape:
        raise ValueError(f"action has shape {array.shape}; expected shape {shape}")
    return np.ascontiguousarray(array, dtype=np.float64)


def box_spaces(description: Mapping[str, Any]) -> tuple[spaces.Box, spaces.Box]:
    """The single-env action and observation Boxes from a spaces JSON."""
    action = description["action"]
    observation = description["observation"]
    action_space = spaces.Box(low=np.asarray(action["low"], dtype=np.float64),
                              high=np.asarray(action["high"], dtype=np.float64), dtype=np.float64)
    observation_space = spaces.Box(low=-np.inf, high=np.inf, shape=tuple(observation["shape"]), dtype=np.float64)
    return action_space, observation_space


class TrainGroundEnv(gymnasium.Env):
    """A TrainingGround scene. ``scene``: a .yaml path, a scene name or a Gymnasium id."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 60}

    def __init__(self, scene: str | os.PathLike, render_mode: str | None = None,
                 overrides: Mapping[str, Any] | Sequence[str] | None = None, render_width: int = 320,
                 render_height: int = 240, camera: Mapping[str, Any] | None = None,
                 cameras: Sequence[str] | None = None):
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be None or one of {self.metadata['render_modes']}, got {render_mode!r}")
        self._lib = _library.load()
        self._handle = 0
        self.scene_path = scenes.resolve(scene)
        self.render_mode = render_mode
        self.render_width, self.render_height = int(render_width), int(render_height)
        handle = ctypes.c_uint64(0)
        self._lib.check(self._lib.tg_env_create(
            str(self.scene_path).encode(),
            options_json(overrides, 0, self.render_width, self.render_height, camera, cameras),
            ctypes.byref(handle)))
        self._handle = handle.value
        text = ctypes.c_char_p()
        self._lib.check(self._lib.tg_env_spaces_json(self._handle, ctypes.byref(text)))
        self.description: dict[str, Any] = json.loads(text.value)
        self.action_space, self.observation_space = box_spaces(self.description)
        self.action_names: list[str] = self.description["action"]["names"]
        self.observation_names: list[str] = self.description["observation"]["names"]
        self.max_episode_steps: int = self.description["max_episode_steps"]
        self.metadata = {**self.metadata, "render_fps": self.description["control_hz"]}
        self._action_shape = self.action_space.shape
        self._action_size = int(self.action_space.shape[0])
        self._observation_size = int(self.observation_space.shape[0])
        self._reward = ctypes.c_double()
        self._terminated = ctypes.c_uint8()
        self._truncated = ctypes.c_uint8()
        self._last_episode_seed: int | None = None
        self._lib.check(self._lib.tg_env_cameras_json(self._handle, ctypes.byref(text)))
        self.camera_specs: dict[str, dict[str, Any]] = {item["name"]: item for item in json.loads(text.value)}
        self.cameras: list[str] = [name for name, item in self.camera_specs.items() if item["enabled"]]

    # Gymnasium API

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        if seed is not None:
            seed = check_seed(seed)
        super().reset(seed=seed)
        if seed is not None:
            episode_seed = seed
        elif self._last_episode_seed is not None:
            episode_seed = int(self._lib.tg_next_episode_seed(self._last_episode_seed))
        else:
            episode_seed = int(self.np_random.integers(0, 2**63))
        observation = np.empty(self._observation_size, dtype=np.float64)
        self._lib.check(self._lib.tg_env_reset(self._live(), episode_seed, observation.ctypes.data,
                                               self._observation_size))
        self._last_episode_seed = episode_seed
        return observation, self._info()

    def step(self, action):
        action = action_array(action, self._action_shape)
        observation = np.empty(self._observation_size, dtype=np.float64)
        self._lib.check(self._lib.tg_env_step(
            self._live(), action.ctypes.data, self._action_size, observation.ctypes.data, self._observation_size,
            ctypes.byref(self._reward), ctypes.byref(self._terminated), ctypes.byref(self._truncated)))
        return (observation, float(self._reward.value), bool(self._terminated.value), bool(self._truncated.value),
                self._info())

    def render(self):
        if self.render_mode != "rgb_array":
            return None
        frame = np.empty((self.render_height, self.render_width, 3), dtype=np.uint8)
        self._lib.check(self._lib.tg_env_render(self._live(), frame.ctypes.data, self.render_width,
                                                self.render_height, frame.size))
        return frame

    def camera(self, name: str) -> dict[str, np.ndarray]:
        """Camera ``name``'s picture now (see the module docstring)."""
        spec = self.camera_specs.get(name)
        if spec is None:
            raise errors.InvalidArgumentError(f"no camera named {name!r}; scene cameras: {sorted(self.camera_specs)}")
        height, width = int(spec["height"]), int(spec["width"])
        channels = spec["channels"]
        images: dict[str, np.ndarray] = {}
        if "rgb" in channels:
            images["rgb"] = np.empty((height, width, 3), dtype=np.uint8)
        if "depth" in channels:
            images["depth"] = np.empty((height, width), dtype=np.float32)
        if "segmentation" in channels:
            images["segmentation"] = np.empty((height, width), dtype=np.int32)
            images["segmentation_link"] = np.empty((height, width), dtype=np.int32)

        def buffer(key: str) -> tuple[int | None, int]:
            array = images.get(key)
            return (array.ctypes.data, array.size) if array is not None else (None, 0)

        self._lib.check(self._lib.tg_env_camera(self._live(), name.encode(), *buffer("rgb"), *buffer("depth"),
                                                *buffer("segmentation"), *buffer("segmentation_link")))
        return images

    def close(self):
        handle, self._handle = self._handle, 0
        if handle:
            self._lib.check(self._lib.tg_env_destroy(handle))

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # Helpers

    @property
    def closed(self) -> bool:
        return self._handle == 0

    def _live(self) -> int:
        if not self._handle:
            raise errors.ClosedEnvError("this TrainGroundEnv was closed; make a new one")
        return self._handle

    def _info(self) -> dict[str, Any]:
        text = ctypes.c_char_p()
        self._lib.check(self._lib.tg_env_info_json(self._handle, ctypes.byref(text)))
        return json.loads(text.value)
