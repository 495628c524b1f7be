#!/usr/bin/env python3
"""Sample efficiency of the fit strategies on the SNOPS short demo (issue 14, items 9-10).

For each target, method and seed: `spikefit fit` (batch 8, 16 initial, --threads 2) for
--max-evals evaluations; at each checkpoint (32/64/96 evaluations) two incumbents are re-simulated
with 8 fresh seeds (`spikefit sweep`, seed 9001): the replicate incumbent the fit had then (lowest
replicate mean over >= 2 runs) and the model's incumbent (SNOPS's: the lowest posterior mean of the
study's model, from `spikefit report` on a copy of the study cut after k evaluations). That
re-evaluated cost, not the fit's own, judges the method; reported ÷ re-evaluated (the replicate
mean, the model's expected cost) measures how honest the fit's figure is. Also: the evaluations
until the replicate incumbent's cost was <= 2, and the seconds per round spent outside simulation
(previous round's last evaluation stored -> this round's proposal stored).

Targets: short_demo_sbn_simu (the SNOPS demo target) and ground_truth, made here by
`spikefit targets` from 10 repeats at taudsynI = 8, mean_sigmaRRIs = 0.1 (kept in
bench/configs/short_demo_ground_truth.json); the truth re-simulated with the same 8 fresh seeds is
that target's noise floor.

    bench/sample_efficiency.py [--targets ground_truth,short_demo_sbn_simu]
        [--methods sobol,mixed,turbo-m,composite] [--seeds 1-6] [--max-evals 96]
        [--cells FILE.jsonl] [--summary-only] [--out FILE.md]
    bench/sample_efficiency.py --posterior-pass [--posterior-checkpoints 32,64] ...
        (adds the model's incumbents to cells made before they were measured)

Every finished cell is appended to --cells (default bench/results/sample_efficiency_cells.jsonl)
and cells already there are skipped, so runs can be split and resumed; the summary is written
from all cells. Runs build/ci/experiments/spikefit or $SPIKEFIT_BIN.
"""
import argparse
import datetime
import glob
import json
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from fit_runs import (RAW, ROOT, SHORT_DEMO, fresh_cost, git_commit, incumbent_after,  # noqa: E402
                      posterior_incumbent_after, proposal_seconds, run, simulations_to_cost,
                      stored_evaluations)

DEMO_TARGETS = os.path.join(ROOT, "experiments/targets/snops_demo_targets.json")
TRUTH_TARGETS = os.path.join(ROOT, "bench/configs/short_demo_ground_truth.json")
TRUTH = {"taudsynI": 8.0, "mean_sigmaRRIs": 0.1}
TARGETS = {"short_demo_sbn_simu": DEMO_TARGETS, "ground_truth": TRUTH_TARGETS}
METHODS = {"sobol": ["--strategy", "sobol"], "mixed": ["--strategy", "mixed"],
           "turbo-m": ["--strategy", "turbo-m"],
           "composite": ["--strategy", "mixed", "--model", "composite"]}
CHECKPOINTS = [32, 64, 96]


def make_truth_target():
    if os.path.exists(TRUTH_TARGETS):
        return
    sets = sum((["--set", f"{k}={v}"] for k, v in TRUTH.items()), [])
    run(["targets", "--name", "ground_truth", "--out", TRUTH_TARGETS, "--config", SHORT_DEMO,
         "--repeats", "10", "--seed", "77", "--threads", "2",
         # d_shared is 1 in every repeat here: no spread, no normaliser
         "--statistics", "rate,fano,rsc_fisher_z,pct_shared,eigenspectrum"] + sets)


def seeds(text):
    if "-" in text:
        a, b = text.split("-")
        return list(range(int(a), int(b) + 1))
    return [int(s) for s in text.split(",")]


def re_evaluated(x, target, work, fresh):
    """(mean, SE) of the cost of x re-simulated with 8 fresh seeds, once per point (`fresh`)."""
    key = json.dumps(x, sort_keys=True)
    if key not in fresh:
        fresh[key] = fresh_cost(x, TARGETS[target], target, work)
    return fresh[key]


