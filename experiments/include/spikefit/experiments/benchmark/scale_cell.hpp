#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace spikefit::experiments {

// One cell of a scaling study (`spikefit scale`): `batch` trials of the config at network size
// factor `size_factor`, simulated by one Ensemble::run on `threads` CPU threads.
struct ScaleCellSpec {
  double size_factor = 1.0;  // network.size_factor (1: the config as it is)
  int64_t batch = 1;
  int threads = 1;
  int repeat = 0;  // 0 .. repeats-1: the same work again
};

// What a cell measured. Counts are of the whole batch unless the name says "per trial".
// A cell that failed (status other than "ok") keeps what it got before failing and its reason.
struct ScaleCell {
  ScaleCellSpec spec;
  std::string status = "ok";  // ok | runaway | error | killed | failed
  std::string reason;         // why not ok
  std::string backend, device;

  double wall_s = 0.0;             // the batch's run (networks, setup, simulation)
  double setup_s = 0.0;            // mean per trial: connectivity and state construction
  double simulated_ms = 0.0;       // per trial
  uint64_t steps = 0;              // time steps per trial
  uint64_t neurons = 0;            // per trial (the populations; inputs not counted)
  uint64_t synapses = 0;           // per trial, inputs' included; 0: the engine does not count them
  uint64_t spikes = 0;             // all trials
  uint64_t synaptic_events = 0;    // all trials
  double mean_rate_hz = 0.0;       // spikes per neuron per simulated second
  uint32_t threads_per_trial = 0;  // CPU threads that simulated one trial (the most over trials)

  // Host memory of the cell's process (a forked child; wait4's ru_maxrss), and its resident
  // memory just before the batch ran (the program, the config): the simulator's own bytes are
  // the difference.
  int64_t peak_rss_bytes = 0;
  int64_t baseline_rss_bytes = 0;
  // Device memory taken during the run (the driver's cuMemGetInfo polled, above the level before
  // it; any other process on the device counts too); -1: not measured (not the CUDA backend).
  int64_t device_bytes = -1;

  double neuron_steps() const;  // all trials
  double neuron_steps_per_s() const;
  double events_per_s() const;
  double wall_per_simulated_s() const;       // wall seconds per simulated second of the batch
  int64_t rss_above_baseline_bytes() const;  // 0 and null in JSON without a baseline
  // Trials whose state is held at once: min(batch, threads) on the CPU, the batch on CUDA.
  int64_t concurrent_trials() const;
  // rss_above_baseline over the neurons (synapses) of the concurrent trials; NaN when unknown.
  double bytes_per_neuron() const;
  double bytes_per_synapse() const;
  bool ok() const { return status == "ok"; }
};

// The cell as cells.json writes it (derived rates included; NaN and -1 as null) and back.
nlohmann::json scale_cell_json(const ScaleCell& cell);
ScaleCell scale_cell_from_json(const nlohmann::json& json);

// cells.csv: a header line and one line per cell, the columns of scale_cell_json.
std::string scale_cells_csv(const std::vector<ScaleCell>& cells);

}  // namespace spikefit::experiments
