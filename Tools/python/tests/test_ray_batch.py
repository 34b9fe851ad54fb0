"""trainground.ray.run_batch on a local Ray with 2 CPUs equals `tground batch` for the same
seeds (timing aside)."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import REPOSITORY, STAND_PUSH, tground_executable

OVERRIDES = ["task.episode_seconds=0.5"]
EPISODES, SEED = 4, 7


@pytest.fixture(scope="module")
def ray_session():
    ray = pytest.importorskip("ray", reason="Ray is not installed (Tools/setup.sh installs it)")
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    except Exception as error:  # noqa: BLE001 - any start-up failure means no Ray here
        pytest.skip(f"Ray could not start a local instance with 2 CPUs: {error}")
    yield ray
    ray.shutdown()


def cli_summary(tmp_path) -> dict:
    executable = tground_executable()
    if executable is None:
        pytest.skip("tground was not built beside libCTrainGround.so")
    out = tmp_path / "batch"
    command = [str(executable), "batch", str(STAND_PUSH), "--episodes", str(EPISODES), "--workers", "2", "--seed",
               str(SEED), "--policy", "zero", "--out", str(out)]
    for override in OVERRIDES:
        command += ["--set", override]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=REPOSITORY)
    assert result.returncode == 0, result.stdout + result.stderr
    records = [json.loads(line) for line in (out / "episodes.jsonl").read_text().splitlines() if line.strip()]
    return json.loads((out / "summary.json").read_text()), records


def test_run_batch_equals_tground_batch(ray_session, tmp_path):
    import trainground.ray as tray

    summary, records = tray.run_batch(STAND_PUSH, episodes=EPISODES, policy="zero", seed=SEED, overrides=OVERRIDES,
                                      return_records=True)
    expected, expected_records = cli_summary(tmp_path)
    assert tray.outcomes_only(summary) == tray.outcomes_only(expected)
    assert summary["run"]["workers"] == 2
    assert sorted((r["seed"], r["trajectory_hash"]) for r in records) == \
        sorted((r["seed"], r["trajectory_hash"]) for r in expected_records)
    assert [r["seed"] for r in sorted(records, key=lambda r: r["episode"])] == \
        [tray.episode_seed(SEED, index) for index in range(EPISODES)]


def test_a_python_policy_runs_through_the_env_and_matches_the_builtin(ray_session):
    import numpy as np

    import trainground.ray as tray

    import trainground

    probe = trainground.make(STAND_PUSH)
    action_size = probe.action_space.shape[0]
    probe.close()

    def zero(observation):
        return np.zeros(action_size)

    zero.policy_name = "zero"
    builtin = tray.run_batch(STAND_PUSH, episodes=2, policy="zero", seed=3, overrides=OVERRIDES)
    python = tray.run_batch(STAND_PUSH, episodes=2, policy=zero, seed=3, overrides=OVERRIDES)
    assert tray.outcomes_only(python) == tray.outcomes_only(builtin)
