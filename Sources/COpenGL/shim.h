// COpenGL: OpenGL core-profile entry points (libopengl-dev, pkg-config opengl).
// libOpenGL is glvnd's window-system-neutral GL library: every call goes to the context
// current on the calling thread, whether EGL (offscreen) or the viewer's SDL window
// created it. glcorearb.h declares only core-profile functions and constants.
#define GL_GLEXT_PROTOTYPES 1
#include <GL/glcorearb.h>
