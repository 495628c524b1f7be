#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/engine/recording.hpp"
#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/statistics.hpp"
#include "spikefit/stats/target.hpp"
#include "spikefit/stats/trial_statistics.hpp"

namespace spikefit::experiments {

// A model plug-in of `spikefit`: what the commands need to know of one kind of network (the
// config's "model" field) — its config fields, how it runs trials on a backend and reduces them to
// named statistics (stats::Statistics), and the layout of its output. One registry line per model
// (model_registry.cpp); everything else (binding rows, scoring against a target, infeasible
// reasons, `simulate`, `sweep`, `fit`, `report`) is one code path for every model.

// One trial to run: the network document with the parameter values bound, and its seed.
struct TrialRequest {
  nlohmann::json network;
  uint64_t seed = 0;
};

struct TrialRunOptions {
  int threads = 0;  // CPU threads for simulation and statistics (0: all)
  // Called after each simulated trial of a batch with (finished, total).
  std::function<void(std::size_t, std::size_t)> on_trial_done;
  bool statistics = true;  // reduce each trial to its statistics
  // The command line's statistics choice (--dimension, --neurons, --draws, ...), read by the
  // models whose statistics draw neurons (Model::draws_neurons); a model's other statistics
  // options are its own.
  stats::StatisticsOptions statistics_options;
};

// One simulated trial: its recording, its statistics (infeasible with the reason when the trial
// failed or its statistics threw; empty unless asked for) and the model's per-trial summary for
// `simulate --out` (without "trial", "statistics", the cost and "wall_s", which the caller adds).
struct SimulatedTrial {
  engine::TrialRecording recording;
  stats::Statistics statistics;
  nlohmann::json summary = nlohmann::json::object();
};

// A model on a backend: runs batches of trials. Trial k depends only on trials[k].
class TrialRunner {
 public:
  virtual ~TrialRunner() = default;
  virtual std::string backend() const = 0;
  virtual std::string device() const = 0;
  // [trials] in order; every network has passed Model::validate.
  virtual std::vector<SimulatedTrial> run(const std::vector<TrialRequest>& trials,
                                          const TrialRunOptions& options) = 0;
};

// What `simulate` reports of a bound network.
struct NetworkOutline {
  std::string name;  // "" when the model's networks have none
  double dt_ms = 0.0, duration_ms = 0.0, burn_in_ms = 0.0;
  uint32_t neurons = 0;
  std::vector<std::string> populations;  // [populations]
};

// A network that records a raster (`report`): which cells, as the report states them.
struct RasterNetwork {
  nlohmann::json network;
  std::string population;
  uint32_t neurons = 0;
};

// The shortest screening run that can be scored, and what it must cover (`fit --screen-ms`).
struct ScreenFloor {
  double ms = 0.0;
  std::string what;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string name() const = 0;  // the config's "model" value

  // Config knowledge.
  virtual std::string duration_field() const = 0;  // network field of the simulated time
  // The network field path of a --set NAME that is no free parameter (short names).
  virtual std::string field_path(const std::string& name) const { return name; }
  // Parses the bound network; base::ConfigError naming field and reason (prefix `source`).
  virtual void validate(const nlohmann::json& network, const std::string& source) const = 0;
  virtual NetworkOutline outline(const nlohmann::json& network) const = 0;
  virtual ScreenFloor screen_floor(const nlohmann::json& network) const = 0;
  // Whether its statistics draw --neurons cells (a target's n_neuron must then match).
  virtual bool draws_neurons() const = 0;

  // Running: the runner on --backend auto | cpu | cuda (warnings about a fallback to stderr).
  virtual std::unique_ptr<TrialRunner> open(const std::string& backend) const = 0;
  // The bound network that also records a raster of up to `neurons` cells (`report`).
  virtual RasterNetwork with_raster(nlohmann::json network, uint32_t neurons) const = 0;

  // Output layout, as each model has always written it.
  // Statistics `simulate --stats` prints per trial, for these populations (may be none).
  virtual std::vector<std::string> printed_statistics(
      const std::vector<std::string>& populations) const = 0;
  virtual nlohmann::json statistics_json(const stats::Statistics& statistics) const = 0;
  // Per-trial fields that evaluation outcomes add to the statistics (besides simulated_ms and
  // trial_wall_s).
  virtual nlohmann::json outcome_fields(const engine::TrialRecording& recording) const = 0;
  // The cost fields of a `simulate --target` trial.
  virtual nlohmann::json cost_json(const stats::CostResult& cost,
                                   const stats::Target& target) const = 0;
  // `simulate --out` header fields beyond the common ones (e.g. the network name, the device).
  virtual nlohmann::json run_fields(const NetworkOutline& network,
                                    const TrialRunner& runner) const = 0;
};

}  // namespace spikefit::experiments
