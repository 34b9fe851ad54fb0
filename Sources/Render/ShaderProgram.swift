// ShaderProgram: one linked GLSL program and its uniform setters.
import COpenGL

/// A linked GLSL 3.30 program. Owned by the renderer that created it; deleted by
/// `release()` (with its context current).
final class ShaderProgram {
    let name: GLuint
    private var locations: [String: GLint] = [:]

    /// Compiles and links `vertex`, optional `geometry` and `fragment` sources. Throws
    /// `RenderError.shaderFailed` with the driver's log, prefixed by `label`.
    init(label: String, vertex: String, geometry: String? = nil, fragment: String) throws {
        var shaders: [GLuint] = []
        defer { shaders.forEach { glDeleteShader($0) } }
        shaders.append(try Self.compile(vertex, kind: GL_VERTEX_SHADER, stage: "\(label) vertex"))
        if let geometry {
            shaders.append(try Self.compile(geometry, kind: GL_GEOMETRY_SHADER, stage: "\(label) geometry"))
        }
        shaders.append(try Self.compile(fragment, kind: GL_FRAGMENT_SHADER, stage: "\(label) fragment"))
        let program = glCreateProgram()
        shaders.forEach { glAttachShader(program, $0) }
        glLinkProgram(program)
        var linked: GLint = 0
        glGetProgramiv(program, GLenum(GL_LINK_STATUS), &linked)
        guard linked == GL_TRUE else {
            let log = Self.log(program, length: glGetProgramiv, text: glGetProgramInfoLog)
            glDeleteProgram(program)
            throw RenderError.shaderFailed(stage: "\(label) link", log: log)
        }
        name = program
    }

    func release() { glDeleteProgram(name) }

    func use() { glUseProgram(name) }

    // MARK: - Uniforms (the program must be in use)

    func location(_ uniform: String) -> GLint {
        if let known = locations[uniform] { return known }
        let found = glGetUniformLocation(name, uniform)
        locations[uniform] = found
        return found
    }

    func set(_ uniform: String, _ matrix: Matrix4) {
        glUniformMatrix4fv(location(uniform), 1, GLboolean(GL_FALSE), matrix.floats)
    }

    func set(_ uniform: String, normalMatrix matrix: Matrix4) {
        glUniformMatrix3fv(location(uniform), 1, GLboolean(GL_FALSE), matrix.upperLeftFloats)
    }

    func set(_ uniform: String, _ x: Float) { glUniform1f(location(uniform), x) }
    func set(_ uniform: String, _ x: Float, _ y: Float) { glUniform2f(location(uniform), x, y) }
    func set(_ uniform: String, _ x: Float, _ y: Float, _ z: Float) { glUniform3f(location(uniform), x, y, z) }
    func set(_ uniform: String, _ x: Float, _ y: Float, _ z: Float, _ w: Float) {
        glUniform4f(location(uniform), x, y, z, w)
    }
    func set(_ uniform: String, int value: Int32) { glUniform1i(location(uniform), value) }
    func set(_ uniform: String, ints x: Int32, _ y: Int32) { glUniform2i(location(uniform), x, y) }

    // MARK: - Compiling

    private static func compile(_ source: String, kind: Int32, stage: String) throws -> GLuint {
        let shader = glCreateShader(GLenum(kind))
        source.withCString { text in
            var pointer: UnsafePointer<GLchar>? = text
            glShaderSource(shader, 1, &pointer, nil)
        }
        glCompileShader(shader)
        var compiled: GLint = 0
        glGetShaderiv(shader, GLenum(GL_COMPILE_STATUS), &compiled)
        guard compiled == GL_TRUE else {
            let log = Self.log(shader, length: glGetShaderiv, text: glGetShaderInfoLog)
            glDeleteShader(shader)
            throw RenderError.shaderFailed(stage: stage, log: log)
        }
        return shader
    }

    private static func log(_ object: GLuint,
                            length: (GLuint, GLenum, UnsafeMutablePointer<GLint>?) -> Void,
                            text: (GLuint, GLsizei, UnsafeMutablePointer<GLsizei>?, UnsafeMutablePointer<GLchar>?) -> Void)
        -> String {
        var size: GLint = 0
        length(object, GLenum(GL_INFO_LOG_LENGTH), &size)
        guard size > 0 else { return "(no log)" }
        var buffer = [GLchar](repeating: 0, count: Int(size) + 1)
        text(object, size, nil, &buffer)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
