// CEGL: EGL through libglvnd (libegl-dev, pkg-config egl). The Render module uses it to
// create OpenGL contexts with no window and no X server (Mesa's surfaceless platform, or
// an EGL device). Extension functions are looked up with eglGetProcAddress.
#include <EGL/egl.h>
#include <EGL/eglext.h>
