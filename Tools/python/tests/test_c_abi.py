"""The C ABI itself: versions, handles, sizes, NaN actions, thread-local errors, and a C
program compiled against trainground.h."""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import threading

import numpy as np
import pytest

import trainground
from trainground import errors

from conftest import PACKAGE_ROOT, SHORT, STAND_PUSH

HEADER = PACKAGE_ROOT / "trainground" / "trainground.h"


def test_abi_version_matches_header(lib):
    declared = int(re.search(r"#define TG_ABI_VERSION (\d+)", HEADER.read_text()).group(1))
    assert lib.tg_abi_version() == declared == trainground.abi_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", trainground.version())


def test_every_declared_function_is_exported(lib):
    declared = set(re.findall(r"\b(tg_[a-z_]+)\(", HEADER.read_text()))
    missing = [name for name in sorted(declared) if not hasattr(lib.dll, name)]
    assert not missing, f"declared in trainground.h but not exported: {missing}"


def test_bad_handles_return_an_error_status(lib):
    observation = np.zeros(74)
    for handle in (0, 0xDEAD_BEEF, 0xFFFF_FFFF_FFFF_FFFF):
        status = lib.tg_env_reset(handle, 0, observation.ctypes.data, observation.size)
        assert status == errors.InvalidHandleError.status
        assert "invalid env handle" in lib.tg_last_error().decode()
        assert lib.tg_vec_step(handle, observation.ctypes.data, 1) == errors.InvalidHandleError.status
        assert "invalid vector env handle" in lib.tg_last_error().decode()


def test_destroyed_handles_stay_invalid_when_the_slot_is_reused(lib):
    first = trainground.make(STAND_PUSH, overrides=SHORT)
    stale = first._handle
    first.close()
    second = trainground.make(STAND_PUSH, overrides=SHORT)
    try:
        assert second._handle & 0xFFFF_FFFF == stale & 0xFFFF_FFFF, "the slot should be reused"
        assert second._handle != stale, "a reused slot gets a new generation"
        observation = np.zeros(second.observation_space.shape)
        assert lib.tg_env_reset(stale, 0, observation.ctypes.data, observation.size) == 1
        with pytest.raises(errors.InvalidHandleError, match="invalid env handle"):
            lib.check(lib.tg_env_destroy(stale))
        second.reset(seed=0)  # the live one still works
    finally:
        second.close()


def test_wrong_buffer_sizes_are_rejected_with_the_expected_size(lib, short_env):
    short_env.reset(seed=0)
    handle = short_env._handle
    observation_size = short_env.observation_space.shape[0]
    action_size = short_env.action_space.shape[0]
    observation = np.zeros(10)
    with pytest.raises(errors.BufferSizeError, match=f"observation has 10 elements, expected {observation_size}"):
        lib.check(lib.tg_env_reset(handle, 0, observation.ctypes.data, 10))
    action = np.zeros(3)
    reward, flag = ctypes.c_double(), ctypes.c_uint8()
    full = np.zeros(observation_size)
    with pytest.raises(errors.BufferSizeError, match=f"action has 3 elements, expected {action_size}"):
        lib.check(lib.tg_env_step(handle, action.ctypes.data, 3, full.ctypes.data, observation_size,
                                  ctypes.byref(reward), ctypes.byref(flag), ctypes.byref(flag)))
    with pytest.raises(errors.BufferSizeError, match="rgb"):
        lib.check(lib.tg_env_render(handle, full.ctypes.data, 4, 4, 10))


def test_wrong_action_shapes_and_dtypes_raise_value_error_naming_the_shape(short_env):
    short_env.reset(seed=0)
    shape = short_env.action_space.shape
    with pytest.raises(ValueError, match=re.escape(f"expected shape {shape}")):
        short_env.step(np.zeros(shape[0] + 1))
    with pytest.raises(ValueError, match=re.escape(f"expected shape {shape}")):
        short_env.step(np.zeros((1, shape[0])))
    with pytest.raises(ValueError, match=re.escape(f"shape {shape}")):
        short_env.step(np.array(["a"] * shape[0]))
    short_env.step(np.zeros(shape, dtype=np.float32))  # float32 is converted


def test_null_pointers_are_errors_not_crashes(lib, short_env):
    handle = short_env._handle
    assert lib.tg_env_reset(handle, 0, None, short_env.observation_space.shape[0]) == errors.InvalidArgumentError.status
    assert "observation is NULL" in lib.tg_last_error().decode()
    assert lib.tg_env_create(None, None, None) == errors.InvalidArgumentError.status
    out = ctypes.c_uint64()
    assert lib.tg_env_create(str(STAND_PUSH).encode(), b"{not json", ctypes.byref(out)) == 2
    assert "not valid JSON" in lib.tg_last_error().decode()
    assert lib.tg_env_create(str(STAND_PUSH).encode(), b'{"sed": 1}', ctypes.byref(out)) == 2
    assert "unknown option 'sed'" in lib.tg_last_error().decode()


