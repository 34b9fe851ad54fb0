// Framebuffer: an offscreen render target in GPU memory — colour, body/link ids and depth —
// and the readback of each into an image (rows from the top).
import COpenGL

/// An offscreen target of `width` × `height` pixels with three attachments: RGBA8 colour,
/// RG32I (body, link) ids, and 32-bit float depth. Works in any current GL 3.3 context
/// (EGL offscreen or the viewer's window, e.g. for mouse picking).
///
/// Create, render into and read from it with the same context current; free it with
/// `release()`, or let `deinit` do it while that context is current.
public final class Framebuffer {
    public let width: Int
    public let height: Int
    let name: GLuint
    private let renderbuffers: [GLuint]
    private var released = false

    /// Throws `.invalidSize` beyond the driver's renderbuffer limit and
    /// `.framebufferIncomplete` when the driver rejects the attachments.
    public init(width: Int, height: Int) throws {
        var limit: GLint = 0
        glGetIntegerv(GLenum(GL_MAX_RENDERBUFFER_SIZE), &limit)
        guard width > 0, height > 0, width <= Int(limit), height <= Int(limit) else {
            throw RenderError.invalidSize(width: width, height: height, limit: Int(limit))
        }
        self.width = width
        self.height = height
        var framebuffer: GLuint = 0
        glGenFramebuffers(1, &framebuffer)
        var storage: [GLuint] = [0, 0, 0]
        glGenRenderbuffers(3, &storage)
        glBindFramebuffer(GLenum(GL_FRAMEBUFFER), framebuffer)
        let formats = [GL_RGBA8, GL_RG32I, GL_DEPTH_COMPONENT32F]
        let attachments = [GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1, GL_DEPTH_ATTACHMENT]
        for index in 0..<3 {
            glBindRenderbuffer(GLenum(GL_RENDERBUFFER), storage[index])
            glRenderbufferStorage(GLenum(GL_RENDERBUFFER), GLenum(formats[index]), GLsizei(width), GLsizei(height))
            glFramebufferRenderbuffer(GLenum(GL_FRAMEBUFFER), GLenum(attachments[index]), GLenum(GL_RENDERBUFFER),
                                      storage[index])
        }
        let drawBuffers = [GLenum(GL_COLOR_ATTACHMENT0), GLenum(GL_COLOR_ATTACHMENT1)]
        glDrawBuffers(2, drawBuffers)
        let status = glCheckFramebufferStatus(GLenum(GL_FRAMEBUFFER))
        glBindFramebuffer(GLenum(GL_FRAMEBUFFER), 0)
        name = framebuffer
        renderbuffers = storage
        guard status == GLenum(GL_FRAMEBUFFER_COMPLETE) else {
            release()
            throw RenderError.framebufferIncomplete(status: status)
        }
    }

    deinit { release() }

    /// Frees the GPU memory (the owning context must be current). Safe to call twice.
    public func release() {
        guard !released else { return }
        released = true
        var framebuffer = name
        glDeleteFramebuffers(1, &framebuffer)
        glDeleteRenderbuffers(GLsizei(renderbuffers.count), renderbuffers)
    }

    // MARK: - Readback (after rendering; blocks until the GPU has finished)

    /// The colour attachment as 8-bit RGB.
    public func readRGB() -> RGBImage {
        RGBImage(width: width, height: height,
                 pixels: read(attachment: GL_COLOR_ATTACHMENT0, format: GL_RGB, type: GL_UNSIGNED_BYTE, channels: 3,
                              zero: UInt8(0)))
    }

    /// Depth along the view direction in metres for a frame rendered with `camera`
    /// (its near and far planes undo the projection); `Float.infinity` where nothing was drawn.
    public func readDepth(camera: Camera) -> DepthImage {
        let windowDepth = read(attachment: nil, format: GL_DEPTH_COMPONENT, type: GL_FLOAT, channels: 1, zero: Float(0))
        let metres = windowDepth.map { Float(camera.linearDepth(windowDepth: Double($0))) }
        return DepthImage(width: width, height: height, metres: metres)
    }

    /// The (body, link) id attachment.
    public func readSegmentation() -> SegmentationImage {
        let pairs = read(attachment: GL_COLOR_ATTACHMENT1, format: GL_RG_INTEGER, type: GL_INT, channels: 2, zero: Int32(0))
        var bodies = [Int32](repeating: 0, count: width * height)
        var links = [Int32](repeating: 0, count: width * height)
        for pixel in 0..<(width * height) {
            bodies[pixel] = pairs[2 * pixel]
            links[pixel] = pairs[2 * pixel + 1]
        }
        return SegmentationImage(width: width, height: height, bodyIDs: bodies, linkIDs: links)
    }

    /// (body, link) at column `x`, row `y` from the top-left: one pixel, for picking a body
    /// under the mouse. Nil outside the picture.
    public func segmentation(x: Int, y: Int) -> (body: Int32, link: Int32)? {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return nil }
        var pair: [Int32] = [SegmentationImage.none, SegmentationImage.none]
        readPixel(x: x, y: y, attachment: GL_COLOR_ATTACHMENT1, format: GL_RG_INTEGER, type: GL_INT, into: &pair)
        return (pair[0], pair[1])
    }

    /// Depth (m along the view direction of `camera`) at column `x`, row `y` from the
    /// top-left; `.infinity` where nothing was drawn, nil outside the picture.
    public func depth(x: Int, y: Int, camera: Camera) -> Double? {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return nil }
        var value: [Float] = [1]
        readPixel(x: x, y: y, attachment: nil, format: GL_DEPTH_COMPONENT, type: GL_FLOAT, into: &value)
        return camera.linearDepth(windowDepth: Double(value[0]))
    }

    private func readPixel<T>(x: Int, y: Int, attachment: Int32?, format: Int32, type: Int32, into values: inout [T]) {
        glBindFramebuffer(GLenum(GL_READ_FRAMEBUFFER), name)
        if let attachment { glReadBuffer(GLenum(attachment)) }
        glPixelStorei(GLenum(GL_PACK_ALIGNMENT), 1)
        values.withUnsafeMutableBytes { bytes in
            glReadPixels(GLint(x), GLint(height - 1 - y), 1, 1, GLenum(format), GLenum(type), bytes.baseAddress)
        }
        glBindFramebuffer(GLenum(GL_READ_FRAMEBUFFER), 0)
    }

    // glReadPixels of one attachment (nil: depth), turned so the first row is the top one.
    private func read<T>(attachment: Int32?, format: Int32, type: Int32, channels: Int, zero: T) -> [T] {
        glBindFramebuffer(GLenum(GL_READ_FRAMEBUFFER), name)
        if let attachment { glReadBuffer(GLenum(attachment)) }
        glPixelStorei(GLenum(GL_PACK_ALIGNMENT), 1)
        var bottomUp = [T](repeating: zero, count: width * height * channels)
        bottomUp.withUnsafeMutableBytes { bytes in
            glReadPixels(0, 0, GLsizei(width), GLsizei(height), GLenum(format), GLenum(type), bytes.baseAddress)
        }
        glBindFramebuffer(GLenum(GL_READ_FRAMEBUFFER), 0)
        return Self.flipRows(bottomUp, rowLength: width * channels)
    }

    static func flipRows<T>(_ values: [T], rowLength: Int) -> [T] {
        let rows = values.count / max(rowLength, 1)
        var flipped: [T] = []
        flipped.reserveCapacity(values.count)
        for row in stride(from: rows - 1, through: 0, by: -1) {
            flipped.append(contentsOf: values[(row * rowLength)..<((row + 1) * rowLength)])
        }
        return flipped
    }
}
