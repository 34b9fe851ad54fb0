"""TrainGroundVectorEnv: N envs of one scene stepped in parallel threads by the library.

Zero copy: the observations, rewards, terminations and truncations ``step`` and ``reset``
return are numpy views of the library's own buffers (``tg_vec_buffers``); each step
overwrites them in place and their addresses never change. Copy what you keep across steps
(``np.copy``), or pass ``copy=True``. The views stay readable after ``close()`` (the
library frees the buffers only when the last view is gone).

Autoreset is Gymnasium's ``AutoresetMode.NEXT_STEP``: the step that ends env i's episode
returns its final observation with ``terminations[i]`` or ``truncations[i]`` set; the next
step ignores ``actions[i]``, starts env i's next episode from seed
``tg_next_episode_seed(previous episode seed)`` and returns its first observation with
reward 0.

Seeding: ``reset(seed=s)`` seeds env i with ``s + i`` (Gymnasium's rule) and reseeds
``np_random``; a list gives one seed per env; ``reset()`` continues each env with the next
episode seed; a first ``reset()`` without seeds draws them from ``np_random``.
"""

from __future__ import annotations

import ctypes
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from . import _library, errors, scenes
from ._options import check_seed, options_json
from .env import box_spaces


class _LibraryBuffers:
    """Keeps a vector env's library buffers alive: the numpy views reference this object,
    and the library memory is freed (tg_vec_destroy) when the last of them is collected."""

    def __init__(self, lib: _library.Library, handle: int):
        self.lib = lib
        self.handle = handle

    def view(self, address: int, shape: tuple[int, ...], typestr: str) -> np.ndarray:
        holder = _ArrayInterface(address, shape, typestr, self)
        return np.asarray(holder)

    def __del__(self):
        if self.handle:
            self.lib.tg_vec_destroy(self.handle)
            self.handle = 0


class _ArrayInterface:
    def __init__(self, address: int, shape: tuple[int, ...], typestr: str, owner: _LibraryBuffers):
        self.__array_interface__ = {"data": (address, False), "shape": shape, "typestr": typestr, "version": 3}
        self.owner = owner


