#!/usr/bin/env bash
# Installs the system libraries TrainingGround builds against, from Debian/Ubuntu packages only.
#
# - Idempotent: when every package below is already installed it changes nothing and runs
#   no apt-get at all.
# - Runs as root, or as a user with sudo (apt-get is then run through sudo).
# - Downloads nothing from anywhere but the machine's configured apt sources and, for the
#   Python package's tests, PyPI (through pip, into a virtualenv under .build/python).
set -euo pipefail

# Debian/Ubuntu packages the build needs. Later work adds to this one list.
REQUIRED_PACKAGES=(
    libbullet-dev   # Bullet physics; the double-precision build is pkg-config bullet-float64
    libsdl2-dev     # window and input for the viewer
    libassimp-dev   # robot meshes (STL, OBJ, DAE, glTF) for the Robot module (pkg-config assimp)
    pkg-config      # how SwiftPM finds the C libraries' flags
    libegl-dev      # EGL headers + libEGL (glvnd): offscreen GL contexts with no X server (pkg-config egl)
    libopengl-dev   # libOpenGL (glvnd, no GLX): the GL 3.3 core entry points the renderer calls (pkg-config opengl)
    libgl-dev       # GL/glcorearb.h and KHR/khrplatform.h, the GL core-profile prototypes
    libegl-mesa0    # Mesa's EGL vendor library: surfaceless (EGL_MESA_platform_surfaceless) contexts
    libglx-mesa0    # Mesa's GLX vendor library: the viewer window's OpenGL 3.3 core context on X (and Xvfb)
    libgl1-mesa-dri # Mesa's drivers, including llvmpipe (software GL 4.5) for machines without a GPU
    libpng-dev      # PNG screenshots and camera images, written with libpng (pkg-config libpng)
    xvfb            # a virtual X server for the viewer's window tests when DISPLAY is unset
    xauth           # xvfb-run needs it to hand the virtual display's cookie to the client
    ffmpeg          # the viewer's MP4 recording (a child process; PNG frames when it is absent)
)

# The pkg-config module every Bullet user in the project must use (never plain `bullet`).
BULLET_PKG_CONFIG_MODULE="bullet-float64"

log() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# A package counts as present only when dpkg says "install ok installed".
is_installed() {
    local status
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]]
}

command -v dpkg-query >/dev/null 2>&1 \
    || fail "dpkg-query not found: this script supports Debian and Ubuntu only."

# Collect what is missing.
missing=()
for package in "${REQUIRED_PACKAGES[@]}"; do
    if ! is_installed "$package"; then
        missing+=("$package")
    fi
done

# Install what is missing, as root or through sudo.
if ((${#missing[@]} > 0)); then
    if [[ "$(id -u)" -eq 0 ]]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        fail "missing packages (${missing[*]}) and not root; rerun as root or install sudo."
    fi
    log "installing: ${missing[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    log "all packages present: ${REQUIRED_PACKAGES[*]}"
fi

# Verify the double-precision Bullet build is visible to pkg-config.
command -v pkg-config >/dev/null 2>&1 || fail "pkg-config is not on PATH after installation."
if ! pkg-config --exists "$BULLET_PKG_CONFIG_MODULE"; then
    fail "pkg-config cannot find '$BULLET_PKG_CONFIG_MODULE' (Bullet's double-precision build).
       libbullet-dev on this distribution may be too old to ship it; TrainingGround needs the
       float64 build and must not fall back to the single-precision 'bullet' module."
fi
log "$BULLET_PKG_CONFIG_MODULE $(pkg-config --modversion "$BULLET_PKG_CONFIG_MODULE") found"

# Python: a virtualenv with what Tools/python's tests need (the trainground package itself is
# pure Python found through PYTHONPATH). Skipped when it already imports everything.
REPOSITORY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON_VENV="$REPOSITORY_ROOT/.build/python"
PYTHON_PACKAGES=("numpy>=1.24" "gymnasium>=1.0,<2" "pytest>=7" "ray>=2.9")
PYTHON_IMPORTS="import numpy, gymnasium, pytest, ray"
if "$PYTHON_VENV/bin/python3" -c "$PYTHON_IMPORTS" >/dev/null 2>&1; then
    log "python packages present in $PYTHON_VENV"
else
    command -v python3 >/dev/null 2>&1 || fail "python3 is not on PATH (needed for the trainground Python package)."
    if [[ ! -x "$PYTHON_VENV/bin/python3" ]]; then
        log "creating the virtualenv $PYTHON_VENV"
        mkdir -p "$REPOSITORY_ROOT/.build"
        python3 -m venv "$PYTHON_VENV" \
            || fail "python3 -m venv failed; on Debian/Ubuntu install python3-venv (apt-get install python3-venv)."
    fi
    log "installing python packages: ${PYTHON_PACKAGES[*]}"
    "$PYTHON_VENV/bin/python3" -m pip install --quiet --disable-pip-version-check "${PYTHON_PACKAGES[@]}" \
        || fail "pip could not install ${PYTHON_PACKAGES[*]} from PyPI."
    "$PYTHON_VENV/bin/python3" -c "$PYTHON_IMPORTS" || fail "the virtualenv $PYTHON_VENV cannot import the packages."
fi
