// Versions shown by `tground version` and `tground --version`.
import Physics

/// The version of TrainingGround (semantic versioning). Bump it with each release.
public let TrainingGroundVersion = "0.1.0"

/// The Bullet build the Physics module is linked against, as the library reports it
/// (Debian's `libbullet-dev`, double-precision build, `pkg-config bullet-float64`).
public var BulletBuildDescription: String { World.bulletDescription }
