#!/usr/bin/env python3
"""Python throughput of TrainingGround's Gymnasium envs, with MuJoCo's Humanoid-v5 beside it.

    swift build -c release --product CTrainGround
    .build/python/bin/python3 Tools/bench/python_throughput.py [--steps 2000] [--json]

Measures, on the same machine in the same run:
1. env steps/s of ``trainground.make_vec(scene, n)`` for n = 1 and 2 (stand_push by
   default), and the speed-up of 2 envs over 1;
2. the Python overhead on ``pick_place``: the share of a ``TrainGroundEnv.step`` spent
   outside the library (action checks, ctypes, info JSON), from the same steps timed
   through the env and through raw ``tg_env_step`` calls;
3. env steps/s of Gymnasium's ``Humanoid-v5`` (MuJoCo) with the same numbers of envs
   (sync and async vector envs), when ``gymnasium[mujoco]`` is installed.

Actions are uniform in ±0.1 (rad offsets for TrainingGround); episodes autoreset, so
resets are part of the cost. Prints a table, or one JSON object per line with --json.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "Tools" / "python"))

import trainground  # noqa: E402


def vector_steps_per_second(scene: str, num_envs: int, steps: int) -> float:
    envs = trainground.make_vec(scene, num_envs=num_envs)
    rng = np.random.default_rng(0)
    actions = rng.uniform(-0.1, 0.1, size=(64, *envs.action_space.shape))
    try:
        envs.reset(seed=0)
        for index in range(20):  # warm-up
            envs.step(actions[index % 64])
        start = time.perf_counter()
        for index in range(steps):
            envs.step(actions[index % 64])
        return steps * num_envs / (time.perf_counter() - start)
    finally:
        envs.close()


def python_overhead(scene: str, steps: int) -> dict:
    """Times the same episode steps through TrainGroundEnv.step and through raw C calls, in
    CPU time of the calling thread (a single env steps on it), so other processes on the
    machine disturb the share less than wall time would."""
    rng = np.random.default_rng(1)
    env = trainground.make(scene)
    actions = rng.uniform(-0.1, 0.1, size=(steps, env.action_space.shape[0]))

    def through_env() -> float:
        env.reset(seed=0)
        total = 0.0
        for action in actions:
            start = time.thread_time()
            _, _, terminated, truncated, _ = env.step(action)
            total += time.thread_time() - start
            if terminated or truncated:
                env.reset()
        return total

    def through_c() -> float:
        lib = env._lib
        env.reset(seed=0)
        observation = np.empty(env.observation_space.shape[0])
        reward, terminated, truncated = ctypes.c_double(), ctypes.c_uint8(), ctypes.c_uint8()
        contiguous = np.ascontiguousarray(actions)
        size, osize = env.action_space.shape[0], observation.size
        total = 0.0
        for row in range(steps):
            address = contiguous[row].ctypes.data
            start = time.thread_time()
            lib.tg_env_step(env._handle, address, size, observation.ctypes.data, osize, ctypes.byref(reward),
                            ctypes.byref(terminated), ctypes.byref(truncated))
            total += time.thread_time() - start
            if terminated.value or truncated.value:
                env.reset()
        return total

    try:
        through_env()  # warm-up
        env_seconds = min(through_env() for _ in range(3))
        c_seconds = min(through_c() for _ in range(3))
    finally:
        env.close()
    return {"scene": scene, "steps": steps, "env_step_us": env_seconds / steps * 1e6,
            "library_step_us": c_seconds / steps * 1e6,
            "python_overhead_share": max(0.0, (env_seconds - c_seconds) / env_seconds)}


def mujoco_steps_per_second(num_envs: int, steps: int, mode: str) -> float | None:
    try:
        import gymnasium

        envs = gymnasium.make_vec("Humanoid-v5", num_envs=num_envs, vectorization_mode=mode)
    except Exception:  # noqa: BLE001 - mujoco is optional
        return None
    rng = np.random.default_rng(0)
    actions = rng.uniform(-0.1, 0.1, size=(64, *envs.action_space.shape)).astype(envs.action_space.dtype)
    try:
        envs.reset(seed=0)
        for index in range(20):
            envs.step(actions[index % 64])
        start = time.perf_counter()
        for index in range(steps):
            envs.step(actions[index % 64])
        return steps * num_envs / (time.perf_counter() - start)
    finally:
        envs.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scene", default="stand_push")
    parser.add_argument("--overhead-scene", default="pick_place")
    parser.add_argument("--steps", type=int, default=2000, help="vector steps per measurement")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()

    rows = []
    library = str(trainground.library_path())
    for num_envs in (1, 2):
        rows.append({"case": f"trainground {arguments.scene}", "num_envs": num_envs,
                     "env_steps_per_second": vector_steps_per_second(arguments.scene, num_envs, arguments.steps)})
    speedup = rows[1]["env_steps_per_second"] / rows[0]["env_steps_per_second"]
    for num_envs in (1, 2):
        for mode in ("sync", "async"):
            value = mujoco_steps_per_second(num_envs, arguments.steps, mode)
            if value is not None:
                rows.append({"case": f"mujoco Humanoid-v5 ({mode})", "num_envs": num_envs, "env_steps_per_second": value})
    overhead = python_overhead(arguments.overhead_scene, min(arguments.steps, 1000))

    if arguments.json:
        for row in rows:
            print(json.dumps(row))
        print(json.dumps({"case": "speedup 2 envs / 1 env", "value": speedup}))
        print(json.dumps({"case": "python overhead", **overhead}))
        return
    print(f"library: {library}")
    print(f"load average: {' '.join(f'{value:.1f}' for value in os.getloadavg())} on {os.cpu_count()} CPUs "
          "(throughput figures are only meaningful on an otherwise idle machine)")
    print(f"{'case':36s} {'envs':>4s} {'env steps/s':>12s}")
    for row in rows:
        print(f"{row['case']:36s} {row['num_envs']:4d} {row['env_steps_per_second']:12.0f}")
    if not any(row["case"].startswith("mujoco") for row in rows):
        print("(Humanoid-v5 skipped: pip install 'gymnasium[mujoco]' to compare)")
    print(f"make_vec speed-up, 2 envs over 1: {speedup:.2f}x")
    print(f"python overhead on {overhead['scene']}: {overhead['python_overhead_share'] * 100:.1f}% of a step "
          f"({overhead['env_step_us']:.0f} us through the env, {overhead['library_step_us']:.0f} us in raw tg_env_step)")


if __name__ == "__main__":
    main()
