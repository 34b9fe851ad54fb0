"""Batches of episodes as Ray tasks, summarised exactly as ``tground batch`` summarises them.

    import ray, trainground.ray
    ray.init()                                       # or ray.init(address="auto") for a cluster
    summary = trainground.ray.run_batch("stand_push", episodes=100, policy="zero", seed=7)

Episode ``i`` of a batch seeded ``S`` starts from ``tg_batch_episode_seed(S, i)`` (the formula
of Runner/EpisodeSeeds.swift), one Ray task per episode. With a built-in policy name
(``zero``, ``random``) each task runs the episode inside the library as ``tground batch``
does, so the records and the summary equal the CLI's for the same seeds (timing aside).
A Python callable ``policy(observation) -> action`` is run through ``TrainGroundEnv``
instead. The summary is built by the library's ``BatchSummary`` (summary.json's format:
per task the success rate with its 95% Wilson interval, mean return, mean cycle time…).

On a multi-machine cluster every node must see the driver's checkout at the same path (a
shared file system or identical checkouts built alike): tasks get the driver's library path
(``TRAINGROUND_LIBRARY``), package path (``PYTHONPATH``) and scene paths through Ray's
``runtime_env``.
"""

from __future__ import annotations

import ctypes
import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import _library, scenes
from ._options import options_json

Policy = str | Callable[[np.ndarray], Any]


def episode_seed(batch_seed: int, index: int) -> int:
    """The seed of episode ``index`` of a batch seeded ``batch_seed``."""
    return int(_library.load().tg_batch_episode_seed(batch_seed, index))


def run_episode(scene_path: str, index: int, batch_seed: int, policy: Policy,
                overrides: Mapping[str, Any] | Sequence[str] | None = None) -> dict[str, Any]:
    """Runs one batch episode in this process and returns its episode record."""
    lib = _library.load()
    if isinstance(policy, str):
        out = ctypes.c_void_p()
        lib.check(lib.tg_batch_run_episode(str(scene_path).encode(), options_json(overrides), batch_seed, index,
                                           policy.encode(), ctypes.byref(out)))
        return json.loads(lib.take_string(out))
    return _run_python_policy(scene_path, index, batch_seed, policy, overrides)


def _run_python_policy(scene_path, index, batch_seed, policy, overrides) -> dict[str, Any]:
    from .env import TrainGroundEnv

    env = TrainGroundEnv(scene_path, overrides=overrides)
    try:
        seed = episode_seed(batch_seed, index)
        start = time.perf_counter()
        observation, info = env.reset(seed=seed)
        while True:
            observation, _, terminated, truncated, info = env.step(policy(observation))
            if terminated or truncated:
                break
        wall = time.perf_counter() - start
        steps = info["episode_step"] * env.description["physics_steps_per_control_step"]
        return {
            "scene": env.description["scene"], "task": env.description["task"], "episode": index, "seed": seed,
            "policy": getattr(policy, "policy_name", getattr(policy, "__name__", "python")),
            "success": info["success"], "failure_reason": info["failure_reason"], "return": info["episode_return"],
            "length": info["episode_step"], "physics_steps": steps, "simulated_seconds": info["simulated_time"],
            "metrics": info["metrics"], "wall_seconds": wall, "steps_per_second": steps / max(wall, 1e-9),
            "trajectory_hash": info["trajectory_hash"].rjust(16, "0"),
        }
    finally:
        env.close()


def summarize(records: Sequence[Mapping[str, Any]], rows: Sequence[tuple[str, str]], policy: str, batch_seed: int,
              episodes_planned: int, run: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The batch summary (summary.json) of ``records``, computed by the library's BatchSummary."""
    lib = _library.load()
    lines = "\n".join(json.dumps(record) for record in records).encode()
    request = {"rows": [list(row) for row in rows], "policy": policy, "seed": int(batch_seed),
               "episodes_planned": int(episodes_planned)}
    if run is not None:
        request["run"] = dict(run)
    out = ctypes.c_void_p()
    lib.check(lib.tg_batch_summary(lines, json.dumps(request).encode(), ctypes.byref(out)))
    return json.loads(lib.take_string(out))


def outcomes_only(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The summary without timing (``run`` and each task's ``timing``): what two runs of the
    same episodes must agree on."""
    copy = {key: value for key, value in summary.items() if key != "run"}
    copy["tasks"] = [{key: value for key, value in task.items() if key != "timing"} for task in summary["tasks"]]
    return copy


def run_batch(scene: str | os.PathLike | Sequence[str | os.PathLike], episodes: int, policy: Policy = "zero",
              seed: int = 0, overrides: Mapping[str, Any] | Sequence[str] | None = None, out: str | None = None,
              num_cpus: float = 1, return_records: bool = False) -> dict[str, Any]:
    """Runs ``episodes`` episodes of each scene as Ray tasks on the cluster ``ray.init``
    connected to (``ray.init()`` is called when Ray is not initialised) and returns the
    summary ``tground batch`` writes to summary.json. ``out``: also write ``episodes.jsonl``
    and ``summary.json`` there. ``return_records``: return ``(summary, records)``."""
    import ray

    scene_list = [scene] if isinstance(scene, (str, os.PathLike)) else list(scene)
    paths = [str(scenes.resolve(item)) for item in scene_list]
    if episodes < 0:
        raise ValueError(f"episodes must be >= 0, got {episodes}")
    if not ray.is_initialized():
        ray.init()
    library = str(_library.load().path)
    package_root = str(Path(__file__).resolve().parent.parent)
    env_vars = {"TRAINGROUND_LIBRARY": library,
                "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    task = ray.remote(num_cpus=num_cpus)(_episode_task).options(runtime_env={"env_vars": env_vars})
    policy_name = policy if isinstance(policy, str) else getattr(policy, "policy_name",
                                                                  getattr(policy, "__name__", "python"))
    start = time.perf_counter()
    pending = [task.remote(path, index, int(seed), policy, overrides) for path in paths for index in range(episodes)]
    records = ray.get(pending)
    wall = time.perf_counter() - start

    rows = []
    for path in paths:
        row = _scene_row(path, overrides)
        if row not in rows:
            rows.append(row)
    workers = int(ray.cluster_resources().get("CPU", 1))
    physics_steps = sum(record["physics_steps"] for record in records)
    run = {"workers": workers, "episodes_run": len(records), "wall_seconds": wall,
           "episodes_per_second": len(records) / max(wall, 1e-9), "steps_per_second": physics_steps / max(wall, 1e-9),
           "interrupted": False}
    summary = summarize(records, rows, policy_name, seed, episodes * len(paths), run)
    if out is not None:
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / "episodes.jsonl", "w") as log:
            for record in records:
                log.write(json.dumps(record, sort_keys=True) + "\n")
        (directory / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return (summary, records) if return_records else summary


def _episode_task(scene_path, index, batch_seed, policy, overrides):
    return run_episode(scene_path, index, batch_seed, policy, overrides)


def _scene_row(path: str, overrides) -> tuple[str, str]:
    """(scene name, task name) of a scene file, as summary rows name them."""
    from .env import TrainGroundEnv

    env = TrainGroundEnv(path, overrides=overrides)
    try:
        return env.description["scene"], env.description["task"]
    finally:
        env.close()
