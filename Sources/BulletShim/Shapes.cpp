// Shapes: primitives, convex hulls, static triangle meshes and compounds, owned by the world.
#include "ShimInternal.hpp"

#include <BulletCollision/CollisionShapes/btTriangleIndexVertexArray.h>

using namespace tgb;

namespace {

int store(tgb_world *world, std::unique_ptr<Shape> shape, int32_t *out_shape) {
    int32_t id = world->nextShapeId++;
    world->shapes[id] = std::move(shape);
    *out_shape = id;
    return TGB_OK;
}

int checkOut(const tgb_world *world, int32_t *out_shape) {
    if (int status = checkWorld(world)) return status;
    if (out_shape == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_shape is NULL");
    return TGB_OK;
}

int checkSize(double value, const char *what) {
    if (!allFinite(value) || value <= 0)
        return fail(TGB_ERR_INVALID_ARGUMENT, std::string(what) + " must be finite and > 0, got " + std::to_string(value));
    return TGB_OK;
}

std::unique_ptr<Shape> wrap(btCollisionShape *shape, bool staticOnly = false) {
    auto result = std::make_unique<Shape>();
    result->shape.reset(shape);
    result->staticOnly = staticOnly;
    return result;
}

} // namespace

extern "C" int tgb_shape_plane(tgb_world *world, tgb_vec3 normal, double offset, int32_t *out_shape) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkOut(world, out_shape)) return status;
        if (int status = checkVector(normal, "plane normal")) return status;
        btVector3 n = toBt(normal);
        if (n.length() < 1e-9) return fail(TGB_ERR_INVALID_ARGUMENT, "plane normal has zero length");
        if (!allFinite(offset)) return fail(TGB_ERR_INVALID_ARGUMENT, "plane offset is not finite");
        return store(world, wrap(new btStaticPlaneShape(n.normalized(), offset), true), out_shape);
    });
}

extern "C" int tgb_shape_box(tgb_world *world, tgb_vec3 half, int32_t *out_shape) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkOut(world, out_shape)) return status;
        if (int status = checkSize(half.x, "box half extent x")) return status;
        if (int status = checkSize(half.y, "box half extent y")) return status;
        if (int status = checkSize(half.z, "box half extent z")) return status;
        auto *box = new btBoxShape(toBt(half));
        // Keep the collision margin inside small boxes so their outline stays exact.
        double smallest = std::min(half.x, std::min(half.y, half.z));
        if (smallest < 0.04 * 2) box->setMargin(std::max(0.0005, smallest * 0.25));
        return store(world, wrap(box), out_shape);
    });
}

extern "C" int tgb_shape_sphere(tgb_world *world, double radius, int32_t *out_shape) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkOut(world, out_shape)) return status;
        if (int status = checkSize(radius, "sphere radius")) return status;
        return store(world, wrap(new btSphereShape(radius)), out_shape);
    });
}

extern "C" int tgb_shape_capsule(tgb_world *world, double radius, double length, int32_t *out_shape) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkOut(world, out_shape)) return status;
        if (int status = checkSize(radius, "capsule radius")) return status;
        if (!allFinite(length) || length < 0)
            return fail(TGB_ERR_INVALID_ARGUMENT, "capsule length must be finite and >= 0");
        return store(world, wrap(new btCapsuleShapeZ(radius, length)), out_shape);
    });
}

extern "C" int tgb_shape_cylinder(tgb_world *world, double radius, double length, int32_t *out_shape) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkOut(world, out_shape)) return status;
        if (int status = checkSize(radius, "cylinder radius")) return status;
        if (int status = checkSize(length, "cylinder length")) return status;
        return store(world, wrap(new btCylinderShapeZ(btVector3(radius, radius, length / 2))), out_shape);
    });
}

extern "C" int tgb_shape_convex_hull(tgb_world *world, const double *points, int32_t count, int32_t *out_shape) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkOut(world, out_shape)) return status;
        if (points == nullptr || count < 4)
            return fail(TGB_ERR_INVALID_ARGUMENT, "a convex hull needs at least 4 points, got " + std::to_string(count));
        btVector3 low(BT_LARGE_FLOAT, BT_LARGE_FLOAT, BT_LARGE_FLOAT), high = -low;
        auto *hull = new btConvexHullShape();
        for (int32_t i = 0; i < count; ++i) {
            tgb_vec3 p{points[3 * i], points[3 * i + 1], points[3 * i + 2]};
            if (!allFinite(p)) {
                delete hull;
                return fail(TGB_ERR_INVALID_ARGUMENT, "convex hull point " + std::to_string(i) + " is not finite");
            }
            hull->addPoint(toBt(p), false);
            low.setMin(toBt(p));
            high.setMax(toBt(p));
        }
        btVector3 size = high - low;
        if (size.x() <= 1e-9 || size.y() <= 1e-9 || size.z() <= 1e-9) {
            delete hull;
            return fail(TGB_ERR_INVALID_ARGUMENT, "convex hull points are flat or degenerate (zero size on some axis)");
        }
        // Flat on a tilted plane or along a tilted line: no axis has zero size, yet there is
        // no volume. Fit a plane through the widest triangle and measure the thickness.
        const btVector3 *vertices = hull->getUnscaledPoints();
        btVector3 origin = vertices[0], far = origin, normal(0, 0, 0);
        for (int32_t i = 1; i < count; ++i)
            if (vertices[i].distance2(origin) > far.distance2(origin)) far = vertices[i];
        for (int32_t i = 1; i < count; ++i) {
            btVector3 candidate = (far - origin).cross(vertices[i] - origin);
            if (candidate.length2() > normal.length2()) normal = candidate;
        }
        double thickness = 0, tolerance = std::max(1e-9, 1e-12 * size.length());
        if (normal.length() > tolerance * (far - origin).length()) {
            normal.normalize();
            for (int32_t i = 0; i < count; ++i) thickness = std::max(thickness, (double)std::fabs(normal.dot(vertices[i] - origin)));
        }
        if (thickness <= tolerance) {
            delete hull;
            return fail(TGB_ERR_INVALID_ARGUMENT, "convex hull points are flat or degenerate (all on one plane or line)");
        }
        hull->recalcLocalAabb();
        hull->optimizeConvexHull();
        hull->setMargin(std::min(0.004, 0.1 * std::min(size.x(), std::min(size.y(), size.z()))));
        return store(world, wrap(hull), out_shape);
    });
}

