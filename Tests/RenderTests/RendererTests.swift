// Renderer: depth, segmentation and colour of rendered frames, checked pixel by pixel.
import Foundation
import Physics
import Render
import Robot
import Scene
import XCTest

final class RendererTests: XCTestCase {
    let floorID: Int32 = 7
    let boxID: Int32 = 3

    var floor: (Drawable, Pose) {
        (Drawable(body: floorID, shape: .plane, color: [0.5, 0.5, 0.5, 1]), .identity)
    }

    // The floor seen from 2 m straight above: every pixel is 2 m deep (within 1%) and
    // carries the floor's body id.
    func testFloorFromTwoMetresHasDepthTwoMetresAndFloorID() throws {
        let offscreen = try makeOffscreenRenderer()
        let camera = cameraLookingDown(from: 2)
        let images = try offscreen.capture(scene([floor]), camera: camera, width: 64, height: 48)
        let depth = try XCTUnwrap(images.depth)
        let segmentation = try XCTUnwrap(images.segmentation)
        XCTAssertEqual(depth.metres.count, 64 * 48)
        let worst = depth.metres.map { abs(Double($0) - 2) / 2 }.max() ?? .infinity
        XCTAssertLessThan(worst, 0.01, "depth should be 2 m everywhere; worst relative error \(worst)")
        XCTAssertTrue(segmentation.bodyIDs.allSatisfy { $0 == floorID }, "every pixel should show the floor")
        XCTAssertTrue(segmentation.linkIDs.allSatisfy { $0 == -1 })
    }

    // A box on the floor: its pixels carry its id and are nearer than the floor.
    func testBoxOnFloorHasItsIDAndSmallerDepth() throws {
        let offscreen = try makeOffscreenRenderer()
        let camera = cameraLookingDown(from: 2)
        let box = Drawable(body: boxID, link: 4, shape: .box(size: Vector3(0.4, 0.4, 0.4)), color: [0.2, 0.4, 0.9, 1])
        let parts = [floor, (box, Pose(position: Vector3(0, 0, 0.2)))]
        let images = try offscreen.capture(scene(parts), camera: camera, width: 64, height: 64)
        let depth = try XCTUnwrap(images.depth), segmentation = try XCTUnwrap(images.segmentation)

        let centre = segmentation[32, 32]
        XCTAssertEqual(centre.body, boxID)
        XCTAssertEqual(centre.link, 4)
        XCTAssertEqual(Double(depth[32, 32]), 1.6, accuracy: 0.016, "top of the box is 1.6 m below the camera")
        XCTAssertEqual(segmentation[1, 1].body, floorID)
        XCTAssertEqual(Double(depth[1, 1]), 2, accuracy: 0.02)

        // Every box pixel is nearer than every floor pixel, and the box covers the area
        // its top face projects to.
        var boxPixels = 0
        for index in depth.metres.indices {
            if segmentation.bodyIDs[index] == boxID {
                boxPixels += 1
                XCTAssertLessThan(depth.metres[index], 1.9)
            } else {
                XCTAssertEqual(segmentation.bodyIDs[index], floorID)
            }
        }
        let topCorner = try XCTUnwrap(camera.project(Vector3(0.2, 0.2, 0.4), width: 64, height: 64))
        let side = 2 * (topCorner.x - 32)
        XCTAssertEqual(Double(boxPixels), side * side, accuracy: side * 4 + 8)
    }

