#pragma once

#include <cstdint>
#include <functional>

#include "spikefit/experiments/emulation/dataset_design.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

// A dataset of simulations (`spikefit dataset`): a space-filling design of a config's free
// parameters, each point simulated `replicates` times, every trial stored. A dataset is a study
// file (study_storage.hpp) whose rounds are its batches: each slot one trial (point = design
// index, source sobol for replicate 0 and replicate for the others, whatever the design), cost
// NaN and no errors (a dataset has no target), every statistic of the trial. So `report`, the
// Python Study and `fit --warm-start` read it as they read a fit.
namespace spikefit::experiments {

struct DatasetOptions {
  int64_t points = 1000;  // design points (a resumed or extended dataset: the new total)
  int replicates = 1;     // trials per point, seeds dataset_trial_seed(seed, point, r)
  DesignKind design = DesignKind::kSobol;
  uint64_t seed = 1;
  int64_t batch = 8;  // points per evaluate() call (and per stored round)
};

struct DatasetProgress {
  int64_t trials = 0;  // stored, all sessions
  int64_t total = 0;   // points x replicates
  int64_t feasible = 0;
  double trials_per_s = 0.0;  // this session
  double eta_s = 0.0;         // at this session's rate
  double elapsed_s = 0.0;     // all sessions
};

struct DatasetHooks {
  std::function<void(const DatasetProgress&)> on_batch;
  // After every stored trial with the number stored in this session (tests throw here).
  std::function<void(const StoredEvaluation&, int64_t)> on_stored;
  std::function<bool()> stop_requested;  // polled between batches: true stops there
};

struct DatasetResult {
  int64_t trials = 0;      // stored, all sessions
  int64_t new_trials = 0;  // this session
  bool stopped = false;    // by stop_requested
};

// Simulates the design points [0, points) of `options` that `storage` lacks, first the unfinished
// slots of stored batches (a killed run), then new batches, and stores each trial as it finishes.
// The design is in the unit cube of `problem` (log-scaled parameters uniform in the log).
DatasetResult run_dataset(const FitProblem& problem, Evaluator& evaluator, StudyStorage& storage,
                          const DatasetOptions& options, const DatasetHooks& hooks = {});

}  // namespace spikefit::experiments
