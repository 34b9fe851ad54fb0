// ViewerHUD: what the HUD says about a session — sim time, real-time factor, FPS, task,
// step, seed, reward and its terms, status — plus the help overlay, messages, and the
// see-through copies of the annotations, laid out on a HUDCanvas.
import Foundation
import Render
import Tasks

public enum ViewerHUD {
    /// Opacity of annotations drawn again on top, so the parts hidden behind bodies show.
    static let seeThroughOpacity: Float = 0.45

    /// The status panel's lines.
    public static func statusLines(of session: ViewerSession, recording: Bool) -> [HUDLine] {
        let episode = session.episode
        let clock = session.clock
        var lines: [HUDLine] = []
        lines.append(HUDLine("\(episode.scene.task.name)  (\(episode.scene.name))   seed \(session.seed)   policy \(session.policySpec)",
                             color: HUDLine.yellow))
        lines.append(HUDLine(String(format: "sim %.2f s   step %d / %d", episode.simulatedTime, episode.controlStep,
                                    episode.maxControlSteps)))
        let speed = clock.speed < 1 ? String(format: "%.3gx", clock.speed) : String(format: "%gx", clock.speed)
        lines.append(HUDLine("speed \(speed)   " + String(format: "RTF %.2f   FPS %.1f", session.realTimeFactor,
                                                          session.framesPerSecond) + (clock.isPaused ? "   PAUSED" : ""),
                             color: clock.isPaused ? HUDLine.yellow : HUDLine.white))
        let reward = session.lastResult?.reward ?? 0
        lines.append(HUDLine(String(format: "reward %+.4f   return %+.3f", reward, episode.episodeReturn)))
        for (name, value) in (session.lastResult?.rewardTerms ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append(HUDLine("  \(name) " + String(format: "%+.4f", value), color: HUDLine.grey))
        }
        switch session.status {
        case .running: lines.append(HUDLine("status: running"))
        case .success: lines.append(HUDLine("status: SUCCESS  (R resets)", color: HUDLine.green))
        case .failure(let reason): lines.append(HUDLine("status: FAILURE: \(reason.rawValue)  (R resets)", color: HUDLine.red))
        }
        var toggles: [String] = []
        if session.cameraController.isFollowing { toggles.append("follow") }
        if session.overlays.contacts { toggles.append("contacts") }
        if session.overlays.frames { toggles.append("frames") }
        if session.overlays.collisionGeometry { toggles.append("collision") }
        if session.overlays.centreOfMass { toggles.append("COM") }
        if session.drag != nil { toggles.append("dragging") }
        if session.halfResolution { toggles.append("half-res") }
        if !toggles.isEmpty { lines.append(HUDLine("on: " + toggles.joined(separator: " "), color: HUDLine.grey)) }
        if recording { lines.append(HUDLine("REC", color: HUDLine.red)) }
        lines.append(HUDLine("H: help", color: HUDLine.grey))
        return lines
    }

    /// The joint panel's lines: each actuated joint's position as the physics reports it
    /// (no sensor noise), in action order — degrees for revolute joints, millimetres for
    /// prismatic ones.
    public static func jointLines(of session: ViewerSession) -> [HUDLine] {
        let robot = session.world.robot
        let positions = (try? robot.jointPositions()) ?? [:]
        let names = session.episode.actionNames
        let width = names.map(\.count).max() ?? 0
        return [HUDLine("joints (deg, mm)", color: HUDLine.yellow)] + names.map { name in
            let isPrismatic = robot.jointIndex(named: name).map { robot.body.jointTypes[$0] == .prismatic } ?? false
            let value = (positions[name] ?? .nan) * (isPrismatic ? 1000 : 180 / .pi)
            return HUDLine(name.padding(toLength: width + 1, withPad: " ", startingAt: 0) + String(format: "%7.1f", value)
                           + (isPrismatic ? " mm" : ""))
        }
    }

    /// The help overlay's lines: every key and mouse gesture.
    public static func helpLines() -> [HUDLine] {
        let entries = KeyBindings.helpLines()
        let keyColumn = entries.map(\.keys.count).max() ?? 0
        return [HUDLine("tground view: keys", color: HUDLine.yellow)]
            + entries.map { HUDLine($0.keys.padding(toLength: keyColumn + 2, withPad: " ", startingAt: 0) + $0.help) }
    }

    /// The whole HUD for a `width` × `height` picture at wall time `now`.
    public static func canvas(for session: ViewerSession, scene: RenderScene, width: Int, height: Int, now: Double,
                              recording: Bool = false) -> HUDCanvas {
        var canvas = HUDCanvas(width: width, height: height)
        canvas.annotations(lines: scene.lines, points: scene.points, camera: session.camera, opacity: seeThroughOpacity)
        guard session.showsHUD else { return canvas }
        let margin = 8
        canvas.panel(statusLines(of: session, recording: recording), x: margin, y: margin)
        let messages = session.messages(now: now).map { HUDLine($0, color: HUDLine.yellow) }
        if !messages.isEmpty {
            let size = canvas.panelSize(messages)
            canvas.panel(messages, x: margin, y: height - size.height - margin)
        }
        if session.showsJointAngles {
            let joints = jointLines(of: session)
            let size = canvas.panelSize(joints)
            canvas.panel(joints, x: max(width - size.width - margin, 0), y: margin)
        }
        if session.showsHelp {
            let help = helpLines()
            let size = canvas.panelSize(help)
            canvas.panel(help, x: max((width - size.width) / 2, 0), y: max((height - size.height) / 2, 0), opacity: 0.93)
        }
        return canvas
    }
}
