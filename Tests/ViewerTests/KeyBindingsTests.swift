// KeyBindings: one table; modifiers pick the more specific row; help lists every key.
import Viewer
import XCTest

final class KeyBindingsTests: XCTestCase {
    func testKeysTheBriefAsksFor() {
        let expected: [(Key, KeyModifiers, ViewerAction)] = [
            (.space, [], .togglePause), (.character("."), [], .stepOnce), (.character("-"), [], .slowDown),
            (.character("+"), [], .speedUp), (.character("="), .shift, .speedUp), (.character("r"), [], .reset),
            (.character("f"), [], .toggleFollow), (.character("c"), [], .toggleContacts), (.character("k"), [], .toggleFrames),
            (.character("v"), [], .toggleCollisionGeometry), (.character("m"), [], .toggleCentreOfMass),
            (.character("h"), [], .toggleHelp), (.character("j"), [], .toggleJointAngles),
            (.character("g"), [], .toggleHalfResolution), (.function(12), [], .screenshot), (.function(9), [], .toggleRecording),
            (.left, [], .orbitLeft), (.left, .shift, .panLeft), (.pageUp, [], .zoomIn), (.pageDown, [], .zoomOut),
        ]
        for (key, modifiers, action) in expected {
            XCTAssertEqual(KeyBindings.action(for: key, modifiers: modifiers), action, "\(key) \(modifiers)")
        }
        XCTAssertNil(KeyBindings.action(for: .character("z"), modifiers: []))
    }

    func testNoKeyIsBoundTwice() {
        var seen = Set<String>()
        for binding in KeyBindings.table {
            XCTAssertTrue(seen.insert("\(binding.key)-\(binding.modifiers.rawValue)").inserted, "\(binding.key) bound twice")
        }
    }

    func testHelpNamesEveryKeyAndMouseGesture() {
        let help = KeyBindings.helpLines()
        let text = help.map { $0.keys + " " + $0.help }.joined(separator: "\n")
        let arrows: Set<Key> = [.left, .right, .up, .down]
        for binding in KeyBindings.table {
            let name = arrows.contains(binding.key) ? (binding.modifiers.contains(.shift) ? "Shift+arrows" : "arrows")
                : binding.key.description
            XCTAssertTrue(help.contains { $0.keys.split(separator: " ").contains(Substring(name)) }, "\(binding.key): \(text)")
        }
        for gesture in KeyBindings.mouseHelp { XCTAssertTrue(text.contains(gesture.gesture)) }
    }
}
