// ZMPPreviewController: the Riccati solution is a fixed point, the closed loop is stable,
// and the cart's ZMP tracks a stepping reference with the COM moving before each step.
import Foundation
import XCTest
@testable import Control

final class ZMPPreviewControllerTests: XCTestCase {
    let controller = ZMPPreviewController(dt: 1.0 / 60, comHeight: 0.8, previewTime: 1.6)

    func testRiccatiSolutionIsAFixedPoint() {
        let c = controller
        XCTAssertLessThan(c.riccatiIterations, 100_000, "the Riccati iteration should converge")
        // Rebuild the augmented system and apply one Riccati step: P must not move.
        let T = c.dt, zg = c.comHeight / c.gravity
        let a = Matrix(rows: [[1, T, T * T / 2], [0, 1, T], [0, 0, 1]], columns: 3)
        let b = Matrix(column: [T * T * T / 6, T * T / 2, T])
        let cm = Matrix(rows: [[1, 0, -zg]], columns: 3)
        let ca = cm * a
        var at = Matrix(rows: 4, columns: 4)
        at[0, 0] = 1
        for j in 0..<3 { at[0, j + 1] = ca[0, j] }
        for i in 0..<3 { for j in 0..<3 { at[i + 1, j + 1] = a[i, j] } }
        let bt = Matrix(column: [(cm * b)[0, 0], b[0, 0], b[1, 0], b[2, 0]])
        var q = Matrix(rows: 4, columns: 4)
        q[0, 0] = 1
        let p = c.riccati
        let s = 1e-6 + (bt.transposed * p * bt)[0, 0]
        let next = q + at.transposed * p * at - (at.transposed * p * bt) * (bt.transposed * p * at) * (1 / s)
        let scale = p.values.map(abs).max() ?? 1
        for (x, y) in zip(next.values, p.values) { XCTAssertEqual(x, y, accuracy: 1e-9 * scale) }
        // Symmetric, positive diagonal.
        for i in 0..<4 {
            XCTAssertGreaterThan(p[i, i], 0)
            for j in 0..<4 { XCTAssertEqual(p[i, j], p[j, i], accuracy: 1e-9 * scale) }
        }
    }

    func testGainsHaveTheKnownShape() {
        // G_d(1) = −G_i; the preview gains fade to nothing over the horizon.
        XCTAssertEqual(controller.previewGains[0], -controller.integralGain, accuracy: 1e-12)
        XCTAssertGreaterThan(controller.integralGain, 0)
        let last = abs(controller.previewGains.last ?? 1)
        let largest = controller.previewGains.map(abs).max() ?? 0
        XCTAssertLessThan(last, 0.01 * largest)
        // The preview gains (sign-flipped) sum to about the state feedback's position gain:
        // a constant reference is tracked without steady error.
        let previewSum = -controller.previewGains.reduce(0, +)
        XCTAssertEqual(previewSum, controller.stateGain[0], accuracy: 0.02 * controller.stateGain[0])
    }

    func testTracksAStepSequenceAndAnticipatesIt() {
        // ZMP steps between ±0.1 m every 0.5 s after 1 s.
        func reference(_ k: Int) -> Double {
            let t = Double(k) * controller.dt
            if t < 1 { return 0 }
            return Int((t - 1) / 0.5) % 2 == 0 ? 0.1 : -0.1
        }
        var state = ZMPPreviewController.AxisState(position: 0)
        var worst = 0.0
        var movedBeforeStep = false
        let steps = 6 * 60
        for k in 0..<steps {
            let zmp = controller.step(&state) { reference(k + $0) }
            // Before the first change of reference (t < 1 s), the COM already leans towards it.
            if k == 55, state.position > 0.002 { movedBeforeStep = true }
            // Away from the switching instants, the cart's ZMP sits on the reference.
            let t = Double(k + 1) * controller.dt
            let phase = (t - 1).truncatingRemainder(dividingBy: 0.5)
            if t > 1.5, phase > 0.15, phase < 0.45 { worst = max(worst, abs(zmp - reference(k + 1))) }
            XCTAssertLessThan(abs(state.position), 0.1, "the COM stays between the feet")
        }
        XCTAssertTrue(movedBeforeStep, "preview: the COM moves before the ZMP reference changes")
        XCTAssertLessThan(worst, 0.02, "ZMP tracking error")
        XCTAssertTrue(state.position.isFinite && abs(state.velocity) < 1)
    }

    func testStopsOnAConstantReference() {
        var state = ZMPPreviewController.AxisState(position: 0.05, velocity: 0.2)
        for _ in 0..<(4 * 60) { controller.step(&state) { _ in 0.0 } }
        XCTAssertEqual(state.position, 0, accuracy: 1e-3)
        XCTAssertEqual(state.velocity, 0, accuracy: 1e-3)
    }
}
