// SpacesDescription: the JSON that describes an env's action and observation spaces, its
// scene and task, and its time base (trainground.h: tg_env_spaces_json).
import Scene
import Tasks

enum SpacesDescription {
    static func json(episode: Episode, scene: SceneSpec, options: EnvOptions) -> String {
        let action = JSONText.object([
            ("shape", "[\(episode.actionSize)]"),
            ("dtype", JSONText.string("float64")),
            ("low", JSONText.numbers(episode.actionLow)),
            ("high", JSONText.numbers(episode.actionHigh)),
            ("names", JSONText.strings(episode.actionNames)),
            ("units", JSONText.string("joint position offsets from the nominal pose (rad, or m for prismatic joints)")),
        ])
        let observation = JSONText.object([
            ("shape", "[\(episode.observationSize)]"),
            ("dtype", JSONText.string("float64")),
            ("low", "null"),
            ("high", "null"),
            ("names", JSONText.strings(episode.observationNames)),
            ("units", JSONText.string("SI: rad, rad/s, m, m/s; quaternions (x, y, z, w)")),
        ])
        return JSONText.object([
            ("abi_version", String(TrainGroundABI.version)),
            ("scene", JSONText.string(scene.name)),
            ("scene_file", JSONText.string(scene.sourceFile)),
            ("description", JSONText.string(scene.description)),
            ("task", JSONText.string(scene.task.name)),
            ("control_hz", JSONText.number(scene.task.controlHz)),
            ("physics_time_step", JSONText.number(scene.world.timeStep)),
            ("physics_steps_per_control_step", String(episode.physicsStepsPerControl)),
            ("max_episode_steps", String(episode.maxControlSteps)),
            ("action", action),
            ("observation", observation),
            ("failure_reasons", JSONText.strings(FailureReason.allCases.map(\.rawValue))),
            ("render", JSONText.object([("width", String(options.renderWidth)), ("height", String(options.renderHeight)),
                                        ("channels", "3")])),
        ])
    }
}
