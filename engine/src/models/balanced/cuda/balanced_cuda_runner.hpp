#pragma once

#include <memory>
#include <vector>

#include "cuda/model_runner.hpp"
#include "models/balanced/trial_state.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"

namespace spikefit::engine::cuda {

// The balanced model's CUDA runner: splits a batch into launches (at most one wave of resident
// blocks and what device memory holds) and runs them on several streams, one host thread each.
class BalancedCudaRunner : public ModelRunner {
 public:
  // As run(), and the state of every trial after its last step (for comparing backends).
  virtual std::vector<TrialRecording> run_with_final_state(
      const std::vector<TrialInput>& trials, const RunOptions& options,
      std::vector<TrialState>& final_states) = 0;
};

// Throws std::invalid_argument for invalid options, std::runtime_error without a usable device.
std::unique_ptr<BalancedCudaRunner> make_balanced_cuda_runner(const CudaOptions& options = {});

// make_balanced_cuda_runner as a registry factory.
std::unique_ptr<ModelRunner> make_balanced_runner(const CudaOptions& options);

}  // namespace spikefit::engine::cuda
