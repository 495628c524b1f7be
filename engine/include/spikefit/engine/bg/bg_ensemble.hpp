#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/engine/bg/bg_network_spec.hpp"
#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/recording.hpp"

namespace spikefit::engine::bg {

// One BG trial's output. `recording` is filled as the balanced engine fills it (names/offsets,
// dt, burn-in, steps, activity [populations x 1-ms bins] from t = 0, per-neuron spikes after
// burn-in and ISI moments, totals, status), except that the count matrix is left empty (count_bins
// = 0) and `raster` holds EVERY spike (neuron = global index across populations in config order,
// sorted by time then neuron). Status: non-finite V -> kError naming population and cell; more
// spikes than max_rate_hz allows -> kRunaway.
struct BgTrialRecording {
  TrialRecording recording;
  std::vector<double> smc_onsets_ms;  // pulse onsets that lie in the simulated time
  std::vector<double> dbs_onsets_ms;
  // Mean V per population in 1-ms bins from t = 0 (record_mean_v), [populations x activity_bins]
  // row-major; the last bin may be partial.
  std::vector<double> mean_v_mv;
};

struct BgTrialInput {
  BgNetworkSpec network;
  uint64_t seed = 0;
};

// Simulates one trial on the calling thread. Never throws: failures are in the status.
BgTrialRecording simulate_bg_trial_cpu(const BgNetworkSpec& net, uint64_t seed);

// A backend for batches of independent BG trials; trial k's result depends only on trials[k].
class BgEnsemble {
 public:
  virtual ~BgEnsemble() = default;
  virtual std::string backend_name() const = 0;
  virtual std::vector<BgTrialRecording> run(const std::vector<BgTrialInput>& trials,
                                            const RunOptions& options) = 0;
};

// Trials in parallel over OpenMP threads (options.threads, 0 = all), one trial per thread.
std::unique_ptr<BgEnsemble> make_cpu_bg_ensemble();

}  // namespace spikefit::engine::bg
