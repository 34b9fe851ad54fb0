"""TrainingGround for Python: Gymnasium environments over the libCTrainGround C ABI.

    import trainground
    env = trainground.make("stand_push")                 # or a .yaml path, or an id
    envs = trainground.make_vec("stand_push", num_envs=2)
    import gymnasium; gymnasium.make("TrainingGround/StandPush-v0")

Importing the package registers one Gymnasium id per scene file (``TrainingGround/<Name>-v0``).
``trainground.ray.run_batch`` runs batches of episodes as Ray tasks.
"""

from __future__ import annotations

import os
from typing import Any

from . import errors, scenes
from ._library import library_path, load as load_library
from .env import TrainGroundEnv
from .errors import (
    BufferSizeError,
    ClosedEnvError,
    EpisodeOverError,
    InvalidArgumentError,
    InvalidHandleError,
    LibraryNotFoundError,
    NonFiniteActionError,
    RenderUnavailableError,
    SceneError,
    TrainGroundError,
)
from .vector import TrainGroundVectorEnv

__all__ = [
    "make", "make_vec", "TrainGroundEnv", "TrainGroundVectorEnv", "registered_ids", "next_episode_seed",
    "library_path", "abi_version", "version", "TrainGroundError", "InvalidHandleError", "InvalidArgumentError",
    "BufferSizeError", "NonFiniteActionError", "SceneError", "EpisodeOverError", "RenderUnavailableError",
    "ClosedEnvError", "LibraryNotFoundError",
]

__version__ = "0.1.0"


def make(scene: str | os.PathLike, **options: Any) -> TrainGroundEnv:
    """A ``gymnasium.Env`` for ``scene`` (a .yaml path, a scene name such as ``stand_push``,
    or an id such as ``TrainingGround/StandPush-v0``). Options: ``render_mode="rgb_array"``,
    ``overrides={"task.episode_seconds": 5}`` (or ``["task.episode_seconds=5"]``),
    ``render_width``, ``render_height``, ``camera={"position": …, "target": …, "fov_degrees": …}``,
    ``cameras=["head"]`` (camera sensors for ``env.camera(name)``)."""
    return TrainGroundEnv(scene, **options)


def make_vec(scene: str | os.PathLike, num_envs: int = 1, **options: Any) -> TrainGroundVectorEnv:
    """A ``gymnasium.vector.VectorEnv`` of ``num_envs`` envs stepped in parallel threads, whose
    observations are zero-copy views of the library's buffers (``copy=True`` to copy).
    Options as for ``make``."""
    return TrainGroundVectorEnv(scene, num_envs=num_envs, **options)


def next_episode_seed(seed: int) -> int:
    """The episode seed an unseeded reset or an autoreset uses after an episode from ``seed``."""
    return int(load_library().tg_next_episode_seed(seed))


def abi_version() -> int:
    return int(load_library().tg_abi_version())


def version() -> str:
    return load_library().tg_version().decode()


registered_ids = scenes.register_all()
