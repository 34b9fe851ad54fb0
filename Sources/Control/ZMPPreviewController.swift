// ZMPPreviewController: Kajita et al. 2003's preview control of the cart-table model, in
// Katayama's servo form. One axis of the COM is a cart with state x = (c, ċ, c̈) driven by
// its jerk u; its ZMP is p = c − (z / g) c̈. The gains come from the discrete algebraic
// Riccati equation of the system augmented with the ZMP error sum, solved here by
// iteration; the control is
//     u_k = −G_i Σ_{i≤k} (p_i − p_ref,i) − G_x x_k − Σ_{j=1..N} G_d(j) p_ref,k+j,
// so the COM moves ahead of ZMP changes it sees coming in the next N steps.
import Foundation

public struct ZMPPreviewController: Sendable {
    /// Control period (s).
    public let dt: Double
    /// COM height (m).
    public let comHeight: Double
    public let gravity: Double
    /// Steps of the future ZMP reference the control looks at.
    public let previewSteps: Int
    public let integralGain: Double
    /// G_x, for (c, ċ, c̈).
    public let stateGain: [Double]
    /// G_d(j) for j = 1…N.
    public let previewGains: [Double]
    /// The Riccati solution of the augmented system (4 × 4), for inspection and tests.
    public let riccati: Matrix
    /// Iterations the Riccati equation took to converge.
    public let riccatiIterations: Int

    /// One axis (x or y) of the cart: its state and the running ZMP error sum.
    public struct AxisState: Sendable, Equatable {
        public var position: Double
        public var velocity: Double
        public var acceleration: Double
        public var errorSum: Double

        public init(position: Double, velocity: Double = 0, acceleration: Double = 0, errorSum: Double = 0) {
            self.position = position
            self.velocity = velocity
            self.acceleration = acceleration
            self.errorSum = errorSum
        }
    }

    /// `trackingWeight` (Q_e) weighs ZMP error, `inputWeight` (R) weighs jerk.
    public init(dt: Double, comHeight: Double, previewTime: Double = 1.6, gravity: Double = 9.81,
                trackingWeight: Double = 1, inputWeight: Double = 1e-6) {
        self.dt = dt
        self.comHeight = comHeight
        self.gravity = gravity
        let steps = max(1, Int((previewTime / dt).rounded()))
        previewSteps = steps
        let T = dt
        let zg = comHeight / gravity
        let a = Matrix(rows: [[1, T, T * T / 2], [0, 1, T], [0, 0, 1]], columns: 3)
        let b = Matrix(column: [T * T * T / 6, T * T / 2, T])
        let c = Matrix(rows: [[1, 0, -zg]], columns: 3)
        let ca = c * a
        let cb = (c * b)[0, 0]
        // Augmented system: (Σe-increment, Δx).
        var at = Matrix(rows: 4, columns: 4)
        at[0, 0] = 1
        for j in 0..<3 { at[0, j + 1] = ca[0, j] }
        for i in 0..<3 { for j in 0..<3 { at[i + 1, j + 1] = a[i, j] } }
        let bt = Matrix(column: [cb, b[0, 0], b[1, 0], b[2, 0]])
        let it = Matrix(column: [1, 0, 0, 0])
        var q = Matrix(rows: 4, columns: 4)
        q[0, 0] = trackingWeight
        // Riccati iteration: P ← Q + AᵀPA − AᵀPB (R + BᵀPB)⁻¹ BᵀPA.
        var p = q
        var iterations = 0
        for iteration in 1...100_000 {
            iterations = iteration
            let pa = p * at
            let pb = p * bt
            let s = inputWeight + (bt.transposed * pb)[0, 0]
            let bpa = bt.transposed * pa
            let next = q + at.transposed * pa - (at.transposed * pb) * bpa * (1 / s)
            let change = zip(next.values, p.values).map { abs($0 - $1) }.max() ?? 0
            let scale = next.values.map(abs).max() ?? 1
            p = next
            if change <= 1e-13 * max(scale, 1e-300) { break }
        }
        riccati = p
        riccatiIterations = iterations
        let s = inputWeight + (bt.transposed * p * bt)[0, 0]
        let k = (bt.transposed * p * at) * (1 / s)  // 1 × 4
        integralGain = k[0, 0]
        stateGain = [k[0, 1], k[0, 2], k[0, 3]]
        let closed = at - bt * k
        var x = closed.transposed * p * it * -1
        var gains = [-integralGain]
        for _ in 1..<steps {
            gains.append((bt.transposed * x)[0, 0] / s)
            x = closed.transposed * x
        }
        previewGains = gains
    }

    /// The ZMP (m) of a cart state.
    public func zmp(of state: AxisState) -> Double { state.position - comHeight / gravity * state.acceleration }

    /// Advances one axis by one period. `reference(j)` is the ZMP reference j steps ahead
    /// (j = 0 is now; it is asked for j = 0…N). Returns the ZMP of the new state.
    @discardableResult
    public func step(_ state: inout AxisState, reference: (Int) -> Double) -> Double {
        state.errorSum += zmp(of: state) - reference(0)
        var jerk = -integralGain * state.errorSum
            - stateGain[0] * state.position - stateGain[1] * state.velocity - stateGain[2] * state.acceleration
        for j in 1...previewSteps { jerk -= previewGains[j - 1] * reference(j) }
        let T = dt
        state.position += T * state.velocity + T * T / 2 * state.acceleration + T * T * T / 6 * jerk
        state.velocity += T * state.acceleration + T * T / 2 * jerk
        state.acceleration += T * jerk
        return zmp(of: state)
    }
}
