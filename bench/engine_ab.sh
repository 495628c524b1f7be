#!/usr/bin/env bash
# A/B wall time of `spikefit simulate` (CPU, one thread, one trial) for two builds, alternated in
# one run so that machine noise hits both alike:
#   bench/engine_ab.sh OLD/spikefit NEW/spikefit [REPEATS]
# Prints, per config and build, the trial wall times (the engine's own figure from --timings).
set -euo pipefail
old="$1"; new="$2"; repeats="${3:-3}"
run() {  # binary config duration
  local out; out=$(mktemp)
  "$1" simulate --config "$2" --trials 1 --duration-ms "$3" --seed 5 --threads 1 --backend cpu \
    --timings --out "$out" >/dev/null
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['trials'][0]['wall_s'])" "$out"
  rm -f "$out"
}
for spec in "experiments/configs/snops_cbn.json 4000" "experiments/configs/snops_sbn.json 4000" \
            "experiments/configs/bg_so2012_pd.json 2000"; do
  set -- $spec
  for ((r = 0; r < repeats; ++r)); do
    echo "$1 old $(run "$old" "$1" "$2")"
    echo "$1 new $(run "$new" "$1" "$2")"
  done
done
