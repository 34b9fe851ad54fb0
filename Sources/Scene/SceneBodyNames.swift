// SceneBodyNames: what a physics body id (and link index) is called in the scene — the
// robot and its link, a part, a fixture's body — for messages such as the sanity guard's.
import Physics
import Robot

extension SceneWorld {
    /// `robot tg_humanoid link left_shin`, `part part`, `fixture bin (base)`, … or `body 17`.
    public func bodyName(id: Int32, link: Int32) -> String {
        if id == robot.body.id {
            guard link >= 0, Int(link) < robot.jointNames.count else { return "robot \(robot.model.name) base (\(robot.model.rootLink))" }
            let joint = robot.jointNames[Int(link)]
            let child = robot.model.joints.first { $0.name == joint }?.child ?? "joint \(joint)"
            return "robot \(robot.model.name) link \(child)"
        }
        for part in parts where part.body.id == id { return "part \(part.name)" }
        for (name, fixture) in fixtures.sorted(by: { $0.key < $1.key }) {
            for (key, body) in fixture.rigidBodies.sorted(by: { $0.key < $1.key }) where body.id == id {
                return "fixture \(name) (\(key))"
            }
            for (key, body) in fixture.multiBodies.sorted(by: { $0.key < $1.key }) where body.id == id {
                return "fixture \(name) (\(key)" + (link >= 0 ? " link \(link))" : ")")
            }
        }
        return "body \(id)" + (link >= 0 ? " link \(link)" : "")
    }

    /// A sanity violation with names: `robot tg_humanoid link left_shin: linear speed 63 m/s > 50 m/s`.
    public func describe(_ violation: SanityViolation) -> String {
        var text = bodyName(id: violation.body, link: violation.link)
        if let other = violation.otherBody { text += " into " + bodyName(id: other, link: violation.otherLink ?? -1) }
        return text + ": " + violation.measurement
    }
}
