// SteppingBalanceSettings by name (what `tground bench walk --step` sets), and the walking
// controller's capture-point stepping options being off by default (walking unchanged).
import XCTest
@testable import Control

final class SteppingBalanceSettingsTests: XCTestCase {
    func testSettingsBySetByNameAndBadItemsNamed() throws {
        var settings = SteppingBalanceSettings()
        try settings.set("max_step_reach=0.4")
        try settings.set(" swing_duration = 0.3")
        XCTAssertEqual(settings.maxStepReach, 0.4)
        XCTAssertEqual(settings.swingDuration, 0.3)
        XCTAssertThrowsError(try settings.set("max_step_rech=0.4")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("'max_step_rech' is unknown") && text.contains("max_step_reach"), text)
        }
        XCTAssertThrowsError(try settings.set("max_step_reach=far")) { error in
            XCTAssertTrue("\(error)".contains("expected name=number"), "\(error)")
        }
        XCTAssertThrowsError(try settings.set("max_step_reach=nan"))
    }

    func testWalkingKeepsCapturePointSteppingOffByDefault() {
        let walking = WalkingSettings()
        XCTAssertFalse(walking.capturePointPlacement)
        XCTAssertFalse(walking.replanAtLanding)
        XCTAssertEqual(walking.maxStepReach, .infinity)
        XCTAssertEqual(walking.swingSwapThreshold, .infinity)
        XCTAssertEqual(walking.maxSwingStretch, 0)
    }
}
