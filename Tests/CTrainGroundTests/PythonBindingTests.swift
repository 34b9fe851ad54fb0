// PythonBindingTests: runs the Python package's pytest suite (Tools/python/tests) against
// the libCTrainGround.so this `swift test` built, so the C ABI, the Gymnasium envs and the
// Ray batches are tested by the project's one test command. Skips, saying why, when Python
// or its packages (numpy, gymnasium, pytest — installed by Tools/setup.sh) are missing.
import Foundation
import XCTest

final class PythonBindingTests: XCTestCase {
    /// The repository root (this file is Tests/CTrainGroundTests/PythonBindingTests.swift).
    private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testPytestSuitePasses() throws {
        if let sanitizer = ProcessInfo.processInfo.environment["TG_SANITIZER"] {
            throw XCTSkip("under the \(sanitizer) sanitizer the Python interpreter is not instrumented; "
                          + "VectorEnvironmentTests covers the threaded core from Swift")
        }
        let library = try builtLibrary()
        let python = try pythonWithPackages()
        let result = try run(python, ["-m", "pytest", "Tools/python/tests", "-q", "-p", "no:cacheprovider",
                                      "--durations=5"],
                             environment: ["TRAINGROUND_LIBRARY": library.path,
                                           "PYTHONPATH": repository.appendingPathComponent("Tools/python").path,
                                           "PYTHONDONTWRITEBYTECODE": "1"],
                             timeout: 900)
        print(result.output)
        XCTAssertEqual(result.status, 0, "pytest failed (exit \(result.status)):\n\(result.output)")
    }

    // MARK: Helpers

    /// libCTrainGround.so beside this test binary (the same build configuration).
    private func builtLibrary() throws -> URL {
        let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                             ?? CommandLine.arguments[0])
        var directory = executable.deletingLastPathComponent()
        // The test binary may sit inside a bundle directory (Name.xctest/…).
        for _ in 0..<3 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("libCTrainGround.so").path) {
            directory = directory.deletingLastPathComponent()
        }
        let library = directory.appendingPathComponent("libCTrainGround.so")
        guard FileManager.default.fileExists(atPath: library.path) else {
            throw XCTSkip("libCTrainGround.so was not built beside \(executable.path); run `swift build` first")
        }
        return library
    }

    /// Tools/setup.sh's virtualenv (.build/python), $TRAINGROUND_PYTHON, or python3 on PATH —
    /// the first that imports numpy, gymnasium and pytest.
    private func pythonWithPackages() throws -> String {
        var candidates = [repository.appendingPathComponent(".build/python/bin/python3").path]
        if let chosen = ProcessInfo.processInfo.environment["TRAINGROUND_PYTHON"] { candidates.insert(chosen, at: 0) }
        candidates.append("python3")
        var reasons: [String] = []
        for candidate in candidates {
            guard candidate == "python3" || FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            guard let check = try? run(candidate, ["-c", "import numpy, gymnasium, pytest"], environment: [:], timeout: 120)
            else {
                reasons.append("\(candidate): cannot be started")
                continue
            }
            if check.status == 0 { return candidate }
            reasons.append("\(candidate): " + (check.output.split(separator: "\n").last.map(String.init) ?? "exit \(check.status)"))
        }
        throw XCTSkip("no Python with numpy, gymnasium and pytest (run Tools/setup.sh): " + reasons.joined(separator: "; "))
    }

    /// Runs `executable` (a path, or a name looked up on PATH) in the repository; returns its
    /// exit status and combined output (through a file, so a full pipe never blocks it).
    /// Terminates it after `timeout` seconds.
    private func run(_ executable: String, _ arguments: [String], environment: [String: String], timeout: Double) throws
        -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tg-python-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.currentDirectoryURL = repository
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (process.terminationStatus, output + (timedOut ? "\n(terminated after \(Int(timeout)) s)" : ""))
    }
}
