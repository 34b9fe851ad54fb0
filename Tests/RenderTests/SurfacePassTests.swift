// SurfacePass: the shadow map size rule (internal; no GL needed).
@testable import Render
import XCTest

final class SurfacePassTests: XCTestCase {
    func testShadowMapIsTwiceThePictureRoundedUpWithinItsLimits() {
        XCTAssertEqual(SurfacePass.shadowMapSize(limit: 1024, pictureSize: 64), 256)
        XCTAssertEqual(SurfacePass.shadowMapSize(limit: 1024, pictureSize: 128), 256)
        XCTAssertEqual(SurfacePass.shadowMapSize(limit: 1024, pictureSize: 200), 512)
        XCTAssertEqual(SurfacePass.shadowMapSize(limit: 2048, pictureSize: 1280), 2048)
        XCTAssertEqual(SurfacePass.shadowMapSize(limit: 1024, pictureSize: 1280), 1024)
        XCTAssertEqual(SurfacePass.shadowMapSize(limit: 100, pictureSize: 1280), 100)
    }

    func testSoftwareRasterizersAreRecognised() {
        XCTAssertTrue(GLInfo.isSoftware("Mesa llvmpipe (LLVM 15.0.6, 256 bits), 4.5 (Core Profile) Mesa 22.3.6"))
        XCTAssertFalse(GLInfo.isSoftware("NVIDIA Corporation NVIDIA GeForce RTX 4090/PCIe/SSE2, 4.6.0 NVIDIA 550.54"))
    }
}
