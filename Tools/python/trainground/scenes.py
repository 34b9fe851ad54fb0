"""Scene files and the Gymnasium ids registered for them.

Every ``Scenes/<name>.yaml`` of the repository (or of ``$TRAINGROUND_SCENES``) gets the id
``TrainingGround/<CamelName>-v0``: ``stand_push.yaml`` → ``TrainingGround/StandPush-v0``.
"""

from __future__ import annotations

import os
from pathlib import Path

import gymnasium

from . import _library

NAMESPACE = "TrainingGround"


def scenes_directory() -> Path | None:
    """``$TRAINGROUND_SCENES``, else the ``Scenes`` folder of the repository."""
    override = os.environ.get("TRAINGROUND_SCENES")
    if override:
        return Path(override)
    for root in _library.repository_roots():
        if (root / "Scenes").is_dir() and (root / "Package.swift").is_file():
            return root / "Scenes"
    return None


def scene_files() -> dict[str, Path]:
    """Scene name (file stem) → path, sorted by name."""
    directory = scenes_directory()
    if directory is None:
        return {}
    return {path.stem: path for path in sorted(directory.glob("*.yaml"))}


def env_id(scene_name: str) -> str:
    """``stand_push`` → ``TrainingGround/StandPush-v0``."""
    return f"{NAMESPACE}/{''.join(part.capitalize() for part in scene_name.split('_'))}-v0"


def resolve(scene: str | os.PathLike) -> Path:
    """A scene path from a path, a scene name (``stand_push``) or a Gymnasium id."""
    text = os.fspath(scene)
    path = Path(text)
    if path.suffix in (".yaml", ".yml") or os.sep in text:
        return path.resolve()
    files = scene_files()
    if text in files:
        return files[text].resolve()
    for name, file in files.items():
        if env_id(name) == text:
            return file.resolve()
    known = ", ".join(files) or f"none found (set TRAINGROUND_SCENES; looked in {scenes_directory()})"
    raise FileNotFoundError(f"unknown scene '{text}': give a .yaml path or one of: {known}")


def register_all() -> list[str]:
    """Registers an id per scene file (idempotent); returns the ids."""
    ids = []
    for name, path in scene_files().items():
        identifier = env_id(name)
        ids.append(identifier)
        if identifier in gymnasium.registry:
            continue
        gymnasium.register(
            id=identifier,
            entry_point="trainground.env:TrainGroundEnv",
            vector_entry_point="trainground.vector:TrainGroundVectorEnv",
            kwargs={"scene": str(path)},
        )
    return ids
