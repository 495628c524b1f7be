#pragma once

#include <cstdint>
#include <memory>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"

namespace spikefit::engine {

// The balanced (EIF/LIF, SNOPS) networks as a model plug-in: the spec (network_spec.hpp), the
// shared step rules and CPU runner (src/models/balanced), the CUDA runner
// (src/models/balanced/cuda). Records counts, activity, per-neuron moments and a raster of the
// first RecordingSpec::raster_neurons neurons.
class BalancedNetwork final : public Network {
 public:
  static constexpr const char* kModel = "balanced";

  explicit BalancedNetwork(NetworkSpec spec) : spec_(std::move(spec)) {}
  const NetworkSpec& spec() const { return spec_; }

  const char* model() const override { return kModel; }
  TrialRecording simulate_cpu(uint64_t seed) const override;
  TrialRecording simulate_cpu_team(uint64_t seed, int threads) const override;
  // One thread per kNeuronsPerThread neurons: below that the two barriers per step cost more than
  // the split gains.
  int max_threads_per_trial() const override;
  static constexpr uint32_t kNeuronsPerThread = 1024;

 private:
  NetworkSpec spec_;
};

// `spec` as a network for TrialInput.
inline std::shared_ptr<const Network> make_network(NetworkSpec spec) {
  return std::make_shared<const BalancedNetwork>(std::move(spec));
}

}  // namespace spikefit::engine
