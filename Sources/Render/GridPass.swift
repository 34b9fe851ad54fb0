// GridPass: the grid floor — anti-aliased lines on a horizontal square, blended over
// whatever is at its height and hidden under what stands above it.
import COpenGL
import Physics

final class GridPass {
    private let program: ShaderProgram
    private let square: GPUMesh

    init() throws {
        program = try ShaderProgram(label: "grid", vertex: ShaderSources.gridVertex, fragment: ShaderSources.gridFragment)
        square = GPUMesh(PrimitiveTessellator.unitPlane())
    }

    func release() {
        program.release()
        square.release()
    }

    /// Draws `grid` into the bound target (colour only; depth and ids untouched).
    func draw(_ grid: GridFloor, viewProjection: Matrix4) {
        guard grid.extent > 0, grid.spacing > 0 else { return }
        glEnable(GLenum(GL_DEPTH_TEST))
        glDepthFunc(GLenum(GL_LEQUAL))
        glDepthMask(GLboolean(GL_FALSE))
        glEnable(GLenum(GL_BLEND))
        glBlendFunc(GLenum(GL_SRC_ALPHA), GLenum(GL_ONE_MINUS_SRC_ALPHA))
        glColorMaski(1, GLboolean(GL_FALSE), GLboolean(GL_FALSE), GLboolean(GL_FALSE), GLboolean(GL_FALSE))
        // Pull the grid slightly towards the eye so it wins against a floor at its height.
        glEnable(GLenum(GL_POLYGON_OFFSET_FILL))
        glPolygonOffset(-1, -4)
        program.use()
        let model = Matrix4(pose: Pose(position: Vector3(0, 0, grid.height)), scale: Vector3(grid.extent, grid.extent, 1))
        program.set("model", model)
        program.set("viewProjection", viewProjection)
        program.set("spacing", Float(grid.spacing))
        program.set("extent", Float(grid.extent))
        program.set("lineColor", grid.lineColor.x, grid.lineColor.y, grid.lineColor.z, grid.lineColor.w)
        program.set("axisColorX", grid.xAxisColor.x, grid.xAxisColor.y, grid.xAxisColor.z, grid.xAxisColor.w)
        program.set("axisColorY", grid.yAxisColor.x, grid.yAxisColor.y, grid.yAxisColor.z, grid.yAxisColor.w)
        square.draw()
        glDisable(GLenum(GL_POLYGON_OFFSET_FILL))
        glDepthFunc(GLenum(GL_LESS))
        glDepthMask(GLboolean(GL_TRUE))
        glDisable(GLenum(GL_BLEND))
    }
}
