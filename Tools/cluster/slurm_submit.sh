#!/bin/bash
# Submits a sharded tground batch to Slurm: an array of SHARDS tasks, then a merge job that
# runs when all of them have succeeded.
#   Tools/cluster/slurm_submit.sh "Scenes/stand_push.yaml Scenes/pick_place.yaml" 8 /shared/runs/nightly [EPISODES] [SEED]
set -euo pipefail

SCENES=${1:?scene files (quoted, space-separated)}
SHARDS=${2:?number of shards}
RUN_DIR=${3:?output folder on a shared file system}
EPISODES=${4:-1000}
SEED=${5:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$RUN_DIR"

array_job=$(sbatch --parsable --array="0-$((SHARDS - 1))" \
    --export=ALL,SCENES="$SCENES",EPISODES="$EPISODES",SEED="$SEED",RUN_DIR="$RUN_DIR",REPO="$PWD" \
    "$HERE/slurm_shards.sbatch")
echo "shards: job array $array_job ($SHARDS tasks)"

shard_dirs=$(for ((i = 0; i < SHARDS; i++)); do printf '%s ' "$RUN_DIR/shard-$i"; done)
merge_job=$(sbatch --parsable --dependency="afterok:$array_job" --job-name=tground-merge \
    --cpus-per-task=1 --time=00:30:00 --output="$RUN_DIR/merge-%j.out" \
    --wrap="tground merge $shard_dirs --out $RUN_DIR/merged")
echo "merge: job $merge_job (after $array_job); summary in $RUN_DIR/merged/summary.json"
