#pragma once

#include <cstdint>
#include <memory>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"

namespace spikefit::engine::bg {

// The basal-ganglia networks (So 2012 STN/GP/TC cells, AdEx) as a model plug-in: the spec
// (bg_network_spec.hpp), the shared step rules (so2012_cells.hpp, adex_cell.hpp, bg_synapses.hpp),
// the CPU runner (src/models/basal_ganglia/bg_trial.cpp) and the CUDA runner
// (src/models/basal_ganglia/cuda).
//
// What a BG trial records: names/offsets, dt, burn-in, steps, activity [populations x 1-ms bins]
// from t = 0, per-neuron spikes after burn-in and ISI moments, totals, status, the SMC and DBS
// onsets and (record_mean_v) mean V; the count matrix is left empty (count_bins = 0) and `raster`
// holds EVERY spike (neuron = global index across populations in config order, sorted by time
// then neuron). Status: non-finite V -> kError naming population and cell; more spikes than
// max_rate_hz allows -> kRunaway.
class BgNetwork final : public Network {
 public:
  static constexpr const char* kModel = "basal_ganglia";

  explicit BgNetwork(BgNetworkSpec spec) : spec_(std::move(spec)) {}
  const BgNetworkSpec& spec() const { return spec_; }

  const char* model() const override { return kModel; }
  TrialRecording simulate_cpu(uint64_t seed) const override;

 private:
  BgNetworkSpec spec_;
};

// `spec` as a network for TrialInput.
inline std::shared_ptr<const Network> make_network(BgNetworkSpec spec) {
  return std::make_shared<const BgNetwork>(std::move(spec));
}

}  // namespace spikefit::engine::bg
