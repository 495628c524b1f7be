#pragma once

// The CUDA backend (src/cuda): one Ensemble for every model, which groups a batch by model and
// runs each group on the model's CUDA runner (src/cuda/model_registry.cpp).

#include <cstddef>
#include <memory>

#include "spikefit/engine/ensemble.hpp"

namespace spikefit::engine {

struct CudaOptions {
  int block_size = 256;           // threads per trial: a multiple of 32 in [32, 1024]
  int max_trials_per_launch = 0;  // 0: one wave (every block resident at once)
  int streams = 2;                // launches in flight: setup, simulation and copy-back overlap
  std::size_t shared_memory_budget = 96 * 1024;  // per block; working arrays past it stay global
};

// Throws std::invalid_argument when the options are invalid, std::runtime_error when the CUDA
// backend is not compiled in or no usable device is present. A model without a CUDA runner (or
// whose runner cannot start) makes run() throw.
std::unique_ptr<Ensemble> make_cuda_ensemble(const CudaOptions& options = {});

}  // namespace spikefit::engine
