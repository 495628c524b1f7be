"""spikefit from Python: simulate spiking-network configs, compute recording statistics, score
them against targets, and fit configs to targets with the same batched Bayesian optimisation as
the `spikefit` command.

    >>> import spikefit
    >>> r = spikefit.simulate("experiments/configs/snops_short_demo.json", trials=64, seed=1)
    >>> r.counts.shape        # [trials, neurons, bins]

Input errors raise spikefit.ConfigError / spikefit.UsageError (both ValueError) with the command
line's messages.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Mapping, Optional, Sequence

import numpy as np

from . import _spikefit
from ._spikefit import ConfigError, Statistics, Target, UsageError

__version__ = _spikefit.__version__
__all__ = ["simulate", "SimulationResult", "statistics", "Statistics", "Target", "fit",
           "FitResult", "Study", "read_nwb", "read_mat", "ConfigError", "UsageError"]


def _overrides(params: Optional[Mapping[str, float]], sets: Sequence[str]) -> list:
    """`--set NAME=VALUE` assignments: the free parameters' values, then any other fields."""
    assignments = [f"{name}={float(value)!r}" for name, value in (params or {}).items()]
    return assignments + list(sets)


@dataclass
class SimulationResult:
    """Trials of one config, as `spikefit simulate` runs them (trial k has the CLI's seed).

    counts      uint16 [trials, neurons, bins]: spike counts of the recorded population per bin
    rates_hz    float64 [trials, populations]: mean rate of each population after burn-in
    seeds       uint64 [trials]: each trial's seed
    status      [trials] "ok", "runaway" or "error"; reasons: the engine's message (or "")
    statistics  [trials] Statistics when simulate(statistics=True), else None
    summaries   [trials] the per-trial dicts `spikefit simulate --out` writes
    wall_s      seconds spent inside the simulator (the rest of the call is overhead)
    """
    counts: np.ndarray
    rates_hz: np.ndarray
    seeds: np.ndarray
    status: list
    reasons: list
    summaries: list
    statistics: Optional[list]
    populations: list
    bin_ms: float
    duration_ms: float
    backend: str
    device: str
    wall_s: float


def simulate(config: str | os.PathLike, params: Optional[Mapping[str, float]] = None, *,
             trials: int = 1, seed: int = 1, first_trial: int = 0,
             duration_ms: Optional[float] = None, backend: str = "auto", threads: int = 0,
             statistics: bool = False, sets: Sequence[str] = (), dimension: str = "cv_skip",
             neurons: int = 50, draws: int = 10) -> SimulationResult:
    """Simulate `trials` independent trials of a config (a JSON file) with the free parameters
    set to `params` ({name: value}; others keep the config's values) on backend "auto", "cpu" or
    "cuda". The GIL is released while the trials run; Ctrl-C stops between chunks of trials.
    statistics=True adds each trial's statistics (dimension, neurons, draws as the CLI's flags).
    """
    raw = _spikefit._simulate(os.fspath(config), _overrides(params, sets), int(trials), int(seed),
                              int(first_trial), -1.0 if duration_ms is None else float(duration_ms),
                              backend, int(threads), bool(statistics), dimension, int(neurons),
                              int(draws))
    return SimulationResult(**raw)


def statistics(counts, *, bin_ms: float = 200.0, seed: int = 1, dimension: str = "cv_skip",
               neurons: int = 50, draws: int = 10):
    """The statistics of recorded or simulated spike counts, as `spikefit stats --counts`.

    counts: [neurons, bins] integer counts -> Statistics; [trials, neurons, bins] -> a list of
    Statistics (e.g. SimulationResult.counts). With fewer cells than `neurons` every cell is used
    in one draw.
    """
    array = np.asarray(counts)
    if array.ndim == 3:
        return [statistics(trial, bin_ms=bin_ms, seed=seed, dimension=dimension, neurons=neurons,
                           draws=draws) for trial in array]
    return _spikefit._statistics(array, float(bin_ms), int(seed), dimension, int(neurons),
                                 int(draws))


def read_nwb(path: str | os.PathLike, units: Sequence[int] = (), groups: Sequence[str] = (),
             interval_s: Optional[tuple] = None, bin_ms: float = 200.0) -> np.ndarray:
    """Spike counts uint16 [neurons, bins] of an NWB file's Units table, as `spikefit stats
    --nwb`: units by id and electrode groups by name (empty: all), binned in bin_ms over
    interval_s = (start, stop) in seconds (default: where every selected unit was observed)."""
    return _spikefit.read_nwb(os.fspath(path), list(units), list(groups), interval_s,
                              float(bin_ms))


def read_mat(path: str | os.PathLike, variable: str, bin_ms: float = 200.0,
             window_ms: Optional[tuple] = None) -> np.ndarray:
    """Spike counts uint16 [neurons, bins] of a MATLAB file's variable (v5, v7, v7.3), as
    `spikefit stats --mat --var`: a count matrix [neurons x bins], or a cell array of spike
    times in ms binned in bin_ms over window_ms = (start, stop)."""
    return _spikefit.read_mat(os.fspath(path), variable, float(bin_ms), window_ms)


