// Drawable: one piece of geometry the renderer draws, attached to a body (or a link of a
// multibody) at a fixed local pose. The viewer reads poses from the world each frame.
import Physics
import Robot

public struct Drawable: Sendable, Hashable {
    /// Rigid-body or multibody id in the world; -1 for static decoration with no body.
    public var body: Int32
    /// Link of a multibody (-1 for a rigid body or the base).
    public var link: Int
    /// The geometry's pose in the body's (or link's centre-of-mass) frame; for body -1, in
    /// the world frame.
    public var localPose: Pose
    public var shape: GeometryShape
    /// RGBA in [0, 1].
    public var color: [Double]
    /// Translucent overlays such as goal zones are drawn last and without shadows.
    public var isOverlay: Bool

    public init(body: Int32, link: Int = -1, localPose: Pose = .identity, shape: GeometryShape, color: [Double],
                isOverlay: Bool = false) {
        self.body = body
        self.link = link
        self.localPose = localPose
        self.shape = shape
        self.color = color
        self.isOverlay = isOverlay
    }
}
