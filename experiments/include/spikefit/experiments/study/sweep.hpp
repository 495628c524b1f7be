#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/study/sweep_grid.hpp"

namespace spikefit::experiments {

struct SweepOptions {
  std::vector<GridAxis> axes;  // one or two
  int replicates = 2;          // evaluations per cell
  uint64_t seed = 1;           // replicate r of every cell runs with trial_seed(seed, r)
  std::size_t batch = 0;       // evaluations per evaluate() call, whole cells; 0: all at once
  // Cells evaluated before (a resumed sweep), by position: used as they are, not run again.
  std::map<std::size_t, std::vector<EvaluationOutcome>> finished;
  std::function<bool()> stop_requested;  // polled between calls; true: return what is done
};

// Mean and standard error (sd / sqrt(n), sample sd) of one statistic over the feasible replicates
// of a cell whose value is finite; NaN when n = 0 (se NaN when n < 2).
struct StatisticSummary {
  double mean = 0.0;
  double se = 0.0;
  int n = 0;
};

struct SweepCell {
  std::size_t position = 0;          // in grid_cells() order
  std::vector<std::size_t> index;    // [axes] position on each axis
  std::vector<double> x;             // [D] the full parameter vector (base values off the grid)
  int feasible = 0;                  // feasible replicates
  std::vector<std::string> reasons;  // distinct reasons of infeasible ones
  std::map<std::string, StatisticSummary> statistics;  // every statistic seen, and "cost"
  std::vector<EvaluationOutcome> outcomes;             // [replicates]
};

struct SweepResult {
  std::vector<SweepParameter> parameters;
  std::vector<GridAxis> axes;
  std::vector<uint64_t> seeds;   // [replicates], the same in every cell (common random numbers)
  std::vector<SweepCell> cells;  // grid_cells() order
  std::string backend, device;
  double wall_s = 0.0;
  bool stopped = false;  // by stop_requested: some cells have no outcomes

  // Names of the cells' statistics, sorted, "cost" first when present.
  std::vector<std::string> statistic_names() const;
};

// The numbers of an outcome's statistics document: top-level numbers by name, the numbers of
// nested objects by their own keys (so {"per_population": {"rate.E": 3}} gives "rate.E"); null is
// NaN; arrays and strings are left out.
std::map<std::string, double> flatten_statistics(const nlohmann::json& statistics);

// Evaluates every cell of the grid `replicates` times at the full stage (but the finished ones);
// `on_cell` is called after each newly finished cell with (cell, finished cells, total cells).
SweepResult run_sweep(
    const std::vector<SweepParameter>& parameters, Evaluator& evaluator,
    const SweepOptions& options,
    const std::function<void(const SweepCell&, std::size_t, std::size_t)>& on_cell = {});

// sweep.json: {parameters, axes, replicates, seeds, backend, device, wall_s, cells: [{index,
// values: {axis: v}, feasible, replicates, reasons, statistics: {name: {mean, se, n}},
// evaluations: [{seed, feasible, reason, cost, statistics}]}]}; NaN as null.
nlohmann::json sweep_json(const SweepResult& result);
// sweep.csv: one row per cell: the axis values, feasible, replicates, then <stat>_mean and
// <stat>_se for every statistic (empty when not available).
std::string sweep_csv(const SweepResult& result);

}  // namespace spikefit::experiments
