// SimulationClock: whole control steps paced by wall time × speed; pause; backlog cap.
import Viewer
import XCTest

final class SimulationClockTests: XCTestCase {
    func testOneSecondAtOneTimesIsSixtyStepsAtSixtyHertz() {
        var clock = SimulationClock(controlPeriod: 1.0 / 60)
        XCTAssertEqual(clock.stepsDue(now: 10), 0, "the first call only starts the clock")
        var total = 0
        for frame in 1...100 { total += clock.stepsDue(now: 10 + Double(frame) / 100) }
        XCTAssertEqual(total, 60)
    }

    func testFramesSlowerThanTheControlPeriodRunSeveralSteps() {
        var clock = SimulationClock(controlPeriod: 1.0 / 60)
        _ = clock.stepsDue(now: 0)
        XCTAssertEqual(clock.stepsDue(now: 0.1), 6)
        XCTAssertEqual(clock.stepsDue(now: 0.2), 6)
    }

    func testPausedClockOwesNothingAndResumesWithoutCatchingUp() {
        var clock = SimulationClock(controlPeriod: 0.01)
        _ = clock.stepsDue(now: 0)
        clock.isPaused = true
        XCTAssertEqual(clock.stepsDue(now: 5), 0)
        clock.isPaused = false
        XCTAssertEqual(clock.stepsDue(now: 5.05), 5)
    }

    func testSpeedsRunFromAnEighthToEightTimes() {
        var clock = SimulationClock(controlPeriod: 0.01)
        for _ in 0..<10 { clock.slowDown() }
        XCTAssertEqual(clock.speed, 0.125)
        for _ in 0..<10 { clock.speedUp() }
        XCTAssertEqual(clock.speed, 8)
        clock.slowDown()
        XCTAssertEqual(clock.speed, 4)
        _ = clock.stepsDue(now: 0)
        XCTAssertEqual(clock.stepsDue(now: 0.1), 40)
    }

    // A frame that took longer than the backlog limit makes up only the limit.
    func testBacklogIsCapped() {
        var clock = SimulationClock(controlPeriod: 0.01)
        clock.maximumBacklog = 0.25
        _ = clock.stepsDue(now: 0)
        XCTAssertEqual(clock.stepsDue(now: 3), 25)
        clock.maximumBacklog = 1
        XCTAssertEqual(clock.stepsDue(now: 6), 100)
    }
}
