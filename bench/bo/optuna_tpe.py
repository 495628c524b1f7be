#!/usr/bin/python3
"""Peer baseline for `spikefit bench-bo`: Optuna's TPE on the same test functions, budgets and
round structure, writing the same JSON shape (bench/bo/run_bo_benchmark.sh summarises both).

The functions are re-implemented here in numpy from BoTorch's definitions (independently of the
C++ ones). Rounds: `initial` trials (max(2q, 2(d+1)) unless --init), then rounds of q; a round's
q trials are asked together (constant liar) and told after evaluation. TPE is multivariate;
constrained_hartmann6 passes the constraint sum(x) - 3 <= 0 as constraints_func; two-objective
functions use Optuna's multi-objective TPE.

Run with Debian's python3-optuna: /usr/bin/python3 bench/bo/optuna_tpe.py --function hartmann6
--q 128 --evals 1024 --seed 0 --out run.json
"""

import argparse
import json
import math
import sys
import time
import warnings

import numpy as np
import optuna

ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
              [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


def hartmann6(x):
    return float(-np.sum(ALPHA * np.exp(-np.sum(A * (np.asarray(x) - P) ** 2, axis=1))))


def ackley(x):
    x = np.asarray(x)
    return float(-20 * np.exp(-0.2 * np.sqrt(np.mean(x ** 2))) - np.exp(np.mean(np.cos(2 * np.pi * x)))
                 + 20 + np.e)


def branin_currin(x):
    f1 = branin([15 * x[0] - 5, 15 * x[1]])
    factor = 1.0 if x[1] == 0 else 1 - math.exp(-1 / (2 * x[1]))
    u = x[0]
    f2 = factor * (2300 * u ** 3 + 1900 * u ** 2 + 2092 * u + 60) / (100 * u ** 3 + 500 * u ** 2 + 4 * u + 20)
    return [f1, f2]


def zdt1(x):
    g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def problem(name, dims):
    """(bounds, objective function -> list, feasible function, optimum or (ref, max HV))."""
    if name == "branin":
        return [(-5, 10), (0, 15)], lambda x: [branin(x)], None, 0.397887357729738
    if name in ("hartmann6", "constrained_hartmann6"):
        feasible = (lambda x: sum(x) <= 3) if name == "constrained_hartmann6" else None
        return [(0, 1)] * 6, lambda x: [hartmann6(x)], feasible, -3.32236801141551
    if name == "ackley":
        return [(-5, 10)] * (dims or 10), lambda x: [ackley(x)], None, 0.0
    if name == "branin_currin":
        return [(0, 1)] * 2, branin_currin, None, ([18.0, 6.0], 59.36011874867746)
    if name == "zdt1":
        return [(0, 1)] * (dims or 6), zdt1, None, ([11.0, 11.0], 120 + 2 / 3)
    sys.exit(f"optuna_tpe.py: --function: unknown test function '{name}'")


def hypervolume_2d(points, ref):
    area, lowest = 0.0, ref[1]
    for f1, f2 in sorted(points):
        if f1 < ref[0] and f2 < lowest:
            area += (ref[0] - f1) * (lowest - f2)
            lowest = f2
    return area


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--function", required=True)
    parser.add_argument("--dims", type=int, default=0)
    parser.add_argument("--q", type=int, default=16)
    parser.add_argument("--evals", type=int, default=128)
    parser.add_argument("--init", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.q < 1 or args.evals < 1:
        sys.exit("optuna_tpe.py: --q and --evals must be >= 1")

    bounds, objective, feasible, optimum = problem(args.function, args.dims)
    d, k = len(bounds), (1 if not isinstance(optimum, tuple) else 2)
    initial = min(args.evals, args.init or max(2 * args.q, 2 * (d + 1)))
    warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
    constraints = (lambda t: [t.user_attrs["constraint"]]) if feasible else None
    sampler = optuna.samplers.TPESampler(seed=args.seed, multivariate=True,
                                         constant_liar=args.q > 1, constraints_func=constraints)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=sampler, directions=["minimize"] * k)

    values, feasibles, rounds = [], [], []
    start = time.monotonic()

    def record(round_index, propose_s, evaluate_s):
        ok = [v for v, f in zip(values, feasibles) if f]
        if not ok:
            best = gap = None
        elif k == 1:
            best = min(v[0] for v in ok)
            gap = best - optimum
        else:
            best = hypervolume_2d(ok, optimum[0])
            gap = optimum[1] - best
        rounds.append({"round": round_index, "evaluations": len(values), "best": best, "gap": gap,
                       "log10_gap": None if gap is None else math.log10(max(gap, 1e-12)),
                       "fit_seconds": 0.0, "propose_seconds": propose_s,
                       "evaluate_seconds": evaluate_s})

    round_index = 0
    while len(values) < args.evals:
        size = initial if round_index == 0 else min(args.q, args.evals - len(values))
        t0 = time.monotonic()
        trials = [study.ask() for _ in range(size)]
        xs = [[t.suggest_float(f"x{j}", lo, hi) for j, (lo, hi) in enumerate(bounds)] for t in trials]
        t1 = time.monotonic()
        for trial, x in zip(trials, xs):
            y = objective(x)
            ok = feasible(x) if feasible else True
            if feasible:
                trial.set_user_attr("constraint", sum(x) - 3.0)
            values.append(y)
            feasibles.append(ok)
            study.tell(trial, y if k > 1 else y[0])
        record(round_index, t1 - t0, time.monotonic() - t1)
        round_index += 1

    result = {"tool": "optuna-tpe", "optuna_version": optuna.__version__, "function": args.function,
              "dims": d, "objectives": k, "constrained": feasible is not None, "strategy": "tpe",
              "q": args.q, "evals": args.evals, "initial": initial, "seed": args.seed,
              "metric": "log10_simple_regret" if k == 1 else "log10_hypervolume_gap",
              "rounds": rounds, "total_seconds": time.monotonic() - start}
    if k == 1:
        result["optimal_value"] = optimum
    else:
        result["reference_point"], result["max_hypervolume"] = optimum
    text = json.dumps(result, indent=2)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
