// FramebufferBlit: copies an offscreen framebuffer's colour picture onto the window, scaled
// (the viewer draws at reduced resolution on software GL and shows the picture full size).
// A small extension owned by the viewer's half of the work.
import COpenGL

extension Framebuffer {
    /// Copies the colour attachment onto framebuffer 0 of the current context (the window),
    /// stretched to `width` × `height` pixels with linear filtering, and leaves framebuffer 0
    /// bound. The window's context must be the one this framebuffer was made in.
    public func blitToWindow(width: Int, height: Int) {
        glBindFramebuffer(GLenum(GL_READ_FRAMEBUFFER), name)
        glReadBuffer(GLenum(GL_COLOR_ATTACHMENT0))
        glBindFramebuffer(GLenum(GL_DRAW_FRAMEBUFFER), 0)
        glBlitFramebuffer(0, 0, GLint(self.width), GLint(self.height), 0, 0, GLint(width), GLint(height),
                          GLbitfield(GL_COLOR_BUFFER_BIT), GLenum(GL_LINEAR))
        glBindFramebuffer(GLenum(GL_FRAMEBUFFER), 0)
    }
}
