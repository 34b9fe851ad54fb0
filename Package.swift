// swift-tools-version:6.0
// TrainingGround: a humanoid-robot training ground for manufacturing work.
// Layers (imports point down only): CBullet → BulletShim → Physics → Runner → tground.
import PackageDescription

let package = Package(
    name: "TrainingGround",
    products: [
        .executable(name: "tground", targets: ["tground"]),
        .library(name: "Physics", targets: ["Physics"]),
        .library(name: "Robot", targets: ["Robot"]),
        // The C ABI (tg_ functions, Tools/python/trainground/trainground.h) for Python and C callers.
        .library(name: "CTrainGround", type: .dynamic, targets: ["TrainGroundABI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Bullet's double-precision build, found through pkg-config. Never the float build.
        .systemLibrary(
            name: "CBullet",
            path: "Sources/CBullet",
            pkgConfig: "bullet-float64",
            providers: [.apt(["libbullet-dev"])]
        ),
        // The only code that includes Bullet headers: an extern "C" API with the tgb_ prefix.
        .target(
            name: "BulletShim",
            dependencies: ["CBullet"],
            path: "Sources/BulletShim",
            cxxSettings: [.define("BT_USE_DOUBLE_PRECISION")]
        ),
        // Swift owners of shim handles: World, Shape, RigidBody, MultiBody, contacts, rays, snapshots.
        .target(name: "Physics", dependencies: ["BulletShim"]),
        // assimp's C API, for robot meshes (STL, OBJ+MTL, DAE, glTF).
        .systemLibrary(
            name: "CAssimp",
            path: "Sources/CAssimp",
            pkgConfig: "assimp",
            providers: [.apt(["libassimp-dev"])]
        ),
        // Robots: the RobotModel value type, URDF and MJCF importers, mesh loaders, and the
        // builder that turns a model into Physics bodies.
        .target(name: "Robot", dependencies: ["Physics", "CAssimp"]),
        // Scenes: the scene file format (YAML → SceneSpec), fixtures, and the world a scene builds.
        .target(name: "Scene", dependencies: ["Physics", "Robot", .product(name: "Yams", package: "Yams")]),
        // OpenGL through libglvnd: EGL for offscreen contexts without an X server, libOpenGL for
        // the GL 3.3 core entry points, libpng for screenshots and camera images.
        .systemLibrary(name: "CEGL", path: "Sources/CEGL", pkgConfig: "egl", providers: [.apt(["libegl-dev"])]),
        .systemLibrary(name: "COpenGL", path: "Sources/COpenGL", pkgConfig: "opengl",
                       providers: [.apt(["libopengl-dev", "libgl-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        // Rendering (no SDL): the OpenGL 3.3 renderer for the viewer's window and offscreen
        // EGL framebuffers, camera sensors (RGB, depth, segmentation) and PNG writing.
        .target(name: "Render", dependencies: ["Physics", "Robot", "Scene", "CEGL", "COpenGL", "CPNG"]),
        // SDL2 for the viewer's window, GL context and input (only Viewer/SDLWindow.swift imports it).
        .systemLibrary(name: "CSDL2", path: "Sources/CSDL2", pkgConfig: "sdl2", providers: [.apt(["libsdl2-dev"])]),
        // The viewer: `tground view`'s window, input, camera, HUD, overlays, capture, and its
        // offscreen twin. Uses only public APIs below it.
        .target(name: "Viewer", dependencies: ["Render", "Scene", "Tasks", "Runner", "Physics", "Robot", "CSDL2", "COpenGL"]),
        // Tasks: the Task protocol and registry, the task suite, and the Episode loop.
        .target(name: "Tasks", dependencies: ["Physics", "Robot", "Scene"]),
        // Control: kinematics, inverse kinematics (later: balance, walking, grasping, experts).
        .target(name: "Control", dependencies: ["Physics", "Robot"]),
        // Headless work: the demo and the benchmarks (later: episodes, batch, regress).
        .target(name: "Runner", dependencies: ["Physics", "Robot", "Scene", "Tasks", "Control"]),
        // The C ABI behind libCTrainGround: handles, envs, vector envs, batch episodes (tg_ prefix).
        .target(name: "TrainGroundABI", dependencies: ["Runner", "Tasks", "Scene", "Physics", "Render"],
                path: "Sources/CTrainGround"),
        .executableTarget(
            name: "tground",
            dependencies: [
                "Runner", "Physics", "Robot", "Scene", "Tasks", "Render", "Viewer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared test fixtures (scenes built in code), used by the test targets only.
        .target(name: "PhysicsTestSupport", dependencies: ["Physics"], path: "Tests/PhysicsTestSupport"),
        .testTarget(name: "PhysicsTests", dependencies: ["Physics", "PhysicsTestSupport"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "Scene", "Tasks"]),
        .testTarget(name: "RobotTests", dependencies: ["Robot", "Physics"]),
        .testTarget(name: "SceneTests", dependencies: ["Scene", "Robot", "Physics"]),
        .testTarget(name: "TasksTests", dependencies: ["Tasks", "Scene", "Robot", "Physics"]),
        .testTarget(name: "ControlTests", dependencies: ["Control", "Robot", "Physics"]),
        // Runs the Python package's pytest suite against the built libCTrainGround.
        .testTarget(name: "TrainGroundABITests", dependencies: ["TrainGroundABI"], path: "Tests/CTrainGroundTests"),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Scene", "Robot", "Physics"]),
        .testTarget(name: "ViewerTests", dependencies: ["Viewer", "Render", "Scene", "Tasks", "Runner", "Physics"]),
    ],
    swiftLanguageModes: [.v5],
    cxxLanguageStandard: .cxx17
)
