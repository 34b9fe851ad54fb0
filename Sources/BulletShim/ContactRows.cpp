// Contact rows of multibodies, built by the shim (see RowSolver in ShimInternal.hpp): the
// statements of Bullet 3.24's btMultiBodyConstraintSolver::convertMultiBodyContact,
// addMultiBodyFrictionConstraint and setupMultiBodyContactConstraint in Bullet's order, with
// two cheaper parts that give the same numbers:
// - a multibody side's unit response (M^-1 J^T) comes from UnitResponses, whose inward pass
//   runs only along the contact link's path to the base (Bullet's Jacobian is +0 elsewhere);
// - the row's effective mass and velocity are summed over the Jacobian's possibly non-zero
//   entries (the base's six and the path's dofs) in index order: every skipped term is a
//   product with +0, which leaves a sum that starts at +0 unchanged (with finite velocities
//   and responses).
// Manifolds between rigid bodies only, the constraint rows and Bullet's articulated warm
// starting stay Bullet's own.
#include "ShimInternal.hpp"

#include <algorithm>

namespace tgb {

void RowSolver::convertContacts(btPersistentManifold **manifolds, int numManifolds, const btContactSolverInfo &info) {
    if (reference || (info.m_solverMode & SOLVER_USE_ARTICULATED_WARMSTARTING)) {
        btMultiBodyConstraintSolver::convertContacts(manifolds, numManifolds, info);
        return;
    }
    for (int i = 0; i < numManifolds; ++i) {
        btPersistentManifold *manifold = manifolds[i];
        if (btMultiBodyLinkCollider::upcast(manifold->getBody0()) == nullptr &&
            btMultiBodyLinkCollider::upcast(manifold->getBody1()) == nullptr)
            convertContact(manifold, info);
        else
            convertMultiBodyManifold(manifold, info);
    }
    // The multibody constraints' rows, Bullet's (no manifolds left to convert).
    btMultiBodyConstraintSolver::convertContacts(manifolds, 0, info);
}

// Bullet's convertMultiBodyContact: per contact point within the processing threshold, a
// normal row, the torsional rows of the manifold's first four points, and the friction rows.
void RowSolver::convertMultiBodyManifold(btPersistentManifold *manifold, const btContactSolverInfo &info) {
    const btMultiBodyLinkCollider *colliderA = btMultiBodyLinkCollider::upcast(manifold->getBody0());
    const btMultiBodyLinkCollider *colliderB = btMultiBodyLinkCollider::upcast(manifold->getBody1());
    btMultiBody *bodyA = colliderA ? colliderA->m_multiBody : nullptr;
    btMultiBody *bodyB = colliderB ? colliderB->m_multiBody : nullptr;
    btCollisionObject *objectA = const_cast<btCollisionObject *>(manifold->getBody0());
    btCollisionObject *objectB = const_cast<btCollisionObject *>(manifold->getBody1());
    const int solverBodyA = bodyA ? -1 : getOrInitSolverBody(*objectA, info.m_timeStep);
    const int solverBodyB = bodyB ? -1 : getOrInitSolverBody(*objectB, info.m_timeStep);
    prefetchContactRows(manifold, info, bodyA, colliderA ? colliderA->m_link : -1, true);
    prefetchContactRows(manifold, info, bodyB, colliderB ? colliderB->m_link : -1, false);
    int torsionalLeft = 4;
    for (int j = 0; j < manifold->getNumContacts(); ++j) {
        btManifoldPoint &cp = manifold->getContactPoint(j);
        if (cp.getDistance() > manifold->getContactProcessingThreshold()) {
            // Bullet forgets the warm-start quantities of points it does not solve.
            cp.m_appliedImpulse = 0;
            cp.m_prevRHS = 0;
            continue;
        }
        btScalar relaxation;
        const int frictionIndex = m_multiBodyNormalContactConstraints.size();
        btMultiBodySolverConstraint &normal = m_multiBodyNormalContactConstraints.expandNonInitializing();
        normal.m_orgConstraint = nullptr;
        normal.m_orgDofIndex = -1;
        normal.m_solverBodyIdA = solverBodyA;
        normal.m_solverBodyIdB = solverBodyB;
        normal.m_multiBodyA = bodyA;
        if (bodyA) normal.m_linkA = colliderA->m_link;
        normal.m_multiBodyB = bodyB;
        if (bodyB) normal.m_linkB = colliderB->m_link;
        normal.m_originalContactPoint = &cp;
        setupContactRow(normal, cp.m_normalWorldOnB, cp, info, relaxation, false);
        normal.m_frictionIndex = m_multiBodyFrictionContactConstraints.size();

        btPlaneSpace1(cp.m_normalWorldOnB, cp.m_lateralFrictionDir1, cp.m_lateralFrictionDir2);
        cp.m_lateralFrictionDir1.normalize();
        cp.m_lateralFrictionDir2.normalize();
        if (torsionalLeft > 0) {
            // Spinning and rolling friction: Bullet's own rows.
            if (cp.m_combinedSpinningFriction > 0)
                addMultiBodySpinningFrictionConstraint(cp.m_normalWorldOnB, manifold, frictionIndex, cp,
                                                       cp.m_combinedSpinningFriction, objectA, objectB, relaxation, info);
            if (cp.m_combinedRollingFriction > 0) {
                applyAnisotropicFriction(objectA, cp.m_lateralFrictionDir1, btCollisionObject::CF_ANISOTROPIC_ROLLING_FRICTION);
                applyAnisotropicFriction(objectB, cp.m_lateralFrictionDir1, btCollisionObject::CF_ANISOTROPIC_ROLLING_FRICTION);
                applyAnisotropicFriction(objectA, cp.m_lateralFrictionDir2, btCollisionObject::CF_ANISOTROPIC_ROLLING_FRICTION);
                applyAnisotropicFriction(objectB, cp.m_lateralFrictionDir2, btCollisionObject::CF_ANISOTROPIC_ROLLING_FRICTION);
                addMultiBodyTorsionalFrictionConstraint(cp.m_lateralFrictionDir1, manifold, frictionIndex, cp,
                                                        cp.m_combinedRollingFriction, objectA, objectB, relaxation, info);
                addMultiBodyTorsionalFrictionConstraint(cp.m_lateralFrictionDir2, manifold, frictionIndex, cp,
                                                        cp.m_combinedRollingFriction, objectA, objectB, relaxation, info);
            }
            --torsionalLeft;
        }
        const bool twoDirections = (info.m_solverMode & SOLVER_USE_2_FRICTION_DIRECTIONS) != 0;
        if (!(info.m_solverMode & SOLVER_ENABLE_FRICTION_DIRECTION_CACHING) ||
            !(cp.m_contactPointFlags & BT_CONTACT_FLAG_LATERAL_FRICTION_INITIALIZED)) {
            applyAnisotropicFriction(objectA, cp.m_lateralFrictionDir1, btCollisionObject::CF_ANISOTROPIC_FRICTION);
            applyAnisotropicFriction(objectB, cp.m_lateralFrictionDir1, btCollisionObject::CF_ANISOTROPIC_FRICTION);
            addFrictionRow(cp.m_lateralFrictionDir1, manifold, frictionIndex, cp, objectA, objectB, info);
            if (twoDirections) {
                applyAnisotropicFriction(objectA, cp.m_lateralFrictionDir2, btCollisionObject::CF_ANISOTROPIC_FRICTION);
                applyAnisotropicFriction(objectB, cp.m_lateralFrictionDir2, btCollisionObject::CF_ANISOTROPIC_FRICTION);
                addFrictionRow(cp.m_lateralFrictionDir2, manifold, frictionIndex, cp, objectA, objectB, info);
            }
            if (twoDirections && (info.m_solverMode & SOLVER_DISABLE_VELOCITY_DEPENDENT_FRICTION_DIRECTION))
                cp.m_contactPointFlags |= BT_CONTACT_FLAG_LATERAL_FRICTION_INITIALIZED;
        } else {
            // Bullet's cached branch: the same rows (its target velocity and slip go unused).
            addFrictionRow(cp.m_lateralFrictionDir1, manifold, frictionIndex, cp, objectA, objectB, info);
            if (twoDirections) addFrictionRow(cp.m_lateralFrictionDir2, manifold, frictionIndex, cp, objectA, objectB, info);
            normal.m_appliedImpulse = 0.f;
            normal.m_appliedPushImpulse = 0.f;
        }
    }
}

// The Jacobians and unit responses of the rows the manifold's points will most likely make
// on one multibody side (a normal row, and friction rows along Bullet's plane-space
// directions), computed four at a time (UnitResponses::prefetchContacts). Only a guess:
// fillMultiBodySide takes a prefetched row only when link, point and direction are bit for
// bit its own, and computes any other itself.
void RowSolver::prefetchContactRows(btPersistentManifold *manifold, const btContactSolverInfo &info, btMultiBody *body,
                                    int link, bool sideA) {
    if (body == nullptr) return;
    auto *responses = static_cast<UnitResponses *>(body->getUserPointer());
    if (responses == nullptr) return;
    const bool twoDirections = (info.m_solverMode & SOLVER_USE_2_FRICTION_DIRECTIONS) != 0;
    prefetchPoints.clear();
    prefetchDirections.clear();
    const auto add = [&](const btVector3 &point, const btVector3 &direction) {
        prefetchPoints.push_back(point);
        prefetchDirections.push_back(sideA ? direction : -direction);
    };
    for (int j = 0; j < manifold->getNumContacts(); ++j) {
        const btManifoldPoint &cp = manifold->getContactPoint(j);
        if (cp.getDistance() > manifold->getContactProcessingThreshold()) continue;
        const btVector3 &point = sideA ? cp.getPositionWorldOnA() : cp.getPositionWorldOnB();
        add(point, cp.m_normalWorldOnB);
        btVector3 first, second;
        btPlaneSpace1(cp.m_normalWorldOnB, first, second);
        first.normalize();
        second.normalize();
        add(point, first);
        if (twoDirections) add(point, second);
    }
    responses->prefetchContacts(*body, link, prefetchPoints.data(), prefetchDirections.data(), (int)prefetchPoints.size(),
                                m_data);
}

// Bullet's addMultiBodyFrictionConstraint.
btMultiBodySolverConstraint &RowSolver::addFrictionRow(const btVector3 &direction, btPersistentManifold *manifold,
                                                       int frictionIndex, btManifoldPoint &cp, btCollisionObject *objectA,
                                                       btCollisionObject *objectB, const btContactSolverInfo &info) {
    btMultiBodySolverConstraint &c = m_multiBodyFrictionContactConstraints.expandNonInitializing();
    c.m_orgConstraint = nullptr;
    c.m_orgDofIndex = -1;
    c.m_frictionIndex = frictionIndex;
    const btMultiBodyLinkCollider *colliderA = btMultiBodyLinkCollider::upcast(manifold->getBody0());
    const btMultiBodyLinkCollider *colliderB = btMultiBodyLinkCollider::upcast(manifold->getBody1());
    btMultiBody *bodyA = colliderA ? colliderA->m_multiBody : nullptr;
    btMultiBody *bodyB = colliderB ? colliderB->m_multiBody : nullptr;
    c.m_solverBodyIdA = bodyA ? -1 : getOrInitSolverBody(*objectA, info.m_timeStep);
    c.m_solverBodyIdB = bodyB ? -1 : getOrInitSolverBody(*objectB, info.m_timeStep);
    c.m_multiBodyA = bodyA;
    if (bodyA) c.m_linkA = colliderA->m_link;
    c.m_multiBodyB = bodyB;
    if (bodyB) c.m_linkB = colliderB->m_link;
    c.m_originalContactPoint = &cp;
    btScalar relaxation;
    setupContactRow(c, direction, cp, info, relaxation, true);
    return c;
}

// One multibody side of a contact row: its velocity deltas (shared by the body's rows),
// Bullet's Jacobian along `direction` at `point`, and the unit response. `entries` receives
// the Jacobian's possibly non-zero indices in increasing order: the base's six and the dofs
// of the links from `link` in to the base.
void RowSolver::fillMultiBodySide(btMultiBody *body, int link, const btVector3 &point, const btVector3 &direction,
                                  int &deltaIndex, int &jacobianIndex, std::vector<int> &entries) {
    const int size = body->getNumDofs() + 6;
    deltaIndex = body->getCompanionId();
    if (deltaIndex < 0) {
        deltaIndex = m_data.m_deltaVelocities.size();
        body->setCompanionId(deltaIndex);
        m_data.m_deltaVelocities.resize(m_data.m_deltaVelocities.size() + size);
    }
    jacobianIndex = m_data.m_jacobians.size();
    m_data.m_jacobians.resize(m_data.m_jacobians.size() + size);
    m_data.m_deltaVelocitiesUnitImpulse.resize(m_data.m_deltaVelocitiesUnitImpulse.size() + size);
    btScalar *jacobian = &m_data.m_jacobians[jacobianIndex];
    btScalar *response = &m_data.m_deltaVelocitiesUnitImpulse[jacobianIndex];
    auto *responses = static_cast<UnitResponses *>(body->getUserPointer());
    if (responses == nullptr || !responses->takeContact(link, point, direction, jacobian, response)) {
        body->fillContactJacobianMultiDof(link, point, direction, jacobian, m_data.scratch_r, m_data.scratch_v,
                                          m_data.scratch_m);
        if (responses == nullptr || !responses->computeForJacobian(*body, link, jacobian, response))
            body->calcAccelerationDeltasMultiDof(jacobian, response, m_data.scratch_r, m_data.scratch_v);
    }
    entries.clear();
    for (int i = 0; i < 6; ++i) entries.push_back(i);
    for (int i = link; i >= 0; i = body->getLink(i).m_parent) {
        const btMultibodyLink &l = body->getLink(i);
        for (int d = 0; d < l.m_dofCount; ++d) entries.push_back(6 + l.m_dofOffset + d);
    }
    std::sort(entries.begin() + 6, entries.end());
}

// Bullet's setupMultiBodyContactConstraint (articulated warm starting off): the row's
// Jacobians and unit responses, effective mass, and its right-hand side from the contact's
// velocity, restitution and distance.
void RowSolver::setupContactRow(btMultiBodySolverConstraint &c, const btVector3 &normal, btManifoldPoint &cp,
                                const btContactSolverInfo &info, btScalar &relaxation, bool isFriction) {
    btVector3 relativeA;
    btVector3 relativeB;
    btMultiBody *bodyA = c.m_multiBodyA;
    btMultiBody *bodyB = c.m_multiBodyB;
    const btVector3 &pointA = cp.getPositionWorldOnA();
    const btVector3 &pointB = cp.getPositionWorldOnB();
    btSolverBody *solverA = bodyA ? nullptr : &m_tmpSolverBodyPool[c.m_solverBodyIdA];
    btSolverBody *solverB = bodyB ? nullptr : &m_tmpSolverBodyPool[c.m_solverBodyIdB];
    btRigidBody *rigidA = bodyA ? nullptr : solverA->m_originalBody;
    btRigidBody *rigidB = bodyB ? nullptr : solverB->m_originalBody;
    if (solverA) relativeA = pointA - solverA->getWorldTransform().getOrigin();
    if (solverB) relativeB = pointB - solverB->getWorldTransform().getOrigin();
    relaxation = info.m_sor;
    const btScalar invTimeStep = btScalar(1) / info.m_timeStep;

    // Softness: the friction settings, or the contact's own, or the world's.
    btScalar cfm;
    btScalar erp;
    if (isFriction) {
        cfm = info.m_frictionCFM;
        erp = info.m_frictionERP;
    } else {
        cfm = info.m_globalCfm;
        erp = info.m_erp2;
        if ((cp.m_contactPointFlags & BT_CONTACT_FLAG_HAS_CONTACT_CFM) || (cp.m_contactPointFlags & BT_CONTACT_FLAG_HAS_CONTACT_ERP)) {
            if (cp.m_contactPointFlags & BT_CONTACT_FLAG_HAS_CONTACT_CFM) cfm = cp.m_contactCFM;
            if (cp.m_contactPointFlags & BT_CONTACT_FLAG_HAS_CONTACT_ERP) erp = cp.m_contactERP;
        } else if (cp.m_contactPointFlags & BT_CONTACT_FLAG_CONTACT_STIFFNESS_DAMPING) {
            btScalar denominator = (info.m_timeStep * cp.m_combinedContactStiffness1 + cp.m_combinedContactDamping1);
            if (denominator < SIMD_EPSILON) denominator = SIMD_EPSILON;
            cfm = btScalar(1) / denominator;
            erp = (info.m_timeStep * cp.m_combinedContactStiffness1) / denominator;
        }
    }
    cfm *= invTimeStep;

    // Side A along the normal, side B against it.
    if (bodyA) {
        if (c.m_linkA < 0)
            relativeA = pointA - bodyA->getBasePos();
        else
            relativeA = pointA - bodyA->getLink(c.m_linkA).m_cachedWorldTransform.getOrigin();
        fillMultiBodySide(bodyA, c.m_linkA, pointA, normal, c.m_deltaVelAindex, c.m_jacAindex, entriesA);
        const btVector3 torqueAxis = relativeA.cross(normal);
        c.m_relpos1CrossNormal = torqueAxis;
        c.m_contactNormal1 = normal;
    } else {
        const btVector3 torqueAxis = relativeA.cross(normal);
        c.m_relpos1CrossNormal = torqueAxis;
        c.m_contactNormal1 = normal;
        c.m_angularComponentA = rigidA ? rigidA->getInvInertiaTensorWorld() * torqueAxis * rigidA->getAngularFactor()
                                       : btVector3(0, 0, 0);
    }
    if (bodyB) {
        if (c.m_linkB < 0)
            relativeB = pointB - bodyB->getBasePos();
        else
            relativeB = pointB - bodyB->getLink(c.m_linkB).m_cachedWorldTransform.getOrigin();
        fillMultiBodySide(bodyB, c.m_linkB, pointB, -normal, c.m_deltaVelBindex, c.m_jacBindex, entriesB);
        const btVector3 torqueAxis = relativeB.cross(normal);
        c.m_relpos2CrossNormal = -torqueAxis;
        c.m_contactNormal2 = -normal;
    } else {
        const btVector3 torqueAxis = relativeB.cross(normal);
        c.m_relpos2CrossNormal = -torqueAxis;
        c.m_contactNormal2 = -normal;
        c.m_angularComponentB = rigidB ? rigidB->getInvInertiaTensorWorld() * -torqueAxis * rigidB->getAngularFactor()
                                       : btVector3(0, 0, 0);
    }

    // Effective mass: 1 / (J M^-1 J^T + cfm), scaled by the relaxation.
    {
        btScalar denominatorA = 0.f;
        btScalar denominatorB = 0.f;
        if (bodyA) {
            const btScalar *jacobian = &m_data.m_jacobians[c.m_jacAindex];
            const btScalar *response = &m_data.m_deltaVelocitiesUnitImpulse[c.m_jacAindex];
            for (int i : entriesA) denominatorA += jacobian[i] * response[i];
        } else if (rigidA) {
            const btVector3 lever = (c.m_angularComponentA).cross(relativeA);
            denominatorA = rigidA->getInvMass() + normal.dot(lever);
        }
        if (bodyB) {
            const btScalar *jacobian = &m_data.m_jacobians[c.m_jacBindex];
            const btScalar *response = &m_data.m_deltaVelocitiesUnitImpulse[c.m_jacBindex];
            for (int i : entriesB) denominatorB += jacobian[i] * response[i];
        } else if (rigidB) {
            const btVector3 lever = (-c.m_angularComponentB).cross(relativeB);
            denominatorB = rigidB->getInvMass() + normal.dot(lever);
        }
        const btScalar d = denominatorA + denominatorB + cfm;
        c.m_jacDiagABInv = d > SIMD_EPSILON ? relaxation / (d) : 0.f;
    }

    // Distance: the normal row's gap plus the slop; a friction row's anchor offset, if any.
    btScalar restitution = 0.f;
    btScalar distance = 0;
    if (!isFriction)
        distance = cp.getDistance() + info.m_linearSlop;
    else if (cp.m_contactPointFlags & BT_CONTACT_FLAG_FRICTION_ANCHOR)
        distance = (cp.getPositionWorldOnA() - cp.getPositionWorldOnB()).dot(normal);

    // Velocity along the row now (a rigid side includes this step's external forces), side A
    // then side B, each summed in Bullet's order.
    btScalar velocity = 0.f;
    const auto addSideVelocity = [&](btMultiBody *body, btRigidBody *rigid, int jacobianIndex,
                                     const std::vector<int> &entries, const btVector3 &relative,
                                     const btVector3 &sideNormal) {
        if (body) {
            const btScalar *jacobian = &m_data.m_jacobians[jacobianIndex];
            const btScalar *velocities = body->getVelocityVector();
            for (int i : entries) velocity += velocities[i] * jacobian[i];
        } else if (rigid) {
            velocity += (rigid->getVelocityInLocalPoint(relative) +
                         (rigid->getTotalTorque() * rigid->getInvInertiaTensorWorld() * info.m_timeStep).cross(relative) +
                         rigid->getTotalForce() * rigid->getInvMass() * info.m_timeStep)
                            .dot(sideNormal);
        }
    };
    addSideVelocity(bodyA, rigidA, c.m_jacAindex, entriesA, relativeA, c.m_contactNormal1);
    addSideVelocity(bodyB, rigidB, c.m_jacBindex, entriesB, relativeB, c.m_contactNormal2);
    c.m_friction = cp.m_combinedFriction;
    if (!isFriction) {
        restitution = restitutionCurve(velocity, cp.m_combinedRestitution, info.m_restitutionVelocityThreshold);
        if (restitution <= btScalar(0.)) restitution = 0.f;
    }

    // Right-hand side: a separated normal row closes its gap within the step; a penetrating
    // one (and a friction row) corrects the distance at the ERP.
    {
        btScalar positionalError = 0.f;
        btScalar velocityError = restitution - velocity;
        if (isFriction) {
            positionalError = -distance * erp / info.m_timeStep;
        } else if (distance > 0) {
            positionalError = 0;
            velocityError -= distance / info.m_timeStep;
        } else {
            positionalError = -distance * erp / info.m_timeStep;
        }
        const btScalar penetrationImpulse = positionalError * c.m_jacDiagABInv;
        const btScalar velocityImpulse = velocityError * c.m_jacDiagABInv;
        c.m_rhs = penetrationImpulse + velocityImpulse;
        c.m_rhsPenetration = 0.f;
        if (!isFriction) {
            c.m_lowerLimit = 0;
            c.m_upperLimit = 1e10f;
        } else {
            c.m_lowerLimit = -c.m_friction;
            c.m_upperLimit = c.m_friction;
        }
        c.m_cfm = cfm * c.m_jacDiagABInv;
    }
    c.m_appliedImpulse = 0.f;
    c.m_appliedPushImpulse = 0.f;
}

} // namespace tgb
