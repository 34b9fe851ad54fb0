// KeyBindings: every key the viewer answers to, as one table from key (+ modifiers) to a
// `ViewerAction`, with the words the help overlay shows. Adding a key edits one row.

/// Something the user can ask of the viewer.
public enum ViewerAction: Hashable, Sendable {
    case togglePause, stepOnce, slowDown, speedUp, reset, resetWithNextSeed
    case toggleFollow, resetCamera
    case orbitLeft, orbitRight, orbitUp, orbitDown, panLeft, panRight, panUp, panDown, zoomIn, zoomOut
    case toggleContacts, toggleFrames, toggleCollisionGeometry, toggleCentreOfMass, toggleJointAngles
    case toggleHelp, toggleHUD, toggleHalfResolution
    case screenshot, toggleRecording, quit
}

/// One row of the table: `key` with at least `modifiers` held does `action`.
public struct KeyBinding: Hashable, Sendable {
    public var key: Key
    public var modifiers: KeyModifiers
    public var action: ViewerAction
    /// What the help overlay says; rows sharing an action show their keys together.
    public var help: String

    public init(_ key: Key, _ modifiers: KeyModifiers = [], _ action: ViewerAction, _ help: String) {
        self.key = key
        self.modifiers = modifiers
        self.action = action
        self.help = help
    }
}

public enum KeyBindings {
    /// The viewer's keys, in the order the help overlay lists them.
    public static let table: [KeyBinding] = [
        KeyBinding(.space, [], .togglePause, "pause / resume"),
        KeyBinding(.character("."), [], .stepOnce, "one control step (while paused)"),
        KeyBinding(.character("-"), [], .slowDown, "slower (down to 0.125x)"),
        KeyBinding(.character("+"), [], .speedUp, "faster (up to 8x)"),
        KeyBinding(.character("="), [], .speedUp, "faster (up to 8x)"),
        KeyBinding(.character("r"), [], .reset, "reset (reloads the scene file if it changed)"),
        KeyBinding(.character("n"), [], .resetWithNextSeed, "reset with the next seed"),
        KeyBinding(.character("f"), [], .toggleFollow, "camera follows the robot"),
        KeyBinding(.home, [], .resetCamera, "camera back to its start"),
        KeyBinding(.left, [.shift], .panLeft, "pan"),
        KeyBinding(.right, [.shift], .panRight, "pan"),
        KeyBinding(.up, [.shift], .panUp, "pan"),
        KeyBinding(.down, [.shift], .panDown, "pan"),
        KeyBinding(.left, [], .orbitLeft, "orbit"),
        KeyBinding(.right, [], .orbitRight, "orbit"),
        KeyBinding(.up, [], .orbitUp, "orbit"),
        KeyBinding(.down, [], .orbitDown, "orbit"),
        KeyBinding(.pageUp, [], .zoomIn, "zoom in / out"),
        KeyBinding(.pageDown, [], .zoomOut, "zoom in / out"),
        KeyBinding(.character("c"), [], .toggleContacts, "contact points and force arrows"),
        KeyBinding(.character("k"), [], .toggleFrames, "link frames (x red, y green, z blue)"),
        KeyBinding(.character("v"), [], .toggleCollisionGeometry, "collision / visual geometry"),
        KeyBinding(.character("m"), [], .toggleCentreOfMass, "centre of mass"),
        KeyBinding(.character("j"), [], .toggleJointAngles, "joint angles panel"),
        KeyBinding(.character("h"), [], .toggleHelp, "this help"),
        KeyBinding(.tab, [], .toggleHUD, "hide / show the HUD"),
        KeyBinding(.character("g"), [], .toggleHalfResolution, "half-resolution 3D (faster on software GL)"),
        KeyBinding(.function(12), [], .screenshot, "save a PNG screenshot"),
        KeyBinding(.function(9), [], .toggleRecording, "record video on / off (MP4, or PNG frames)"),
        KeyBinding(.escape, [], .quit, "quit"),
        KeyBinding(.character("q"), [], .quit, "quit"),
    ]

    /// Mouse gestures, for the help overlay (handled by the camera and the drag, not here).
    public static let mouseHelp: [(gesture: String, help: String)] = [
        ("Left drag", "orbit"),
        ("Right/middle or Shift+left drag", "pan"),
        ("Wheel", "zoom"),
        ("Ctrl+left drag", "pull a body with a spring"),
    ]

    /// Short names for groups of keys in the help ("Left Right Up Down" → "arrows").
    static let groupNames: [String: String] = [
        "Left Right Up Down": "arrows",
        "Shift+Left Shift+Right Shift+Up Shift+Down": "Shift+arrows",
    ]

    /// The action for `key` with `modifiers` held: the matching row that asks for the most
    /// modifiers (so Shift+Left pans while Left orbits), or nil.
    public static func action(for key: Key, modifiers: KeyModifiers) -> ViewerAction? {
        table.filter { $0.key == key && modifiers.isSuperset(of: $0.modifiers) }
            .max { $0.modifiers.rawValue.nonzeroBitCount < $1.modifiers.rawValue.nonzeroBitCount }?.action
    }

    /// Help lines: each action once, with every key that does it ("Left Right Up Down  orbit").
    public static func helpLines() -> [(keys: String, help: String)] {
        var lines: [(keys: String, help: String)] = []
        var index: [String: Int] = [:]
        for binding in table {
            let name = (binding.modifiers.contains(.control) ? "Ctrl+" : "") + (binding.modifiers.contains(.shift) ? "Shift+" : "")
                + binding.key.description
            if let existing = index[binding.help] {
                lines[existing].keys += " " + name
            } else {
                index[binding.help] = lines.count
                lines.append((name, binding.help))
            }
        }
        for index in lines.indices { lines[index].keys = groupNames[lines[index].keys] ?? lines[index].keys }
        return lines + mouseHelp.map { ($0.gesture, $0.help) }
    }
}
