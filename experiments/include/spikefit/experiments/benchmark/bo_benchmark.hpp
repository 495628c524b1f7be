#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace spikefit::experiments {

// One Bayesian-optimisation benchmark run on a test function (test_functions.hpp).
struct BoBenchmarkOptions {
  std::string function = "hartmann6";
  int dims = 0;  // 0: the function's default
  int64_t q = 16;
  int64_t evaluations = 128;
  int64_t initial = 0;  // Sobol initial design; 0: max(2 q, 2 (d + 1))
  uint64_t seed = 0;
  // sobol, parego, ehvi, and the single-objective strategies of the acquisition library.
  std::string strategy = "sobol";
  std::string strategy_options = "{}";  // JSON object of acquisition::StrategyOptions
  int fit_restarts = 2;  // the previous round's hyperparameters, then starts from the priors
  int fit_iterations = 100;
  // Hyperparameters are fitted on at most this many feasible points (the best fifth and a random
  // draw of the rest, GpFitOptions::max_fit_points; 0: all); the posterior conditions on all of
  // them (specs/bo_gp.md §6.4).
  int64_t fit_subset = 1000;
  double fit_seconds = 0.0;  // wall-time budget of each GP fit (GpFitOptions); 0: none
};

// The fit loop (run_fit, an in-memory study, the function behind TestProblemEvaluator): a
// scrambled Sobol initial design, then rounds of fit (one GP per objective on the feasible rows,
// Standardize, unit cube, Matern-5/2 ARD MAP, warm-started; SNOPS's label GP for P(feasible) on
// constrained functions) -> propose(q) -> evaluate, without replicate slots. Returns the run as
// JSON: the options, and per round the evaluations so far, the best-so-far value (best
// feasible objective, or hypervolume of the feasible observed front), its gap to the optimum
// and log10 of it (gaps below 1e-12 count as 1e-12; null until a feasible point exists), and
// the fit, propose and evaluate wall times. Everything but the times depends on the seed alone.
nlohmann::json run_bo_benchmark(const BoBenchmarkOptions& options);

}  // namespace spikefit::experiments
