/*
 * trainground.h — the C ABI of TrainingGround (libCTrainGround.so, built by `swift build`).
 *
 * Conventions for every function below
 * - Return value: an int status, TG_OK (0) on success. On any other status nothing the
 *   caller owns was written except where stated, and tg_last_error() returns the message.
 *   No call crashes on a bad handle, a wrong size, a NULL pointer or a NaN action.
 * - Handles (tg_env, tg_vec) are opaque 64-bit values: (generation << 32) | (slot + 1).
 *   0 is never valid. A destroyed handle is rejected with TG_ERROR_INVALID_HANDLE, also
 *   after its slot was reused (the generation differs).
 * - Threads: any function may be called from any thread. Calls on one handle are
 *   serialised by a lock inside the library; different handles run in parallel. A vector
 *   env steps its envs on a thread pool (one world per env; no world is touched by two
 *   threads at once).
 * - Numbers: observations, actions and rewards are float64 (double), SI units (metres,
 *   kilograms, seconds, radians; quaternions x, y, z, w). Flags are uint8_t (0 or 1).
 *   Counts are int64_t element counts (not bytes) and must equal the env's sizes exactly.
 * - Memory: "caller-owned" buffers are allocated and freed by the caller; the library only
 *   writes into them during the call. "library-owned" memory must not be freed by the caller.
 * - Strings: UTF-8, NUL-terminated. JSON uses null for NaN/±infinity.
 * - Determinism: the same scene, options, seed and actions give the same bits (on the same
 *   build and machine), whatever thread or vector env runs them.
 */
#ifndef TRAINGROUND_H
#define TRAINGROUND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header. tg_abi_version() must return it; bumped on any incompatible
 * change to a declaration or a JSON member. */
#define TG_ABI_VERSION 1

/* Status codes. */
#define TG_OK 0
#define TG_ERROR_INVALID_HANDLE 1     /* 0, destroyed, closed, or never created */
#define TG_ERROR_INVALID_ARGUMENT 2   /* NULL pointer, bad options JSON, bad index, unknown policy */
#define TG_ERROR_BUFFER_SIZE 3        /* a count differs from the expected number of elements */
#define TG_ERROR_NON_FINITE_ACTION 4  /* an action entry is NaN or ±inf; nothing was stepped */
#define TG_ERROR_SCENE 5              /* the scene failed to load or build: "file:line: key.path: message" */
#define TG_ERROR_EPISODE_OVER 6       /* tg_env_step after terminated/truncated, before tg_env_reset */
#define TG_ERROR_RENDER_UNAVAILABLE 7 /* no offscreen OpenGL 3.3 context (EGL) on this machine */
#define TG_ERROR_FAILED 8             /* anything else (a physics or render failure) */

typedef uint64_t tg_env; /* one env: one scene, one world, one episode at a time */
typedef uint64_t tg_vec; /* N envs of one scene, stepped in parallel */

/* ---- Library ------------------------------------------------------------------------ */

/* TG_ABI_VERSION of the library. Check it against the header before any other call. */
uint32_t tg_abi_version(void);

/* TrainingGround's version, e.g. "0.1.0". Library-owned, static. */
const char *tg_version(void);

/* The message of the last call that failed on the calling thread ("" if none has). Like
 * errno it is per thread and not cleared by successful calls. Library-owned: valid until
 * the next failing call on this thread. The message starts with the function's name. */
const char *tg_last_error(void);

/* Frees a string the library malloc'd for the caller (tg_batch_* outputs). NULL is a no-op. */
void tg_string_free(char *text);

/* The seed of the episode that follows one started from `seed`: SplitMix64(seed), i.e.
 * z = seed + 0x9E3779B97F4A7C15; z = (z ^ z>>30) * 0xBF58476D1CE4E5B9;
 * z = (z ^ z>>27) * 0x94D049BB133111EB; return z ^ z>>31.
 * Vector-env autoreset uses it; a single env's unseeded reset should too, so that N single
 * envs replay a vector env exactly. */
uint64_t tg_next_episode_seed(uint64_t seed);

/* Live env and vector-env handles (for leak checks in tests). */
int64_t tg_live_handles(void);

/* ---- Options JSON (tg_env_create, tg_vec_create, tg_batch_run_episode) ------------------
 * NULL or "" means all defaults. Unknown keys are an error.
 *   "overrides":     ["task.episode_seconds=5", "robot.yaw=0.5"]  scene overrides, applied
 *                    after the file's base chain (as `tground run --set`); or an object
 *                    {"task.episode_seconds": 5, "robot.position": [0, 1, 0]}
 *   "seed":          first episode's seed (default 0); env i of a vector env gets seed + i
 *   "render_width":  pixels, default 320        "render_height": pixels, default 240
 *   "camera":        {"position": [x,y,z] m, "target": [x,y,z] m, "fov_degrees": 45};
 *                    default: looks at the robot base from 2.8 m ahead, 1.6 m left, 0.8 m up
 */

