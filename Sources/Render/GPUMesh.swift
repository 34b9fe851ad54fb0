// GPUMesh: one triangle mesh uploaded to the GPU (vertex array, vertex and index buffers).
import COpenGL

/// A mesh in GPU memory: attribute 0 is the position, attribute 1 the normal. Owned by a
/// `GeometryCache`; `release()` frees it (with its context current).
final class GPUMesh {
    let vertexArray: GLuint
    let buffers: [GLuint]
    let indexCount: Int32
    /// Distance from the mesh origin to its farthest vertex, before any scale (m).
    let boundingRadius: Double

    init(_ geometry: MeshGeometry) {
        var vao: GLuint = 0
        glGenVertexArrays(1, &vao)
        var names: [GLuint] = [0, 0]
        glGenBuffers(2, &names)
        glBindVertexArray(vao)
        glBindBuffer(GLenum(GL_ARRAY_BUFFER), names[0])
        geometry.vertexData.withUnsafeBytes { bytes in
            glBufferData(GLenum(GL_ARRAY_BUFFER), bytes.count, bytes.baseAddress, GLenum(GL_STATIC_DRAW))
        }
        glBindBuffer(GLenum(GL_ELEMENT_ARRAY_BUFFER), names[1])
        geometry.indices.withUnsafeBytes { bytes in
            glBufferData(GLenum(GL_ELEMENT_ARRAY_BUFFER), bytes.count, bytes.baseAddress, GLenum(GL_STATIC_DRAW))
        }
        let stride = GLsizei(6 * MemoryLayout<Float>.size)
        glEnableVertexAttribArray(0)
        glVertexAttribPointer(0, 3, GLenum(GL_FLOAT), GLboolean(GL_FALSE), stride, nil)
        glEnableVertexAttribArray(1)
        glVertexAttribPointer(1, 3, GLenum(GL_FLOAT), GLboolean(GL_FALSE), stride,
                              UnsafeRawPointer(bitPattern: 3 * MemoryLayout<Float>.size))
        glBindVertexArray(0)
        vertexArray = vao
        buffers = names
        indexCount = Int32(geometry.indices.count)
        boundingRadius = geometry.boundingRadius
    }

    /// Draws every triangle with the program and uniforms already set.
    func draw() {
        glBindVertexArray(vertexArray)
        glDrawElements(GLenum(GL_TRIANGLES), indexCount, GLenum(GL_UNSIGNED_INT), nil)
    }

    func release() {
        var vao = vertexArray
        glDeleteVertexArrays(1, &vao)
        glDeleteBuffers(GLsizei(buffers.count), buffers)
    }
}
