#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/study/objectives.hpp"
#include "spikefit/experiments/study/point_summary.hpp"
#include "spikefit/experiments/study/round_proposer.hpp"
#include "spikefit/experiments/study/study_front.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

// The search box: D parameters in physical units, log-scaled where declared.
struct FitProblem {
  std::vector<std::string> names;
  std::vector<double> lower, upper;
  std::vector<bool> log_scale;
};

// The strategy name of a round 0 that holds a dataset's trials (emulation/warm_start.hpp).
inline constexpr const char* kWarmStartStrategy = "dataset_warm_start";

struct FitOptions {
  int64_t batch = 8;     // slots per round after the initial design
  int64_t initial = 16;  // Sobol points of round 0
  // Round 0 (round 1 after a warm start) from these points instead of the Sobol design (an
  // amortised fit's emulator candidates, [k][D] physical units), each evaluated
  // initial_replicates times; empty: Sobol (none after a warm start).
  std::vector<std::vector<double>> initial_points;
  int initial_replicates = 1;
  // Stored evaluations (screen rejections included), all sessions; a warm start's dataset trials
  // (source kDataset, stored before the fit) are not counted.
  int64_t max_evaluations = 100;
  // Study wall time, all sessions; 0: no limit. No evaluation is launched that would not finish
  // in it by the measured wall time per evaluation (screen and full run, batch wall / batch size).
  double max_minutes = 0.0;
  uint64_t seed = 1;
  int64_t replicate_slots = 1;  // per round, for promising points (intensification)
  int min_replicates = 2;       // the incumbent is judged on at least this many repeats
  int max_replicates = 3;
  // A point with min_replicates or more evaluations is repeated only while its SE is above this
  // (SNOPS's std_tol); 0: up to max_replicates.
  double replicate_se_tol = 0.15;
  // Stop when the incumbent has >= min_replicates evaluations and a replicate mean <= stop_cost
  // (about 1 is indistinguishable from the target with measured normalisers); 0: never.
  double stop_cost = 0.0;
  bool screen = false;  // screening stage before the full run (not for replicates)
  int64_t chunk = 0;    // evaluations per evaluate() call; 0: the whole round
  // Overlap (pipelined rounds): round r + 1 is proposed on another thread while round r is
  // evaluated, from the evaluations of the rounds before r, with round r's new points pending
  // (fantasies) and its points not chosen for replicates. The evaluators never wait for the
  // models once the proposal takes less than a round; the price is one round of lag. The study
  // is the same for any evaluator layout, chunking and resume point, as without it.
  bool overlap = false;
  // A multi-objective (Pareto) study: every evaluation stores these objectives of its errors and
  // replicate slots go to front points (choose_front_replicates); with a reference_point
  // [objectives] the progress reports the front's size and hypervolume. Empty: single objective.
  std::vector<Objective> objectives;
  std::vector<double> reference_point;
};

struct FitProgress {
  int64_t round = 0;
  int64_t evaluations = 0;  // stored, all sessions, those of a warm start's dataset left out
  int64_t max_evaluations = 0;
  std::optional<PointSummary> incumbent;
  double elapsed_s = 0.0;          // all sessions
  double budget_s = 0.0;           // 0: none
  double evaluations_per_s = 0.0;  // this session
  // Slots of the round not launched because they would not finish in the time budget.
  int64_t held_back = 0;
  std::optional<FrontStatus> front;  // studies with a reference point
};

struct FitHooks {
  // After every stored evaluation with the number stored in this session (tests throw here to
  // simulate a crash).
  std::function<void(const StoredEvaluation&, int64_t)> on_stored;
  std::function<void(const FitProgress&)> on_round;
  // The wall clock in seconds (tests inject one); unset: std::chrono::steady_clock.
  std::function<double()> now_s;
  // Polled before each round and between chunks of evaluations: true stops the fit there with
  // kInterruptedStop (Ctrl-C in the CLI). Unset: never.
  std::function<bool()> stop_requested;
};

// The stop reason of a fit stopped by FitHooks::stop_requested.
inline constexpr const char* kInterruptedStop =
    "interrupted (every finished evaluation is stored; continue with --resume)";

struct FitResult {
  int64_t rounds = 0;
  int64_t evaluations = 0;
  std::optional<PointSummary> incumbent;
  std::string stop_reason;
};

// Seeds, all derived from (study seed, round, slot), so a resumed round is the same round.
uint64_t proposal_seed(uint64_t study_seed, int64_t round);
uint64_t slot_seed(uint64_t study_seed, int64_t round, int64_t slot);

// Runs (or resumes) the study in `storage` until a budget or the stop cost is reached:
// round 0 is a Sobol design of `initial` points; each later round fills replicate slots, asks
// the proposer (models and strategy) for the rest, stores the proposal, then evaluates (screen,
// full) and stores every evaluation as it arrives, before the next round (with overlap, the next
// round's proposal runs meanwhile). Stored rounds are never re-proposed: their missing slots are
// evaluated, their evaluated slots never again. The one BO loop of `fit` and `bench-bo`.
FitResult run_fit(const FitProblem& problem, Evaluator& evaluator, RoundProposer& proposer,
                  StudyStorage& storage, const FitOptions& options, const FitHooks& hooks = {});
// `fit`'s proposer: the cost models of round_models.hpp and `strategy` (CostModelProposer).
FitResult run_fit(const FitProblem& problem, Evaluator& evaluator,
                  acquisition::BatchStrategy& strategy, StudyStorage& storage,
                  const FitOptions& options, const FitHooks& hooks = {});

}  // namespace spikefit::experiments
