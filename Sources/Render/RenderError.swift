// RenderError: every way rendering, reading back or saving a picture can fail, each with
// a message that says what to do about it.

/// A rendering failure. `description` is a complete sentence for a log or a terminal.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    /// No OpenGL 3.3 core context could be made; `reason` lists what was tried.
    case contextUnavailable(reason: String)
    /// A shader did not compile (`stage`: vertex, geometry or fragment) or link (`stage`:
    /// link); `log` is the driver's message.
    case shaderFailed(stage: String, log: String)
    /// A framebuffer could not be completed (`status` is the GL status code).
    case framebufferIncomplete(status: UInt32)
    /// A picture size outside 1…`limit` pixels per side.
    case invalidSize(width: Int, height: Int, limit: Int)
    /// `RenderScene.bodyPoses` must hold one pose per drawable.
    case poseCountMismatch(drawables: Int, poses: Int)
    /// A camera with near/far/field of view that cannot project.
    case invalidCamera(String)
    /// libpng could not write or read `path`.
    case png(path: String, message: String)
    /// A GL error code raised while doing `operation`.
    case glError(code: UInt32, operation: String)

    public var description: String {
        switch self {
        case .contextUnavailable(let reason):
            return "no OpenGL 3.3 core context: \(reason)"
        case .shaderFailed(let stage, let log):
            return "shader \(stage) failed: \(log)"
        case .framebufferIncomplete(let status):
            return "offscreen framebuffer incomplete (GL status 0x\(String(status, radix: 16)))"
        case .invalidSize(let width, let height, let limit):
            return "picture size \(width)×\(height) is outside 1…\(limit) pixels per side"
        case .poseCountMismatch(let drawables, let poses):
            return "render scene has \(drawables) drawables but \(poses) body poses; give one pose per drawable"
        case .invalidCamera(let problem):
            return "camera cannot project: \(problem)"
        case .png(let path, let message):
            return "PNG \(path): \(message)"
        case .glError(let code, let operation):
            return "OpenGL error 0x\(String(code, radix: 16)) during \(operation)"
        }
    }
}
