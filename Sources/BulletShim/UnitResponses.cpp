// The unit response of a solver row: the velocity change of every dof of a multibody per
// unit impulse along the row, M^-1 J^T, for a joint row (J = ±e_c) or a contact row (J from
// Bullet's contact Jacobian: the base's six entries and the dofs on the contact link's path
// to the base). Bullet's calcAccelerationDeltasMultiDof computes it with an articulated-body
// pass inward over every link and one outward; here the inward pass is Bullet's only along
// the row's link and its ancestors, and every other link adds what it adds for a zero force,
// computed once per solve (see UnitResponses in ShimInternal.hpp). The arithmetic is
// Bullet's, operation for operation, so the numbers are.
#include "ShimInternal.hpp"

// Every product and sum stays a separately rounded IEEE operation (Bullet's numbers), never fused.
#pragma clang fp contract(off)

#include <algorithm>
#include <cstring>

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
    const btScalar *invDi = &cached.invD[l.m_dofOffset * l.m_dofOffset];
    btSpatialForceVector sum = accumulated;
    if (l.m_dofCount == 1) {
        // The loops below for one dof (a revolute or prismatic joint): the same statements.
        const int dof = l.m_dofOffset;
        Y[dof] = force[0] - l.m_axes[0].dot(accumulated);
        btScalar invDTimesY = 0.f;
        invDTimesY += invDi[0] * Y[dof];
        sum += cached.h[dof] * invDTimesY;
        fromParent.transformInverse(sum, contribution);
        return;
    }
    for (int dof = 0; dof < l.m_dofCount; ++dof) Y[l.m_dofOffset + dof] = force[dof] - l.m_axes[dof].dot(accumulated);
    btScalar invDTimesY[6];
    for (int dof = 0; dof < l.m_dofCount; ++dof) {
        invDTimesY[dof] = 0.f;
        for (int dof2 = 0; dof2 < l.m_dofCount; ++dof2)
            invDTimesY[dof] += invDi[dof * l.m_dofCount + dof2] * Y[l.m_dofOffset + dof2];
    }
    for (int dof = 0; dof < l.m_dofCount; ++dof) sum += cached.h[l.m_dofOffset + dof] * invDTimesY[dof];
    fromParent.transformInverse(sum, contribution);
}

} // namespace

// The lane helpers below are always inlined: no vector crosses a call, whatever the target.
#pragma clang diagnostic ignored "-Wpsabi"