    // A floating box casts a shadow along the light; moving the box moves its shadow
    // (the renderer reuses its shadow map only while nothing moves).
    func testShadowFollowsItsCaster() throws {
        let offscreen = try makeOffscreenRenderer()
        var settings = offscreen.settings
        settings.lightDirection = Vector3(-0.4, -0.3, -1)
        offscreen.settings = settings
        let camera = cameraLookingDown(from: 3)
        let box = Drawable(body: 1, shape: .box(size: Vector3(0.3, 0.3, 0.3)), color: [0.8, 0.8, 0.8, 1])
        // With the box at height 1 m, its shadow falls 0.4 m towards −x and 0.3 m towards −y.
        func floorBrightness(boxAt position: Vector3, at point: Vector3) throws -> Int {
            let frame = scene([floor, (box, Pose(position: position))])
            let rgb = try XCTUnwrap(offscreen.capture(frame, camera: camera, width: 96, height: 96, kinds: [.rgb]).rgb)
            let pixel = try XCTUnwrap(camera.project(point, width: 96, height: 96))
            let colour = rgb[Int(pixel.x), Int(pixel.y)]
            return Int(colour.red) + Int(colour.green) + Int(colour.blue)
        }
        let spot = Vector3(-0.4, -0.3, 0)
        let shadowed = try floorBrightness(boxAt: Vector3(0, 0, 1), at: spot)
        let lit = try floorBrightness(boxAt: Vector3(0.8, 0.8, 1), at: spot)
        XCTAssertLessThan(shadowed, lit * 3 / 4, "the box's shadow darkens the floor (\(shadowed) vs \(lit) lit)")
        XCTAssertEqual(try floorBrightness(boxAt: Vector3(0, 0, 1), at: spot), shadowed, "moved back, shadowed again")
    }

    // Single-pixel reads (the viewer's mouse picking) agree with the full images.
    func testPickingOnePixelMatchesTheImages() throws {
        let offscreen = try makeOffscreenRenderer()
        let camera = cameraLookingDown(from: 2)
        let box = Drawable(body: boxID, link: 2, shape: .box(size: Vector3(0.4, 0.4, 0.4)), color: [0.2, 0.4, 0.9, 1])
        let framebuffer = try offscreen.render(scene([floor, (box, Pose(position: Vector3(0, 0, 0.2)))]), camera: camera,
                                               width: 48, height: 32)
        let picked = try XCTUnwrap(framebuffer.segmentation(x: 24, y: 16))
        XCTAssertEqual(picked.body, boxID)
        XCTAssertEqual(picked.link, 2)
        XCTAssertEqual(try XCTUnwrap(framebuffer.depth(x: 24, y: 16, camera: camera)), 1.6, accuracy: 0.016)
        XCTAssertEqual(framebuffer.segmentation(x: 0, y: 31)?.body, floorID)
        XCTAssertNil(framebuffer.segmentation(x: 48, y: 0))
        let full = framebuffer.readSegmentation()
        XCTAssertEqual(full[24, 16].body, boxID)
    }

    // A red box looks red at its projected centre, seen from an oblique camera.
    func testRedBoxIsRedAtItsProjectedCentre() throws {
        let offscreen = try makeOffscreenRenderer()
        let camera = Camera(position: Vector3(1.5, -1.2, 1.4), target: Vector3(0, 0, 0.2), near: 0.05, far: 20)
        let red = Drawable(body: 1, shape: .box(size: Vector3(0.3, 0.3, 0.3)), color: [1, 0, 0, 1])
        let parts = [floor, (red, Pose(position: Vector3(0, 0, 0.15)))]
        let frame = try offscreen.capture(scene(parts), camera: camera, width: 96, height: 72, kinds: [.rgb])
        let rgb = try XCTUnwrap(frame.rgb)
        let centre = try XCTUnwrap(camera.project(Vector3(0, 0, 0.15), width: 96, height: 72))
        let pixel = rgb[Int(centre.x), Int(centre.y)]
        XCTAssertGreaterThan(pixel.red, 60, "pixel \(pixel)")
        XCTAssertGreaterThan(Int(pixel.red), 3 * Int(pixel.green) + 10, "pixel \(pixel)")
        XCTAssertGreaterThan(Int(pixel.red), 3 * Int(pixel.blue) + 10, "pixel \(pixel)")
        XCTAssertNil(frame.depth)
        XCTAssertNil(frame.segmentation)
    }

