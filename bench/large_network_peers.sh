#!/usr/bin/env bash
# spikefit vs NEST 3 vs Brian2 (C++ standalone, OpenMP) on the same large network
# (experiments/configs/brunel_exp.json, the Brunel 2000 E/I network; bench/peers/), in one run on
# one machine, interleaved: wall per simulated second (simulation only and including setup),
# per-core speed ratios, peak RSS (/usr/bin/time -v), bytes per synapse, rates of each simulator.
# Writes bench/results/large_network_peers_<date>.md (or $OUT).
#
#   bench/large_network_peers.sh [--sizes 1,2] [--threads 1,2] [--duration-ms 1000]
#                                [--procedural] [--skip nest,brian2]
#
# --sizes are network.size_factor values s (N = 10 000 s^2 neurons, in-degrees fixed);
# --procedural adds a spikefit row with network.connectivity_storage = "procedural".
# Needs: build/ci/experiments/spikefit (cmake --preset ci && cmake --build --preset ci; or
# SPIKEFIT=path), and the peers in their own virtual environments (not project dependencies):
#   python3 -m venv /work/venvs/nest && /work/venvs/nest/bin/pip install nest-simulator
#   python3 -m venv /work/venvs/brian2 && /work/venvs/brian2/bin/pip install brian2==2.9.0 'numpy<2'
# (NEST_PY / BRIAN2_PY override the interpreters; NICE, default 10, the niceness of every run.)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=1
threads_list=1,2
duration=1000
procedural=0
skip=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --threads) threads_list=$2; shift 2 ;;
    --duration-ms) duration=$2; shift 2 ;;
    --procedural) procedural=1; shift ;;
    --skip) skip=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
spikefit=${SPIKEFIT:-build/ci/experiments/spikefit}
config=experiments/configs/brunel_exp.json
nest_py=${NEST_PY:-/work/venvs/nest/bin/python}
brian2_py=${BRIAN2_PY:-/work/venvs/brian2/bin/python}
nice_n=${NICE:-10}
out=${OUT:-bench/results/large_network_peers_$(date -u +%Y-%m-%d).md}
work=$(mktemp -d)
raw=$work/raw.jsonl
command_line="bench/large_network_peers.sh --sizes $sizes --threads $threads_list --duration-ms $duration"
if [ "$procedural" = 1 ]; then command_line+=" --procedural"; fi
if [ -n "$skip" ]; then command_line+=" --skip $skip"; fi

# spikefit_size_args SIZE STORAGE: the arguments that select the size and storage.
spikefit_size_args() {
  printf -- '--config %s --set size_factor=%s --set connectivity_storage=%s' "$config" "$1" "$2"
}

# timed TAG COMMAND...: runs under /usr/bin/time -v, appends the tool's JSON line (stdout lines
# starting with '{') to $raw with the peak RSS and elapsed wall of the whole process added.
timed() {
  local tag=$1; shift
  echo "== $tag: $*" >&2
  local log=$work/$tag.out tv=$work/$tag.time
  if ! nice -n "$nice_n" /usr/bin/time -v -o "$tv" "$@" >"$log" 2>"$work/$tag.err"; then
    echo "   failed (exit $?); stderr tail:" >&2
    tail -5 "$work/$tag.err" >&2
    echo "{\"tag\": \"$tag\", \"failed\": true, \"command\": \"$*\"}" >>"$raw"
    return 0
  fi
  python3 - "$tag" "$log" "$tv" "$*" "$work/$tag.json" >>"$raw" <<'PY'
import json, os, re, sys
tag, log, tv, cmd, doc = sys.argv[1:6]
if os.path.exists(doc):  # spikefit --out FILE: one JSON document
    d = json.load(open(doc))
else:
    d = json.loads([l for l in open(log).read().splitlines() if l.startswith("{")][-1])
time_v = open(tv).read()
d["tag"] = tag
d["command"] = cmd
d["peak_rss_kb"] = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_v).group(1))
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", time_v).group(1)
parts = [float(x) for x in m.split(":")]
d["process_wall_s"] = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
print(json.dumps(d))
PY
  tail -1 "$raw" | cut -c1-400 >&2
}

