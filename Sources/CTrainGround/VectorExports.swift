// VectorExports: the tg_vec_ functions (N envs stepped in parallel with next-step
// autoreset). Contracts are in trainground.h.
import Foundation

@_cdecl("tg_vec_create")
public func tg_vec_create(_ scenePath: UnsafePointer<CChar>?, _ optionsJSON: UnsafePointer<CChar>?, _ numEnvs: Int64,
                          _ outVec: UnsafeMutablePointer<UInt64>?) -> Int32 {
    abiCall("tg_vec_create") {
        let out = try required(outVec, "out_vec")
        out.pointee = 0
        guard numEnvs >= 1, numEnvs <= 4096 else {
            throw ABIError(.invalidArgument, "num_envs must be in 1…4096, got \(numEnvs)")
        }
        let options = try EnvOptions(json: optionsJSON)
        let scene = try TrainGroundABI.loadScene(scenePath, options: options)
        out.pointee = TrainGroundABI.vectors.insert(try VectorEnvironment(scene: scene, options: options, count: Int(numEnvs)))
    }
}

@_cdecl("tg_vec_close")
public func tg_vec_close(_ vec: UInt64) -> Int32 {
    abiCall("tg_vec_close") {
        try TrainGroundABI.withVector(vec) { $0.close() }
    }
}

@_cdecl("tg_vec_destroy")
public func tg_vec_destroy(_ vec: UInt64) -> Int32 {
    abiCall("tg_vec_destroy") {
        let vector = try TrainGroundABI.vectors.remove(vec)
        vector.lock.lock()
        vector.close()
        vector.lock.unlock()
    }
}

@_cdecl("tg_vec_sizes")
public func tg_vec_sizes(_ vec: UInt64, _ numEnvs: UnsafeMutablePointer<Int64>?, _ actionSize: UnsafeMutablePointer<Int64>?,
                         _ observationSize: UnsafeMutablePointer<Int64>?) -> Int32 {
    abiCall("tg_vec_sizes") {
        try TrainGroundABI.withVector(vec) { vector in
            try required(numEnvs, "num_envs").pointee = Int64(vector.count)
            try required(actionSize, "action_size").pointee = Int64(vector.actionSize)
            try required(observationSize, "observation_size").pointee = Int64(vector.observationSize)
        }
    }
}

@_cdecl("tg_vec_spaces_json")
public func tg_vec_spaces_json(_ vec: UInt64, _ outJSON: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32 {
    abiCall("tg_vec_spaces_json") {
        try TrainGroundABI.withVector(vec) { vector in
            try required(outJSON, "out_json").pointee = vector.hold(vector.spacesJSON)
        }
    }
}

@_cdecl("tg_vec_buffers")
public func tg_vec_buffers(_ vec: UInt64, _ observations: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>?,
                           _ rewards: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>?,
                           _ terminated: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
                           _ truncated: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32 {
    abiCall("tg_vec_buffers") {
        try TrainGroundABI.withVector(vec) { vector in
            try required(observations, "observations").pointee = vector.observations
            try required(rewards, "rewards").pointee = vector.rewards
            try required(terminated, "terminated").pointee = vector.terminated
            try required(truncated, "truncated").pointee = vector.truncated
        }
    }
}

@_cdecl("tg_vec_reset")
public func tg_vec_reset(_ vec: UInt64, _ seeds: UnsafePointer<UInt64>?, _ seedCount: Int64) -> Int32 {
    abiCall("tg_vec_reset") {
        try TrainGroundABI.withVector(vec) { vector in
            let seedBuffer = try required(seeds, "seeds")
            try checkCount(seedCount, expected: vector.count, "seeds (one per env)")
            try vector.reset(seeds: seedBuffer)
        }
    }
}

@_cdecl("tg_vec_step")
public func tg_vec_step(_ vec: UInt64, _ actions: UnsafePointer<Double>?, _ actionCount: Int64) -> Int32 {
    abiCall("tg_vec_step") {
        try TrainGroundABI.withVector(vec) { vector in
            let actionBuffer = try required(actions, "actions")
            try checkCount(actionCount, expected: vector.count * vector.actionSize, "actions (num_envs × action_size)")
            try vector.step(actions: actionBuffer)
        }
    }
}

@_cdecl("tg_vec_info_json")
public func tg_vec_info_json(_ vec: UInt64, _ outJSON: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32 {
    abiCall("tg_vec_info_json") {
        try TrainGroundABI.withVector(vec) { vector in
            let out = try required(outJSON, "out_json")
            out.pointee = vector.hold(try vector.infoJSON())
        }
    }
}

@_cdecl("tg_vec_render")
public func tg_vec_render(_ vec: UInt64, _ index: Int64, _ rgb: UnsafeMutablePointer<UInt8>?, _ width: Int64,
                          _ height: Int64, _ byteCount: Int64) -> Int32 {
    abiCall("tg_vec_render") {
        try TrainGroundABI.withVector(vec) { vector in
            let pixels = try required(rgb, "rgb")
            try checkImage(width: width, height: height, byteCount: byteCount)
            let env = try vector.env(index)
            try env.render(into: pixels, width: Int(width), height: Int(height))
        }
    }
}
