// CBullet exists to carry `pkg-config bullet-float64` (BT_USE_DOUBLE_PRECISION, the -float64
// libraries) to the BulletShim target. Bullet's headers are C++ and are included only there.
