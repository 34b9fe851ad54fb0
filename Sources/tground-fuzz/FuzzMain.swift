// tground-fuzz: the fuzzing driver. Built two ways:
//  - by Tools/fuzz/run with -DTG_LIBFUZZER, SanitizerCoverage and AddressSanitizer: libFuzzer
//    drives the target named by TG_FUZZ_TARGET (`TG_FUZZ_TARGET=urdf tground-fuzz CORPUS…
//    -max_total_time=600`, every libFuzzer flag works);
//  - in a normal build: `tground-fuzz TARGET FILE|DIR…` runs each input once through the
//    target and prints its outcome — to replay a crash libFuzzer saved, under a debugger.
import Foundation
import FuzzTargets

/// The scratch directory robot inputs are written into: one per process.
private let scratch: String = {
    let path = NSTemporaryDirectory() + "tground-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

#if TG_LIBFUZZER
private let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["TG_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("tground-fuzz: set TG_FUZZ_TARGET to one of \(known) (got '\(name)')\n".utf8))
        exit(2)
    }
    return target
}()

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                 _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main`; libFuzzer's own `main` is
/// left out (the no-main runtime is linked) and its driver is called from here.
@_cdecl("tground_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = selectedTarget
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        _ = selectedTarget.run(bytes, scratch: scratch)
        return 0
    }
}
#else
@main
struct FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
        guard let first = arguments.first, let target = FuzzTarget(rawValue: first), arguments.count > 1 else {
            print("usage: tground-fuzz \(known) FILE|DIR…   (run each input once; Tools/fuzz/run fuzzes)")
            exit(2)
        }
        var files: [String] = []
        for argument in arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                files += names.sorted().map { argument + "/" + $0 }
            } else {
                files.append(argument)
            }
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(file): cannot read")
                continue
            }
            switch target.run([UInt8](data), scratch: scratch) {
            case let .accepted(what): print("\(file): accepted (\(what))")
            case let .rejected(why): print("\(file): rejected: \(why.prefix(200))")
            }
        }
    }
}
#endif
