// Smoothstep: the easing the experts and the walking controller's touch-down blend share.

/// 3x² − 2x³ of x clamped to 0…1: a move's progress with zero speed at both ends.
public func smoothstep(_ x: Double) -> Double {
    let t = min(1, max(0, x))
    return t * t * (3 - 2 * t)
}
