#!/usr/bin/env python3
"""spikefit as the simulator of sbi: neural posterior estimation (NPE) over the short demo's two
free parameters (taudsynI, mean_sigmaRRIs), conditioned on a target's statistics.

    python3 sbi_npe.py --simulations 500 --samples 1000

Each simulation is one spikefit trial (one spikefit.simulate call per parameter row) reduced to
the target's scalar statistics; infeasible trials (runaway, too few active cells) are dropped
before training, as sbi expects finite data. Needs sbi and torch (PyPI); spikefit's simulate
module loads no LibTorch of its own, so sbi's torch is the only one in the process.
"""
import argparse
import json
import os

import numpy as np
import torch
from sbi.utils import BoxUniform

try:
    from sbi.inference import NPE  # sbi >= 0.23
except ImportError:
    from sbi.inference import SNPE as NPE

import spikefit

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def free_parameters(config):
    with open(config) as f:
        parameters = json.load(f)["parameters"]
    return [p["name"] for p in parameters], np.array([p["range"] for p in parameters], float)


def summary(statistics, names):
    """The scalar statistics `names` of one trial, or None when the trial is infeasible."""
    if not statistics.feasible:
        return None
    values = [statistics[name] for name in names]
    return values if np.all(np.isfinite(values)) else None


def simulate_rows(config, names, theta, statistic_names, duration_ms, seed, statistics_options):
    """x [rows, statistics] for parameter rows theta [rows, D] (NaN rows where infeasible)."""
    x = np.full((len(theta), len(statistic_names)), np.nan)
    for k, row in enumerate(theta):
        r = spikefit.simulate(config, dict(zip(names, map(float, row))), trials=1, seed=seed + k,
                              duration_ms=duration_ms, statistics=True, **statistics_options)
        values = summary(r.statistics[0], statistic_names)
        if values is not None:
            x[k] = values
    return x


def run(config, target_file, target_name, simulations, samples, duration_ms=None, seed=1,
        **statistics_options):
    """Posterior samples [samples, D] of the free parameters given the target's means."""
    torch.manual_seed(seed)
    names, bounds = free_parameters(config)
    target = spikefit.Target.load(target_file, target_name)
    document = target.to_dict()["statistics"]
    statistic_names = [n for n in target.statistics if not isinstance(document[n]["mean"], list)]
    prior = BoxUniform(low=torch.tensor(bounds[:, 0], dtype=torch.float32),
                       high=torch.tensor(bounds[:, 1], dtype=torch.float32))
    theta = prior.sample((simulations,))
    x = simulate_rows(config, names, theta.numpy(), statistic_names, duration_ms, seed,
                      statistics_options)
    keep = np.all(np.isfinite(x), axis=1)
    if keep.sum() < 10:
        raise RuntimeError(f"only {int(keep.sum())} of {simulations} simulations were feasible")
    inference = NPE(prior=prior)
    inference.append_simulations(theta[torch.from_numpy(keep)], torch.tensor(x[keep], dtype=torch.float32))
    posterior = inference.build_posterior(inference.train())
    observed = torch.tensor([document[n]["mean"] for n in statistic_names], dtype=torch.float32)
    return names, posterior.sample((samples,), x=observed).numpy(), float(keep.mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=os.path.join(SOURCE, "experiments/configs/snops_short_demo.json"))
    parser.add_argument("--target", default=os.path.join(SOURCE, "experiments/targets/snops_demo_targets.json"))
    parser.add_argument("--target-name", default="short_demo_sbn_simu")
    parser.add_argument("--simulations", type=int, default=500)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--duration-ms", type=float, default=None)
    args = parser.parse_args()
    names, samples, feasible = run(args.config, args.target, args.target_name, args.simulations,
                                   args.samples, args.duration_ms)
    print(f"{feasible:.0%} of simulations feasible; posterior mean and sd:")
    for name, column in zip(names, samples.T):
        print(f"  {name:16s} {column.mean():.4g} ± {column.std():.2g}")


if __name__ == "__main__":
    main()