def run_cell(target, method, seed, max_evals, work):
    study = os.path.join(work, f"{target}_{method}_{seed}.sqlite")
    run(["fit", "--config", SHORT_DEMO, "--target", TARGETS[target], "--target-name", target,
         "--study", study, "--batch", "8", "--initial", "16", "--max-evals", str(max_evals),
         "--seed", str(seed), "--threads", "2"] + METHODS[method])
    evaluations = stored_evaluations(study)
    cell = {"target": target, "method": method, "seed": seed, "checkpoints": {}}
    fresh = {}
    for k in [c for c in CHECKPOINTS if c <= max_evals]:
        found = incumbent_after(evaluations, k)
        if found is None:
            cell["checkpoints"][str(k)] = None
            continue
        x, own, runs = found
        mean, se = re_evaluated(x, target, work, fresh)
        cell["checkpoints"][str(k)] = {"x": x, "own": own, "runs": runs, "fresh": mean,
                                       "fresh_se": se}
    cell["study"] = study
    add_posterior_incumbents(cell, max_evals, work, fresh)
    cell["evaluations_to_2"] = simulations_to_cost(evaluations)[0]
    cell["evaluations"] = len(evaluations)
    cell["proposal_s"] = proposal_seconds(study)
    return cell


def add_posterior_incumbents(cell, max_evals, work, fresh=None, checkpoints=CHECKPOINTS):
    """cell["posterior"][k]: the study's model's incumbent after k evaluations (what SNOPS
    reports: the lowest posterior mean over the feasible points), the model's expected cost
    there, and that point re-simulated with the same 8 fresh seeds."""
    fresh = {} if fresh is None else fresh
    cell["posterior"] = {}
    for k in [c for c in checkpoints if c <= max_evals]:
        found = posterior_incumbent_after(cell["study"], k, work)
        if found is None:
            cell["posterior"][str(k)] = None
            continue
        x, expected, point = found
        mean, se = re_evaluated(x, cell["target"], work, fresh)
        cell["posterior"][str(k)] = {"x": x, "point": point, "expected": expected, "fresh": mean,
                                     "fresh_se": se}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def ratio(a, b):
    return a / b if a is not None and b else None


