// SurfacePass: draws the scene's geometry — first depth from the light into the shadow
// map, then opaque surfaces lit with Blinn-Phong and shadows (colour + ids), then
// translucent overlays blended back to front.
import COpenGL
import Physics

final class SurfacePass {
    private let surfaceProgram: ShaderProgram
    private let shadowProgram: ShaderProgram
    private var shadowMap: ShadowMap?
    /// What the shadow map holds: each caster's mesh and model matrix, and the light
    /// transform. The map depends on neither camera nor colours, so while nothing moves
    /// (a paused viewer orbiting, several sensors in one step) it is reused as it is.
    private var shadowContents: (casters: [(ObjectIdentifier, Matrix4)], light: Matrix4)?
    /// Texture unit the shadow map is bound to while surfaces are drawn.
    private static let shadowUnit: Int32 = 1

    init() throws {
        surfaceProgram = try ShaderProgram(label: "surface", vertex: ShaderSources.surfaceVertex,
                                           fragment: ShaderSources.surfaceFragment)
        shadowProgram = try ShaderProgram(label: "shadow", vertex: ShaderSources.shadowVertex,
                                          fragment: ShaderSources.shadowFragment)
    }

    func release() {
        surfaceProgram.release()
        shadowProgram.release()
        shadowMap?.release()
        shadowMap = nil
        shadowContents = nil
    }

