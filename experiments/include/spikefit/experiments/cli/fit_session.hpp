#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "spikefit/experiments/emulation/emulator_candidates.hpp"
#include "spikefit/experiments/evaluation/command_evaluator.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/objectives.hpp"
#include "spikefit/experiments/study/study_front.hpp"

namespace spikefit::experiments {

// One fit of a config's free parameters to a target, stored in a study file: what `spikefit fit`
// and the Python package's spikefit.fit both run, so the same options and seed give the same
// study.
struct FitSessionOptions {
  std::string config;
  std::vector<std::string> sets;  // NAME=VALUE overrides
  std::string target_file;
  std::string target_name;
  std::string study;
  bool resume = false;
  int64_t batch = 8;
  int64_t initial = 0;  // 0: 2 x batch
  int64_t max_evaluations = 100;
  double max_minutes = 0.0;
  std::string backend = "auto";
  uint64_t seed = 1;
  std::string strategy = "mixed";
  // What the strategies propose from: "cost" (SNOPS: a GP on the log cost) or "composite" (one GP
  // per targeted statistic, pushed through the cost formula: composite_cost_model.hpp).
  std::string model = "cost";
  double screen_ms = -1.0;  // 0: no screening; < 0: resolve_screen_ms's default
  double duration_ms = -1.0;
  int threads = 0;
  int64_t replicates = -1;  // -1: max(1, batch / 8)
  int min_replicates = 2;
  int max_replicates = 3;
  double replicate_se_tol = 0.15;
  double stop_cost = 0.0;
  int64_t chunk = 0;
  bool overlap = false;  // FitOptions::overlap
  std::string metric = "l2";
  std::string objectives;  // Pareto fit: target statistics grouped into objectives; "": the cost
  std::string ref_point;   // "": from the target normalisers
  bool strategy_given = false;  // false: a Pareto fit picks its own strategy
  // Amortised fit: round 0 is the `emulator_candidates` points this emulator file predicts best
  // for the target, each simulated `emulator_replicates` times; "": a Sobol design.
  std::string emulator;
  int64_t emulator_candidates = 8;
  int emulator_replicates = 2;
  // Warm start: a new study's round 0 holds this dataset's trials, scored against the target
  // (emulation/warm_start.hpp); "": none.
  std::string warm_start;
  StatisticsChoice statistics_choice;
  std::vector<std::string> given_flags;  // statistics flags given explicitly (refused for models
                                         // whose statistics draw no neurons)
};

// What a session is about to run, once the config, target and study are loaded.
struct FitSessionStart {
  std::string config_name, target_name, backend, device;
  std::size_t parameters = 0;
  FitOptions fit;
  double screen_ms = 0.0;
};

struct FitSessionHooks {
  std::function<void(const FitSessionStart&)> on_start;
  std::function<void(const FitProgress&)> on_round;
  std::function<void(std::size_t, std::size_t)> on_trial_done;  // (simulated, total) of a batch
  std::function<bool()> stop_requested;  // polled before rounds and between chunks
  // After each batch of an MPI job of several ranks: its time and the ranks' idle share.
  std::function<void(const DistributedBatch&)> on_distributed_batch;
  // An amortised fit's candidates, before they are simulated, and the seconds it took to find them.
  std::function<void(const std::vector<EmulatorCandidate>&, double)> on_emulator_candidates;
  // A warm start's dataset trials, once stored: how many, how many feasible for the target.
  std::function<void(std::size_t, std::size_t)> on_warm_start;
};

struct FitSessionResult {
  FitProblem problem;
  FitResult result;
  std::vector<Objective> objectives;  // a Pareto fit's; empty for a scalar fit
  FrontStatus front;                  // a Pareto fit's front when it stopped
};

// What a session would run, checked as a run checks it, without simulating or creating the study
// (`fit --dry-run`, cli/fit_dry_run.hpp).
struct FitSessionPlan {
  std::string config_name, target_name, backend;
  std::size_t parameters = 0;
  FitOptions fit;
  double screen_ms = 0.0;  // 0: no screening
  NetworkOutline network;  // the bound network: neurons, dt, duration
  int threads = 1;         // CPU threads per batch (--threads resolved)
  // Evaluations of round 0: the Sobol design or the emulator's candidates x replicates; 0 after a
  // warm start (round 0 is the dataset's trials, not simulated).
  int64_t round0_evaluations = 0;
  bool warm_start = false;
  bool emulator = false;  // round 0 holds an emulator's candidates
};
FitSessionPlan plan_fit_session(FitSessionOptions options);

// Checks the options (base::UsageError / ConfigError naming the flag or field), creates or
// resumes the study and runs run_fit to its budget.
FitSessionResult run_fit_session(FitSessionOptions options, const FitSessionHooks& hooks = {});

}  // namespace spikefit::experiments
