#!/usr/bin/env python3
"""Amortised fits against BO from scratch (issue 17), on the SNOPS short demo.

For each target: `spikefit fit --emulator EMULATOR` (round 0 = the emulator's candidates, each
simulated twice, then the normal BO loop), with --dataset D also `spikefit fit --warm-start D`
(the dataset's trials scored as round 0, no simulation, then BO), and plain `spikefit fit` (Sobol
design, then BO), all with --stop-cost 2 and the same seed; the simulations each needed until its
incumbent's replicate mean (2 or more runs) was at or below 2 (a warm start's dataset trials count
as runs but not as simulations: they were paid for once, for every target); then each incumbent
re-simulated with 8 fresh seeds (`spikefit sweep`, seed 9001), the judge of the fit. Targets: short_demo_sbn_simu and two targets
made by `spikefit targets` (4 repeats) at known parameters, kept in bench/configs/.

    bench/amortised_fit.py EMULATOR [--dataset D] [--seeds 1] [--bo-max-evals 96] [--skip-bo]
        [--out FILE]

Runs build/ci/experiments/spikefit or $SPIKEFIT_BIN; writes bench/results/amortised_fit_<date>.md.
"""
import argparse
import datetime
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from fit_runs import (RAW, ROOT, SHORT_DEMO as CONFIG, fresh_cost, git_commit, run,  # noqa: E402
                      simulations_to_cost, stored_evaluations)

DEMO_TARGETS = os.path.join(ROOT, "experiments/targets/snops_demo_targets.json")
KNOWN_TARGETS = os.path.join(ROOT, "bench/configs/short_demo_known_targets.json")
KNOWN = {"known_a": {"taudsynI": 4.0, "mean_sigmaRRIs": 0.05},
         "known_b": {"taudsynI": 15.0, "mean_sigmaRRIs": 0.2}}


def make_known_targets():
    if os.path.exists(KNOWN_TARGETS):
        return
    for name, point in KNOWN.items():
        sets = sum((["--set", f"{k}={v}"] for k, v in point.items()), [])
        run(["targets", "--name", name, "--out", KNOWN_TARGETS, "--config", CONFIG, "--repeats",
             "4", "--seed", "77",
             # d_shared is 1 in every repeat at these points: no spread, no normaliser
             "--statistics", "rate,fano,rsc_fisher_z,pct_shared,eigenspectrum"] + sets)


def incumbent(output):
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("incumbent"):
            x = {}
            for follow in lines[i + 1:]:
                parts = follow.split()
                if len(parts) != 2 or not follow.startswith("  "):
                    break
                x[parts[0]] = float(parts[1])
            return line, x
    return "no incumbent", {}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("emulator")
    parser.add_argument("--dataset", help="also fit with --warm-start DATASET")
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--bo-max-evals", type=int, default=96)
    parser.add_argument("--skip-bo", action="store_true")
    parser.add_argument("--out", default=os.path.join(
        ROOT, f"bench/results/amortised_fit_{datetime.date.today().isoformat()}.md"))
    a = parser.parse_args()
    work = tempfile.mkdtemp()
    make_known_targets()
    targets = [(DEMO_TARGETS, "short_demo_sbn_simu")] + [(KNOWN_TARGETS, n) for n in KNOWN]
    table = ["| target | seed | method | simulations to cost <= 2 | simulations | incumbent (fit's own) "
             "| incumbent re-simulated, 8 fresh seeds (mean ± SE) |", "|---|---|---|---|---|---|---|"]

    def write():  # after every fit, so a run cut short keeps its rows
        with open(a.out, "w") as f:
            f.write("# Amortised fits against BO from scratch: SNOPS short demo\n\n")
            f.write(f"- date: {datetime.datetime.utcnow():%Y-%m-%dT%H%MZ}, commit "
                    f"{git_commit()}\n")
            f.write(f"- machine: {os.cpu_count()} cores, load before the last run "
                    f"{open('/proc/loadavg').read().split()[:3]}\n")
            f.write(f"- command: bench/amortised_fit.py {' '.join(sys.argv[1:])}\n")
            f.write(f"- emulator: {a.emulator}; dataset: {a.dataset or 'none'}\n\n")
            f.write("\n".join(table) + "\n\n## Raw output\n\n```\n" + "\n".join(RAW) + "```\n")

    for target_file, target_name in targets:
        for seed in range(1, a.seeds + 1):
            methods = [("amortised", ["--emulator", a.emulator, "--emulator-candidates", "8",
                                      "--emulator-replicates", "2", "--max-evals", "48"])]
            if a.dataset:
                methods.append(("warm start", ["--warm-start", a.dataset, "--max-evals", "48"]))
            if not a.skip_bo:
                methods.append(("BO from scratch", ["--max-evals", str(a.bo_max_evals)]))
            for method, flags in methods:
                study = os.path.join(work, f"{target_name}_{seed}_{method.split()[0]}.sqlite")
                out = run(["fit", "--config", CONFIG, "--target", target_file, "--target-name",
                           target_name, "--study", study, "--batch", "8", "--stop-cost", "2",
                           "--seed", str(seed), "--threads", "2"] + flags)
                needed, stored = simulations_to_cost(stored_evaluations(study))
                line, x = incumbent(out)
                mean, se = fresh_cost(x, target_file, target_name, work)
                table.append(f"| {target_name} | {seed} | {method} | "
                             f"{needed if needed else 'not reached'} | {stored} | "
                             f"{line.split(': ', 1)[-1]} | {mean:.3g} ± {se:.2g} |")
                print(table[-1], flush=True)
                write()
    print("wrote", a.out)


if __name__ == "__main__":
    main()
