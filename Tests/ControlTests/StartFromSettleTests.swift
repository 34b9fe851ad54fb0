// The first swing of steps asked for during the settle after the last step
// (WalkingSettings.startFromSettle): with it the swing starts in the same control period,
// as from standing; without it the steps wait for the settle's end. Kinematic: the sensors
// read the standing pose throughout, so every foot lands where it lifted off.
import XCTest
import Physics
import Robot
@testable import Control

final class StartFromSettleTests: XCTestCase {
    static let marching = WalkingController.Command.velocity(vx: 0, vy: 0, yawRate: 0)

    /// A walking controller with the stepping balance's start (at once, no start shift) that
    /// has marched in place and been told to stand during its third swing: returned in the
    /// first period of its settle, the shift back to the feet's midpoint.
    func settlingController(startFromSettle: Bool) throws -> WalkingController {
        let layout = try ControlTestSupport.layout()
        var settings = WalkingSettings(gait: layout.gait)
        settings.startAtOnce = true
        settings.startDuration = 0
        settings.startFromSettle = startFromSettle
        var walking = WalkingController(layout: layout, dt: 1.0 / 60, settings: settings)
        let still = ControlTestSupport.still(layout)
        walking.observe(still)
        walking.command = Self.marching
        _ = walking.act()
        XCTAssertTrue(walking.isSwinging, "from standing the first swing starts at once")
        for _ in 0..<120 where walking.stepCount < 2 || !walking.isSwinging {
            walking.observe(still)
            _ = walking.act()
        }
        XCTAssertEqual(walking.stepCount, 2)
        // Told to stand during a swing: the landing queues nothing and the settle follows.
        walking.command = .stand
        for _ in 0..<120 {
            if case let .shifting(_, duration, _, _) = walking.phase, duration == settings.settleDuration { return walking }
            walking.observe(still)
            _ = walking.act()
        }
        XCTFail("no settle after the stand command: \(walking.phaseName)")
        return walking
    }

    func testStepsAskedForWhileSettlingStartAtOnce() throws {
        var walking = try settlingController(startFromSettle: true)
        let still = ControlTestSupport.still(try ControlTestSupport.layout())
        walking.command = Self.marching
        walking.observe(still)
        _ = walking.act()
        XCTAssertTrue(walking.isSwinging, "the swing starts in the period the steps were asked for: \(walking.phaseName)")
    }

    func testWithoutItTheStepsWaitForTheSettlesEnd() throws {
        var walking = try settlingController(startFromSettle: false)
        let still = ControlTestSupport.still(try ControlTestSupport.layout())
        walking.command = Self.marching
        var periods = 0
        while !walking.isSwinging, periods < 120 {
            walking.observe(still)
            _ = walking.act()
            periods += 1
        }
        XCTAssertTrue(walking.isSwinging)
        XCTAssertGreaterThanOrEqual(Double(periods) / 60, walking.settings.settleDuration - 0.02,
                                    "the first swing waited for the settle's end")
    }

    func testOnForTheSteppingBalanceOffForWalking() {
        XCTAssertFalse(WalkingSettings().startFromSettle, "walking's gait is unchanged")
        XCTAssertEqual(SteppingBalanceSettings().startFromSettle, 1)
    }
}