/* ---- Single env ----------------------------------------------------------------------- */

/* Loads the scene file at `scene_path` (absolute, or relative to the working directory)
 * with `options_json`, builds its world for options.seed, and writes the new handle to
 * *out_env (0 on failure). A scene error (TG_ERROR_SCENE) carries "file:line: key.path: …".
 * The caller must tg_env_destroy the handle. */
int tg_env_create(const char *scene_path, const char *options_json, tg_env *out_env);

/* Frees the env's world. The handle is invalid afterwards. */
int tg_env_destroy(tg_env env);

/* Entries per action and per observation (both fixed for the env's life). */
int tg_env_sizes(tg_env env, int64_t *action_size, int64_t *observation_size);

/* Spaces JSON, library-owned, valid until the next *_json call on this env or destroy:
 * {"abi_version", "scene", "scene_file", "description", "task", "control_hz" (Hz),
 *  "physics_time_step" (s), "physics_steps_per_control_step", "max_episode_steps" (control
 *  steps before truncation),
 *  "action": {"shape": [A], "dtype": "float64", "low": [A], "high": [A], "names": [A],
 *             "units"},   -- joint position offsets (rad, m) from the nominal pose, clipped
 *                            to [low, high] by the library
 *  "observation": {"shape": [O], "dtype": "float64", "low": null, "high": null (unbounded),
 *                  "names": [O], "units"},
 *  "failure_reasons": ["fell", "dropped_part", …], "render": {"width", "height", "channels": 3}} */
int tg_env_spaces_json(tg_env env, const char **out_json);

/* Starts a new episode from `seed` (the world is rebuilt) and writes its first observation
 * into the caller-owned `observation` (observation_size float64). */
int tg_env_reset(tg_env env, uint64_t seed, double *observation, int64_t observation_size);

/* One control step (1/control_hz s of simulated time). Reads the caller-owned `action`
 * (action_size float64); writes the caller-owned `observation` (observation_size float64),
 * *reward, *terminated (success or failure) and *truncated (time limit; failure "timeout").
 * A NaN/inf action returns TG_ERROR_NON_FINITE_ACTION and leaves the env unchanged; a step
 * after the episode ended returns TG_ERROR_EPISODE_OVER. */
int tg_env_step(tg_env env, const double *action, int64_t action_size, double *observation,
                int64_t observation_size, double *reward, uint8_t *terminated, uint8_t *truncated);

/* Info of the last reset or step, library-owned JSON valid until the next *_json call on
 * this env or destroy:
 * {"success": bool, "failure_reason": null | "fell" | "dropped_part" | "collision" |
 *  "timeout" | "diverged" | "out_of_bounds", "reward_terms": {name: number} (they sum to the
 *  reward), "metrics": {name: number}, "episode_seed": uint64, "episode_step": control steps,
 *  "simulated_time": s, "episode_return": sum of rewards, "trajectory_hash": hex FNV-1a over
 *  every observation and reward bit of the episode} */
int tg_env_info_json(tg_env env, const char **out_json);

/* Renders the env's current state into the caller-owned `rgb`: height rows, top row first,
 * of width pixels of 3 bytes (R, G, B); byte_count must be width * height * 3. Sides are
 * 1…8192 pixels. The first call creates an offscreen EGL context (Mesa llvmpipe without a
 * GPU); TG_ERROR_RENDER_UNAVAILABLE when none can be made. */
int tg_env_render(tg_env env, uint8_t *rgb, int64_t width, int64_t height, int64_t byte_count);

/* The scene's camera sensors (its `cameras:`, plus the robot profile's head camera as
 * "head"), library-owned JSON valid until the next *_json call on this env or destroy:
 * [{"name": str, "attach": robot frame or null, "width": px, "height": px, "rate_hz": Hz
 *   (0: every control step), "fov_degrees": vertical, "near": m, "far": m, "channels":
 *   ["rgb", "depth", "segmentation"] (those it has), "enabled": bool (listed in the
 *   options' "cameras")}] */
int tg_env_cameras_json(tg_env env, const char **out_json);

/* Camera `name`'s picture now, into caller-owned buffers (NULL: not wanted), rows from the
 * top: rgb width*height*3 bytes (R, G, B); depth width*height floats, metres along the line
 * of sight (inf where nothing is seen); segmentation width*height body ids and links
 * width*height link ids (-1: nothing; -1 link: a rigid body or a base). Counts must match.
 * The camera must be listed in the options' "cameras" (the env then renders it offscreen
 * through EGL; TG_ERROR_RENDER_UNAVAILABLE at create when it cannot). A camera renders at
 * most once per 1/rate_hz s of simulated time; between pictures the last one is copied.
 * Asking for a channel the camera does not produce is TG_ERROR_INVALID_ARGUMENT. */
int tg_env_camera(tg_env env, const char *name, uint8_t *rgb, int64_t rgb_bytes, float *depth, int64_t depth_count,
                  int32_t *segmentation, int64_t segmentation_count, int32_t *links, int64_t link_count);

