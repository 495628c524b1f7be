#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/experiments/benchmark/scale_cost_model.hpp"
#include "spikefit/experiments/cli/fit_session.hpp"

namespace spikefit::experiments {

// `spikefit fit --dry-run [--cost-model F]`: the plan of a fit and, with a cost model of
// `spikefit scale`, its predicted simulation time, without simulating or creating the study.

// Evaluations of each round when the whole --max-evals budget is spent (no --stop-cost or
// --max-minutes stop): round 0 (the Sobol design or the emulator's candidates; none after a warm
// start), then rounds of --batch, the last one what is left.
std::vector<int64_t> planned_round_sizes(const FitSessionPlan& plan);

// The predicted seconds of simulation, under these assumptions: every evaluation is one trial of
// the full duration, and with screening every new point (not a replicate slot) also runs a
// screening trial that never rejects it; a round's trials run one per CPU thread, ceil(trials /
// threads) deep, each taking the model's one-thread trial time; a trial's synaptic events are the
// model's events per neuron per simulated second (measured in the cells) x neurons x simulated
// seconds. Statistics, GP fits and proposals are not included.
struct FitWallPrediction {
  double full_s = 0.0;               // the full runs, at the cells' mean event rate
  double screen_s = 0.0;             // the screening runs, at the same rate
  double low_s = 0.0, high_s = 0.0;  // the total at the cells' lowest and highest event rates
  double total_s() const { return full_s + screen_s; }
};
FitWallPrediction predict_fit_wall(const FitSessionPlan& plan, const ScaleCostModel& model);

// The lines `fit --dry-run` prints.
std::string fit_dry_run_text(const FitSessionPlan& plan, const std::optional<ScaleCostModel>& model,
                             const std::string& model_file);

}  // namespace spikefit::experiments
