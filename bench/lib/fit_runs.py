"""Helpers of the fit benchmarks (amortised_fit.py, sample_efficiency.py): run spikefit, read a
study's incumbent after its first k evaluations, re-simulate a point with fresh seeds."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SPIKEFIT_BIN", os.path.join(ROOT, "build/ci/experiments/spikefit"))
SHORT_DEMO = os.path.join(ROOT, "experiments/configs/snops_short_demo.json")
RAW = []  # every command with its output, for the results file


def run(args):
    cmd = [BIN] + args
    start = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    RAW.append(f"$ {' '.join(cmd)}\n{p.stdout}(rc {p.returncode}, {time.time() - start:.1f} s)\n")
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stdout}")
    return p.stdout


def stored_evaluations(study):
    """[(point, x dict, cost or inf, source)] in storing order."""
    db = sqlite3.connect(study)
    names = [p["name"] for p in json.loads(
        db.execute("select value from study where key = 'parameters'").fetchone()[0])]
    rows = db.execute("select point, x, cost, feasible, source from evaluations order by id")
    return [(point, dict(zip(names, json.loads(x))), cost if feasible else float("inf"), source)
            for point, x, cost, feasible, source in rows]


def incumbent_after(evaluations, k, min_replicates=2):
    """The fit's incumbent rule (point_summary.hpp find_incumbent) on the first k evaluations:
    the lowest replicate mean among feasible points with >= min_replicates runs, else the lowest
    mean. (x, mean, runs) or None."""
    runs, xs = {}, {}
    for point, x, cost, _ in evaluations[:k]:
        runs.setdefault(point, []).append(cost)
        xs[point] = x
    feasible = {p: r for p, r in runs.items() if all(c != float("inf") for c in r)}
    if not feasible:
        return None
    judged = {p: r for p, r in feasible.items() if len(r) >= min_replicates} or feasible
    best = min(judged, key=lambda p: sum(judged[p]) / len(judged[p]))
    r = judged[best]
    return xs[best], sum(r) / len(r), len(r)


def posterior_incumbent_after(study, k, work):
    """The model's incumbent on the first k evaluations (`spikefit report` on a copy cut after
    them: the lowest posterior mean of the study's model over the feasible points) and the
    model's expected cost of a fresh run there: (x, expected cost, point) or None."""
    cut = os.path.join(work, f"cut_{time.time_ns()}.sqlite")
    shutil.copy(study, cut)
    db = sqlite3.connect(cut)
    kept = [r[0] for r in db.execute("select id from evaluations order by id limit ?", (k,))]
    db.execute(f"delete from evaluations where id > {kept[-1]}")
    db.commit()
    db.close()
    out = cut + "_report"
    run(["report", "--study", cut, "--out", out, "--no-raster"])
    best = json.load(open(os.path.join(out, "report.json"))).get("posterior_incumbent")
    if not best:
        return None
    return best["parameters"], best["expected_cost"], best["point"]


def simulations_to_cost(evaluations, stop_cost=2.0, min_replicates=2):
    """Simulations stored when some point first had >= min_replicates runs with mean <= stop_cost
    (a warm start's dataset rows are runs, not simulations); and all simulations stored."""
    runs = {}
    simulations = 0
    needed = None
    for point, _, cost, source in evaluations:
        simulations += source != "dataset"
        runs.setdefault(point, []).append(cost)
        r = runs[point]
        if needed is None and len(r) >= min_replicates and sum(r) / len(r) <= stop_cost:
            needed = simulations
    return needed, simulations


def proposal_seconds(study):
    """Per model-based round: seconds from the previous round's last stored evaluation to this
    round's stored proposal (model fitting and acquisition, no simulation)."""
    db = sqlite3.connect(study)
    created = dict(db.execute("select round, created_unix from rounds"))
    done = dict(db.execute("select round, max(stored_unix) from evaluations group by round"))
    return [created[r] - done[r - 1] for r in sorted(created) if r >= 1 and r - 1 in done]


def fresh_cost(x, target_file, target_name, work, config=SHORT_DEMO, replicates=8, seed=9001):
    """The point x re-simulated with `replicates` fresh seeds: (mean cost, SE)."""
    if not x:
        return float("nan"), float("nan")
    names = list(x)
    out = os.path.join(work, f"fresh_{time.time_ns()}")
    run(["sweep", "--config", config, "--grid", f"{names[0]}={x[names[0]]}"] +
        sum((["--set", f"{n}={x[n]}"] for n in names[1:]), []) +
        ["--replicates", str(replicates), "--seed", str(seed), "--target", target_file,
         "--target-name", target_name, "--out", out, "--threads", "2"])
    cell = json.load(open(os.path.join(out, "sweep.json")))["cells"][0]
    cost = cell["statistics"].get("cost", {})
    return cost.get("mean", float("nan")), cost.get("se", float("nan"))


def git_commit():
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True).stdout.strip()
