// ShadowMap: the depth texture the light renders into, and the orthographic light
// projection that fits the shadow casters.
import COpenGL
import Physics

/// A square depth texture with hardware comparison (sampler2DShadow, linear PCF) and the
/// framebuffer that renders into it. Outside the map everything counts as lit.
final class ShadowMap {
    let size: Int
    let texture: GLuint
    let framebuffer: GLuint

    init(size: Int) throws {
        self.size = size
        var names: [GLuint] = [0]
        glGenTextures(1, &names)
        texture = names[0]
        glBindTexture(GLenum(GL_TEXTURE_2D), texture)
        glTexImage2D(GLenum(GL_TEXTURE_2D), 0, GL_DEPTH_COMPONENT32F, GLsizei(size), GLsizei(size), 0,
                     GLenum(GL_DEPTH_COMPONENT), GLenum(GL_FLOAT), nil)
        for (parameter, value) in [(GL_TEXTURE_MIN_FILTER, GL_LINEAR), (GL_TEXTURE_MAG_FILTER, GL_LINEAR),
                                   (GL_TEXTURE_WRAP_S, GL_CLAMP_TO_BORDER), (GL_TEXTURE_WRAP_T, GL_CLAMP_TO_BORDER),
                                   (GL_TEXTURE_COMPARE_MODE, GL_COMPARE_REF_TO_TEXTURE),
                                   (GL_TEXTURE_COMPARE_FUNC, GL_LEQUAL)] {
            glTexParameteri(GLenum(GL_TEXTURE_2D), GLenum(parameter), value)
        }
        let border: [Float] = [1, 1, 1, 1]
        glTexParameterfv(GLenum(GL_TEXTURE_2D), GLenum(GL_TEXTURE_BORDER_COLOR), border)
        glBindTexture(GLenum(GL_TEXTURE_2D), 0)
        glGenFramebuffers(1, &names)
        framebuffer = names[0]
        glBindFramebuffer(GLenum(GL_FRAMEBUFFER), framebuffer)
        glFramebufferTexture2D(GLenum(GL_FRAMEBUFFER), GLenum(GL_DEPTH_ATTACHMENT), GLenum(GL_TEXTURE_2D), texture, 0)
        glDrawBuffer(GLenum(GL_NONE))
        glReadBuffer(GLenum(GL_NONE))
        let status = glCheckFramebufferStatus(GLenum(GL_FRAMEBUFFER))
        glBindFramebuffer(GLenum(GL_FRAMEBUFFER), 0)
        guard status == GLenum(GL_FRAMEBUFFER_COMPLETE) else {
            release()
            throw RenderError.framebufferIncomplete(status: status)
        }
    }

    func release() {
        var names = [texture]
        glDeleteTextures(1, &names)
        names = [framebuffer]
        glDeleteFramebuffers(1, &names)
    }

    /// World → light clip space for light travelling along `direction`, covering the
    /// sphere (`centre`, `radius`) that holds every shadow caster.
    static func lightViewProjection(direction: Vector3, centre: Vector3, radius: Double) -> Matrix4 {
        let travel = direction.length > 0 ? direction.normalized : -Vector3.unitZ
        let r = max(radius, 1e-3) * 1.05
        let eye = centre - travel * (2 * r)
        let view = Matrix4.lookAt(eye: eye, target: centre, up: .unitZ)
        return Matrix4.orthographic(left: -r, right: r, bottom: -r, top: r, near: r * 0.5, far: r * 3.5) * view
    }
}