namespace {

// Four lanes of doubles: one value per response of a batch (computeBatch). Each lane
// operation is one IEEE operation on that lane's value, so a lane computes exactly what the
// scalar code computes for its response.
typedef double Lanes __attribute__((vector_size(32)));

__attribute__((always_inline)) inline Lanes splat(btScalar value) { return Lanes{value, value, value, value}; }
__attribute__((always_inline)) inline Lanes loadLanes(const btScalar *from) {
    Lanes value;
    __builtin_memcpy(&value, from, sizeof value);
    return value;
}
__attribute__((always_inline)) inline void storeLanes(btScalar *to, Lanes value) { __builtin_memcpy(to, &value, sizeof value); }
// m.dot(v) for row `row` of a matrix: Bullet's m[row][0] v0 + m[row][1] v1 + m[row][2] v2.
__attribute__((always_inline)) inline Lanes rowDot(const btMatrix3x3 &m, int row, const Lanes *v) {
    return splat(m[row][0]) * v[0] + splat(m[row][1]) * v[1] + splat(m[row][2]) * v[2];
}
// Column `column` of m dotted with v: row `column` of m.transpose() times v.
__attribute__((always_inline)) inline Lanes columnDot(const btMatrix3x3 &m, int column, const Lanes *v) {
    return splat(m[0][column]) * v[0] + splat(m[1][column]) * v[1] + splat(m[2][column]) * v[2];
}

// What the outward pass of a batch reads.
struct OutwardBatch {
    const btMultiBody *body;
    const btMatrix3x3 *rotationFromParent;  // [0] base, [i + 1] link i
    const btSpatialForceVector *h;
    const btScalar *invD;
    bool baseFixed;      // the base does not move (isBaseStaticOrKinematic)
    bool inertiaValid;   // the base's inverse articulated inertia blocks are known
    const btMatrix3x3 *upperLeft, *upperRight, *lowerLeft, *lowerRight;
    const btSpatialForceVector *rhs;  // per lane, the base's zero-acceleration force after the inward pass
    const btScalar *laneYs;           // per dof, the four lanes' Y
    btScalar *const *outputs;         // per lane, 6 + dofs entries
    btScalar *acceleration;           // scratch: (links + 1) x 6 x 4
};

// UnitResponses::respond's outward pass, for four lanes at once.
__attribute__((always_inline)) inline void outwardPass(const OutwardBatch &in) {
    const btMultiBody &body = *in.body;
    const int links = body.getNumLinks();
    Lanes top[3], bottom[3];  // the spatial acceleration: angular (top), linear (bottom)
    if (in.baseFixed) {
        for (int k = 0; k < 3; ++k) top[k] = bottom[k] = splat(0);
    } else {
        Lanes linear[3], angular[3];
        for (int k = 0; k < 3; ++k) {
            linear[k] = Lanes{in.rhs[0].getLinear()[k], in.rhs[1].getLinear()[k], in.rhs[2].getLinear()[k],
                              in.rhs[3].getLinear()[k]};
            angular[k] = Lanes{in.rhs[0].getAngular()[k], in.rhs[1].getAngular()[k], in.rhs[2].getAngular()[k],
                               in.rhs[3].getAngular()[k]};
        }
        Lanes resultTop[3], resultBottom[3];
        if (!in.inertiaValid) {
            for (int k = 0; k < 3; ++k) resultTop[k] = resultBottom[k] = splat(0);
        } else {
            for (int k = 0; k < 3; ++k) {
                resultTop[k] = rowDot(*in.upperLeft, k, linear);
                resultTop[k] += rowDot(*in.upperRight, k, angular);
                resultBottom[k] = rowDot(*in.lowerLeft, k, linear);
                resultBottom[k] += rowDot(*in.lowerRight, k, angular);
            }
        }
        for (int k = 0; k < 3; ++k) {
            top[k] = -resultTop[k];
            bottom[k] = -resultBottom[k];
        }
    }
    btScalar *acceleration = in.acceleration;
    for (int k = 0; k < 3; ++k) {
        storeLanes(acceleration + 4 * k, top[k]);
        storeLanes(acceleration + 4 * (3 + k), bottom[k]);
    }
    const Lanes baseTop[3] = {top[0], top[1], top[2]};
    const Lanes baseBottom[3] = {bottom[0], bottom[1], bottom[2]};
    for (int i = 0; i < links; ++i) {
        const btMultibodyLink &l = body.getLink(i);
        const btMatrix3x3 &rotation = in.rotationFromParent[i + 1];
        const btVector3 &r = l.m_cachedRVector;
        const btScalar *parent = acceleration + 24 * (l.m_parent + 1);
        Lanes parentTop[3], parentBottom[3];
        for (int k = 0; k < 3; ++k) {
            parentTop[k] = loadLanes(parent + 4 * k);
            parentBottom[k] = loadLanes(parent + 4 * (3 + k));
        }
        // transform: top = R top', bottom = -(r x top) + R bottom'.
        for (int k = 0; k < 3; ++k) top[k] = rowDot(rotation, k, parentTop);
        const Lanes cross[3] = {splat(r[1]) * top[2] - splat(r[2]) * top[1], splat(r[2]) * top[0] - splat(r[0]) * top[2],
                                splat(r[0]) * top[1] - splat(r[1]) * top[0]};
        for (int k = 0; k < 3; ++k) bottom[k] = -cross[k] + rowDot(rotation, k, parentBottom);
        if (l.m_dofCount == 1) {
            // The loops below for one dof (a revolute or prismatic joint): the same operations.
            const int dof = l.m_dofOffset;
            const Lanes y = loadLanes(in.laneYs + 4 * dof);
            const btSpatialForceVector &h = in.h[dof];
            const Lanes along = (bottom[0] * splat(h.m_topVec[0]) + bottom[1] * splat(h.m_topVec[1]) +
                                 bottom[2] * splat(h.m_topVec[2])) +
                                (top[0] * splat(h.m_bottomVec[0]) + top[1] * splat(h.m_bottomVec[1]) +
                                 top[2] * splat(h.m_bottomVec[2]));
            const Lanes yMinusHTa = y - along;
            Lanes jointAcceleration = splat(0);
            jointAcceleration += splat(in.invD[dof * dof]) * yMinusHTa;
            for (int lane = 0; lane < 4; ++lane) in.outputs[lane][6 + dof] = jointAcceleration[lane];
            const btSpatialMotionVector &axis = l.m_axes[0];
            for (int k = 0; k < 3; ++k) {
                top[k] += splat(axis.m_topVec[k]) * jointAcceleration;
                bottom[k] += splat(axis.m_bottomVec[k]) * jointAcceleration;
            }
            btScalar *own = acceleration + 24 * (i + 1);
            for (int k = 0; k < 3; ++k) {
                storeLanes(own + 4 * k, top[k]);
                storeLanes(own + 4 * (3 + k), bottom[k]);
            }
            continue;
        }
        Lanes yMinusHTa[6];
        for (int d = 0; d < l.m_dofCount; ++d) {
            const int dof = l.m_dofOffset + d;
            const Lanes y = loadLanes(in.laneYs + 4 * dof);
            const btSpatialForceVector &h = in.h[dof];
            const Lanes along = (bottom[0] * splat(h.m_topVec[0]) + bottom[1] * splat(h.m_topVec[1]) +
                                 bottom[2] * splat(h.m_topVec[2])) +
                                (top[0] * splat(h.m_bottomVec[0]) + top[1] * splat(h.m_bottomVec[1]) +
                                 top[2] * splat(h.m_bottomVec[2]));
            yMinusHTa[d] = y - along;
        }
        const btScalar *invDi = &in.invD[l.m_dofOffset * l.m_dofOffset];
        Lanes jointAcceleration[6];
        for (int row = 0; row < l.m_dofCount; ++row) {
            Lanes out = splat(0);
            for (int inner = 0; inner < l.m_dofCount; ++inner)
                out += splat(invDi[row * l.m_dofCount + inner]) * yMinusHTa[inner];
            jointAcceleration[row] = out;
            for (int lane = 0; lane < 4; ++lane) in.outputs[lane][6 + l.m_dofOffset + row] = out[lane];
        }
        for (int d = 0; d < l.m_dofCount; ++d) {
            const btSpatialMotionVector &axis = l.m_axes[d];
            for (int k = 0; k < 3; ++k) {
                top[k] += splat(axis.m_topVec[k]) * jointAcceleration[d];
                bottom[k] += splat(axis.m_bottomVec[k]) * jointAcceleration[d];
            }
        }
        btScalar *own = acceleration + 24 * (i + 1);
        for (int k = 0; k < 3; ++k) {
            storeLanes(own + 4 * k, top[k]);
            storeLanes(own + 4 * (3 + k), bottom[k]);
        }
    }
    // The base's accelerations back in the world frame: R0^T times each.
    for (int k = 0; k < 3; ++k) {
        const Lanes angular = columnDot(in.rotationFromParent[0], k, baseTop);
        const Lanes linear = columnDot(in.rotationFromParent[0], k, baseBottom);
        for (int lane = 0; lane < 4; ++lane) {
            in.outputs[lane][k] = angular[lane];
            in.outputs[lane][3 + k] = linear[lane];
        }
    }
}

#if TGB_AVX_LANES
__attribute__((target("avx"))) void outwardLanesWide(const OutwardBatch &in) { outwardPass(in); }
#else
void outwardLanesWide(const OutwardBatch &in) { outwardPass(in); }
#endif
void outwardLanesPlain(const OutwardBatch &in) { outwardPass(in); }

} // namespace

