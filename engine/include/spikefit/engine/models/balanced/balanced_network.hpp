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

 private:
  NetworkSpec spec_;
};

// `spec` as a network for TrialInput.
inline std::shared_ptr<const Network> make_network(NetworkSpec spec) {
  return std::make_shared<const BalancedNetwork>(std::move(spec));
}

}  // namespace spikefit::engine
