"""The Gymnasium env: the checker on every scene, ids, determinism, seeding, info, render,
bad input and use after close."""

from __future__ import annotations

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import trainground
from trainground import errors, scenes

from conftest import SHORT, STAND_PUSH

SCENE_NAMES = list(scenes.scene_files())


@pytest.mark.parametrize("scene", SCENE_NAMES)
def test_env_checker_passes_on_every_scene(scene):
    env = trainground.make(scene, overrides=SHORT)
    try:
        check_env(env, skip_render_check=True)
    finally:
        env.close()


def test_env_checker_with_rgb_array_rendering():
    env = gymnasium.make("TrainingGround/StandPush-v0", render_mode="rgb_array", overrides=SHORT, render_width=64,
                         render_height=48)
    try:
        check_env(env.unwrapped)
        env.reset(seed=1)
        frame = env.render()
    except errors.RenderUnavailableError as error:
        pytest.skip(f"no offscreen OpenGL on this machine: {error}")
    finally:
        env.close()
    assert frame.shape == (48, 64, 3) and frame.dtype == np.uint8
    assert frame.std() > 5, "the picture should not be one flat colour"


def test_an_id_is_registered_for_every_scene_file():
    assert "TrainingGround/StandPush-v0" in gymnasium.registry
    for name in SCENE_NAMES:
        assert scenes.env_id(name) in gymnasium.registry
    if "pick_place" in SCENE_NAMES:
        assert "TrainingGround/PickPlace-v0" in gymnasium.registry
    env = gymnasium.make("TrainingGround/StandPush-v0", overrides=SHORT)
    try:
        observation, _ = env.reset(seed=0)
        assert observation.shape == env.observation_space.shape
    finally:
        env.close()


def rollout(seed: int, steps: int, overrides=SHORT):
    env = trainground.make(STAND_PUSH, overrides=overrides)
    actions = np.random.default_rng(99).uniform(-0.2, 0.2, size=(steps, env.action_space.shape[0]))
    observations, rewards, hashes = [], [], []
    try:
        observation, _ = env.reset(seed=seed)
        observations.append(observation)
        for action in actions:
            observation, reward, terminated, truncated, info = env.step(action)
            observations.append(observation)
            rewards.append(reward)
            hashes.append(info["trajectory_hash"])
            if terminated or truncated:
                break
    finally:
        env.close()
    return np.array(observations), np.array(rewards), hashes


def test_same_seed_same_trajectory_bit_for_bit():
    first = rollout(seed=11, steps=15)
    second = rollout(seed=11, steps=15)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert first[2] == second[2]
    other = rollout(seed=12, steps=15)
    assert other[2][-1] != first[2][-1]


def test_seeding_follows_gymnasium_rules(short_env):
    _, info = short_env.reset(seed=123)
    assert info["episode_seed"] == 123
    state = short_env.np_random.bit_generator.state
    _, info = short_env.reset()
    assert info["episode_seed"] == trainground.next_episode_seed(123)
    short_env.reset(seed=123)
    assert short_env.np_random.bit_generator.state == state, "reset(seed=s) reseeds np_random"
    fresh = trainground.make(STAND_PUSH, overrides=SHORT)
    try:
        _, info = fresh.reset()  # never seeded: the episode seed comes from np_random (entropy)
        assert 0 <= info["episode_seed"] < 2**63
    finally:
        fresh.close()
    with pytest.raises(ValueError, match="non-negative"):
        short_env.reset(seed=-1)


def test_info_carries_reward_terms_failure_reason_and_metrics(short_env):
    _, info = short_env.reset(seed=2)
    assert info["failure_reason"] is None and info["episode_step"] == 0
    total = 0.0
    while True:
        _, reward, terminated, truncated, info = short_env.step(np.zeros(short_env.action_space.shape))
        assert sum(info["reward_terms"].values()) == pytest.approx(reward)
        total += reward
        if terminated or truncated:
            break
    assert info["episode_return"] == pytest.approx(total)
    assert info["metrics"], "the task reports metrics"
    assert info["success"] or info["failure_reason"] in short_env.description["failure_reasons"]
    with pytest.raises(errors.EpisodeOverError, match="reset"):
        short_env.step(np.zeros(short_env.action_space.shape))


def test_a_falling_robot_reports_why():
    env = trainground.make(STAND_PUSH, overrides={"task.episode_seconds": 3})
    try:
        env.reset(seed=0)
        action = env.action_space.high.copy()  # every joint to its upper limit
        for _ in range(180):
            _, _, terminated, truncated, info = env.step(action)
            if terminated or truncated:
                break
        assert terminated and not info["success"]
        assert info["failure_reason"] in ("fell", "diverged", "out_of_bounds", "collision")
    finally:
        env.close()


def test_a_scene_that_fails_to_load_raises_with_file_line_and_key(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(STAND_PUSH.read_text().replace("control_hz: 60", "control_hz: [60, 1]"))
    with pytest.raises(errors.SceneError) as caught:
        trainground.make(broken)
    assert f"{broken}:" in str(caught.value) and "task.control_hz" in str(caught.value)
    with pytest.raises(errors.SceneError, match="cannot read the scene file"):
        trainground.make(tmp_path / "missing.yaml")
    with pytest.raises(errors.SceneError, match="task.episode_seconds"):
        trainground.make(STAND_PUSH, overrides={"task.episode_seconds": "soon"})
    with pytest.raises(FileNotFoundError, match="unknown scene 'no_such_scene'"):
        trainground.make("no_such_scene")


def test_using_an_env_after_close_raises_instead_of_crashing(short_env):
    short_env.reset(seed=0)
    short_env.close()
    short_env.close()  # idempotent
    with pytest.raises(errors.ClosedEnvError):
        short_env.step(np.zeros(short_env.action_space.shape))
    with pytest.raises(gymnasium.error.ClosedEnvironmentError):
        short_env.reset(seed=0)