def test_nan_action_is_an_error_and_changes_nothing(short_env):
    reference = trainground.make(STAND_PUSH, overrides=SHORT)
    try:
        short_env.reset(seed=5)
        reference.reset(seed=5)
        action = np.zeros(short_env.action_space.shape)
        action[4] = np.nan
        with pytest.raises(errors.NonFiniteActionError, match=r"action\[4\] \(joint \w+\) is NaN or infinite"):
            short_env.step(action)
        action[4] = np.inf
        with pytest.raises(ValueError):
            short_env.step(action)
        zeros = np.zeros(short_env.action_space.shape)
        observation, *_ , info = short_env.step(zeros)
        expected, *_, reference_info = reference.step(zeros)
        np.testing.assert_array_equal(observation, expected)
        assert info["trajectory_hash"] == reference_info["trajectory_hash"]
    finally:
        reference.close()


def test_last_error_is_per_thread(lib):
    lib.tg_env_destroy(12345)
    main_message = lib.tg_last_error().decode()
    seen = {}

    def other():
        seen["before"] = lib.tg_last_error().decode()
        lib.tg_vec_destroy(777)
        seen["after"] = lib.tg_last_error().decode()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert seen["before"] == ""
    assert "tg_vec_destroy" in seen["after"]
    assert lib.tg_last_error().decode() == main_message
    assert main_message.startswith("tg_env_destroy: invalid env handle")


def test_no_handles_leak(lib):
    before = lib.tg_live_handles()
    env = trainground.make(STAND_PUSH, overrides=SHORT)
    vec = trainground.make_vec(STAND_PUSH, 2, overrides=SHORT)
    assert lib.tg_live_handles() == before + 2
    env.close()
    vec.close()
    del vec
    import gc

    gc.collect()
    assert lib.tg_live_handles() == before


C_PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include "trainground.h"

int main(int argc, char **argv) {
    if (tg_abi_version() != TG_ABI_VERSION) { fprintf(stderr, "abi mismatch\n"); return 1; }
    tg_env env = 0;
    if (tg_env_create(argv[1], "{\"overrides\": [\"task.episode_seconds=0.1\"]}", &env) != TG_OK) {
        fprintf(stderr, "%s\n", tg_last_error()); return 2;
    }
    int64_t action_size = 0, observation_size = 0;
    tg_env_sizes(env, &action_size, &observation_size);
    double *action = calloc(action_size, sizeof(double));
    double *observation = calloc(observation_size, sizeof(double));
    double reward = 0; uint8_t terminated = 0, truncated = 0;
    if (tg_env_reset(env, 42, observation, observation_size) != TG_OK) return 3;
    int steps = 0;
    while (!terminated && !truncated) {
        if (tg_env_step(env, action, action_size, observation, observation_size, &reward, &terminated, &truncated) != TG_OK) {
            fprintf(stderr, "%s\n", tg_last_error()); return 4;
        }
        steps++;
    }
    action[0] = NAN;
    int nan_status = tg_env_reset(env, 1, observation, observation_size) == TG_OK
        ? tg_env_step(env, action, action_size, observation, observation_size, &reward, &terminated, &truncated) : -1;
    const char *info = NULL;
    tg_env_info_json(env, &info);
    int destroy_status = tg_env_destroy(env);
    int again_status = tg_env_destroy(env);
    printf("steps=%d nan=%d destroy=%d again=%d info=%s\n", steps, nan_status, destroy_status, again_status,
           info ? "yes" : "no");
    printf("error=%s\n", tg_last_error());
    free(action); free(observation);
    return 0;
}
"""


def test_a_c_program_builds_against_the_header(tmp_path, lib):
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        pytest.skip("no C compiler (cc, gcc or clang) on PATH to compile against trainground.h")
    source = tmp_path / "client.c"
    source.write_text(C_PROGRAM)
    binary = tmp_path / "client"
    directory = lib.path.parent
    subprocess.run([compiler, "-std=c11", "-Wall", "-Werror", "-I", str(HEADER.parent), str(source), "-o", str(binary),
                    "-L", str(directory), "-lCTrainGround", f"-Wl,-rpath,{directory}", "-lm"], check=True,
                   capture_output=True, text=True)
    result = subprocess.run([str(binary), str(STAND_PUSH)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "steps=6 nan=4 destroy=0 again=1 info=yes" in result.stdout
    assert "error=tg_env_destroy: invalid env handle" in result.stdout


def test_one_handle_shared_by_threads_is_serialised_not_corrupted(short_env):
    """Two threads stepping one env: the library's per-handle lock keeps it consistent."""
    short_env.reset(seed=0)
    zeros = np.zeros(short_env.action_space.shape)
    failures = []

    def worker():
        for _ in range(4):
            try:
                short_env.step(zeros)
            except errors.EpisodeOverError:
                return
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    _, _, _, _, info = short_env.step(zeros)
    assert info["episode_step"] == 9


def test_vector_env_counts_are_checked():
    with pytest.raises(errors.InvalidArgumentError, match="num_envs must be in 1…4096, got 0"):
        trainground.make_vec(STAND_PUSH, num_envs=0)
