#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "spikefit/engine/recording.hpp"

namespace spikefit::engine {

// One model's network with its parameter values bound: the data half of a model plug-in
// (include/spikefit/engine/models/<model>/). Its CPU runner is simulate_cpu(); its CUDA runner,
// when it has one, is found by model() in the CUDA model registry (src/cuda/model_registry.cpp).
class Network {
 public:
  virtual ~Network() = default;
  // The model's registry key, e.g. "balanced", "basal_ganglia".
  virtual const char* model() const = 0;
  // Simulates trial `seed` on the calling thread (the CPU reference). Never throws for a failing
  // simulation: runaway and numerical failures are reported in the recording's status.
  virtual TrialRecording simulate_cpu(uint64_t seed) const = 0;
  // The same trial on a team of `threads` CPU threads, bit-identical to simulate_cpu(seed). Models
  // that cannot split a trial run it on the calling thread.
  virtual TrialRecording simulate_cpu_team(uint64_t seed, int threads) const {
    (void)threads;
    return simulate_cpu(seed);
  }
  // The most threads one trial of this network uses well (1: never split). The CPU ensemble splits
  // trials only when a batch has fewer trials than threads.
  virtual int max_threads_per_trial() const { return 1; }
};

// `network` as its model's class (a Network subclass with a kModel name); throws
// std::logic_error when it is another model's network.
template <class Model>
const Model& network_as(const Network& network) {
  const auto* model = dynamic_cast<const Model*>(&network);
  if (model == nullptr) {
    throw std::logic_error(std::string("expected a ") + Model::kModel + " network, got a " +
                           network.model() + " network");
  }
  return *model;
}

}  // namespace spikefit::engine
