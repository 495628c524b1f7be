#include "spikefit/engine/models/basal_ganglia/bg_network.hpp"

#include "models/basal_ganglia/bg_trial.hpp"

namespace spikefit::engine::bg {

TrialRecording BgNetwork::simulate_cpu(uint64_t seed) const {
  return simulate_bg_trial_cpu(spec_, seed);
}

}  // namespace spikefit::engine::bg
