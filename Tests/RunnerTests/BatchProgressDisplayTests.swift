// Tests of Sources/Runner/BatchProgressDisplay.swift: what the bar and the plain line say.
import XCTest
@testable import Runner

final class BatchProgressDisplayTests: XCTestCase {
    private let progress = BatchProgress(done: 6, total: 12, resumed: 2, successes: 3, episodesRun: 4, physicsSteps: 4000,
                                         elapsedSeconds: 2, latest: nil)

    func testBarAndLineShowDoneSuccessSpeedAndETA() {
        let display = BatchProgressDisplay(terminal: false)
        let bar = display.bar(progress)
        XCTAssertTrue(bar.hasPrefix("[############............]"), bar)
        for text in [bar, display.line(progress)] {
            XCTAssertTrue(text.contains("6/12 episodes (2 resumed)"), text)
            XCTAssertTrue(text.contains("success 50.0%"), text)
            XCTAssertTrue(text.contains("2000 steps/s"), text)
            XCTAssertTrue(text.contains("ETA 3 s"), text)
        }
    }

    func testDurations() {
        XCTAssertEqual(BatchProgressDisplay.duration(4.4), "4 s")
        XCTAssertEqual(BatchProgressDisplay.duration(123), "2:03")
        XCTAssertEqual(BatchProgressDisplay.duration(3723), "1:02:03")
    }
}