/* ---- Vector env ------------------------------------------------------------------------
 * N envs of one scene, env i built with seed options.seed + i, stepped in parallel threads.
 * Autoreset follows Gymnasium's NEXT_STEP mode: the step that ends env i's episode returns
 * its final observation with terminated or truncated set; on the next tg_vec_step env i
 * ignores its action, starts a new episode from tg_next_episode_seed(previous episode seed),
 * and reports that episode's first observation with reward 0 and both flags 0.
 * The output buffers are library-owned and keep their addresses until tg_vec_destroy (also
 * across tg_vec_close), so callers may keep views of them; each step overwrites them. */

/* Builds num_envs (1…4096) envs; the caller must tg_vec_destroy the handle. */
int tg_vec_create(const char *scene_path, const char *options_json, int64_t num_envs, tg_vec *out_vec);

/* Frees every world but keeps the output buffers readable (for views a caller still
 * holds); afterwards tg_vec_reset, tg_vec_step, tg_vec_info_json and tg_vec_render return
 * TG_ERROR_INVALID_HANDLE, while tg_vec_sizes, tg_vec_spaces_json, tg_vec_buffers and
 * tg_vec_destroy still work. */
int tg_vec_close(tg_vec vec);

/* Frees the worlds and the buffers; the handle is invalid afterwards. */
int tg_vec_destroy(tg_vec vec);

int tg_vec_sizes(tg_vec vec, int64_t *num_envs, int64_t *action_size, int64_t *observation_size);

/* The spaces JSON of one env (as tg_env_spaces_json); library-owned until the next *_json
 * call on this vector env. */
int tg_vec_spaces_json(tg_vec vec, const char **out_json);

/* The library-owned output buffers:
 *   observations [num_envs][observation_size] float64, row-major;
 *   rewards [num_envs] float64; terminated [num_envs] uint8; truncated [num_envs] uint8. */
int tg_vec_buffers(tg_vec vec, double **observations, double **rewards, uint8_t **terminated,
                   uint8_t **truncated);

/* Resets env i from seeds[i] (caller-owned, seed_count == num_envs) and writes the first
 * observations; rewards and flags become 0. */
int tg_vec_reset(tg_vec vec, const uint64_t *seeds, int64_t seed_count);

/* One control step of every env. `actions` is caller-owned [num_envs][action_size] float64
 * (action_count == num_envs * action_size). Every action of an env that is not about to
 * autoreset is checked first: a NaN/inf returns TG_ERROR_NON_FINITE_ACTION naming the env
 * and joint, and no env is stepped. */
int tg_vec_step(tg_vec vec, const double *actions, int64_t action_count);

/* A JSON array with each env's info object (as tg_env_info_json), in env order;
 * library-owned until the next *_json call on this vector env. */
int tg_vec_info_json(tg_vec vec, const char **out_json);

/* Renders env `index` (0…num_envs-1) as tg_env_render does. */
int tg_vec_render(tg_vec vec, int64_t index, uint8_t *rgb, int64_t width, int64_t height, int64_t byte_count);

/* ---- Batch episodes (what `tground batch` runs; for distributed runners) ----------------- */

/* The seed of episode `index` (0-based) of a batch seeded `batch_seed`: the (index+1)-th
 * output of SplitMix64 started at batch_seed (Runner/EpisodeSeeds.swift). */
uint64_t tg_batch_episode_seed(uint64_t batch_seed, int64_t index);

/* Runs episode `index` of a batch seeded `batch_seed` of the scene with `policy` ("zero",
 * "random" or "replay:FILE", as `tground batch --policy`) through the batch runner's own
 * EpisodePlayer, so it is exactly what `tground batch` runs, and writes its episode record (one
 * line of episodes.jsonl: scene, task, episode, seed, policy, success, failure_reason,
 * return, length, physics_steps, simulated_seconds, metrics, wall_seconds,
 * steps_per_second, trajectory_hash) to *out_record: malloc'd, free it with tg_string_free.
 * options_json as for tg_env_create (only "overrides" matters). */
int tg_batch_run_episode(const char *scene_path, const char *options_json, uint64_t batch_seed, int64_t index,
                         const char *policy, char **out_record);

/* Summarises episode records (JSON lines, any order) as `tground batch` does (summary.json:
 * per task the success rate, its 95% Wilson interval, mean return, mean length, mean cycle
 * time, failure reasons, timing). options_json: {"rows": [[scene, task], …] (row order),
 * "policy": name, "seed": batch seed, "episodes_planned": N, "run": optional {workers,
 * episodes_run, wall_seconds, episodes_per_second, steps_per_second, interrupted}}.
 * *out_summary is malloc'd JSON; free it with tg_string_free. */
int tg_batch_summary(const char *records_jsonl, const char *options_json, char **out_summary);

#ifdef __cplusplus
}
#endif

#endif /* TRAINGROUND_H */