@dataclass
class FitResult:
    """How a fit ended: rounds and evaluations (all sessions), why it stopped, the incumbent
    ({point, x, evaluations, mean_cost, sd_cost, se_cost} or None) and the parameter names; for a
    Pareto fit (objectives=...) the objectives' names, the front's size and its hypervolume."""
    rounds: int
    evaluations: int
    stop_reason: str
    incumbent: Optional[dict]
    parameters: list
    study: str = ""
    objectives: list = field(default_factory=list)
    front_size: int = 0
    hypervolume: float = 0.0


def fit(config: str | os.PathLike, target: str | os.PathLike, target_name: str, *,
        study: str | os.PathLike, progress: Optional[Callable[[dict], None]] = None,
        params: Optional[Mapping[str, float]] = None, sets: Sequence[str] = (),
        **options) -> FitResult:
    """Fit a config's free parameters to a target of a target file, storing every evaluation in
    the SQLite `study` (as `spikefit fit`; the same options and seed give the same study).

    options are the `fit` command's flags with underscores: batch, initial, max_evaluations,
    max_minutes, backend, seed, strategy, model, screen_ms, duration_ms, threads, replicates,
    min_replicates, max_replicates, replicate_se_tol, stop_cost, chunk, overlap, metric,
    dimension, neurons, draws, resume, objectives and ref_point (a Pareto fit: `fit --objectives`, e.g.
    objectives="rate,fano;rsc_fisher_z"; its strategy is ehvi or parego unless strategy= is
    given). progress(dict) is called after every round (round, evaluations, max_evaluations,
    incumbent, elapsed_s, evaluations_per_s); an exception it raises stops the fit there. Ctrl-C
    stops it after the evaluations under way and raises KeyboardInterrupt. Everything evaluated
    is stored; resume=True continues.
    """
    from . import _spikefit_fit  # loads LibTorch (the surrogate) on first use

    o = _spikefit_fit._FitOptions()
    o.config, o.target_file, o.target_name = os.fspath(config), os.fspath(target), target_name
    o.study = os.fspath(study)
    o.sets = _overrides(params, sets)
    for name, value in options.items():
        if name.startswith("_") or not hasattr(o, name) or name in ("config", "study", "sets"):
            raise TypeError(f"fit() got an unexpected keyword argument '{name}'")
        setattr(o, name, value)
    o.strategy_given = "strategy" in options
    return FitResult(**_spikefit_fit._fit(o, progress), study=o.study)


@dataclass
class Study:
    """A study file written by `spikefit fit` or spikefit.fit, read whole when opened.

    evaluations  {name: array} in storing order: id, round, slot, point, trial_seed [N];
                 x [N, D] (physical units, columns = parameters); cost [N] (NaN when
                 infeasible); errors [N, E] (columns = error_names); feasible [N]; wall_s [N];
                 reason, source, stage: lists [N]
    statistics   [N] the stored statistics of each evaluation (dicts)
    incumbent    the best point judged on replicate means (dict as FitResult's) or None
    document     the study's definition (config, target, options, ...)
    """
    path: str
    document: dict = field(init=False)
    evaluations: dict = field(init=False)
    statistics: list = field(init=False)
    incumbent: Optional[dict] = field(init=False)
    rounds: int = field(init=False)

    def __post_init__(self):
        self.path = os.fspath(self.path)
        raw = _spikefit._read_study(self.path)
        self.document = raw["study"]
        self.evaluations = raw["evaluations"]
        self.statistics = raw["statistics"]
        self.incumbent = raw["incumbent"]
        self.rounds = raw["rounds"]

    def front(self) -> list:
        """The Pareto front of a multi-objective study (fit with objectives=...): the points
        whose replicate means are not dominated, each a dict as the incumbent with "objectives"
        (the replicate means, one per objective of document["objectives"]). Loads LibTorch."""
        from . import _spikefit_fit

        return _spikefit_fit._front(self.path)

    def model_incumbent(self) -> Optional[dict]:
        """SNOPS's incumbent of a single-objective study: the feasible point with the lowest
        posterior mean of the study's model (the cost GP, or the composite model of a fit with
        model="composite"), as `spikefit fit` prints it last and `spikefit report` gives it. A dict
        as the incumbent with "model", "posterior_cost", "posterior_log_cost_sd" and
        "expected_cost" (the model's expected cost of a fresh run, which, unlike the replicate
        mean of the incumbent, is not biased low by picking the luckiest point); None without a
        feasible point. Fits the model (loads LibTorch)."""
        from . import _spikefit_fit

        return _spikefit_fit._model_incumbent(self.path)

    @property
    def parameters(self) -> list:
        """The free parameters' names (the columns of evaluations["x"])."""
        return [p["name"] for p in self.document.get("parameters", [])]

    @property
    def error_names(self) -> list:
        """The statistics of the cost (the columns of evaluations["errors"])."""
        return list(self.document.get("error_names", []))
