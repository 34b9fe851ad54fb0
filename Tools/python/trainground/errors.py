"""Exceptions raised for the library's error statuses (see trainground.h).

Every exception carries the library's message (``tg_last_error()``) and its status code.
Size and action problems are also ``ValueError``s, so callers that guard with
``except ValueError`` keep working.
"""

from __future__ import annotations

import gymnasium.error


class TrainGroundError(RuntimeError):
    """A TrainingGround library call failed; ``status`` is its TG_ERROR_* code."""

    status: int = 8

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


class InvalidHandleError(TrainGroundError):
    """The handle is 0, destroyed, closed or never created (TG_ERROR_INVALID_HANDLE)."""

    status = 1


class InvalidArgumentError(TrainGroundError, ValueError):
    """A NULL pointer, bad options, a bad index or an unknown policy (TG_ERROR_INVALID_ARGUMENT)."""

    status = 2


class BufferSizeError(TrainGroundError, ValueError):
    """A buffer's element count differs from the env's (TG_ERROR_BUFFER_SIZE)."""

    status = 3


class NonFiniteActionError(TrainGroundError, ValueError):
    """An action entry is NaN or infinite; nothing was stepped (TG_ERROR_NON_FINITE_ACTION)."""

    status = 4


class SceneError(TrainGroundError, ValueError):
    """The scene failed to load: the message is ``file:line: key.path: message`` (TG_ERROR_SCENE)."""

    status = 5


class EpisodeOverError(TrainGroundError):
    """``step`` after the episode ended, before ``reset`` (TG_ERROR_EPISODE_OVER)."""

    status = 6


class RenderUnavailableError(TrainGroundError, NotImplementedError):
    """No offscreen OpenGL 3.3 context could be made on this machine (TG_ERROR_RENDER_UNAVAILABLE)."""

    status = 7


class ClosedEnvError(gymnasium.error.ClosedEnvironmentError, InvalidHandleError):
    """The env was closed; make a new one."""


class LibraryNotFoundError(TrainGroundError, FileNotFoundError):
    """libCTrainGround.so was not found (build it with ``swift build``)."""


BY_STATUS = {
    1: InvalidHandleError,
    2: InvalidArgumentError,
    3: BufferSizeError,
    4: NonFiniteActionError,
    5: SceneError,
    6: EpisodeOverError,
    7: RenderUnavailableError,
    8: TrainGroundError,
}
