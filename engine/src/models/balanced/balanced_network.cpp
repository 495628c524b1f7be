#include "spikefit/engine/models/balanced/balanced_network.hpp"

#include "models/balanced/cpu_trial.hpp"

namespace spikefit::engine {

TrialRecording BalancedNetwork::simulate_cpu(uint64_t seed) const {
  return simulate_trial_cpu(spec_, seed);
}

}  // namespace spikefit::engine
