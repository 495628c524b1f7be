#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace spikefit::engine {

enum class TrialStatus { kOk, kRunaway, kError };

const char* to_string(TrialStatus status);

struct RasterSpike {
  double time_ms;
  uint32_t neuron;  // index within the raster population
};

// What one trial leaves behind, for every model: statistics-sized data, never a full spike list
// unless the model records one. Streams a model does not record stay empty (the balanced networks
// record counts, activity and an optional raster; the basal-ganglia networks record activity, a
// raster of every spike, SMC/DBS onsets and optionally mean V, but no count matrix).
// Time of step i is i * dt; steps 1 .. steps_simulated are done. "After burn-in" means steps with
// i * dt >= burn_in_ms.
struct TrialRecording {
  uint64_t seed = 0;
  TrialStatus status = TrialStatus::kOk;
  std::string message;  // why the trial is not ok

  double dt_ms = 0.0;
  double burn_in_ms = 0.0;
  std::vector<std::string> population_names;  // [populations]
  std::vector<uint32_t> population_offsets;   // first neuron of each population [populations + 1]
  uint64_t steps_simulated = 0;
  double simulated_ms() const { return static_cast<double>(steps_simulated) * dt_ms; }

  // Spike counts of the count population after burn-in, [count_bins x count_neurons] row-major
  // (bin b covers [burn_in + b*bin_ms, burn_in + (b+1)*bin_ms)); only whole bins of the planned
  // duration: count_bins = floor((duration - burn_in) / bin_ms). Saturates at 65535.
  uint32_t count_population = 0;
  double count_bin_ms = 0.0;
  uint32_t count_bins = 0;
  uint32_t count_neurons = 0;
  std::vector<uint16_t> counts;

  // Population activity from t = 0: spikes per bin, [populations x activity_bins] row-major.
  double activity_bin_ms = 0.0;
  uint32_t activity_bins = 0;
  std::vector<uint32_t> activity;

  // Per neuron, all populations concatenated in config order [neurons]:
  std::vector<uint32_t> spikes_after_burn_in;
  // inter-spike-interval moments over ISIs whose two spikes are after burn-in
  std::vector<uint32_t> isi_count;
  std::vector<double> isi_sum_ms;
  std::vector<double> isi_sum_sq_ms2;

  uint64_t total_spikes = 0;     // all neurons, whole run
  uint64_t synaptic_events = 0;  // spike deliveries to targets, inputs included
  // Synapses of the trial's network, inputs' included: realised (stored connectivity, fixed
  // degrees) or expected (procedural Bernoulli rows); 0 for models that do not count them.
  uint64_t synapse_count = 0;
  uint32_t threads = 1;  // CPU threads that simulated this one trial
  double first_spike_ms = -1.0;  // -1: no spike
  double last_spike_ms = -1.0;

  std::vector<RasterSpike> raster;  // optional, see RecordingSpec::raster_neurons

  // Pulse onsets of the SMC (sensorimotor cortex) and DBS drives that lie in the simulated time.
  std::vector<double> smc_onsets_ms;
  std::vector<double> dbs_onsets_ms;
  // Mean V per population in activity bins from t = 0 (BG record_mean_v),
  // [populations x activity_bins] row-major; the last bin may be partial.
  std::vector<double> mean_v_mv;

  double setup_seconds = 0.0;  // connectivity and state construction
  double wall_seconds = 0.0;   // setup and simulation

  // The memory its streams hold, in bytes (for sizing batches of trials).
  std::size_t held_bytes() const {
    return counts.size() * sizeof(uint16_t) +
           (activity.size() + spikes_after_burn_in.size() + isi_count.size()) * sizeof(uint32_t) +
           (isi_sum_ms.size() + isi_sum_sq_ms2.size() + smc_onsets_ms.size() +
            dbs_onsets_ms.size() + mean_v_mv.size()) *
               sizeof(double) +
           raster.size() * sizeof(RasterSpike);
  }
};

}  // namespace spikefit::engine
