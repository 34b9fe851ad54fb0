// SteppingBalanceSettings by name (what `tground bench walk --step` sets), and the walking
// controller's capture-point stepping options being off by default (walking unchanged), and
// the stepping settings reaching the walking controller they build.
import XCTest
import Physics
import Robot
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
        for item in ["max_com_correction=-0.04", "swing_lift_fraction=0.6", "com_velocity_smoothing=0", "max_swing_speed=-4",
                     "delay_prediction=-1", "max_waist_yaw=-0.1", "max_waist_yaw=4", "arm_spread=-0.5"] {
            XCTAssertThrowsError(try settings.set(item), item) { error in
                XCTAssertTrue("\(error)".contains("expected a value in ["), "\(error)")
            }
        }
    }

    func testWalkingKeepsCapturePointSteppingOffByDefault() {
        let walking = WalkingSettings()
        XCTAssertFalse(walking.capturePointPlacement)
        XCTAssertFalse(walking.replanAtLanding)
        XCTAssertEqual(walking.maxStepReach, .infinity)
        XCTAssertEqual(walking.swingSwapThreshold, .infinity)
        XCTAssertEqual(walking.maxSwingStretch, 0)
        XCTAssertEqual(walking.standTolerance, 0.04)
        XCTAssertTrue(walking.adjustStandSteps)
        XCTAssertEqual(walking.touchdownBlend, 0, "the soft touch-down is the stepping balance's, not walking's")
        XCTAssertFalse(walking.timingAdaptation, "step timing adaptation is the stepping balance's")
        XCTAssertFalse(walking.contactTouchdown)
        XCTAssertFalse(walking.startAtOnce)
    }

    /// The stepping settings reach the walking controller they build: stand-step adjustment,
    /// the stand tolerance and the narrowest stance; the lean starts upright.
    func testSteppingSettingsReachTheWalkingController() throws {
        let layout = try ControlTestSupport.layout()
        var settings = SteppingBalanceSettings()
        try settings.set("adjust_stand_steps=1")
        try settings.set("stand_tolerance=0.02")
        try settings.set("min_width_ratio=1")
        try settings.set("lean_gain=6")
        try settings.set("touchdown_blend=0.08")
        try settings.set("touchdown_blend_threshold=0.3")
        try settings.set("first_step_adjustment=0.6")
        try settings.set("first_step_reach=0.75")
        XCTAssertEqual(settings.firstStepAdjustment, 0.6)
        XCTAssertEqual(settings.firstStepReach, 0.75)
        let controller = SteppingBalanceController(layout: layout, dt: 1.0 / 60, settings: settings)
        XCTAssertTrue(controller.walking.settings.adjustStandSteps)
        XCTAssertEqual(controller.walking.settings.standTolerance, 0.02)
        XCTAssertEqual(controller.walking.settings.touchdownBlend, 0.08)
        XCTAssertEqual(controller.walking.settings.touchdownBlendThreshold, 0.3)
        XCTAssertEqual(controller.walking.planner.minWidth, controller.walking.planner.stanceWidth, accuracy: 1e-12)
        XCTAssertEqual(controller.walking.pelvisLean, .zero)
        try settings.set("min_swing_duration=0.2")
        try settings.set("contact_touchdown=1")
        try settings.set("touchdown_clearance=0.02")
        try settings.set("max_swing_speed=2.5")
        let timed = SteppingBalanceController(layout: layout, dt: 1.0 / 60, settings: settings)
        XCTAssertEqual(timed.walking.settings.minSwingDuration, 0.2)
        XCTAssertEqual(timed.walking.settings.maxSwingSpeed, 2.5)
        XCTAssertTrue(timed.walking.settings.contactTouchdown)
        XCTAssertEqual(timed.walking.settings.touchdownClearance, 0.02)
        let plain = SteppingBalanceController(layout: layout, dt: 1.0 / 60)
        XCTAssertTrue(plain.walking.settings.timingAdaptation, "stepping adapts its step timing by default")
        XCTAssertEqual(plain.walking.settings.maxSwingSpeed, 4, "within the swing foot's reach")
        XCTAssertEqual(WalkingSettings().maxSwingSpeed, 0, "walking's timing is not bounded")
        XCTAssertTrue(plain.walking.settings.startAtOnce)
        XCTAssertFalse(plain.walking.settings.contactTouchdown)
        XCTAssertFalse(plain.walking.settings.adjustStandSteps, "stepping's stand steps land where planned by default")
        XCTAssertEqual(SteppingBalanceSettings().triggerInSwing, 1)
        XCTAssertEqual(plain.walking.planner.minWidth, SteppingBalanceSettings().minWidthRatio * plain.walking.planner.stanceWidth,
                       accuracy: 1e-12)
        XCTAssertEqual(plain.walking.settings.stepHeight, SteppingBalanceSettings().stepHeight, "stepping's own gait shape")
        XCTAssertEqual(plain.walking.settings.comPositionFeedback, SteppingBalanceSettings().comPositionFeedback)
        let given = SteppingBalanceController(layout: layout, dt: 1.0 / 60, walking: WalkingSettings())
        XCTAssertEqual(given.walking.settings.stepHeight, WalkingSettings().stepHeight, "walking settings given take its place")
        XCTAssertEqual(given.walking.settings.maxCOMCorrection, WalkingSettings().maxCOMCorrection)
    }

    /// The gait-shape settings added in session 24 reach the walking controller: the swing's
    /// lift share (every swing built with it), the COM velocity estimate's smoothing (the
    /// estimator reads it each period), the COM correction bound and the ZMP inset.
    func testGaitShapeSettingsReachTheWalkingController() throws {
        let layout = try ControlTestSupport.layout()
        var settings = SteppingBalanceSettings()
        for item in ["swing_lift_fraction=0.07", "com_velocity_smoothing=0.45", "max_com_correction=0.03", "zmp_inset=0.005",
                     "on_demand=0"] {
            try settings.set(item)
        }
        var controller = SteppingBalanceController(layout: layout, dt: 1.0 / 60, settings: settings)
        XCTAssertEqual(controller.walking.settings.swingLiftFraction, 0.07)
        XCTAssertEqual(controller.walking.settings.maxCOMCorrection, 0.03)
        XCTAssertEqual(controller.walking.settings.zmpInset, 0.005)
        let sensors = ControlTestSupport.still(layout)
        var lift: Double?
        for _ in 0..<60 where lift == nil {
            _ = controller.update(sensors)
            if case let .swinging(_, trajectory, _) = controller.walking.phase { lift = trajectory.liftFraction }
        }
        XCTAssertEqual(try XCTUnwrap(lift, "marching in place swings a foot within a second"), 0.07)
        XCTAssertEqual(controller.walking.estimator.velocitySmoothing, 0.45)
    }
}

