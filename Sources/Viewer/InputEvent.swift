// InputEvent: what the user did, in the viewer's own words. The SDL adapter translates
// SDL events into these; the rest of the viewer (and its tests) sees only these types.

/// A key, independent of the windowing library. Letters are lower case; shifted symbols
/// arrive as the unshifted key plus `.shift` (the US layout's `+` is `=` with shift), so
/// bindings list both where it matters.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable key: a lower-case letter, a digit or a symbol such as `.`, `-`, `=`, `+`.
    case character(Character)
    case space, escape, enter, tab, backspace
    case left, right, up, down, pageUp, pageDown, home, end
    /// F1…F24.
    case function(Int)
    /// A modifier key itself (left or right), reported so modifier state can be tracked.
    case shiftKey, controlKey, altKey
    /// A key the viewer has no name for (the windowing library's code).
    case other(Int32)

    public var description: String {
        switch self {
        case .character(let character): return String(character).uppercased()
        case .space: return "Space"
        case .escape: return "Esc"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backspace: return "Backspace"
        case .left: return "Left"
        case .right: return "Right"
        case .up: return "Up"
        case .down: return "Down"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .function(let number): return "F\(number)"
        case .shiftKey: return "Shift"
        case .controlKey: return "Ctrl"
        case .altKey: return "Alt"
        case .other(let code): return "key \(code)"
        }
    }
}

/// Modifier keys held during an event.
public struct KeyModifiers: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let shift = KeyModifiers(rawValue: 1)
    public static let control = KeyModifiers(rawValue: 2)
    public static let alt = KeyModifiers(rawValue: 4)
}

public enum MouseButton: Hashable, Sendable {
    case left, middle, right
}

/// One input event. Mouse positions are in drawable pixels from the window's top-left
/// corner (the same pixels as the viewport), x to the right and y down.
public enum InputEvent: Hashable, Sendable {
    case keyDown(Key, modifiers: KeyModifiers = [])
    case keyUp(Key, modifiers: KeyModifiers = [])
    case mouseDown(MouseButton, x: Double, y: Double, modifiers: KeyModifiers = [])
    case mouseUp(MouseButton, x: Double, y: Double, modifiers: KeyModifiers = [])
    /// The pointer moved to (`x`, `y`), by (`dx`, `dy`) pixels since the last motion.
    case mouseMotion(x: Double, y: Double, dx: Double, dy: Double, modifiers: KeyModifiers = [])
    /// Wheel turned by `dy` notches: positive away from the user (zoom in).
    case wheel(dy: Double)
    /// The drawable area is now `width` × `height` pixels.
    case resized(width: Int, height: Int)
    /// The window was asked to close.
    case quit
}