    // A mesh drawable (an ASCII STL pyramid) renders with its id and the depth of its apex.
    func testMeshDrawableRenders() throws {
        let directory = try temporaryDirectory(self)
        let path = directory + "/pyramid.stl"
        try Self.pyramidSTL.write(toFile: path, atomically: true, encoding: .utf8)
        let offscreen = try makeOffscreenRenderer()
        let pyramid = Drawable(body: 5, shape: .mesh(path: path, scale: Vector3(1, 1, 1)), color: [0.9, 0.8, 0.1, 1])
        let camera = cameraLookingDown(from: 2)
        let images = try offscreen.capture(scene([floor, (pyramid, .identity)]), camera: camera, width: 64, height: 64)
        XCTAssertEqual(offscreen.renderer.warnings, [])
        let segmentation = try XCTUnwrap(images.segmentation), depth = try XCTUnwrap(images.depth)
        XCTAssertEqual(segmentation[32, 32].body, 5)
        XCTAssertEqual(Double(depth[32, 32]), 1.5, accuracy: 0.03, "the apex is 0.5 m high")
        XCTAssertEqual(segmentation[2, 2].body, floorID)
    }

    // A missing mesh file is a warning, not a failed frame.
    func testMissingMeshIsSkippedWithAWarning() throws {
        let offscreen = try makeOffscreenRenderer()
        let missing = Drawable(body: 9, shape: .mesh(path: "/nonexistent/part.stl", scale: Vector3(1, 1, 1)), color: [1, 1, 1, 1])
        let images = try offscreen.capture(scene([floor, (missing, .identity)]), camera: cameraLookingDown(from: 2),
                                           width: 16, height: 16, kinds: [.segmentation])
        XCTAssertTrue(try XCTUnwrap(images.segmentation).bodyIDs.allSatisfy { $0 == floorID })
        XCTAssertEqual(offscreen.renderer.warnings.count, 1)
        XCTAssertTrue(offscreen.renderer.warnings[0].contains("/nonexistent/part.stl"))
    }

    // Overlays, lines and points show in colour (viewer settings) but never in depth or
    // segmentation; the background carries no body.
    func testOverlaysAndAnnotationsStayOutOfDepthAndSegmentation() throws {
        let offscreen = try makeOffscreenRenderer(settings: .viewer)
        let goal = Drawable(body: 11, shape: .box(size: Vector3(1, 1, 1)), color: [0, 1, 0, 0.4], isOverlay: true)
        var frame = scene([floor, (goal, Pose(position: Vector3(0, 0, 0.5)))])
        frame.lines = LineSegment.arrow(from: Vector3(-0.3, 0, 0.1), vector: Vector3(0.6, 0, 0), color: SIMD4(1, 0, 0, 1),
                                        width: 4)
        frame.points = [PointMarker(position: Vector3(0, 0.3, 0), color: SIMD4(0, 0, 1, 1), size: 8)]
        let camera = cameraLookingDown(from: 2)
        let images = try offscreen.capture(frame, camera: camera, width: 64, height: 64)
        let segmentation = try XCTUnwrap(images.segmentation), depth = try XCTUnwrap(images.depth)
        XCTAssertTrue(segmentation.bodyIDs.allSatisfy { $0 == floorID })
        XCTAssertEqual(Double(depth[32, 32]), 2, accuracy: 0.02)
        let rgb = try XCTUnwrap(images.rgb)
        let point = try XCTUnwrap(camera.project(Vector3(0, 0.3, 0), width: 64, height: 64))
        let blue = rgb[Int(point.x), Int(point.y)]
        XCTAssertGreaterThan(Int(blue.blue), Int(blue.red) + 40, "contact point should be blue: \(blue)")
        let greenish = rgb[20, 44]
        XCTAssertGreaterThan(Int(greenish.green), Int(greenish.red), "goal zone tints green: \(greenish)")

        let empty = try offscreen.capture(RenderScene(), camera: camera, width: 8, height: 8)
        XCTAssertTrue(try XCTUnwrap(empty.segmentation).bodyIDs.allSatisfy { $0 == SegmentationImage.none })
        XCTAssertTrue(try XCTUnwrap(empty.depth).metres.allSatisfy { $0 == .infinity })
    }