extern "C" int tgb_shape_triangle_mesh(tgb_world *world, const double *vertices, int32_t vertex_count,
                                       const int32_t *indices, int32_t index_count, int32_t *out_shape) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkOut(world, out_shape)) return status;
        if (vertices == nullptr || indices == nullptr || vertex_count < 3 || index_count < 3 || index_count % 3 != 0)
            return fail(TGB_ERR_INVALID_ARGUMENT, "a triangle mesh needs >= 3 vertices and a multiple of 3 indices");
        auto shape = std::make_unique<Shape>();
        shape->meshVertices.assign(vertices, vertices + 3 * (size_t)vertex_count);
        for (double value : shape->meshVertices)
            if (!allFinite(value)) return fail(TGB_ERR_INVALID_ARGUMENT, "triangle mesh has a non-finite vertex");
        shape->meshIndices.assign(indices, indices + index_count);
        for (int32_t index : shape->meshIndices)
            if (index < 0 || index >= vertex_count)
                return fail(TGB_ERR_INVALID_ARGUMENT, "triangle mesh index " + std::to_string(index) + " is outside 0..<" + std::to_string(vertex_count));
        shape->meshInterface = std::make_unique<btTriangleIndexVertexArray>(
            index_count / 3, shape->meshIndices.data(), 3 * (int)sizeof(int),
            vertex_count, shape->meshVertices.data(), 3 * (int)sizeof(btScalar));
        shape->shape = std::make_unique<btBvhTriangleMeshShape>(shape->meshInterface.get(), true);
        shape->staticOnly = true;
        return store(world, std::move(shape), out_shape);
    });
}

extern "C" int tgb_shape_compound(tgb_world *world, const int32_t *children, const tgb_pose *poses,
                                  int32_t count, int32_t *out_shape) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkOut(world, out_shape)) return status;
        if (children == nullptr || poses == nullptr || count < 1)
            return fail(TGB_ERR_INVALID_ARGUMENT, "a compound needs at least one child");
        // No dynamic AABB tree: with it, whether a child's contact algorithm exists depends
        // on past steps (tree query and clean-up disagree for turned children), which a
        // snapshot cannot restore. Without it, existence follows the current boxes only.
        auto *compound = new btCompoundShape(false, count);
        bool staticOnly = false;
        for (int32_t i = 0; i < count; ++i) {
            Shape *child = findShape(world, children[i]);
            if (child == nullptr || checkPose(poses[i], "compound child pose") != TGB_OK) {
                delete compound;
                return child == nullptr ? TGB_ERR_NOT_FOUND : TGB_ERR_INVALID_ARGUMENT;
            }
            if (child->shape->getShapeType() == STATIC_PLANE_PROXYTYPE || child->shape->isCompound()) {
                delete compound;
                return fail(TGB_ERR_INVALID_ARGUMENT, "a compound child cannot be a plane or another compound");
            }
            staticOnly = staticOnly || child->staticOnly;
            compound->addChildShape(toBt(poses[i]), child->shape.get());
        }
        return store(world, wrap(compound, staticOnly), out_shape);
    });
}

extern "C" int tgb_shape_inertia(tgb_world *world, int32_t shape_id, double mass, tgb_vec3 *out_inertia) {
    return guarded(__func__, [&]() -> int {
        if (int status = checkWorld(world)) return status;
        if (out_inertia == nullptr) return fail(TGB_ERR_INVALID_ARGUMENT, "out_inertia is NULL");
        Shape *shape = findShape(world, shape_id);
        if (shape == nullptr) return TGB_ERR_NOT_FOUND;
        if (!allFinite(mass) || mass <= 0) return fail(TGB_ERR_INVALID_ARGUMENT, "mass must be finite and > 0");
        if (shape->staticOnly) return fail(TGB_ERR_INVALID_ARGUMENT, "planes and triangle meshes have no inertia (static only)");
        btVector3 inertia(0, 0, 0);
        shape->shape->calculateLocalInertia(mass, inertia);
        *out_inertia = fromBt(inertia);
        return TGB_OK;
    });
}
