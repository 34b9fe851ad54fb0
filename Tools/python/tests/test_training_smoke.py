"""A standard learner can use the API: a tiny REINFORCE loop in numpy (linear Gaussian
policy) on the vector env, a few thousand env steps, learning from returns."""

from __future__ import annotations

import numpy as np

import trainground

from conftest import STAND_PUSH


def test_policy_gradient_loop_runs_and_updates_the_policy():
    envs = trainground.make_vec(STAND_PUSH, num_envs=2, overrides={"task.episode_seconds": 0.5})
    rng = np.random.default_rng(0)
    observation_size = envs.single_observation_space.shape[0]
    action_size = envs.single_action_space.shape[0]
    weights = np.zeros((action_size, observation_size))
    log_std, learning_rate, gamma = np.log(0.05), 1e-3, 0.99
    observations, _ = envs.reset(seed=0)
    mean_observation = observations.mean(axis=0).copy()
    trajectories = [[] for _ in range(envs.num_envs)]
    finished_returns, updates, steps = [], 0, 0
    try:
        while steps < 2000:
            features = observations - mean_observation
            means = features @ weights.T
            actions = means + np.exp(log_std) * rng.standard_normal(means.shape)
            next_observations, rewards, terminations, truncations, _ = envs.step(actions)
            steps += envs.num_envs
            for index in range(envs.num_envs):
                trajectories[index].append((features[index].copy(), actions[index] - means[index], rewards[index]))
                if terminations[index] or truncations[index]:
                    # REINFORCE: ∇ log π(a|s) = (a − μ) sᵀ / σ², weighted by the return to go.
                    episode, trajectories[index] = trajectories[index], []
                    returns, running = [], 0.0
                    for _, _, reward in reversed(episode):
                        running = reward + gamma * running
                        returns.append(running)
                    returns = np.array(returns[::-1])
                    advantages = (returns - returns.mean()) / (returns.std() + 1e-8)
                    gradient = sum(np.outer(noise, feature) * advantage
                                   for (feature, noise, _), advantage in zip(episode, advantages))
                    weights += learning_rate * gradient / np.exp(2 * log_std) / len(episode)
                    finished_returns.append(returns[0])
                    updates += 1
            # Next-step autoreset: an env that just ended ignores the next action, so its
            # (reset) transition is not part of any episode.
            ended = terminations | truncations
            observations = next_observations
            if ended.any():
                observations, _, _, _, _ = envs.step(np.zeros(envs.action_space.shape))
                steps += envs.num_envs
    finally:
        envs.close()
    assert updates >= 20
    assert np.isfinite(weights).all() and np.abs(weights).sum() > 0
    assert np.isfinite(finished_returns).all()
