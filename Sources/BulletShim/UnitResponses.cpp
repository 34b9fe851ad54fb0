// The unit response of a solver row: the velocity change of every dof of a multibody per
// unit impulse along the row, M^-1 J^T, for a joint row (J = ±e_c) or a contact row (J from
// Bullet's contact Jacobian: the base's six entries and the dofs on the contact link's path
// to the base). Bullet's calcAccelerationDeltasMultiDof computes it with an articulated-body
// pass inward over every link and one outward; here the inward pass is Bullet's only along
// the row's link and its ancestors, and every other link adds what it adds for a zero force,
// computed once per solve (see UnitResponses in ShimInternal.hpp). The arithmetic is
// Bullet's, operation for operation, so the numbers are.
#include "ShimInternal.hpp"

namespace tgb {

namespace {

// Bullet keeps the articulated-body quantities its response pass reads (the rotations from
// parent frames, the h vectors, the base's spatial inertia) private, with no
// accessor. An explicit instantiation may name a private member (C++ [temp.spec]): these
// tags expose exactly those (the rotations, the h vectors, the base's articulated inertia
// blocks), read-only, to this file.
template <typename Tag, typename Tag::type Member> struct Expose {
    friend typename Tag::type pointerTo(Tag) { return Member; }
};
struct RotationsTag {
    using type = btAlignedObjectArray<btMatrix3x3> btMultiBody::*;
    friend type pointerTo(RotationsTag);
};
struct HVectorsTag {
    using type = btAlignedObjectArray<btVector3> btMultiBody::*;
    friend type pointerTo(HVectorsTag);
};
struct InertiaValidTag {
    using type = bool btMultiBody::*;
    friend type pointerTo(InertiaValidTag);
};
template <int Block> struct InertiaTag {
    using type = btMatrix3x3 btMultiBody::*;
    friend type pointerTo(InertiaTag);
};
template struct Expose<InertiaValidTag, &btMultiBody::m_cachedInertiaValid>;
template struct Expose<InertiaTag<0>, &btMultiBody::m_cachedInertiaTopLeft>;
template struct Expose<InertiaTag<1>, &btMultiBody::m_cachedInertiaTopRight>;
template struct Expose<InertiaTag<2>, &btMultiBody::m_cachedInertiaLowerLeft>;
template struct Expose<InertiaTag<3>, &btMultiBody::m_cachedInertiaLowerRight>;
template struct Expose<RotationsTag, &btMultiBody::m_matrixBuf>;
template struct Expose<HVectorsTag, &btMultiBody::m_vectorBuf>;

// The cached quantities of the last forward-dynamics pass, as Bullet's response pass names them.
struct Cached {
    const btMatrix3x3 *rotationFromParent;  // [0] base, [i + 1] link i
    const btSpatialForceVector *h;          // per dof
    const btScalar *invD;                   // per link, dofCount x dofCount at dofOffset^2
};

Cached cachedOf(const btMultiBody &body) {
    const int dofs = body.getNumDofs();
    const btAlignedObjectArray<btMatrix3x3> &rotations = body.*pointerTo(RotationsTag{});
    const btAlignedObjectArray<btVector3> &vectors = body.*pointerTo(HVectorsTag{});
    return Cached{&rotations[0], dofs > 0 ? (const btSpatialForceVector *)&vectors[0] : nullptr,
                  dofs > 0 ? body.getVelocityVector() + 6 + dofs : nullptr};
}

// What link `link` adds to its parent's zero-acceleration force in the inward pass, and its
// Y values, given its own accumulated force `accumulated` and the joint forces `force` of
// its dofs (Bullet's statements in Bullet's order).
void inwardStep(const btMultiBody &body, const Cached &cached, int link, const btSpatialForceVector &accumulated,
                const btScalar *force, btScalar *Y, btSpatialForceVector &contribution) {
    const btMultibodyLink &l = body.getLink(link);
    btSpatialTransformationMatrix fromParent;
    fromParent.m_rotMat = cached.rotationFromParent[link + 1];
    fromParent.m_trnVec = l.m_cachedRVector;
    for (int dof = 0; dof < l.m_dofCount; ++dof) Y[l.m_dofOffset + dof] = force[dof] - l.m_axes[dof].dot(accumulated);
    const btScalar *invDi = &cached.invD[l.m_dofOffset * l.m_dofOffset];
    btScalar invDTimesY[6];
    for (int dof = 0; dof < l.m_dofCount; ++dof) {
        invDTimesY[dof] = 0.f;
        for (int dof2 = 0; dof2 < l.m_dofCount; ++dof2)
            invDTimesY[dof] += invDi[dof * l.m_dofCount + dof2] * Y[l.m_dofOffset + dof2];
    }
    btSpatialForceVector sum = accumulated;
    for (int dof = 0; dof < l.m_dofCount; ++dof) sum += cached.h[l.m_dofOffset + dof] * invDTimesY[dof];
    fromParent.transformInverse(sum, contribution);
}

} // namespace

void UnitResponses::prepare(const btMultiBody &body) {
    preparedAt = *clock;
    const int links = body.getNumLinks();
    const int dofs = body.getNumDofs();
    usable = links > 0 && !body.isBaseKinematic();
    for (int i = 0; i < links && usable; ++i)
        if (body.isLinkAndAllAncestorsKinematic(i) || body.getLink(i).m_dofCount > 6) usable = false;
    if (!usable) return;
    const Cached cached = cachedOf(body);
    // The blocks of the base's inverse articulated inertia, as Bullet's solveImatrix
    // computes them on every call (the same expressions in the same order).
    inertiaValid = body.*pointerTo(InertiaValidTag{});
    if (inertiaValid) {
        const btMatrix3x3 &topLeft = body.*pointerTo(InertiaTag<0>{});
        const btMatrix3x3 &topRight = body.*pointerTo(InertiaTag<1>{});
        const btMatrix3x3 &lowerLeft = body.*pointerTo(InertiaTag<2>{});
        const btMatrix3x3 &lowerRight = body.*pointerTo(InertiaTag<3>{});
        const btMatrix3x3 Binv = topRight.inverse() * -1.f;
        btMatrix3x3 tmp = lowerRight * Binv;
        inverseUpperRight = (tmp * topLeft + lowerLeft).inverse();
        tmp = inverseUpperRight * lowerRight;
        inverseUpperLeft = (tmp * Binv);
        inverseLowerRight = (inverseUpperLeft).transpose();
        tmp = topLeft * inverseUpperLeft;
        tmp[0][0] -= 1.0;
        tmp[1][1] -= 1.0;
        tmp[2][2] -= 1.0;
        inverseLowerLeft = (Binv * tmp);
    }
    passive.resize(links);
    passiveY.resize(dofs);
    accumulated.resize(links + 1);
    spatialAcceleration.resize(links + 1);
    Y.resize(dofs);
    unitForce.assign(dofs, 0);
    onPath.assign(links, 0);
    // The inward pass for a zero force (every joint row has +0 on the base's six entries).
    if (body.isBaseStaticOrKinematic()) {
        baseStart.setZero();
    } else {
        btSpatialTransformationMatrix fromParent;
        fromParent.m_rotMat = cached.rotationFromParent[0];
        const btScalar zero = 0;
        fromParent.transformRotationOnly(btSpatialForceVector(-zero, -zero, -zero, -zero, -zero, -zero), baseStart);
    }
    accumulated[0] = baseStart;
    for (int i = 0; i < links; ++i) accumulated[i + 1].setZero();
    const btScalar zeros[6] = {0, 0, 0, 0, 0, 0};
    for (int i = links - 1; i >= 0; --i) {
        inwardStep(body, cached, i, accumulated[i + 1], zeros, passiveY.data(), passive[i]);
        accumulated[body.getLink(i).m_parent + 1] += passive[i];
    }
}

bool UnitResponses::compute(const btMultiBody &body, int column, btScalar value, btScalar *output) {
    if (!ready(body)) return false;
    const int dof = column - 6;
    if (dof < 0 || dof >= body.getNumDofs()) return false;
    // The joint's link: the last whose dofs start at or before `dof`.
    const int links = body.getNumLinks();
    int link = 0;
    while (link + 1 < links && body.getLink(link + 1).m_dofOffset <= dof) ++link;
    // Bullet's force vector for the row: `value` at the joint's dof, +0 elsewhere.
    unitForce[dof] = value;
    respond(body, link, baseStart, unitForce.data(), output);
    unitForce[dof] = 0;
    return true;
}

bool UnitResponses::computeForJacobian(const btMultiBody &body, int link, const btScalar *jacobian, btScalar *output) {
    if (!ready(body) || link < -1 || link >= body.getNumLinks()) return false;
    // The base's start: Bullet's rotation of the negated base entries into the base frame.
    btSpatialForceVector start;
    if (body.isBaseStaticOrKinematic()) {
        start.setZero();
    } else {
        btSpatialTransformationMatrix fromParent;
        fromParent.m_rotMat = cachedOf(body).rotationFromParent[0];
        fromParent.transformRotationOnly(btSpatialForceVector(-jacobian[0], -jacobian[1], -jacobian[2], -jacobian[3],
                                                              -jacobian[4], -jacobian[5]),
                                         start);
    }
    respond(body, link, start, jacobian + 6, output);
    return true;
}

bool UnitResponses::ready(const btMultiBody &body) {
    if (preparedAt != *clock || !prepared) {
        prepare(body);
        prepared = true;
    }
    return usable;
}

void UnitResponses::respond(const btMultiBody &body, int link, const btSpatialForceVector &start, const btScalar *force,
                            btScalar *output) {
    const int links = body.getNumLinks();
    const Cached cached = cachedOf(body);
    // The force's link and its ancestors: the links whose subtree holds joint forces. Only
    // their (and the base's) zero-acceleration forces are summed: an off-path link's own
    // sum is never read, its addition to its parent is the zero-force one.
    accumulated[0] = start;
    for (int i = link; i >= 0; i = body.getLink(i).m_parent) {
        onPath[i] = 1;
        accumulated[i + 1].setZero();
    }
    // Inward pass: Bullet's on the path, the zero-force contribution elsewhere, added in
    // Bullet's order (children by decreasing index).
    for (int i = links - 1; i >= 0; --i) {
        const btMultibodyLink &l = body.getLink(i);
        const int parent = l.m_parent;
        if (onPath[i]) {
            btSpatialForceVector contribution;
            inwardStep(body, cached, i, accumulated[i + 1], force + l.m_dofOffset, Y.data(), contribution);
            accumulated[parent + 1] += contribution;
        } else if (parent < 0 || onPath[parent]) {
            accumulated[parent + 1] += passive[i];
        }
    }
    // Outward pass, Bullet's.
    if (body.isBaseStaticOrKinematic()) {
        spatialAcceleration[0].setZero();
    } else {
        // Bullet's solveImatrix with the blocks computed once per solve.
        btSpatialMotionVector result;
        const btSpatialForceVector &rhs = accumulated[0];
        if (!inertiaValid) {
            result.setVector(btVector3(0, 0, 0), btVector3(0, 0, 0));
        } else {
            btVector3 top = inverseUpperLeft * rhs.getLinear();
            btVector3 tmp;
            tmp = inverseUpperRight * rhs.getAngular();
            top += tmp;
            btVector3 bottom = inverseLowerLeft * rhs.getLinear();
            tmp = inverseLowerRight * rhs.getAngular();
            bottom += tmp;
            result.setVector(top, bottom);
        }
        spatialAcceleration[0] = -result;
    }
    btScalar *jointAcceleration = output + 6;
    for (int i = 0; i < links; ++i) {
        const btMultibodyLink &l = body.getLink(i);
        btSpatialTransformationMatrix fromParent;
        fromParent.m_rotMat = cached.rotationFromParent[i + 1];
        fromParent.m_trnVec = l.m_cachedRVector;
        fromParent.transform(spatialAcceleration[l.m_parent + 1], spatialAcceleration[i + 1]);
        // Y: this pass's on the path, the zero-force pass's elsewhere.
        const btScalar *y = onPath[i] ? &Y[l.m_dofOffset] : &passiveY[l.m_dofOffset];
        btScalar yMinusHTa[6];
        for (int d = 0; d < l.m_dofCount; ++d)
            yMinusHTa[d] = y[d] - spatialAcceleration[i + 1].dot(cached.h[l.m_dofOffset + d]);
        const btScalar *invDi = &cached.invD[l.m_dofOffset * l.m_dofOffset];
        for (int row = 0; row < l.m_dofCount; ++row) {
            btScalar &out = jointAcceleration[l.m_dofOffset + row];
            out = 0.f;
            for (int inner = 0; inner < l.m_dofCount; ++inner) out += invDi[row * l.m_dofCount + inner] * yMinusHTa[inner];
        }
        for (int d = 0; d < l.m_dofCount; ++d)
            spatialAcceleration[i + 1] += l.m_axes[d] * jointAcceleration[l.m_dofOffset + d];
    }
    for (int i = link; i >= 0; i = body.getLink(i).m_parent) onPath[i] = 0;
    // The base's accelerations back in the world frame.
    const btVector3 angular = cached.rotationFromParent[0].transpose() * spatialAcceleration[0].getAngular();
    const btVector3 linear = cached.rotationFromParent[0].transpose() * spatialAcceleration[0].getLinear();
    for (int k = 0; k < 3; ++k) {
        output[k] = angular[k];
        output[3 + k] = linear[k];
    }
}

} // namespace tgb
