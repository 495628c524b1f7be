#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "spikefit/experiments/benchmark/scale_cell.hpp"

namespace spikefit::experiments {

// The cost of one trial: t ≈ a + b·N·steps + c·events, the wall seconds of one trial on one
// thread (N neurons, `steps` time steps, `events` synaptic events of the trial), fitted by least
// squares to the cells of a scaling study (`spikefit scale`, cost_model.json); `fit --dry-run`
// predicts a study's simulation time from it.
struct ScaleCostModel {
  bool defined = false;              // false: no cell to fit
  double a_s = 0.0;                  // per trial (network construction, fixed overheads)
  double b_s_per_neuron_step = 0.0;  // neuron update
  double c_s_per_event = 0.0;        // spike delivery
  double r_squared = 0.0;            // of the fitted seconds
  double max_relative_error = 0.0;   // max |predicted - measured| / measured over the cells
  std::size_t cells = 0;
  // 3 when the cells separate the three terms; less when they do not (e.g. one size and
  // duration): the model is then t = b·N·steps alone (a = c = 0, least squares through the
  // origin), which scales with size and duration but knows nothing of the event rate.
  int rank = 0;
  std::string fitted_on;  // which cells and what per-trial time (see fit_scale_cost_model)
  std::string backend;    // the cells' backend
  // Synaptic events per neuron per simulated second in the fitted cells (mean, min, max): what
  // a prediction assumes for a network whose events are not known.
  double events_per_neuron_s = 0.0, events_per_neuron_s_min = 0.0, events_per_neuron_s_max = 0.0;

  double predict_s(double neuron_steps, double events) const {
    return a_s + b_s_per_neuron_step * neuron_steps + c_s_per_event * events;
  }
};

// One measured trial time for the fit.
struct CostSample {
  double neuron_steps = 0.0;
  double events = 0.0;
  double seconds = 0.0;
};

// Least squares on the samples (columns scaled to unit size; complete orthogonal decomposition
// for the rank; below rank 3 the one-term fallback above).
ScaleCostModel fit_cost_model(const std::vector<CostSample>& samples);

// The model of a study's cells that finished ("ok"): per-trial seconds wall_s / batch of the cells
// that ran on one thread; when no cell ran on one thread, thread-seconds per trial
// wall_s · threads / batch of every cell (a parallel run's idle share charged to the trial).
ScaleCostModel fit_scale_cost_model(const std::vector<ScaleCell>& cells);

nlohmann::json cost_model_json(const ScaleCostModel& model);
// cost_model.json back; a malformed file is a base::ConfigError naming `source` and the field.
ScaleCostModel cost_model_from_json(const nlohmann::json& json, const std::string& source);
ScaleCostModel load_cost_model(const std::string& path);

}  // namespace spikefit::experiments
