#pragma once

// The CUDA backend (engine/src/cuda), present when the build found nvcc (SPIKEFIT_HAVE_CUDA).

#include <memory>
#include <vector>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/trial_state.hpp"

namespace spikefit::engine {

struct CudaOptions {
  int block_size = 256;           // threads per trial: a multiple of 32 in [32, 1024]
  int max_trials_per_launch = 0;  // 0: one wave (every block resident at once)
  int streams = 2;                // launches in flight: setup, simulation and copy-back overlap
  std::size_t shared_memory_budget = 96 * 1024;  // per block; working arrays past it stay global
};

class CudaEnsemble : public Ensemble {
 public:
  // As run(), and the state of every trial after its last step (for comparing backends).
  virtual std::vector<TrialRecording> run_with_final_state(
      const std::vector<TrialInput>& trials, const RunOptions& options,
      std::vector<TrialState>& final_states) = 0;
};

// Throws std::runtime_error when no usable device is present or the options are invalid.
std::unique_ptr<CudaEnsemble> make_cuda_ensemble(const CudaOptions& options = {});

}  // namespace spikefit::engine