/// The COM feedback's correction is bounded: with the body tipped forward the COM estimate is
/// far ahead of the plan, and the commanded COM moves back from the plan's by the bound, no
/// more.
final class COMCorrectionBoundTests: XCTestCase {
    func correction(bound: Double) throws -> Double {
        let layout = try ControlTestSupport.layout()
        var settings = WalkingSettings()
        settings.maxCOMCorrection = bound
        var walking = WalkingController(layout: layout, dt: 1.0 / 60, settings: settings)
        walking.observe(ControlTestSupport.still(layout))
        _ = walking.act()
        // Tipped 0.1 rad forward about the soles: the COM estimate moves about 9 cm ahead.
        walking.observe(ControlTestSupport.still(layout, orientation: Quaternion(axis: .unitY, angle: 0.1)))
        _ = walking.act()
        XCTAssertGreaterThan(walking.com.x - walking.comReference.x, 0.05, "the tipped body's COM is ahead of the plan")
        return (walking.comCommand - walking.comReference).length
    }

    func testTheCorrectionStopsAtItsBound() throws {
        XCTAssertEqual(try correction(bound: 0.04), 0.04, accuracy: 1e-9)
        XCTAssertEqual(try correction(bound: 0.08), 0.08, accuracy: 1e-9)
        XCTAssertLessThan(try correction(bound: 1), 0.5, "unbounded, the feedback's own size")
        XCTAssertGreaterThan(try correction(bound: 1), 0.08)
    }
}