class TrainGroundVectorEnv(VectorEnv):
    """``num_envs`` copies of a scene (a .yaml path, a scene name or a Gymnasium id)."""

    metadata = {"render_modes": ["rgb_array"], "autoreset_mode": AutoresetMode.NEXT_STEP, "render_fps": 60}

    def __init__(self, scene: str | os.PathLike, num_envs: int = 1, render_mode: str | None = None,
                 overrides: Mapping[str, Any] | Sequence[str] | None = None, copy: bool = False,
                 render_width: int = 320, render_height: int = 240, camera: Mapping[str, Any] | None = None):
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be None or one of {self.metadata['render_modes']}, got {render_mode!r}")
        self._lib = _library.load()
        self._handle = 0
        self._buffers: _LibraryBuffers | None = None
        self.scene_path = scenes.resolve(scene)
        self.render_mode = render_mode
        self.render_width, self.render_height = int(render_width), int(render_height)
        self.copy = bool(copy)
        handle = ctypes.c_uint64(0)
        self._lib.check(self._lib.tg_vec_create(
            str(self.scene_path).encode(),
            options_json(overrides, 0, self.render_width, self.render_height, camera),
            int(num_envs), ctypes.byref(handle)))
        self._handle = handle.value
        self._buffers = _LibraryBuffers(self._lib, self._handle)
        text = ctypes.c_char_p()
        self._lib.check(self._lib.tg_vec_spaces_json(self._handle, ctypes.byref(text)))
        self.description: dict[str, Any] = json.loads(text.value)
        self.num_envs = int(num_envs)
        self.single_action_space, self.single_observation_space = box_spaces(self.description)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_names: list[str] = self.description["action"]["names"]
        self.observation_names: list[str] = self.description["observation"]["names"]
        self.metadata = {**self.metadata, "render_fps": self.description["control_hz"]}
        self._action_shape = (self.num_envs, int(self.single_action_space.shape[0]))
        observation_size = int(self.single_observation_space.shape[0])

        observations, rewards = ctypes.POINTER(ctypes.c_double)(), ctypes.POINTER(ctypes.c_double)()
        terminated, truncated = ctypes.POINTER(ctypes.c_uint8)(), ctypes.POINTER(ctypes.c_uint8)()
        self._lib.check(self._lib.tg_vec_buffers(self._handle, ctypes.byref(observations), ctypes.byref(rewards),
                                                 ctypes.byref(terminated), ctypes.byref(truncated)))

        def address(pointer) -> int:
            return ctypes.cast(pointer, ctypes.c_void_p).value

        self.observations = self._buffers.view(address(observations), (self.num_envs, observation_size), "<f8")
        self.rewards = self._buffers.view(address(rewards), (self.num_envs,), "<f8")
        # uint8 0/1 flags read as numpy bools (1 byte each): no conversion per step.
        self.terminations = self._buffers.view(address(terminated), (self.num_envs,), "|b1")
        self.truncations = self._buffers.view(address(truncated), (self.num_envs,), "|b1")
        self._episode_seeds: list[int | None] = [None] * self.num_envs

    # Gymnasium API

    def reset(self, *, seed: int | Sequence[int | None] | None = None, options: dict[str, Any] | None = None):
        if isinstance(seed, (int, np.integer)):
            seed = check_seed(seed)
        super().reset(seed=seed if isinstance(seed, int) else None)
        if seed is None:
            seeds = [None] * self.num_envs
        elif isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
            seeds = [seed + index for index in range(self.num_envs)]
        else:
            seeds = list(seed)
            if len(seeds) != self.num_envs:
                raise ValueError(f"seed has {len(seeds)} entries; expected one per env ({self.num_envs})")
        episode_seeds = []
        for index, value in enumerate(seeds):
            if value is not None:
                episode_seeds.append(check_seed(value, f"seed[{index}]") % 2**64)
            elif self._episode_seeds[index] is not None:
                episode_seeds.append(int(self._lib.tg_next_episode_seed(self._episode_seeds[index])))
            else:
                episode_seeds.append(int(self.np_random.integers(0, 2**63)))
        array = np.asarray(episode_seeds, dtype=np.uint64)
        self._lib.check(self._lib.tg_vec_reset(self._live(), array.ctypes.data, self.num_envs))
        self._episode_seeds = episode_seeds
        infos = self._infos()
        return (self.observations.copy() if self.copy else self.observations), infos

    def step(self, actions):
        actions = np.asarray(actions)
        if actions.dtype.kind not in "fiu":
            raise ValueError(f"actions have dtype {actions.dtype}; expected a float array of shape {self._action_shape}")
        if actions.shape != self._action_shape:
            raise ValueError(f"actions have shape {actions.shape}; expected shape {self._action_shape} "
                             "(num_envs, action_size)")
        actions = np.ascontiguousarray(actions, dtype=np.float64)
        self._lib.check(self._lib.tg_vec_step(self._live(), actions.ctypes.data, actions.size))
        infos = self._infos()
        self._episode_seeds = [int(seed) for seed in infos["episode_seed"]]
        if self.copy:
            return (self.observations.copy(), self.rewards.copy(), self.terminations.copy(), self.truncations.copy(),
                    infos)
        return self.observations, self.rewards, self.terminations, self.truncations, infos

    def render(self):
        if self.render_mode != "rgb_array":
            return None
        frames = []
        for index in range(self.num_envs):
            frame = np.empty((self.render_height, self.render_width, 3), dtype=np.uint8)
            self._lib.check(self._lib.tg_vec_render(self._live(), index, frame.ctypes.data, self.render_width,
                                                    self.render_height, frame.size))
            frames.append(frame)
        return tuple(frames)

    def close_extras(self, **kwargs):
        handle, self._handle = self._handle, 0
        if handle:
            # Frees the worlds now; the buffers go with the last view (see _LibraryBuffers).
            self._lib.check(self._lib.tg_vec_close(handle))
            self._buffers = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # Helpers

    def _live(self) -> int:
        if not self._handle:
            raise errors.ClosedEnvError("this TrainGroundVectorEnv was closed; make a new one")
        return self._handle

    def _infos(self) -> dict[str, Any]:
        """Gymnasium's vector info: each key an array over envs, with a ``_key`` mask."""
        text = ctypes.c_char_p()
        self._lib.check(self._lib.tg_vec_info_json(self._handle, ctypes.byref(text)))
        per_env = json.loads(text.value)
        n = self.num_envs
        infos: dict[str, Any] = {
            "success": np.fromiter((info["success"] for info in per_env), dtype=np.bool_, count=n),
            "failure_reason": np.array([info["failure_reason"] for info in per_env], dtype=object),
            "episode_seed": np.fromiter((info["episode_seed"] for info in per_env), dtype=np.uint64, count=n),
            "episode_step": np.fromiter((info["episode_step"] for info in per_env), dtype=np.int64, count=n),
            "simulated_time": np.fromiter((info["simulated_time"] for info in per_env), dtype=np.float64, count=n),
            "episode_return": np.fromiter((info["episode_return"] for info in per_env), dtype=np.float64, count=n),
            "trajectory_hash": np.array([info["trajectory_hash"] for info in per_env], dtype=object),
        }
        for group in ("reward_terms", "metrics"):
            names = sorted({name for info in per_env for name in info[group]})
            infos[group] = {}
            for name in names:
                values = np.zeros(n, dtype=np.float64)
                mask = np.zeros(n, dtype=np.bool_)
                for index, info in enumerate(per_env):
                    if name in info[group]:
                        value = info[group][name]
                        values[index] = np.nan if value is None else value
                        mask[index] = True
                infos[group][name], infos[group][f"_{name}"] = values, mask
        everywhere = np.ones(n, dtype=np.bool_)
        for key in list(infos):
            infos[f"_{key}"] = everywhere
        return infos
