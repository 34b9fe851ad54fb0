// LibraryExports: tg_ functions about the library itself — versions, errors, strings,
// seeds. Declarations and their contracts are in trainground.h.
import Foundation
import Runner

@_cdecl("tg_abi_version")
public func tg_abi_version() -> UInt32 { TrainGroundABI.version }

private let versionText: UnsafeMutablePointer<CChar> = mallocString(TrainingGroundVersion)

@_cdecl("tg_version")
public func tg_version() -> UnsafePointer<CChar> { UnsafePointer(versionText) }

@_cdecl("tg_last_error")
public func tg_last_error() -> UnsafePointer<CChar> { LastError.current }

@_cdecl("tg_string_free")
public func tg_string_free(_ text: UnsafeMutablePointer<CChar>?) { text?.deallocate() }

@_cdecl("tg_next_episode_seed")
public func tg_next_episode_seed(_ seed: UInt64) -> UInt64 { nextEpisodeSeed(after: seed) }

@_cdecl("tg_live_handles")
public func tg_live_handles() -> Int64 { Int64(TrainGroundABI.envs.count + TrainGroundABI.vectors.count) }