def summary(cells, floors, args):
    lines = ["# Sample efficiency on the SNOPS short demo (issue 14)", "",
             f"- date: {datetime.datetime.utcnow():%Y-%m-%dT%H%MZ}, commit {git_commit()}",
             f"- machine: {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[:3]}",
             f"- command: bench/sample_efficiency.py {' '.join(sys.argv[1:])}",
             "- re-evaluated: the point re-simulated with 8 fresh seeds (seed 9001), mean cost",
             "- replicate incumbent: the lowest replicate mean (>= 2 runs), which the fit's "
             "progress lines track; model's incumbent: the lowest posterior mean of the study's "
             "model over the feasible points (SNOPS's answer; `fit` prints it last, `report` "
             "gives it as posterior_incumbent)",
             "- reported: the replicate mean of the replicate incumbent; the model's expected "
             "cost of a fresh run at the model's incumbent", ""]
    present = [k for k in CHECKPOINTS
               if any(c["checkpoints"].get(str(k)) for c in cells)]
    for target in sorted({c["target"] for c in cells}):
        floor = floors.get(target)
        lines.append(f"## {target}" + (f" (noise floor: the truth re-simulated, "
                                        f"{floor[0]:.3g} ± {floor[1]:.2g})" if floor else ""))
        lines += ["", "Median over seeds of the re-evaluated cost, replicate incumbent / model's "
                  "incumbent, and the median ratio reported ÷ re-evaluated (1 is honest):", ""]
        header = "| method | seeds |" + "".join(
            f" {k} evals: re-evaluated | {k} evals: reported ÷ re-evaluated |" for k in present)
        lines += [header + " evaluations to replicate cost <= 2 (median) | s per round outside "
                  "simulation (median) |",
                  "|---|---|" + "---|---|" * len(present) + "---|---|"]
        for method in METHODS:
            mine = [c for c in cells if c["target"] == target and c["method"] == method]
            if not mine:
                continue
            row = f"| {method} | {len(mine)} |"
            for k in present:
                points = [c["checkpoints"].get(str(k)) for c in mine]
                model = [c.get("posterior", {}).get(str(k)) for c in mine]
                row += (f" {median([p['fresh'] for p in points if p]):.3g} /"
                        f" {median([p['fresh'] for p in model if p]):.3g} |"
                        f" {median([ratio(p['own'], p['fresh']) for p in points if p]):.2f} /"
                        f" {median([ratio(p['expected'], p['fresh']) for p in model if p]):.2f} |")
            reached = [c["evaluations_to_2"] for c in mine]
            row += (f" {median(reached):.0f} ({sum(r is not None for r in reached)}/{len(mine)}"
                    f" reached) | {median([median(c['proposal_s']) for c in mine]):.2f} |")
            lines.append(row)
        lines += ["", "Paired by seed (the methods share the seed's Sobol design): seeds where the "
                  "method's model's incumbent re-evaluates lower / higher than Sobol's, at each "
                  "checkpoint:", ""]
        by_seed = {(c["method"], c["seed"]): c for c in cells if c["target"] == target}
        for method in [m for m in METHODS if m != "sobol"]:
            parts = []
            for k in present:
                lower = higher = 0
                for (m, seed), c in by_seed.items():
                    base = by_seed.get(("sobol", seed))
                    if m != method or base is None:
                        continue
                    mine = c.get("posterior", {}).get(str(k))
                    theirs = base.get("posterior", {}).get(str(k))
                    if mine and theirs:
                        lower += mine["fresh"] < theirs["fresh"]
                        higher += mine["fresh"] > theirs["fresh"]
                parts.append(f"{k}: {lower} lower / {higher} higher")
            if any(m == method for m, _ in by_seed):
                lines.append(f"- {method}: " + ", ".join(parts))
        lines += ["", "Per seed, at " + "/".join(map(str, present)) + " evaluations: replicate "
                  "incumbent re-evaluated ± SE (reported, runs); model's incumbent re-evaluated ± "
                  "SE (expected); the last model's incumbent:", ""]
        for c in sorted((c for c in cells if c["target"] == target),
                        key=lambda c: (c["method"], c["seed"])):
            vals = [c["checkpoints"].get(str(k)) for k in present]
            model = [c.get("posterior", {}).get(str(k)) for k in present]
            last = next((v["x"] for v in model[::-1] if v), None)
            last_text = ", ".join(f"{n} {v:.3g}" for n, v in last.items()) if last else "-"
            lines.append(f"- {c['method']} seed {c['seed']}: " + ", ".join(
                f"{v['fresh']:.3g} ± {v['fresh_se']:.2g} ({v['own']:.3g}, {v['runs']})"
                if v else "-" for v in vals) + "; model " + ", ".join(
                f"{v['fresh']:.3g} ± {v['fresh_se']:.2g} ({v['expected']:.3g})" if v else "-"
                for v in model) + f"; at {last_text}")
        lines.append("")
    if RAW:
        lines += ["## Raw output of this invocation", "", "```"] + RAW + ["```"]
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", args.out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--targets", default="ground_truth,short_demo_sbn_simu")
    p.add_argument("--methods", default=",".join(METHODS))
    p.add_argument("--seeds", default="1-6")
    p.add_argument("--max-evals", type=int, default=96)
    p.add_argument("--posterior-checkpoints", default=",".join(map(str, CHECKPOINTS)),
                   help="checkpoints at which the model's incumbent is re-simulated")
    p.add_argument("--cells", default=os.path.join(ROOT,
                                                   "bench/results/sample_efficiency_cells.jsonl"))
    p.add_argument("--summary-only", action="store_true")
    p.add_argument("--posterior-pass", action="store_true",
                   help="add the model's incumbents to cells that lack them (their studies must "
                   "still exist; older cells: the newest /tmp/tmp*/TARGET_METHOD_SEED.sqlite)")
    p.add_argument("--out", default=os.path.join(
        ROOT, f"bench/results/sample_efficiency_{datetime.date.today().isoformat()}.md"))
    args = p.parse_args()
    work = tempfile.mkdtemp()
    cells = [json.loads(l) for l in open(args.cells)] if os.path.exists(args.cells) else []
    floors_file = args.cells + ".floors.json"
    floors = json.load(open(floors_file)) if os.path.exists(floors_file) else {}
    if args.posterior_pass:
        for cell in cells:
            if "posterior" in cell:
                continue
            if "study" not in cell:
                found = sorted(glob.glob(f"/tmp/tmp*/{cell['target']}_{cell['method']}_"
                                         f"{cell['seed']}.sqlite"), key=os.path.getmtime)
                cell["study"] = found[-1]
            add_posterior_incumbents(cell, args.max_evals, work, checkpoints=[
                int(k) for k in args.posterior_checkpoints.split(",")])
            print(json.dumps(cell["posterior"]), flush=True)
        with open(args.cells, "w") as f:
            f.writelines(json.dumps(c) + "\n" for c in cells)
    elif not args.summary_only:
        make_truth_target()
        if "ground_truth" in args.targets.split(",") and "ground_truth" not in floors:
            floors["ground_truth"] = fresh_cost(TRUTH, TRUTH_TARGETS, "ground_truth", work)
            json.dump(floors, open(floors_file, "w"))
        for seed in seeds(args.seeds):
            for target in args.targets.split(","):
                for method in args.methods.split(","):
                    if any(c["target"] == target and c["method"] == method and c["seed"] == seed
                           for c in cells):
                        continue
                    cell = run_cell(target, method, seed, args.max_evals, work)
                    cells.append(cell)
                    with open(args.cells, "a") as f:
                        f.write(json.dumps(cell) + "\n")
                    print(json.dumps(cell), flush=True)
    summary(cells, floors, args)


if __name__ == "__main__":
    main()