void UnitResponses::computeShared(const btMultiBody &body, int key, btScalar *output) {
    const int size = body.getNumDofs() + 6;
    const int keys = 2 * size;
    const uint64_t now = preparedAt;
    if ((int)batchMadeAt.size() != keys) {
        batchMadeAt.assign(keys, WarmStarted::never);
        askedAt.assign(keys, WarmStarted::never);
        batch.assign((size_t)keys * size, 0);
    }
    if (batchMadeAt[key] != now) {
        // This key and every key asked for in the solve before (joint columns only: a key
        // below 6 or from `size` to `size` + 5 is a base column, never asked).
        batchColumns.clear();
        batchColumns.push_back(key);
        for (int c = 6; c < keys; ++c)
            if (c != key && batchMadeAt[c] != now && askedAt[c] != WarmStarted::never && askedAt[c] + 1 == now)
                batchColumns.push_back(c);
        for (size_t first = 0; first < batchColumns.size(); first += 4) {
            const int count = (int)std::min<size_t>(4, batchColumns.size() - first);
            btScalar *outputs[4];
            for (int lane = 0; lane < count; ++lane) outputs[lane] = &batch[(size_t)batchColumns[first + lane] * size];
            computeBatch(body, &batchColumns[first], count, outputs);
        }
        for (int c : batchColumns) batchMadeAt[c] = now;
    }
    askedAt[key] = now;
    const btScalar *made = &batch[(size_t)key * size];
    for (int i = 0; i < size; ++i) output[i] = made[i];
}

