#include "spikefit/engine/models/balanced/balanced_network.hpp"

#include <algorithm>

#include "models/balanced/cpu_trial.hpp"

namespace spikefit::engine {

TrialRecording BalancedNetwork::simulate_cpu(uint64_t seed) const {
  return simulate_trial_cpu(spec_, seed);
}

TrialRecording BalancedNetwork::simulate_cpu_team(uint64_t seed, int threads) const {
  return simulate_trial_cpu(spec_, seed, nullptr, std::min(threads, max_threads_per_trial()));
}

int BalancedNetwork::max_threads_per_trial() const {
  return static_cast<int>(std::max<uint32_t>(1, spec_.neuron_count() / kNeuronsPerThread));
}

}  // namespace spikefit::engine
