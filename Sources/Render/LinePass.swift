// LinePass: the viewer's annotations — wide line segments (force arrows, drag springs,
// link frames) and round points (contacts) — streamed to the GPU each frame.
import COpenGL
import Physics

final class LinePass {
    private let lineProgram: ShaderProgram
    private let pointProgram: ShaderProgram
    private let vertexArray: GLuint
    private let buffer: GLuint
    /// Floats per vertex: position (3), colour (4), width or size in pixels (1).
    private static let stride = 8

    init() throws {
        lineProgram = try ShaderProgram(label: "line", vertex: ShaderSources.lineVertex,
                                        geometry: ShaderSources.lineGeometry, fragment: ShaderSources.lineFragment)
        pointProgram = try ShaderProgram(label: "point", vertex: ShaderSources.pointVertex,
                                         fragment: ShaderSources.pointFragment)
        var vao: GLuint = 0
        glGenVertexArrays(1, &vao)
        var vbo: GLuint = 0
        glGenBuffers(1, &vbo)
        glBindVertexArray(vao)
        glBindBuffer(GLenum(GL_ARRAY_BUFFER), vbo)
        let bytes = GLsizei(Self.stride * MemoryLayout<Float>.size)
        for (attribute, count, offset) in [(GLuint(0), GLint(3), 0), (1, 4, 3), (2, 1, 7)] {
            glEnableVertexAttribArray(attribute)
            glVertexAttribPointer(attribute, count, GLenum(GL_FLOAT), GLboolean(GL_FALSE), bytes,
                                  UnsafeRawPointer(bitPattern: offset * MemoryLayout<Float>.size))
        }
        glBindVertexArray(0)
        vertexArray = vao
        buffer = vbo
    }

    func release() {
        lineProgram.release()
        pointProgram.release()
        var vao = vertexArray, vbo = buffer
        glDeleteVertexArrays(1, &vao)
        glDeleteBuffers(1, &vbo)
    }

    /// Draws `lines` into the bound target (`width` × `height` pixels), colour only.
    func draw(lines: [LineSegment], viewProjection: Matrix4, width: Int, height: Int) {
        guard !lines.isEmpty else { return }
        var data: [Float] = []
        data.reserveCapacity(lines.count * 2 * Self.stride)
        for line in lines where line.start.isFinite && line.end.isFinite {
            for point in [line.start, line.end] {
                data += [Float(point.x), Float(point.y), Float(point.z),
                         line.color.x, line.color.y, line.color.z, line.color.w, max(line.width, 1)]
            }
        }
        beginAnnotations()
        lineProgram.use()
        lineProgram.set("viewProjection", viewProjection)
        lineProgram.set("viewportSize", Float(width), Float(height))
        upload(data)
        glDrawArrays(GLenum(GL_LINES), 0, GLsizei(data.count / Self.stride))
        endAnnotations()
    }

    /// Draws `points` into the bound target, colour only.
    func draw(points: [PointMarker], viewProjection: Matrix4) {
        guard !points.isEmpty else { return }
        var data: [Float] = []
        data.reserveCapacity(points.count * Self.stride)
        for point in points where point.position.isFinite {
            let p = point.position
            data += [Float(p.x), Float(p.y), Float(p.z), point.color.x, point.color.y, point.color.z, point.color.w,
                     max(point.size, 1)]
        }
        beginAnnotations()
        glEnable(GLenum(GL_PROGRAM_POINT_SIZE))
        pointProgram.use()
        pointProgram.set("viewProjection", viewProjection)
        upload(data)
        glDrawArrays(GLenum(GL_POINTS), 0, GLsizei(data.count / Self.stride))
        glDisable(GLenum(GL_PROGRAM_POINT_SIZE))
        endAnnotations()
    }

    private func upload(_ data: [Float]) {
        glBindVertexArray(vertexArray)
        glBindBuffer(GLenum(GL_ARRAY_BUFFER), buffer)
        data.withUnsafeBytes { bytes in
            glBufferData(GLenum(GL_ARRAY_BUFFER), bytes.count, bytes.baseAddress, GLenum(GL_STREAM_DRAW))
        }
    }

    // Depth-tested, blended, writing neither depth nor ids.
    private func beginAnnotations() {
        glEnable(GLenum(GL_DEPTH_TEST))
        glDepthFunc(GLenum(GL_LEQUAL))
        glDepthMask(GLboolean(GL_FALSE))
        glEnable(GLenum(GL_BLEND))
        glBlendFunc(GLenum(GL_SRC_ALPHA), GLenum(GL_ONE_MINUS_SRC_ALPHA))
        glColorMaski(1, GLboolean(GL_FALSE), GLboolean(GL_FALSE), GLboolean(GL_FALSE), GLboolean(GL_FALSE))
    }

    private func endAnnotations() {
        glDepthFunc(GLenum(GL_LESS))
        glDepthMask(GLboolean(GL_TRUE))
        glDisable(GLenum(GL_BLEND))
    }
}
