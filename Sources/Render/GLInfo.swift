// GLInfo: what the current OpenGL context is, and its pending error, in words.
import COpenGL

/// Questions about the OpenGL context current on the calling thread.
public enum GLInfo {
    /// "VENDOR RENDERER, VERSION" of the current context, e.g.
    /// "Mesa llvmpipe (LLVM 15.0.6, 256 bits), 4.5 (Core Profile) Mesa 22.3.6"; empty with no context.
    public static func description() -> String {
        func string(_ name: Int32) -> String {
            glGetString(GLenum(name)).map { String(cString: $0) } ?? ""
        }
        let vendor = string(GL_VENDOR), renderer = string(GL_RENDERER), version = string(GL_VERSION)
        if renderer.isEmpty { return "" }
        return "\(vendor) \(renderer), \(version)"
    }

    /// Whether a GL description (see `description()`) names a software rasterizer
    /// (llvmpipe, softpipe, SWR): frames then cost CPU time, so callers may lower settings.
    public static func isSoftware(_ description: String) -> Bool {
        ["llvmpipe", "softpipe", "swr", "software rasterizer"].contains { description.lowercased().contains($0) }
    }

    /// Throws `RenderError.glError` for the first pending GL error (and clears the rest).
    static func check(_ operation: String) throws {
        let first = glGetError()
        guard first != GLenum(GL_NO_ERROR) else { return }
        var more = glGetError()
        while more != GLenum(GL_NO_ERROR) { more = glGetError() }
        throw RenderError.glError(code: first, operation: operation)
    }
}
