// SDLWindow: the viewer's only contact with SDL2 — a resizable window with an OpenGL 3.3
// core context, its events translated into `InputEvent`s (and back, to inject scripted
// input through SDL's own queue), buffer swaps and the drawable size. Everything else in
// the viewer uses these types, never SDL.
import CSDL2
import Foundation

/// Why a window could not be made: the message names the SDL call and SDL's reason.
public struct WindowError: Error, CustomStringConvertible {
    public var description: String
}

/// A window with a current OpenGL 3.3 core context, owned by this object.
///
/// Threads: create it, use it and drop it on one thread (the main thread, for SDL). The GL
/// context stays current on that thread while the window lives. SDL's video subsystem is
/// initialised per window and shut down with it (SDL reference-counts it).
public final class SDLWindow {
    private let window: OpaquePointer
    private let context: SDL_GLContext
    /// Modifier keys held, tracked from key events (so injected events carry them too).
    private var heldModifiers: KeyModifiers = []

    /// Opens a `width` × `height` window titled `title` and makes its GL context current.
    /// `vsync` waits for the display on `swap()` (off: as fast as possible, for benchmarks).
    /// Throws `WindowError` when SDL has no video (no DISPLAY, no X server) or the driver
    /// cannot make a GL 3.3 core context.
    public init(title: String, width: Int, height: Int, vsync: Bool = true) throws {
        SDL_SetMainReady()
        guard SDL_InitSubSystem(UInt32(SDL_INIT_VIDEO)) == 0 else {
            throw WindowError(description: "SDL video init failed: \(Self.lastError()) (is DISPLAY set to a running X server?)")
        }
        // Without X11 or Wayland SDL falls back to drivers whose windows nobody sees; refuse
        // them unless SDL_VIDEODRIVER asked for one.
        let driver = SDL_GetCurrentVideoDriver().map { String(cString: $0) } ?? "none"
        if ["offscreen", "dummy", "evdev"].contains(driver), ProcessInfo.processInfo.environment["SDL_VIDEODRIVER"] == nil {
            SDL_QuitSubSystem(UInt32(SDL_INIT_VIDEO))
            throw WindowError(description: "SDL video init failed: no X11 or Wayland display (SDL fell back to its \(driver) "
                              + "driver; set DISPLAY, or SDL_VIDEODRIVER=\(driver) to use it anyway)")
        }
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3)
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3)
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, Int32(SDL_GL_CONTEXT_PROFILE_CORE.rawValue))
        SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1)
        SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24)
        SDL_GL_SetAttribute(SDL_GL_RED_SIZE, 8)
        SDL_GL_SetAttribute(SDL_GL_GREEN_SIZE, 8)
        SDL_GL_SetAttribute(SDL_GL_BLUE_SIZE, 8)
        let flags = SDL_WINDOW_OPENGL.rawValue | SDL_WINDOW_RESIZABLE.rawValue | SDL_WINDOW_ALLOW_HIGHDPI.rawValue
            | SDL_WINDOW_SHOWN.rawValue
        let centred = Int32(0x2FFF_0000)  // SDL_WINDOWPOS_CENTERED (a function-like macro in C)
        guard let created = SDL_CreateWindow(title, centred, centred, Int32(clamping: width), Int32(clamping: height),
                                             UInt32(flags)) else {
            let reason = Self.lastError()
            SDL_QuitSubSystem(UInt32(SDL_INIT_VIDEO))
            throw WindowError(description: "SDL_CreateWindow failed: \(reason)")
        }
        guard let glContext = SDL_GL_CreateContext(created) else {
            let reason = Self.lastError()
            SDL_DestroyWindow(created)
            SDL_QuitSubSystem(UInt32(SDL_INIT_VIDEO))
            throw WindowError(description: "SDL_GL_CreateContext (OpenGL 3.3 core) failed: \(reason)")
        }
        window = created
        context = glContext
        SDL_GL_MakeCurrent(window, context)
        SDL_GL_SetSwapInterval(vsync ? 1 : 0)
    }

    deinit {
        SDL_GL_MakeCurrent(window, nil)
        SDL_GL_DeleteContext(context)
        SDL_DestroyWindow(window)
        SDL_QuitSubSystem(UInt32(SDL_INIT_VIDEO))
    }

    /// The SDL video driver in use, e.g. "x11" or "wayland".
    public var videoDriver: String {
        SDL_GetCurrentVideoDriver().map { String(cString: $0) } ?? "none"
    }

    /// Makes the window's GL context current on the calling thread.
    public func makeCurrent() {
        SDL_GL_MakeCurrent(window, context)
    }

    /// The drawable area in pixels (the viewport size; larger than the window size on
    /// high-DPI screens).
    public var drawableSize: (width: Int, height: Int) {
        var width: Int32 = 0, height: Int32 = 0
        SDL_GL_GetDrawableSize(window, &width, &height)
        return (Int(width), Int(height))
    }

    public func setTitle(_ title: String) { SDL_SetWindowTitle(window, title) }

    /// Shows the frame drawn since the last swap.
    public func swap() { SDL_GL_SwapWindow(window) }

    /// Every event queued since the last call, translated; events the viewer does not use
    /// are dropped.
    public func pollEvents() -> [InputEvent] {
        var events: [InputEvent] = []
        var event = SDL_Event()
        while SDL_PollEvent(&event) != 0 {
            if let translated = translate(event) { events.append(translated) }
        }
        return events
    }

    /// Puts `event` on SDL's event queue, as if the user had done it (scripted input for
    /// tests and demos). It comes back from the next `pollEvents()`.
    public func post(_ event: InputEvent) {
        guard var native = native(event) else { return }
        SDL_PushEvent(&native)
    }

    // MARK: - SDL → InputEvent

    private func translate(_ event: SDL_Event) -> InputEvent? {
        switch SDL_EventType(rawValue: event.type) {
        case SDL_QUIT:
            return .quit
        case SDL_KEYDOWN, SDL_KEYUP:
            let isDown = event.type == SDL_KEYDOWN.rawValue
            let key = Self.key(for: event.key.keysym.sym)
            track(key, isDown: isDown)
            let modifiers = Self.modifiers(UInt32(event.key.keysym.mod)).union(heldModifiers)
            return isDown ? .keyDown(key, modifiers: modifiers) : .keyUp(key, modifiers: modifiers)
        case SDL_MOUSEBUTTONDOWN, SDL_MOUSEBUTTONUP:
            guard let button = Self.button(event.button.button) else { return nil }
            let (x, y) = toDrawable(Double(event.button.x), Double(event.button.y))
            return event.type == SDL_MOUSEBUTTONDOWN.rawValue
                ? .mouseDown(button, x: x, y: y, modifiers: currentModifiers())
                : .mouseUp(button, x: x, y: y, modifiers: currentModifiers())
        case SDL_MOUSEMOTION:
            let (x, y) = toDrawable(Double(event.motion.x), Double(event.motion.y))
            let (dx, dy) = toDrawable(Double(event.motion.xrel), Double(event.motion.yrel))
            return .mouseMotion(x: x, y: y, dx: dx, dy: dy, modifiers: currentModifiers())
        case SDL_MOUSEWHEEL:
            let direction: Double = event.wheel.direction == SDL_MOUSEWHEEL_FLIPPED.rawValue ? -1 : 1
            return .wheel(dy: Double(event.wheel.y) * direction)
        case SDL_WINDOWEVENT:
            switch SDL_WindowEventID(UInt32(event.window.event)) {
            case SDL_WINDOWEVENT_SIZE_CHANGED, SDL_WINDOWEVENT_RESIZED:
                let size = drawableSize
                return .resized(width: size.width, height: size.height)
            case SDL_WINDOWEVENT_FOCUS_LOST:
                heldModifiers = []
                return nil
            case SDL_WINDOWEVENT_CLOSE:
                return .quit
            default:
                return nil
            }
        default:
            return nil
        }
    }

    private func track(_ key: Key, isDown: Bool) {
        let modifier: KeyModifiers
        switch key {
        case .shiftKey: modifier = .shift
        case .controlKey: modifier = .control
        case .altKey: modifier = .alt
        default: return
        }
        if isDown { heldModifiers.insert(modifier) } else { heldModifiers.remove(modifier) }
    }

    private func currentModifiers() -> KeyModifiers {
        Self.modifiers(UInt32(SDL_GetModState().rawValue)).union(heldModifiers)
    }

    // Window points → drawable pixels (they differ on high-DPI screens).
    private func toDrawable(_ x: Double, _ y: Double) -> (Double, Double) {
        let scale = pixelsPerPoint
        return (x * scale.x, y * scale.y)
    }

    private var pixelsPerPoint: (x: Double, y: Double) {
        var width: Int32 = 0, height: Int32 = 0
        SDL_GetWindowSize(window, &width, &height)
        let drawable = drawableSize
        guard width > 0, height > 0 else { return (1, 1) }
        return (Double(drawable.width) / Double(width), Double(drawable.height) / Double(height))
    }

    private static func modifiers(_ mod: UInt32) -> KeyModifiers {
        var result: KeyModifiers = []
        if mod & UInt32(KMOD_SHIFT.rawValue) != 0 { result.insert(.shift) }
        if mod & UInt32(KMOD_CTRL.rawValue) != 0 { result.insert(.control) }
        if mod & UInt32(KMOD_ALT.rawValue) != 0 { result.insert(.alt) }
        return result
    }

    private static func button(_ button: UInt8) -> MouseButton? {
        switch Int32(button) {
        case SDL_BUTTON_LEFT: return .left
        case SDL_BUTTON_MIDDLE: return .middle
        case SDL_BUTTON_RIGHT: return .right
        default: return nil
        }
    }

    // Named keys, by SDL keycode (a table, both ways).
    private static let namedKeys: [(Int32, Key)] = [
        (code(SDLK_SPACE), .space), (code(SDLK_ESCAPE), .escape), (code(SDLK_RETURN), .enter),
        (code(SDLK_KP_ENTER), .enter), (code(SDLK_TAB), .tab), (code(SDLK_BACKSPACE), .backspace),
        (code(SDLK_LEFT), .left), (code(SDLK_RIGHT), .right), (code(SDLK_UP), .up), (code(SDLK_DOWN), .down),
        (code(SDLK_PAGEUP), .pageUp), (code(SDLK_PAGEDOWN), .pageDown), (code(SDLK_HOME), .home), (code(SDLK_END), .end),
        (code(SDLK_LSHIFT), .shiftKey), (code(SDLK_RSHIFT), .shiftKey), (code(SDLK_LCTRL), .controlKey),
        (code(SDLK_RCTRL), .controlKey), (code(SDLK_LALT), .altKey), (code(SDLK_RALT), .altKey),
        (code(SDLK_KP_PLUS), .character("+")), (code(SDLK_KP_MINUS), .character("-")),
        (code(SDLK_KP_PERIOD), .character(".")),
        (code(SDLK_F1), .function(1)), (code(SDLK_F2), .function(2)), (code(SDLK_F3), .function(3)),
        (code(SDLK_F4), .function(4)), (code(SDLK_F5), .function(5)), (code(SDLK_F6), .function(6)),
        (code(SDLK_F7), .function(7)), (code(SDLK_F8), .function(8)), (code(SDLK_F9), .function(9)),
        (code(SDLK_F10), .function(10)), (code(SDLK_F11), .function(11)), (code(SDLK_F12), .function(12)),
    ]
    private static let keysByCode: [Int32: Key] = Dictionary(namedKeys, uniquingKeysWith: { first, _ in first })
    private static let codesByKey: [Key: Int32] = Dictionary(namedKeys.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

    private static func code(_ keyCode: SDL_KeyCode) -> Int32 { Int32(truncatingIfNeeded: keyCode.rawValue) }

    private static func key(for keycode: SDL_Keycode) -> Key {
        let value = Int32(keycode)
        if let named = keysByCode[value] { return named }
        // Printable ASCII keys have their character as keycode (letters lower case).
        if (33...126).contains(value), let scalar = Unicode.Scalar(UInt32(value)) {
            return .character(Character(scalar))
        }
        return .other(value)
    }

    // MARK: - InputEvent → SDL (injected events)

    private func native(_ event: InputEvent) -> SDL_Event? {
        var native = SDL_Event()
        let windowID = SDL_GetWindowID(window)
        let scale = pixelsPerPoint
        func point(_ x: Double, _ y: Double) -> (Int32, Int32) {
            (Int32(clamping: Int((x / scale.x).rounded())), Int32(clamping: Int((y / scale.y).rounded())))
        }
        switch event {
        case .keyDown(let key, let modifiers), .keyUp(let key, let modifiers):
            guard let keycode = Self.keycode(for: key) else { return nil }
            let isDown: Bool
            if case .keyDown = event { isDown = true } else { isDown = false }
            native.key.type = isDown ? SDL_KEYDOWN.rawValue : SDL_KEYUP.rawValue
            native.key.windowID = windowID
            native.key.state = UInt8(isDown ? SDL_PRESSED : SDL_RELEASED)
            native.key.keysym.sym = keycode
            native.key.keysym.mod = Self.nativeModifiers(modifiers)
        case .mouseDown(let button, let x, let y, _), .mouseUp(let button, let x, let y, _):
            let isDown: Bool
            if case .mouseDown = event { isDown = true } else { isDown = false }
            native.button.type = isDown ? SDL_MOUSEBUTTONDOWN.rawValue : SDL_MOUSEBUTTONUP.rawValue
            native.button.windowID = windowID
            native.button.button = UInt8(button == .left ? SDL_BUTTON_LEFT : button == .middle ? SDL_BUTTON_MIDDLE : SDL_BUTTON_RIGHT)
            native.button.state = UInt8(isDown ? SDL_PRESSED : SDL_RELEASED)
            native.button.clicks = 1
            (native.button.x, native.button.y) = point(x, y)
        case .mouseMotion(let x, let y, let dx, let dy, _):
            native.motion.type = SDL_MOUSEMOTION.rawValue
            native.motion.windowID = windowID
            (native.motion.x, native.motion.y) = point(x, y)
            (native.motion.xrel, native.motion.yrel) = point(dx, dy)
        case .wheel(let dy):
            native.wheel.type = SDL_MOUSEWHEEL.rawValue
            native.wheel.windowID = windowID
            native.wheel.y = Int32(dy.rounded())
            native.wheel.preciseY = Float(dy)
            native.wheel.direction = SDL_MOUSEWHEEL_NORMAL.rawValue
        case .resized(let width, let height):
            // A real resize: SDL reports it back as a window event.
            SDL_SetWindowSize(window, Int32(clamping: width), Int32(clamping: height))
            return nil
        case .quit:
            native.quit.type = SDL_QUIT.rawValue
        }
        return native
    }

    private static func keycode(for key: Key) -> SDL_Keycode? {
        if let named = codesByKey[key] { return SDL_Keycode(named) }
        switch key {
        case .character(let character):
            guard let ascii = character.lowercased().unicodeScalars.first?.value, (33...126).contains(ascii) else { return nil }
            return SDL_Keycode(ascii)
        case .other(let code):
            return SDL_Keycode(code)
        default:
            return nil
        }
    }

    private static func nativeModifiers(_ modifiers: KeyModifiers) -> UInt16 {
        var mod: UInt32 = 0
        if modifiers.contains(.shift) { mod |= UInt32(KMOD_LSHIFT.rawValue) }
        if modifiers.contains(.control) { mod |= UInt32(KMOD_LCTRL.rawValue) }
        if modifiers.contains(.alt) { mod |= UInt32(KMOD_LALT.rawValue) }
        return UInt16(truncatingIfNeeded: mod)
    }

    private static func lastError() -> String {
        SDL_GetError().map { String(cString: $0) } ?? "unknown SDL error"
    }
}
