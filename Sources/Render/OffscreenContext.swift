// OffscreenContext: an OpenGL 3.3 core context made with EGL and no window, so cameras and
// headless screenshots render without an X server (Mesa's surfaceless platform, else an
// EGL device such as a GPU, else the default display).
import CEGL
import Foundation

/// Owns one EGL context (and, only on EGL stacks without surfaceless contexts, a 1×1
/// pbuffer). The context is current on at most one thread at a time: call `makeCurrent()`
/// on the thread that renders (`OffscreenRenderer` does this before every frame). Use one
/// context per thread for parallel rendering. The context is destroyed in `deinit`.
public final class OffscreenContext {
    /// Which EGL platform the context came from, e.g. "surfaceless".
    public let platform: String
    /// GL_VENDOR, GL_RENDERER and GL_VERSION of the context, e.g. "Mesa llvmpipe (LLVM 15…) 4.5 (Core Profile)".
    public private(set) var glDescription = ""

    private let display: EGLDisplay
    private let context: EGLContext
    private let surface: EGLSurface?

    /// Creates a GL 3.3 core context. Throws `RenderError.contextUnavailable` listing every
    /// platform tried and why it failed.
    public init() throws {
        let connection = try EGLConnection.shared.get()
        display = connection.display
        platform = connection.platform
        guard eglBindAPI(EGLenum(EGL_OPENGL_API)) == EGLBoolean(EGL_TRUE) else {
            throw RenderError.contextUnavailable(reason: "EGL on \(platform) has no desktop OpenGL API (\(EGLConnection.lastError()))")
        }
        let extensions = eglQueryString(display, EGL_EXTENSIONS).map { String(cString: $0) } ?? ""
        let config = connection.needsConfig(extensions: extensions) ? try Self.chooseConfig(display) : nil
        let attributes: [EGLint] = [
            EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
            EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE,
        ]
        guard let created = eglCreateContext(display, config, nil, attributes) else {
            throw RenderError.contextUnavailable(reason: "eglCreateContext(GL 3.3 core) on \(platform) failed: \(EGLConnection.lastError())")
        }
        context = created
        if extensions.contains("EGL_KHR_surfaceless_context") {
            surface = nil
        } else {
            let size: [EGLint] = [EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE]
            guard let pbuffer = eglCreatePbufferSurface(display, config, size) else {
                eglDestroyContext(display, created)
                throw RenderError.contextUnavailable(reason: "eglCreatePbufferSurface on \(platform) failed: \(EGLConnection.lastError())")
            }
            surface = pbuffer
        }
        try makeCurrent()
        glDescription = GLInfo.description()
    }

    deinit {
        if eglGetCurrentContext() == context {
            eglMakeCurrent(display, nil, nil, nil)
        }
        if let surface { eglDestroySurface(display, surface) }
        eglDestroyContext(display, context)
    }

    /// Makes this context current on the calling thread (cheap when it already is).
    public func makeCurrent() throws {
        if eglGetCurrentContext() == context { return }
        eglBindAPI(EGLenum(EGL_OPENGL_API))
        guard eglMakeCurrent(display, surface, surface, context) == EGLBoolean(EGL_TRUE) else {
            throw RenderError.contextUnavailable(reason: "eglMakeCurrent on \(platform) failed: \(EGLConnection.lastError())")
        }
    }

    /// Releases the context from the calling thread so another thread may make it current.
    public func release() {
        if eglGetCurrentContext() == context {
            eglMakeCurrent(display, nil, nil, nil)
        }
    }

    // An RGBA8 + depth config that can render desktop OpenGL into a pbuffer.
    private static func chooseConfig(_ display: EGLDisplay) throws -> EGLConfig? {
        let wanted: [EGLint] = [
            EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
            EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_DEPTH_SIZE, 24, EGL_NONE,
        ]
        var config: EGLConfig?
        var count: EGLint = 0
        guard eglChooseConfig(display, wanted, &config, 1, &count) == EGLBoolean(EGL_TRUE), count > 0 else {
            throw RenderError.contextUnavailable(reason: "no EGL config renders desktop OpenGL into a pbuffer (\(EGLConnection.lastError()))")
        }
        return config
    }
}

/// The process-wide EGL display, opened once and never terminated (EGL displays are not
/// reference counted, so terminating one would break every other context).
struct EGLConnection: @unchecked Sendable {
    let display: EGLDisplay
    let platform: String

    static let shared: Result<EGLConnection, RenderError> = open()

    /// Whether contexts on this display need an EGLConfig (no EGL_KHR_no_config_context,
    /// or no surfaceless contexts so a pbuffer is needed).
    func needsConfig(extensions: String) -> Bool {
        !extensions.contains("EGL_KHR_no_config_context") || !extensions.contains("EGL_KHR_surfaceless_context")
    }

    /// The EGL error of the calling thread's last EGL call, as hex.
    static func lastError() -> String { "EGL error 0x" + String(eglGetError(), radix: 16) }

    // Tries Mesa's surfaceless platform, then every EGL device, then the default display.
    private static func open() -> Result<EGLConnection, RenderError> {
        let clientExtensions = eglQueryString(nil, EGL_EXTENSIONS).map { String(cString: $0) } ?? ""
        var tried: [String] = []
        func attempt(_ name: String, _ display: EGLDisplay?) -> EGLConnection? {
            guard let display else {
                tried.append("\(name): no display (\(lastError()))")
                return nil
            }
            var major: EGLint = 0, minor: EGLint = 0
            guard eglInitialize(display, &major, &minor) == EGLBoolean(EGL_TRUE) else {
                tried.append("\(name): eglInitialize failed (\(lastError()))")
                return nil
            }
            return EGLConnection(display: display, platform: name)
        }
        if clientExtensions.contains("EGL_MESA_platform_surfaceless"),
           let found = attempt("surfaceless", eglGetPlatformDisplay(EGLenum(EGL_PLATFORM_SURFACELESS_MESA), nil, nil)) {
            return .success(found)
        }
        for (index, device) in devices(clientExtensions: clientExtensions).enumerated() {
            if let found = attempt("device \(index)", eglGetPlatformDisplay(EGLenum(EGL_PLATFORM_DEVICE_EXT), device, nil)) {
                return .success(found)
            }
        }
        if let found = attempt("default display", eglGetDisplay(nil)) {
            return .success(found)
        }
        if tried.isEmpty { tried.append("no EGL platform available (is libegl-mesa0 installed?)") }
        return .failure(.contextUnavailable(reason: tried.joined(separator: "; ")))
    }

    // The EGL devices (EGL_EXT_device_enumeration), looked up through eglGetProcAddress.
    private static func devices(clientExtensions: String) -> [EGLDeviceEXT?] {
        guard clientExtensions.contains("EGL_EXT_device_enumeration") || clientExtensions.contains("EGL_EXT_device_base"),
              clientExtensions.contains("EGL_EXT_platform_device"),
              let address = eglGetProcAddress("eglQueryDevicesEXT") else { return [] }
        typealias QueryDevices = @convention(c) (EGLint, UnsafeMutablePointer<EGLDeviceEXT?>?, UnsafeMutablePointer<EGLint>?) -> EGLBoolean
        let queryDevices = unsafeBitCast(address, to: QueryDevices.self)
        var devices = [EGLDeviceEXT?](repeating: nil, count: 16)
        var count: EGLint = 0
        guard queryDevices(EGLint(devices.count), &devices, &count) == EGLBoolean(EGL_TRUE) else { return [] }
        return Array(devices.prefix(Int(count)))
    }
}
