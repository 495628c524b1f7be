#!/usr/bin/env python3
"""Drive spikefit from Optuna: TPE over a config's free parameters, each trial one simulation
scored against a target (the SNOPS cost; infeasible trials are pruned).

    python3 optuna_fit.py --trials 40          # the short demo against short_demo_sbn_simu

Needs optuna (Debian python3-optuna, or PyPI). spikefit's own `fit` is the batched GP loop; this
is the route for people who already drive their models from Optuna.
"""
import argparse
import json
import os

import optuna

import spikefit

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def free_parameters(config):
    """{name: (low, high)} of the config's free parameters."""
    with open(config) as f:
        return {p["name"]: tuple(p["range"]) for p in json.load(f)["parameters"]}


def make_objective(config, target, duration_ms, statistics_options):
    bounds = free_parameters(config)

    def objective(trial):
        params = {name: trial.suggest_float(name, low, high) for name, (low, high) in bounds.items()}
        r = spikefit.simulate(config, params, trials=1, seed=trial.number + 1,
                              duration_ms=duration_ms, statistics=True, **statistics_options)
        cost = target.cost(r.statistics[0])
        if not cost["feasible"]:
            raise optuna.TrialPruned(cost["reason"])
        return cost["cost"]

    return objective


def run(config, target_file, target_name, trials, duration_ms=None, seed=1, **statistics_options):
    """The finished study (optuna.Study) of `trials` TPE trials."""
    target = spikefit.Target.load(target_file, target_name)
    study = optuna.create_study(direction="minimize",
                                sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(make_objective(config, target, duration_ms, statistics_options),
                   n_trials=trials)
    return study


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=os.path.join(SOURCE, "experiments/configs/snops_short_demo.json"))
    parser.add_argument("--target", default=os.path.join(SOURCE, "experiments/targets/snops_demo_targets.json"))
    parser.add_argument("--target-name", default="short_demo_sbn_simu")
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--duration-ms", type=float, default=None)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = run(args.config, args.target, args.target_name, args.trials, args.duration_ms)
    completed = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    print(f"{len(completed)} of {len(study.trials)} trials feasible")
    if completed:
        print(f"best cost {study.best_value:.4g} at {study.best_params}")


if __name__ == "__main__":
    main()