uptime >"$work/load_before"
IFS=, read -ra size_arr <<<"$sizes"
IFS=, read -ra thread_arr <<<"$threads_list"
storages=stored
[ "$procedural" = 1 ] && storages="stored procedural"
for s in "${size_arr[@]}"; do
  for t in "${thread_arr[@]}"; do
    for storage in $storages; do
      args=$(spikefit_size_args "$s" "$storage")
      # shellcheck disable=SC2086
      timed "spikefit_${storage}_s${s}_t${t}" "$spikefit" simulate $args --trials 1 \
        --threads "$t" --duration-ms "$duration" --timings \
        --out "$work/spikefit_${storage}_s${s}_t${t}.json"
    done
    case ",$skip," in *,nest,*) ;; *)
      timed "nest_s${s}_t${t}" "$nest_py" bench/peers/brunel_nest.py --size-factor "$s" \
        --threads "$t" --duration-ms "$duration" ;;
    esac
    case ",$skip," in *,brian2,*) ;; *)
      timed "brian2_s${s}_t${t}" "$brian2_py" bench/peers/brunel_brian2.py --size-factor "$s" \
        --threads "$t" --duration-ms "$duration" ;;
    esac
  done
done

uptime >"$work/load_after"
mkdir -p "$(dirname "$out")"
python3 - "$raw" "$out" "$command_line" "$duration" "$work" "$nice_n" <<'PY'
import json, re, subprocess, sys, datetime
raw, out, command_line, duration, work, nice_n = sys.argv[1:7]
duration = float(duration)
load = [open(f"{work}/load_{w}").read().split("load average:")[-1].strip() for w in ("before", "after")]
rows = [json.loads(l) for l in open(raw) if l.strip()]
lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
model = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("Model name")), "?")
cpus = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("CPU(s)")), "?")
mem = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
dur_s = duration / 1000.0

def spikefit_row(r):
    trial = r["trials"][0]
    return dict(sim=trial["wall_s"] - trial["setup_s"], setup=trial["setup_s"],
                total=trial["wall_s"], rss=r["peak_rss_kb"], syn=trial["synapses"],
                threads_used=trial["threads"], rate_e=trial["rate_e_hz"],
                rate_i=trial["rate_i_hz"], neurons=trial["neurons"], status=trial["status"])

cells = {}  # (s, t) -> {simulator: row}
for r in rows:
    if r.get("failed"):
        continue
    tag = r["tag"]
    if tag.startswith("spikefit"):
        storage = tag.split("_")[1]
        s, t = re.search(r"_s([0-9.]+)_t(\d+)$", tag).groups()
        cells.setdefault((s, t), {})[f"spikefit ({storage})"] = spikefit_row(r)
    elif tag.startswith("nest") or tag.startswith("brian2"):
        s, t = re.search(r"_s([0-9.]+)_t(\d+)$", tag).groups()
        rss = r.get("binary_maxrss_kb") or r["peak_rss_kb"]
        cells.setdefault((s, t), {})[r["simulator"]] = dict(
            sim=r["sim_s"], setup=r["setup_s"], total=r["sim_s"] + r["setup_s"], rss=rss,
            syn=r["synapses"], rate_e=r["rate_e_hz"], rate_i=r["rate_i_hz"],
            neurons=r["neurons"], status="ok")