void UnitResponses::computeBatch(const btMultiBody &body, const int *keys, int count, btScalar *const *outputs) {
    const int size = body.getNumDofs() + 6;
    btScalar *laneOutputs[4];
    laneSpare.resize(size);
    for (int lane = 0; lane < 4; ++lane) {
        // Unused lanes repeat the first column into a spare output.
        laneOutputs[lane] = lane < count ? outputs[lane] : laneSpare.data();
        if (lane >= count) {
            repeatFirstLane(body, lane);
            continue;
        }
        const int column = keys[lane] < size ? keys[lane] : keys[lane] - size;
        const int dof = column - 6;
        const int link = dofLink[dof];
        // Bullet's force vector for the row: +1 (or -1) at the dof, +0 elsewhere.
        unitForce[dof] = keys[lane] < size ? 1 : -1;
        inwardLane(body, lane, link, baseStart, unitForce.data());
        unitForce[dof] = 0;
    }
    outwardLanes(body, laneOutputs);
}

void UnitResponses::repeatFirstLane(const btMultiBody &body, int lane) {
    laneRhs[lane] = laneRhs[0];
    laneLink[lane] = laneLink[0];
    for (int i = laneLink[0]; i >= 0; i = body.getLink(i).m_parent) {
        const btMultibodyLink &l = body.getLink(i);
        for (int d = 0; d < l.m_dofCount; ++d) laneYs[4 * (l.m_dofOffset + d) + lane] = laneYs[4 * (l.m_dofOffset + d)];
    }
}

void UnitResponses::inwardLane(const btMultiBody &body, int lane, int link, const btSpatialForceVector &start,
                               const btScalar *force) {
    inwardPass(body, link, start, force, nullptr, laneY.data());
    laneRhs[lane] = accumulated[0];
    laneLink[lane] = link;
    // The path's Y into the lane (off the path it holds the zero-force Y already).
    for (int i = link; i >= 0; i = body.getLink(i).m_parent) {
        const btMultibodyLink &l = body.getLink(i);
        for (int d = 0; d < l.m_dofCount; ++d) laneYs[4 * (l.m_dofOffset + d) + lane] = laneY[l.m_dofOffset + d];
    }
}

