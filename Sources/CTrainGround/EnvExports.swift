// EnvExports: the single-env tg_env_ functions. Contracts (ownership, units, shapes) are
// in trainground.h; every function returns a TG_ status and never lets an error escape.
import Foundation

@_cdecl("tg_env_create")
public func tg_env_create(_ scenePath: UnsafePointer<CChar>?, _ optionsJSON: UnsafePointer<CChar>?,
                          _ outEnv: UnsafeMutablePointer<UInt64>?) -> Int32 {
    abiCall("tg_env_create") {
        let out = try required(outEnv, "out_env")
        out.pointee = 0
        let options = try EnvOptions(json: optionsJSON)
        let scene = try TrainGroundABI.loadScene(scenePath, options: options)
        out.pointee = TrainGroundABI.envs.insert(try EnvironmentInstance(scene: scene, options: options))
    }
}

@_cdecl("tg_env_destroy")
public func tg_env_destroy(_ env: UInt64) -> Int32 {
    abiCall("tg_env_destroy") {
        let instance = try TrainGroundABI.envs.remove(env)
        instance.lock.lock()
        instance.close()
        instance.lock.unlock()
    }
}

@_cdecl("tg_env_sizes")
public func tg_env_sizes(_ env: UInt64, _ actionSize: UnsafeMutablePointer<Int64>?,
                         _ observationSize: UnsafeMutablePointer<Int64>?) -> Int32 {
    abiCall("tg_env_sizes") {
        try TrainGroundABI.withEnv(env) { instance in
            try required(actionSize, "action_size").pointee = Int64(instance.actionSize)
            try required(observationSize, "observation_size").pointee = Int64(instance.observationSize)
        }
    }
}

@_cdecl("tg_env_spaces_json")
public func tg_env_spaces_json(_ env: UInt64, _ outJSON: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32 {
    abiCall("tg_env_spaces_json") {
        try TrainGroundABI.withEnv(env) { instance in
            let out = try required(outJSON, "out_json")
            out.pointee = instance.hold(instance.spacesJSON)
        }
    }
}

@_cdecl("tg_env_reset")
public func tg_env_reset(_ env: UInt64, _ seed: UInt64, _ observation: UnsafeMutablePointer<Double>?,
                         _ observationSize: Int64) -> Int32 {
    abiCall("tg_env_reset") {
        try TrainGroundABI.withEnv(env) { instance in
            let buffer = try required(observation, "observation")
            try checkCount(observationSize, expected: instance.observationSize, "observation")
            try instance.reset(seed: seed, observation: buffer)
        }
    }
}

@_cdecl("tg_env_step")
public func tg_env_step(_ env: UInt64, _ action: UnsafePointer<Double>?, _ actionSize: Int64,
                        _ observation: UnsafeMutablePointer<Double>?, _ observationSize: Int64,
                        _ reward: UnsafeMutablePointer<Double>?, _ terminated: UnsafeMutablePointer<UInt8>?,
                        _ truncated: UnsafeMutablePointer<UInt8>?) -> Int32 {
    abiCall("tg_env_step") {
        try TrainGroundABI.withEnv(env) { instance in
            let actionBuffer = try required(action, "action")
            let observationBuffer = try required(observation, "observation")
            let rewardOut = try required(reward, "reward")
            let terminatedOut = try required(terminated, "terminated")
            let truncatedOut = try required(truncated, "truncated")
            try checkCount(actionSize, expected: instance.actionSize, "action")
            try checkCount(observationSize, expected: instance.observationSize, "observation")
            let result = try instance.step(action: actionBuffer, observation: observationBuffer)
            rewardOut.pointee = result.reward
            terminatedOut.pointee = result.terminated ? 1 : 0
            truncatedOut.pointee = result.truncated ? 1 : 0
        }
    }
}

@_cdecl("tg_env_info_json")
public func tg_env_info_json(_ env: UInt64, _ outJSON: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32 {
    abiCall("tg_env_info_json") {
        try TrainGroundABI.withEnv(env) { instance in
            let out = try required(outJSON, "out_json")
            out.pointee = instance.hold(try instance.infoJSON())
        }
    }
}

@_cdecl("tg_env_render")
public func tg_env_render(_ env: UInt64, _ rgb: UnsafeMutablePointer<UInt8>?, _ width: Int64, _ height: Int64,
                          _ byteCount: Int64) -> Int32 {
    abiCall("tg_env_render") {
        try TrainGroundABI.withEnv(env) { instance in
            let pixels = try required(rgb, "rgb")
            try checkImage(width: width, height: height, byteCount: byteCount)
            try instance.render(into: pixels, width: Int(width), height: Int(height))
        }
    }
}

@_cdecl("tg_env_cameras_json")
public func tg_env_cameras_json(_ env: UInt64, _ outJSON: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32 {
    abiCall("tg_env_cameras_json") {
        try TrainGroundABI.withEnv(env) { instance in
            let out = try required(outJSON, "out_json")
            out.pointee = instance.hold(try instance.camerasJSON())
        }
    }
}

@_cdecl("tg_env_camera")
public func tg_env_camera(_ env: UInt64, _ name: UnsafePointer<CChar>?, _ rgb: UnsafeMutablePointer<UInt8>?,
                          _ rgbBytes: Int64, _ depth: UnsafeMutablePointer<Float>?, _ depthCount: Int64,
                          _ segmentation: UnsafeMutablePointer<Int32>?, _ segmentationCount: Int64,
                          _ links: UnsafeMutablePointer<Int32>?, _ linkCount: Int64) -> Int32 {
    abiCall("tg_env_camera") {
        try TrainGroundABI.withEnv(env) { instance in
            let cameraName = String(cString: try required(name, "name"))
            try instance.camera(cameraName, rgb: rgb, rgbBytes: rgbBytes, depth: depth, depthCount: depthCount,
                                bodies: segmentation, bodyCount: segmentationCount, links: links, linkCount: linkCount)
        }
    }
}

/// Checks a render request: 1…8192 pixels a side and a width × height × 3 byte buffer.
func checkImage(width: Int64, height: Int64, byteCount: Int64) throws {
    guard (1...8192).contains(width), (1...8192).contains(height) else {
        throw ABIError(.invalidArgument, "image size \(width)×\(height) is outside 1…8192 pixels a side")
    }
    try checkCount(byteCount, expected: Int(width * height * 3), "rgb (width × height × 3 bytes)")
}
