"""The vector env: equality with single envs, next-step autoreset, zero-copy views, bad
input, and a long random rollout."""

from __future__ import annotations

import ctypes
import gc

import gymnasium
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode

import trainground
from trainground import errors

from conftest import SHORT, STAND_PUSH


@pytest.fixture()
def vec():
    envs = trainground.make_vec(STAND_PUSH, num_envs=2, overrides=SHORT)
    yield envs
    envs.close()


def test_spaces_and_metadata(vec):
    assert vec.num_envs == 2
    assert vec.metadata["autoreset_mode"] == AutoresetMode.NEXT_STEP
    assert vec.observation_space.shape == (2, *vec.single_observation_space.shape)
    assert vec.action_space.shape == (2, *vec.single_action_space.shape)
    assert vec.single_observation_space.dtype == np.float64


def test_vector_env_equals_single_envs_across_autoresets(vec):
    """40 steps of 15-step episodes: each env autoresets twice; N single envs that follow
    Gymnasium's next-step rule (reset() on the step after the end) give the same bits."""
    steps = 40
    rng = np.random.default_rng(3)
    actions = rng.uniform(-0.3, 0.3, size=(steps, *vec.action_space.shape))
    singles = [trainground.make(STAND_PUSH, overrides=SHORT) for _ in range(2)]
    try:
        observations, infos = vec.reset(seed=20)
        for index, env in enumerate(singles):
            expected, info = env.reset(seed=20 + index)
            np.testing.assert_array_equal(observations[index], expected)
            assert infos["episode_seed"][index] == 20 + index == info["episode_seed"]
        ended = [False, False]
        autoresets = 0
        for step in range(steps):
            observations, rewards, terminations, truncations, infos = vec.step(actions[step])
            for index, env in enumerate(singles):
                if ended[index]:
                    expected, info = env.reset()
                    reward, terminated, truncated = 0.0, False, False
                    autoresets += 1
                else:
                    expected, reward, terminated, truncated, info = env.step(actions[step, index])
                np.testing.assert_array_equal(observations[index], expected)
                assert rewards[index] == reward
                assert (terminations[index], truncations[index]) == (terminated, truncated)
                assert infos["trajectory_hash"][index] == info["trajectory_hash"]
                assert infos["episode_seed"][index] == info["episode_seed"]
                ended[index] = terminated or truncated
        assert autoresets >= 4
    finally:
        for env in singles:
            env.close()


def test_next_step_autoreset_semantics(vec):
    _, infos = vec.reset(seed=7)
    seeds = [int(seed) for seed in infos["episode_seed"]]
    zeros = np.zeros(vec.action_space.shape)
    for _ in range(15):
        observations, rewards, terminations, truncations, infos = vec.step(zeros)
    assert (terminations | truncations).all(), "15 steps end a 0.25 s episode"
    final = observations.copy()
    observations, rewards, terminations, truncations, infos = vec.step(np.full(vec.action_space.shape, np.nan))
    assert not (terminations | truncations).any()
    assert (rewards == 0).all()
    assert (infos["episode_step"] == 0).all()
    assert [int(seed) for seed in infos["episode_seed"]] == [trainground.next_episode_seed(seed) for seed in seeds]
    assert not np.array_equal(observations, final)


def test_observations_are_zero_copy_views_of_library_buffers(vec, lib):
    observations, _ = vec.reset(seed=0)
    pointer = ctypes.POINTER(ctypes.c_double)()
    rewards_pointer = ctypes.POINTER(ctypes.c_double)()
    flags = ctypes.POINTER(ctypes.c_uint8)(), ctypes.POINTER(ctypes.c_uint8)()
    lib.check(lib.tg_vec_buffers(vec._handle, ctypes.byref(pointer), ctypes.byref(rewards_pointer),
                                 ctypes.byref(flags[0]), ctypes.byref(flags[1])))
    library_address = ctypes.cast(pointer, ctypes.c_void_p).value
    assert observations.__array_interface__["data"][0] == library_address
    assert not observations.flags.owndata
    zeros = np.zeros(vec.action_space.shape)
    for _ in range(3):
        stepped, rewards, terminations, truncations, _ = vec.step(zeros)
        assert stepped is observations, "the same array every step"
        assert np.shares_memory(stepped, observations)
        assert stepped.__array_interface__["data"][0] == library_address
        assert rewards.__array_interface__["data"][0] == ctypes.cast(rewards_pointer, ctypes.c_void_p).value
        assert terminations.dtype == np.bool_ and truncations.dtype == np.bool_


def test_copy_option_returns_fresh_arrays():
    envs = trainground.make_vec(STAND_PUSH, num_envs=2, overrides=SHORT, copy=True)
    try:
        first, _ = envs.reset(seed=0)
        second, *_ = envs.step(np.zeros(envs.action_space.shape))
        assert not np.shares_memory(first, second)
    finally:
        envs.close()


def test_views_stay_readable_after_close():
    envs = trainground.make_vec(STAND_PUSH, num_envs=2, overrides=SHORT)
    observations, _ = envs.reset(seed=4)
    kept = observations.copy()
    envs.close()
    del envs
    gc.collect()
    np.testing.assert_array_equal(observations, kept)


def test_bad_actions_raise_and_step_nothing(vec):
    vec.reset(seed=1)
    shape = vec.action_space.shape
    with pytest.raises(ValueError, match=r"expected shape \(2, \d+\)"):
        vec.step(np.zeros((3, shape[1])))
    with pytest.raises(ValueError, match="dtype"):
        vec.step(np.full(shape, "x"))
    actions = np.zeros(shape)
    actions[1, 2] = np.nan
    with pytest.raises(errors.NonFiniteActionError, match=r"env 1, joint \w+\) is NaN"):
        vec.step(actions)
    _, _, _, _, infos = vec.step(np.zeros(shape))
    assert (infos["episode_step"] == 1).all(), "the NaN step moved no env"


def test_vector_env_after_close_raises(vec):
    vec.reset(seed=0)
    vec.close()
    with pytest.raises(errors.ClosedEnvError):
        vec.step(np.zeros(vec.action_space.shape))
    with pytest.raises(gymnasium.error.ClosedEnvironmentError):
        vec.reset(seed=0)


def test_gymnasium_make_vec_uses_the_library_vector_env():
    envs = gymnasium.make_vec("TrainingGround/StandPush-v0", num_envs=2, vectorization_mode="vector_entry_point",
                              overrides=SHORT)
    try:
        assert isinstance(envs.unwrapped, trainground.TrainGroundVectorEnv)
        observations, _ = envs.reset(seed=0)
        assert observations.shape == envs.observation_space.shape
    finally:
        envs.close()


def test_random_rollout_of_1000_steps_has_no_nan():
    envs = trainground.make_vec(STAND_PUSH, num_envs=2, overrides={"task.episode_seconds": 2})
    try:
        envs.action_space.seed(0)
        observations, _ = envs.reset(seed=0)
        episodes = 0
        for _ in range(500):  # 2 envs × 500 steps = 1,000 env steps, through falls and autoresets
            observations, rewards, terminations, truncations, infos = envs.step(envs.action_space.sample())
            assert np.isfinite(observations).all() and np.isfinite(rewards).all()
            episodes += int((terminations | truncations).sum())
        assert episodes >= 2
    finally:
        envs.close()