void UnitResponses::inwardPass(const btMultiBody &body, int link, const btSpatialForceVector &start, const btScalar *force,
                               char *path, btScalar *y) {
    const Cached cached = cachedOf(body);
    // The force's link and its ancestors: the links whose subtree holds joint forces. Only
    // their (and the base's) zero-acceleration forces are summed: an off-path link's own
    // sum is never read, its addition to its parent is the zero-force one. Bullet sums a
    // link's children into it by decreasing index, each child after its own subtree; here
    // each path link, deepest first, takes its children's additions (the path child's from
    // the step below, the zero-force one otherwise) in that order: the same sums.
    if (path != nullptr)
        for (int i = link; i >= 0; i = body.getLink(i).m_parent) path[i] = 1;
    btSpatialForceVector below;  // what the path link below adds to its parent
    int belowLink = -1;          // that link (-1: none yet)
    for (int i = link; i >= 0; i = body.getLink(i).m_parent) {
        btSpatialForceVector &sum = accumulated[i + 1];
        sum.setZero();
        for (int k = childStart[i + 1]; k < childStart[i + 2]; ++k) {
            const int child = children[k];
            sum += child == belowLink ? below : passive[child];
        }
        inwardStep(body, cached, i, sum, force + body.getLink(i).m_dofOffset, y, below);
        belowLink = i;
    }
    btSpatialForceVector &base = accumulated[0];
    base = start;
    for (int k = childStart[0]; k < childStart[1]; ++k) {
        const int child = children[k];
        base += child == belowLink ? below : passive[child];
    }
}

void UnitResponses::outwardLanes(const btMultiBody &body, btScalar *const *outputs) {
    const Cached cached = cachedOf(body);
    laneAcceleration.resize((size_t)24 * (body.getNumLinks() + 1));
    OutwardBatch in{&body,
                    cached.rotationFromParent,
                    cached.h,
                    cached.invD,
                    body.isBaseStaticOrKinematic(),
                    inertiaValid,
                    &inverseUpperLeft,
                    &inverseUpperRight,
                    &inverseLowerLeft,
                    &inverseLowerRight,
                    laneRhs,
                    laneYs.data(),
                    outputs,
                    laneAcceleration.data()};
    if (wideArithmetic.load(std::memory_order_relaxed))
        outwardLanesWide(in);
    else
        outwardLanesPlain(in);
    // Each lane's path back to the zero-force Y, for the next batch.
    for (int lane = 0; lane < 4; ++lane)
        for (int i = laneLink[lane]; i >= 0; i = body.getLink(i).m_parent) {
            const btMultibodyLink &l = body.getLink(i);
            for (int d = 0; d < l.m_dofCount; ++d) laneYs[4 * (l.m_dofOffset + d) + lane] = passiveY[l.m_dofOffset + d];
        }
}

// The base's start of computeForJacobian: Bullet's rotation of the negated base entries of
// the Jacobian into the base frame (+0 for a base that does not move).
static btSpatialForceVector jacobianStart(const btMultiBody &body, const btMatrix3x3 &baseRotation,
                                          const btScalar *jacobian) {
    btSpatialForceVector start;
    if (body.isBaseStaticOrKinematic()) {
        start.setZero();
    } else {
        btSpatialTransformationMatrix fromParent;
        fromParent.m_rotMat = baseRotation;
        fromParent.transformRotationOnly(btSpatialForceVector(-jacobian[0], -jacobian[1], -jacobian[2], -jacobian[3],
                                                              -jacobian[4], -jacobian[5]),
                                         start);
    }
    return start;
}