    /// Renders every opaque item's depth as seen from the light (unless the map already
    /// holds exactly these casters). Returns the world → light clip transform, or nil when
    /// shadows are off or nothing casts one. May leave the shadow framebuffer bound: bind
    /// the real target afterwards.
    func renderShadows(_ list: DrawList, settings: RenderSettings, pictureSize: Int) throws -> Matrix4? {
        guard settings.shadowMapSize > 0, let bounds = list.casterBounds else { return nil }
        let size = Self.shadowMapSize(limit: settings.shadowMapSize, pictureSize: pictureSize)
        if shadowMap?.size != size {
            shadowMap?.release()
            shadowMap = nil
            shadowContents = nil
            shadowMap = try ShadowMap(size: size)
        }
        guard let shadowMap else { return nil }
        let light = ShadowMap.lightViewProjection(direction: settings.lightDirection, centre: bounds.centre,
                                                  radius: bounds.radius)
        // Planes only receive shadows: whatever they could shadow lies behind them.
        let casters = list.opaque.filter { $0.boundingRadius.isFinite }
        let contents = casters.map { (ObjectIdentifier($0.mesh), $0.model) }
        if let previous = shadowContents, previous.light == light, previous.casters.count == contents.count,
           zip(previous.casters, contents).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 }) {
            return light
        }
        shadowContents = nil
        glBindFramebuffer(GLenum(GL_FRAMEBUFFER), shadowMap.framebuffer)
        glViewport(0, 0, GLsizei(shadowMap.size), GLsizei(shadowMap.size))
        glDepthMask(GLboolean(GL_TRUE))
        glClear(GLbitfield(GL_DEPTH_BUFFER_BIT))
        glEnable(GLenum(GL_DEPTH_TEST))
        glDepthFunc(GLenum(GL_LESS))
        glDisable(GLenum(GL_BLEND))
        // Slope-scaled offset keeps lit faces from shadowing themselves (acne).
        glEnable(GLenum(GL_POLYGON_OFFSET_FILL))
        glPolygonOffset(2, 4)
        shadowProgram.use()
        for item in casters {
            shadowProgram.set("lightModelViewProjection", light * item.model)
            item.mesh.draw()
        }
        glDisable(GLenum(GL_POLYGON_OFFSET_FILL))
        shadowContents = (contents, light)
        return light
    }

    /// The shadow map side for a picture whose larger side is `pictureSize` pixels: twice
    /// that, rounded up to a power of two (finer texels would not show), at least 256 and at
    /// most `limit`.
    static func shadowMapSize(limit: Int, pictureSize: Int) -> Int {
        var size = 256
        while size < 2 * pictureSize && size < limit { size *= 2 }
        return min(size, limit)
    }

    /// Opaque geometry into the bound target: colour, ids and depth.
    func drawOpaque(_ list: DrawList, camera: Camera, viewProjection: Matrix4, light: Matrix4?,
                    settings: RenderSettings) {
        glEnable(GLenum(GL_DEPTH_TEST))
        glDepthFunc(GLenum(GL_LESS))
        glDepthMask(GLboolean(GL_TRUE))
        glDisable(GLenum(GL_BLEND))
        glColorMaski(1, GLboolean(GL_TRUE), GLboolean(GL_TRUE), GLboolean(GL_TRUE), GLboolean(GL_TRUE))
        prepare(camera: camera, viewProjection: viewProjection, light: light, settings: settings)
        for item in list.opaque {
            draw(item)
        }
    }

    /// Overlays blended over the bound target, farthest first, depth-tested but writing
    /// neither depth nor ids, and receiving no shadows.
    func drawOverlays(_ list: DrawList, camera: Camera, viewProjection: Matrix4, settings: RenderSettings) {
        guard !list.overlays.isEmpty else { return }
        glEnable(GLenum(GL_DEPTH_TEST))
        glDepthMask(GLboolean(GL_FALSE))
        glEnable(GLenum(GL_BLEND))
        glBlendFunc(GLenum(GL_SRC_ALPHA), GLenum(GL_ONE_MINUS_SRC_ALPHA))
        glColorMaski(1, GLboolean(GL_FALSE), GLboolean(GL_FALSE), GLboolean(GL_FALSE), GLboolean(GL_FALSE))
        prepare(camera: camera, viewProjection: viewProjection, light: nil, settings: settings)
        for item in list.overlaysBackToFront(eye: camera.position) {
            draw(item)
        }
        glDepthMask(GLboolean(GL_TRUE))
        glDisable(GLenum(GL_BLEND))
    }

    // Per-frame uniforms of the surface program.
    private func prepare(camera: Camera, viewProjection: Matrix4, light: Matrix4?, settings: RenderSettings) {
        let program = surfaceProgram
        program.use()
        program.set("viewProjection", viewProjection)
        program.set("eyePosition", Float(camera.position.x), Float(camera.position.y), Float(camera.position.z))
        let direction = settings.lightDirection.length > 0 ? settings.lightDirection.normalized : -Vector3.unitZ
        program.set("lightDirection", Float(direction.x), Float(direction.y), Float(direction.z))
        program.set("lightColor", settings.lightColor.x, settings.lightColor.y, settings.lightColor.z)
        program.set("ambientColor", settings.ambientColor.x, settings.ambientColor.y, settings.ambientColor.z)
        program.set("specularStrength", settings.specularStrength)
        program.set("shininess", max(settings.shininess, 1))
        program.set("shadowMap", int: Self.shadowUnit)
        glActiveTexture(GLenum(GL_TEXTURE0 + Self.shadowUnit))
        if let light, let shadowMap {
            glBindTexture(GLenum(GL_TEXTURE_2D), shadowMap.texture)
            program.set("shadowsEnabled", int: 1)
            program.set("lightViewProjection", light)
            program.set("shadowTexel", 1 / Float(shadowMap.size))
        } else {
            glBindTexture(GLenum(GL_TEXTURE_2D), 0)
            program.set("shadowsEnabled", int: 0)
            program.set("lightViewProjection", Matrix4.identity)
            program.set("shadowTexel", 0)
        }
        glActiveTexture(GLenum(GL_TEXTURE0))
    }

    private func draw(_ item: DrawItem) {
        let program = surfaceProgram
        program.set("model", item.model)
        program.set("normalMatrix", normalMatrix: item.normalMatrix)
        program.set("color", item.color.x, item.color.y, item.color.z, item.color.w)
        program.set("ids", ints: item.body, item.link)
        item.mesh.draw()
    }
}