    func testMismatchedPosesAndBadCamerasThrow() throws {
        let offscreen = try makeOffscreenRenderer()
        let broken = RenderScene(drawables: [floor.0], bodyPoses: [])
        XCTAssertThrowsError(try offscreen.render(broken, camera: cameraLookingDown(from: 2), width: 8, height: 8)) { error in
            XCTAssertEqual(error as? RenderError, .poseCountMismatch(drawables: 1, poses: 0))
        }
        var camera = cameraLookingDown(from: 2)
        camera.near = 0
        XCTAssertThrowsError(try offscreen.render(scene([floor]), camera: camera, width: 8, height: 8))
        XCTAssertThrowsError(try offscreen.render(scene([floor]), camera: cameraLookingDown(from: 2), width: 0, height: 8))
    }

    // Every primitive kind draws with its own id.
    func testEveryPrimitiveDraws() throws {
        let offscreen = try makeOffscreenRenderer()
        let shapes: [GeometryShape] = [
            .box(size: Vector3(0.2, 0.2, 0.2)), .sphere(radius: 0.1), .cylinder(radius: 0.1, length: 0.2),
            .capsule(radius: 0.08, length: 0.1), .ellipsoid(radii: Vector3(0.12, 0.08, 0.1)),
        ]
        var parts = [floor]
        for (index, shape) in shapes.enumerated() {
            let x = -0.6 + 0.3 * Double(index)
            parts.append((Drawable(body: Int32(20 + index), shape: shape, color: [0.8, 0.3, 0.3, 1]),
                          Pose(position: Vector3(x, 0, 0.15))))
        }
        let camera = cameraLookingDown(from: 2)
        let images = try offscreen.capture(scene(parts), camera: camera, width: 128, height: 96, kinds: [.segmentation])
        let segmentation = try XCTUnwrap(images.segmentation)
        for index in shapes.indices {
            let centre = try XCTUnwrap(camera.project(Vector3(-0.6 + 0.3 * Double(index), 0, 0.15), width: 128, height: 96))
            XCTAssertEqual(segmentation[Int(centre.x), Int(centre.y)].body, Int32(20 + index), "shape \(shapes[index])")
        }
    }

    // A square pyramid 0.6 m wide and 0.5 m tall, base on z = 0.
    static let pyramidSTL = """
    solid pyramid
      facet normal 0 -0.77 0.64
        outer loop
          vertex -0.3 -0.3 0
          vertex 0.3 -0.3 0
          vertex 0 0 0.5
        endloop
      endfacet
      facet normal 0.77 0 0.64
        outer loop
          vertex 0.3 -0.3 0
          vertex 0.3 0.3 0
          vertex 0 0 0.5
        endloop
      endfacet
      facet normal 0 0.77 0.64
        outer loop
          vertex 0.3 0.3 0
          vertex -0.3 0.3 0
          vertex 0 0 0.5
        endloop
      endfacet
      facet normal -0.77 0 0.64
        outer loop
          vertex -0.3 0.3 0
          vertex -0.3 -0.3 0
          vertex 0 0 0.5
        endloop
      endfacet
      facet normal 0 0 -1
        outer loop
          vertex -0.3 -0.3 0
          vertex 0.3 0.3 0
          vertex 0.3 -0.3 0
        endloop
      endfacet
      facet normal 0 0 -1
        outer loop
          vertex -0.3 -0.3 0
          vertex -0.3 0.3 0
          vertex 0.3 0.3 0
        endloop
      endfacet
    endsolid pyramid
    """
}