void UnitResponses::prefetchContacts(const btMultiBody &body, int link, const btVector3 *points,
                                     const btVector3 *directions, int count, btMultiBodyJacobianData &data) {
    if (count <= 0 || !ready(body) || link < -1 || link >= body.getNumLinks()) return;
    if (prefetchedAt != preparedAt) {
        prefetched.clear();
        prefetchData.clear();
        prefetchedAt = preparedAt;
    }
    const int size = body.getNumDofs() + 6;
    const size_t first = prefetched.size();
    // The Jacobians, each filled into +0s as Bullet fills a new row's.
    const size_t base = prefetchData.size();
    prefetchData.resize(base + (size_t)count * 2 * size, 0.0);
    const bool shared = preparePath(body, link);
    for (int r = 0; r < count; ++r) {
        const size_t offset = base + (size_t)r * 2 * size;
        if (shared)
            contactJacobian(body, link, points[r], directions[r], &prefetchData[offset]);
        else
            body.fillContactJacobianMultiDof(link, points[r], directions[r], &prefetchData[offset], data.scratch_r,
                                             data.scratch_v, data.scratch_m);
        prefetched.push_back(PrefetchedContact{link, size, points[r], directions[r], offset});
    }
    const btMatrix3x3 &baseRotation = cachedOf(body).rotationFromParent[0];
    laneSpare.resize(size);
    for (int group = 0; group < count; group += 4) {
        btScalar *outputs[4];
        for (int lane = 0; lane < 4; ++lane) {
            // Unused lanes repeat the group's first row into a spare output.
            if (group + lane >= count) {
                outputs[lane] = laneSpare.data();
                repeatFirstLane(body, lane);
                continue;
            }
            const PrefetchedContact &row = prefetched[first + group + lane];
            const btScalar *jacobian = &prefetchData[row.offset];
            outputs[lane] = &prefetchData[row.offset + size];
            inwardLane(body, lane, link, jacobianStart(body, baseRotation, jacobian), jacobian + 6);
        }
        outwardLanes(body, outputs);
    }
}

// MARK: Contact Jacobians

// Bullet's fillContactJacobianMultiDof walks the path from the base to the contact link for
// every row, turning each link's quaternion into a matrix and also accumulating rotations
// from the world it never reads. The rows of one contact link share the matrices, and the
// angular normal (zero for a contact) takes the same values along the path for every row:
// they are made once here, and contactJacobian does the rest of Bullet's arithmetic per row.
bool UnitResponses::preparePath(const btMultiBody &body, int link) {
    pathLinks.clear();
    if (link < -1 || link >= body.getNumLinks()) return false;
    for (int l = link; l != -1; l = body.getLink(l).m_parent) pathLinks.push_back(l);
    std::reverse(pathLinks.begin(), pathLinks.end());  // base side first, as Bullet walks it
    pathRotations.resize(pathLinks.size());
    pathAngular.resize(pathLinks.size() + 1);
    baseRotation = btMatrix3x3(body.getWorldToBaseRot());
    pathAngular[0] = baseRotation * btVector3(0, 0, 0);
    for (size_t k = 0; k < pathLinks.size(); ++k) {
        const btMultibodyLink &l = body.getLink(pathLinks[k]);
        if (l.m_jointType == btMultibodyLink::eSpherical || l.m_jointType == btMultibodyLink::ePlanar) return false;
        pathRotations[k] = btMatrix3x3(l.m_cachedRotParentToThis);
        pathAngular[k + 1] = pathRotations[k] * pathAngular[k];
    }
    return true;
}

void UnitResponses::contactJacobian(const btMultiBody &body, int link, const btVector3 &point, const btVector3 &normal,
                                    btScalar *jac) {
    const btVector3 angular(0, 0, 0);
    const btVector3 fromCenter = point - body.getBasePos();
    const btVector3 omega = fromCenter.cross(normal);
    jac[0] = omega[0] + angular[0];
    jac[1] = omega[1] + angular[1];
    jac[2] = omega[2] + angular[2];
    jac[3] = normal[0];
    jac[4] = normal[1];
    jac[5] = normal[2];
    btVector3 local = baseRotation * fromCenter;
    btVector3 linear = baseRotation * normal;
    const int dofs = body.getNumDofs();
    for (int i = 6; i < 6 + dofs; ++i) jac[i] = 0;
    if (body.getNumLinks() == 0 || link < 0) return;
    for (size_t k = 0; k < pathLinks.size(); ++k) {
        const btMultibodyLink &l = body.getLink(pathLinks[k]);
        const btMatrix3x3 &rotation = pathRotations[k];
        linear = rotation * linear;
        local = rotation * local - l.m_cachedRVector;
        const btVector3 &angularHere = pathAngular[k + 1];
        if (l.m_jointType == btMultibodyLink::eRevolute) {
            btScalar value = linear.dot(l.getAxisTop(0).cross(local) + l.getAxisBottom(0));
            value += angularHere.dot(l.getAxisTop(0));
            jac[6 + l.m_dofOffset] = value;
        } else if (l.m_jointType == btMultibodyLink::ePrismatic) {
            jac[6 + l.m_dofOffset] = linear.dot(l.getAxisBottom(0));
        }
    }
}