lines = [f"# spikefit vs NEST vs Brian2 on the same large network ({datetime.date.today()})", "",
         f"Machine: {model}, {cpus} CPUs, {mem} GiB RAM, shared with other work (load average "
         f"{load[0]} before the run, {load[1]} after); every run `nice -n {nice_n}`, the simulators "
         "interleaved per cell.", "",
         "Command:", "", f"    {command_line}", "",
         "spikefit ran as `spikefit simulate --timings` (the CLI).", "",
         "Network: experiments/configs/brunel_exp.json (Brunel 2000, N = 10 000 s^2 LIF, "
         "Bernoulli p = 0.1/s^2, in-degrees 800 E + 200 I + 800 Poisson input, g = 5, exponential "
         "current synapses tau_s = 2 ms, dt 0.1 ms), bench/peers/brunel_nest.py and "
         f"bench/peers/brunel_brian2.py. Simulated {duration:g} ms per run, rates after a 200-ms burn-in.", "",
         "| s | N | threads | simulator | synapses | sim s / sim s | incl. setup s / sim s | setup s "
         "| per-core speed of spikefit (stored) vs this | peak RSS MiB | bytes / synapse | rate E / I Hz |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|"]
for (s, t), sims in sorted(cells.items(), key=lambda kv: (float(kv[0][0]), int(kv[0][1]))):
    ref = sims.get("spikefit (stored)")
    for name, c in sims.items():
        ratio = f"{c['sim'] / ref['sim']:.2f}x" if ref and name != "spikefit (stored)" else ""
        fmt = lambda v, f: (f.format(v) if v is not None else "?")
        lines.append(
            f"| {s} | {c['neurons']} | {t} | {name} | {c['syn']:.3g} | {c['sim'] / dur_s:.3f} | "
            f"{c['total'] / dur_s:.3f} | {fmt(c['setup'], '{:.2f}')} | {ratio} | {c['rss'] / 1024:.0f} | "
            f"{c['rss'] * 1024 / c['syn']:.1f} | {fmt(c['rate_e'], '{:.2f}')} / {fmt(c['rate_i'], '{:.2f}')} |")
# marginal memory: between the smallest and the largest size, per simulator and thread count
marg = []
sizes_seen = sorted({float(k[0]) for k in cells})
if len(sizes_seen) > 1:
    for (s, t), sims in cells.items():
        if float(s) != sizes_seen[-1]:
            continue
        small = cells.get((next(k[0] for k in cells if float(k[0]) == sizes_seen[0]), t), {})
        for name, c in sims.items():
            if name in small and c["syn"] != small[name]["syn"]:
                b = (c["rss"] - small[name]["rss"]) * 1024 / (c["syn"] - small[name]["syn"])
                marg.append(f"| {name} | {t} | {b:.1f} |")
if marg:
    lines += ["", f"Marginal memory between s = {sizes_seen[0]:g} and s = {sizes_seen[-1]:g} "
              "(peak RSS difference over synapse difference):", "",
              "| simulator | threads | bytes / synapse |", "|---|---|---|"] + sorted(marg)
lines += ["",
          "Per-core speed ratio: the peer's simulation wall over spikefit's (stored) at the same thread "
          "count and size (> 1: spikefit faster; the goal is >= 2). Bytes per synapse: the process's "
          "peak RSS over its synapses (everything included: an upper bound); Brian2's RSS is its "
          "standalone binary's. spikefit's synapses are the expected count of all six projections "
          "(the input X -> E, I included, which it stores). Input: Brian2 builds spikefit's exact "
          "structure (a shared pool of Poisson units, PoissonGroup + Synapses: its fastest form), so "
          "its synapse count includes the input's; NEST gives each neuron an independent "
          "poisson_generator train (its fastest form; the shared pool through parrot neurons is 2x "
          "slower) and stores only the recurrent synapses. spikefit's setup: the engine's own setup timer (the trial's "
          "setup_s). \"incl. setup\": "
          "(setup + simulation) wall over the simulated time of this run (Brian2's code generation "
          "and compilation, NEST's import are not counted; they are in the raw lines).", "",
          "Raw JSON lines:", "", "```"]
for r in rows:
    r2 = dict(r)
    if "trials" in r2:  # spikefit: drop bulky fields
        r2["trials"] = [{k: v for k, v in tr.items() if k not in ("counts",)} for tr in r2["trials"]]
    lines.append(json.dumps(r2))
lines += ["```", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines[:40]))
PY
echo "wrote $out" >&2
