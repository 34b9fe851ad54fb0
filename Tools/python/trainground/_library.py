"""Finding and loading libCTrainGround, and the ctypes declarations of trainground.h.

The library is searched for, in order:

1. ``$TRAINGROUND_LIBRARY`` (a path to the .so);
2. ``.build/debug/libCTrainGround.so`` and ``.build/release/libCTrainGround.so`` under the
   repository this package sits in (``Tools/python/trainground`` → the repository root) and
   under the working directory and its parents — the newest file wins, so the library of
   the last ``swift build`` (debug or ``-c release``) is used.
"""

from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path

from . import errors

ABI_VERSION = 1
LIBRARY_NAME = "libCTrainGround.so"

_lock = threading.Lock()
_library: "Library | None" = None


def repository_roots() -> list[Path]:
    """Directories that may be the TrainingGround repository root, most likely first."""
    roots: list[Path] = []
    package = Path(__file__).resolve().parent
    if package.parent.name == "python" and package.parent.parent.name == "Tools":
        roots.append(package.parent.parent.parent)
    cwd = Path.cwd().resolve()
    roots.extend([cwd, *cwd.parents])
    unique: list[Path] = []
    for root in roots:
        if root not in unique:
            unique.append(root)
    return unique


def library_candidates() -> list[Path]:
    """Existing library files in search order (see the module docstring)."""
    override = os.environ.get("TRAINGROUND_LIBRARY")
    if override:
        return [Path(override)]
    found: list[Path] = []
    for root in repository_roots():
        for configuration in ("debug", "release"):
            path = root / ".build" / configuration / LIBRARY_NAME
            if path.is_file():
                found.append(path)
        if found:
            break
    return sorted(found, key=lambda path: path.stat().st_mtime, reverse=True)


def library_path() -> Path:
    candidates = library_candidates()
    if not candidates:
        raise errors.LibraryNotFoundError(
            f"{LIBRARY_NAME} not found: run `swift build` in the TrainingGround repository, "
            "or set TRAINGROUND_LIBRARY to the library's path"
        )
    path = candidates[0]
    if not path.is_file():
        raise errors.LibraryNotFoundError(f"TRAINGROUND_LIBRARY={path} is not a file")
    return path


u64 = ctypes.c_uint64
i64 = ctypes.c_int64
f64p = ctypes.POINTER(ctypes.c_double)
u8p = ctypes.POINTER(ctypes.c_uint8)
u64p = ctypes.POINTER(ctypes.c_uint64)
i64p = ctypes.POINTER(ctypes.c_int64)
cstr = ctypes.c_char_p
cstrp = ctypes.POINTER(ctypes.c_char_p)
mallocp = ctypes.POINTER(ctypes.c_void_p)

# name: (restype, argtypes); every int-returning function returns a TG status.
_SIGNATURES = {
    "tg_abi_version": (ctypes.c_uint32, []),
    "tg_version": (cstr, []),
    "tg_last_error": (cstr, []),
    "tg_string_free": (None, [ctypes.c_void_p]),
    "tg_next_episode_seed": (u64, [u64]),
    "tg_live_handles": (i64, []),
    "tg_env_create": (ctypes.c_int, [cstr, cstr, u64p]),
    "tg_env_destroy": (ctypes.c_int, [u64]),
    "tg_env_sizes": (ctypes.c_int, [u64, i64p, i64p]),
    "tg_env_spaces_json": (ctypes.c_int, [u64, cstrp]),
    "tg_env_reset": (ctypes.c_int, [u64, u64, ctypes.c_void_p, i64]),
    "tg_env_step": (ctypes.c_int, [u64, ctypes.c_void_p, i64, ctypes.c_void_p, i64, f64p, u8p, u8p]),
    "tg_env_info_json": (ctypes.c_int, [u64, cstrp]),
    "tg_env_render": (ctypes.c_int, [u64, ctypes.c_void_p, i64, i64, i64]),
    "tg_env_cameras_json": (ctypes.c_int, [u64, cstrp]),
    "tg_env_camera": (ctypes.c_int, [u64, cstr, ctypes.c_void_p, i64, ctypes.c_void_p, i64, ctypes.c_void_p, i64,
                                     ctypes.c_void_p, i64]),
    "tg_vec_create": (ctypes.c_int, [cstr, cstr, i64, u64p]),
    "tg_vec_close": (ctypes.c_int, [u64]),
    "tg_vec_destroy": (ctypes.c_int, [u64]),
    "tg_vec_sizes": (ctypes.c_int, [u64, i64p, i64p, i64p]),
    "tg_vec_spaces_json": (ctypes.c_int, [u64, cstrp]),
    "tg_vec_buffers": (ctypes.c_int, [u64, ctypes.POINTER(f64p), ctypes.POINTER(f64p), ctypes.POINTER(u8p),
                                      ctypes.POINTER(u8p)]),
    "tg_vec_reset": (ctypes.c_int, [u64, ctypes.c_void_p, i64]),
    "tg_vec_step": (ctypes.c_int, [u64, ctypes.c_void_p, i64]),
    "tg_vec_info_json": (ctypes.c_int, [u64, cstrp]),
    "tg_vec_render": (ctypes.c_int, [u64, i64, ctypes.c_void_p, i64, i64, i64]),
    "tg_batch_episode_seed": (u64, [u64, i64]),
    "tg_batch_run_episode": (ctypes.c_int, [cstr, cstr, u64, i64, cstr, mallocp]),
    "tg_batch_summary": (ctypes.c_int, [cstr, cstr, mallocp]),
}


class Library:
    """The loaded library: its ctypes functions as attributes, plus ``check``."""

    def __init__(self, path: Path):
        self.path = path
        self.dll = ctypes.CDLL(str(path))
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(self.dll, name)
            function.restype = restype
            function.argtypes = argtypes
            setattr(self, name, function)
        version = self.tg_abi_version()
        if version != ABI_VERSION:
            raise errors.TrainGroundError(
                f"{path} has ABI version {version}; this package needs {ABI_VERSION} (rebuild with `swift build`)"
            )

    def check(self, status: int) -> None:
        """Raises the exception for a non-zero status with the library's message."""
        if status != 0:
            message = (self.tg_last_error() or b"").decode("utf-8", "replace")
            raise errors.BY_STATUS.get(status, errors.TrainGroundError)(message, status)

    def take_string(self, pointer: ctypes.c_void_p) -> str:
        """Copies a malloc'd library string and frees it."""
        try:
            return ctypes.string_at(pointer.value).decode("utf-8")
        finally:
            self.tg_string_free(pointer)


def load() -> Library:
    """The library, loaded once per process."""
    global _library
    with _lock:
        if _library is None:
            _library = Library(library_path())
        return _library