static bool sameBits(const btVector3 &a, const btVector3 &b) {
    return std::memcmp(&a[0], &b[0], 3 * sizeof(btScalar)) == 0;
}

bool UnitResponses::takeContact(int link, const btVector3 &point, const btVector3 &direction, btScalar *jacobian,
                                btScalar *response) {
    if (prefetchedAt != preparedAt || prefetchedAt != *clock) return false;
    // The latest first: a manifold's rows were prefetched just before they are made.
    for (auto it = prefetched.rbegin(); it != prefetched.rend(); ++it) {
        const PrefetchedContact &row = *it;
        if (row.link != link || !sameBits(row.point, point) || !sameBits(row.direction, direction)) continue;
        const btScalar *made = &prefetchData[row.offset];
        for (int i = 0; i < row.size; ++i) jacobian[i] = made[i];
        for (int i = 0; i < row.size; ++i) response[i] = made[row.size + i];
        return true;
    }
    return false;
}

void UnitResponses::prepare(const btMultiBody &body) {
    preparedAt = *clock;
    const int links = body.getNumLinks();
    const int dofs = body.getNumDofs();
    usable = links > 0 && !body.isBaseKinematic();
    for (int i = 0; i < links && usable; ++i)
        if (body.isLinkAndAllAncestorsKinematic(i) || body.getLink(i).m_dofCount > 6) usable = false;
    if (!usable) return;
    // Each dof's link: the last whose dofs start at or before it.
    dofLink.resize(dofs);
    for (int dof = 0, link = 0; dof < dofs; ++dof) {
        while (link + 1 < links && body.getLink(link + 1).m_dofOffset <= dof) ++link;
        dofLink[dof] = link;
    }
    // Each link's children (and the base's: [0]) by decreasing index, the order in which
    // Bullet's inward pass adds them to their parent.
    childStart.assign(links + 2, 0);
    children.resize(links);
    for (int i = 0; i < links; ++i) ++childStart[body.getLink(i).m_parent + 2];
    for (int p = 0; p <= links; ++p) childStart[p + 1] += childStart[p];
    {
        std::vector<int> &next = childNext;
        next.assign(childStart.begin(), childStart.end() - 1);
        for (int i = links - 1; i >= 0; --i) children[next[body.getLink(i).m_parent + 1]++] = i;
    }
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
    // Every lane of a batch starts at the zero-force Y (inwardLane writes a lane's path).
    laneY.resize(dofs);
    laneYs.resize((size_t)4 * dofs);
    for (int dof = 0; dof < dofs; ++dof)
        for (int lane = 0; lane < 4; ++lane) laneYs[4 * dof + lane] = passiveY[dof];
}

bool UnitResponses::compute(const btMultiBody &body, int column, btScalar value, btScalar *output) {
    if (!ready(body)) return false;
    const int dof = column - 6;
    if (dof < 0 || dof >= body.getNumDofs()) return false;
    if (value == 1 || value == -1) {
        computeShared(body, value == 1 ? column : column + body.getNumDofs() + 6, output);
        return true;
    }
    // Bullet's force vector for the row: `value` at the joint's dof, +0 elsewhere.
    unitForce[dof] = value;
    respond(body, dofLink[dof], baseStart, unitForce.data(), output);
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
    inwardPass(body, link, start, force, onPath.data(), Y.data());
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
