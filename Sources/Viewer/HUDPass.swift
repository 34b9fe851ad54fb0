// HUDPass: draws a HUDCanvas over the picture in the bound framebuffer (the window's, or an
// offscreen one) — blended textured triangles from the bitmap-font atlas, no depth test.
import COpenGL
import Render

/// The viewer's screen-space pass. Create, use and drop it with the same GL context
/// current (the window's or the offscreen renderer's); `release()` frees its GPU objects.
public final class HUDPass {
    private let program: GLuint
    private let vertexArray: GLuint
    private let buffer: GLuint
    private let texture: GLuint
    private let viewportLocation: GLint
    private var released = false

    public init() throws {
        program = try Self.link(vertex: Self.vertexSource, fragment: Self.fragmentSource)
        viewportLocation = glGetUniformLocation(program, "viewportSize")
        var vao: GLuint = 0, vbo: GLuint = 0, atlasTexture: GLuint = 0
        glGenVertexArrays(1, &vao)
        glGenBuffers(1, &vbo)
        glBindVertexArray(vao)
        glBindBuffer(GLenum(GL_ARRAY_BUFFER), vbo)
        let stride = GLsizei(HUDCanvas.floatsPerVertex * MemoryLayout<Float>.size)
        for (attribute, count, offset) in [(GLuint(0), GLint(2), 0), (1, 2, 2), (2, 4, 4)] {
            glEnableVertexAttribArray(attribute)
            glVertexAttribPointer(attribute, count, GLenum(GL_FLOAT), GLboolean(GL_FALSE), stride,
                                  UnsafeRawPointer(bitPattern: offset * MemoryLayout<Float>.size))
        }
        glBindVertexArray(0)
        // The font atlas: one byte per texel, sampled without filtering.
        let atlas = BitmapFont.atlas
        glGenTextures(1, &atlasTexture)
        glBindTexture(GLenum(GL_TEXTURE_2D), atlasTexture)
        glPixelStorei(GLenum(GL_UNPACK_ALIGNMENT), 1)
        atlas.texels.withUnsafeBytes { bytes in
            glTexImage2D(GLenum(GL_TEXTURE_2D), 0, GL_R8, GLsizei(atlas.width), GLsizei(atlas.height), 0, GLenum(GL_RED),
                         GLenum(GL_UNSIGNED_BYTE), bytes.baseAddress)
        }
        for (parameter, value) in [(GL_TEXTURE_MIN_FILTER, GL_NEAREST), (GL_TEXTURE_MAG_FILTER, GL_NEAREST),
                                   (GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE), (GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE)] {
            glTexParameteri(GLenum(GL_TEXTURE_2D), GLenum(parameter), value)
        }
        glBindTexture(GLenum(GL_TEXTURE_2D), 0)
        vertexArray = vao
        buffer = vbo
        texture = atlasTexture
        let error = glGetError()
        guard error == GLenum(GL_NO_ERROR) else {
            release()
            throw RenderError.glError(code: error, operation: "creating the HUD pass")
        }
    }

    deinit { release() }

    /// Frees the GPU objects (the context must be current). Safe to call twice.
    public func release() {
        guard !released else { return }
        released = true
        glDeleteProgram(program)
        var vao = vertexArray, vbo = buffer, atlasTexture = texture
        glDeleteVertexArrays(1, &vao)
        glDeleteBuffers(1, &vbo)
        glDeleteTextures(1, &atlasTexture)
    }

