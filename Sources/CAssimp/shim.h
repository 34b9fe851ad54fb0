// CAssimp: assimp's C API (libassimp-dev, pkg-config assimp) for reading STL, OBJ+MTL,
// Collada and glTF meshes. Only the Robot module's mesh loader imports it.
#include <assimp/cimport.h>
#include <assimp/scene.h>
#include <assimp/postprocess.h>
#include <assimp/version.h>
