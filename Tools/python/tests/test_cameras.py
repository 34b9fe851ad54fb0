"""Camera sensors through the binding: env.camera(name) gives numpy pictures of the head
camera and of a scene camera (depth in metres, segmentation ids), cameras must be enabled
at make, and bad names are clear errors."""

from __future__ import annotations

import numpy as np
import pytest

import trainground
from trainground import errors

from conftest import SHORT, STAND_PUSH

# 2 m above the floor, 3 m in front of the robot, looking straight down.
TOP = "cameras=[{name: top, position: [3, 0, 2], look_at: [3, 0, 0], width: 32, height: 24, rate_hz: 0}]"


def make(cameras):
    try:
        return trainground.make(STAND_PUSH, overrides=[f"{key}={value}" for key, value in SHORT.items()] + [TOP],
                                cameras=cameras)
    except errors.RenderUnavailableError as error:
        pytest.skip(f"no offscreen OpenGL on this machine: {error}")


def test_scene_and_head_cameras_give_numpy_pictures():
    env = make(["head", "top"])
    try:
        assert env.cameras == ["top", "head"]
        assert env.camera_specs["head"]["attach"] == "head_camera"
        env.reset(seed=1)
        top = env.camera("top")
        assert set(top) == {"rgb", "depth", "segmentation", "segmentation_link"}
        assert top["rgb"].shape == (24, 32, 3) and top["rgb"].dtype == np.uint8
        assert top["depth"].shape == (24, 32) and top["depth"].dtype == np.float32
        assert top["segmentation"].dtype == np.int32
        # Straight down onto the floor: 2 m (±1%) at the centre, one body everywhere.
        assert abs(float(top["depth"][12, 16]) - 2.0) < 0.02
        assert len(np.unique(top["segmentation"])) == 1 and top["segmentation"][0, 0] >= 0

        head = env.camera("head")
        assert head["rgb"].shape == (128, 128, 3)
        assert head["rgb"].std() > 3, "the head camera should see more than one flat colour"
        assert np.isfinite(head["depth"]).any()
        zero = np.zeros(env.action_space.shape)
        env.step(zero)
        again = env.camera("top")
        np.testing.assert_allclose(again["depth"], top["depth"], atol=1e-4)
    finally:
        env.close()


def test_cameras_must_exist_and_be_enabled():
    with pytest.raises(errors.InvalidArgumentError, match="no camera named 'hed'"):
        make(["hed"])
    env = make(["top"])
    try:
        env.reset(seed=0)
        with pytest.raises(errors.InvalidArgumentError, match="camera 'head' was not enabled"):
            env.camera("head")
        with pytest.raises(errors.InvalidArgumentError, match="no camera named 'nope'"):
            env.camera("nope")
    finally:
        env.close()
    with pytest.raises(TypeError, match="list of camera names"):
        trainground.make(STAND_PUSH, overrides=SHORT, cameras="head")


def test_vector_envs_refuse_camera_sensors(lib):
    import ctypes
    import json

    handle = ctypes.c_uint64(0)
    options = json.dumps({"cameras": ["head"], "overrides": SHORT}).encode()
    with pytest.raises(errors.InvalidArgumentError, match="single envs"):
        lib.check(lib.tg_vec_create(str(STAND_PUSH).encode(), options, 2, ctypes.byref(handle)))
    assert handle.value == 0