    /// Draws `canvas` into the bound framebuffer, whose size must be the canvas's. Writes
    /// colour only (never depth, nor the id attachment of an offscreen framebuffer).
    public func draw(_ canvas: HUDCanvas) {
        guard canvas.vertexCount > 0 else { return }
        glViewport(0, 0, GLsizei(canvas.width), GLsizei(canvas.height))
        glDisable(GLenum(GL_DEPTH_TEST))
        glDepthMask(GLboolean(GL_FALSE))
        glEnable(GLenum(GL_BLEND))
        glBlendFuncSeparate(GLenum(GL_SRC_ALPHA), GLenum(GL_ONE_MINUS_SRC_ALPHA), GLenum(GL_ONE), GLenum(GL_ONE_MINUS_SRC_ALPHA))
        glColorMaski(1, GLboolean(GL_FALSE), GLboolean(GL_FALSE), GLboolean(GL_FALSE), GLboolean(GL_FALSE))
        glUseProgram(program)
        glUniform2f(viewportLocation, Float(canvas.width), Float(canvas.height))
        glActiveTexture(GLenum(GL_TEXTURE0))
        glBindTexture(GLenum(GL_TEXTURE_2D), texture)
        glBindVertexArray(vertexArray)
        glBindBuffer(GLenum(GL_ARRAY_BUFFER), buffer)
        canvas.vertices.withUnsafeBytes { bytes in
            glBufferData(GLenum(GL_ARRAY_BUFFER), GLsizeiptr(bytes.count), bytes.baseAddress, GLenum(GL_STREAM_DRAW))
        }
        glDrawArrays(GLenum(GL_TRIANGLES), 0, GLsizei(canvas.vertexCount))
        // Leave GL as the renderer expects it.
        glBindVertexArray(0)
        glBindTexture(GLenum(GL_TEXTURE_2D), 0)
        glUseProgram(0)
        glColorMaski(1, GLboolean(GL_TRUE), GLboolean(GL_TRUE), GLboolean(GL_TRUE), GLboolean(GL_TRUE))
        glDisable(GLenum(GL_BLEND))
        glDepthMask(GLboolean(GL_TRUE))
        glEnable(GLenum(GL_DEPTH_TEST))
    }

    // MARK: - Shaders

    static let vertexSource = """
        #version 330 core
        layout(location = 0) in vec2 position;
        layout(location = 1) in vec2 texcoord;
        layout(location = 2) in vec4 color;
        uniform vec2 viewportSize;
        out vec2 atlasCoordinate;
        out vec4 tint;
        void main() {
            // Pixels from the top-left corner → normalised device coordinates.
            vec2 ndc = vec2(position.x / viewportSize.x * 2.0 - 1.0, 1.0 - position.y / viewportSize.y * 2.0);
            gl_Position = vec4(ndc, 0.0, 1.0);
            atlasCoordinate = texcoord;
            tint = color;
        }
        """

    static let fragmentSource = """
        #version 330 core
        in vec2 atlasCoordinate;
        in vec4 tint;
        uniform sampler2D atlas;
        layout(location = 0) out vec4 fragmentColor;
        void main() {
            float coverage = texture(atlas, atlasCoordinate).r;
            if (coverage < 0.5) discard;
            fragmentColor = vec4(tint.rgb, tint.a);
        }
        """

    private static func link(vertex: String, fragment: String) throws -> GLuint {
        let vertexShader = try compile(vertex, kind: GL_VERTEX_SHADER, stage: "HUD vertex")
        defer { glDeleteShader(vertexShader) }
        let fragmentShader = try compile(fragment, kind: GL_FRAGMENT_SHADER, stage: "HUD fragment")
        defer { glDeleteShader(fragmentShader) }
        let program = glCreateProgram()
        glAttachShader(program, vertexShader)
        glAttachShader(program, fragmentShader)
        glLinkProgram(program)
        var linked: GLint = 0
        glGetProgramiv(program, GLenum(GL_LINK_STATUS), &linked)
        guard linked == GL_TRUE else {
            let log = infoLog(program, length: glGetProgramiv, text: glGetProgramInfoLog)
            glDeleteProgram(program)
            throw RenderError.shaderFailed(stage: "HUD link", log: log)
        }
        return program
    }

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
            let log = infoLog(shader, length: glGetShaderiv, text: glGetShaderInfoLog)
            glDeleteShader(shader)
            throw RenderError.shaderFailed(stage: stage, log: log)
        }
        return shader
    }

    private static func infoLog(_ object: GLuint, length: (GLuint, GLenum, UnsafeMutablePointer<GLint>?) -> Void,
                                text: (GLuint, GLsizei, UnsafeMutablePointer<GLsizei>?, UnsafeMutablePointer<GLchar>?) -> Void)
        -> String {
        var size: GLint = 0
        length(object, GLenum(GL_INFO_LOG_LENGTH), &size)
        var buffer = [GLchar](repeating: 0, count: Int(max(size, 1)))
        text(object, GLsizei(buffer.count), nil, &buffer)
        return String(cString: buffer)
    }
}
