#pragma once

#include <memory>

#include "cuda/model_runner.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network.hpp"

namespace spikefit::engine::bg {

// The BG model's CUDA runner: one thread block per trial, threads striding over cells, the whole
// run in one launch (bg_kernel.cu); its host twin (run_bg_flat_trial_host) is tested in CI
// against the CPU reference. Throws std::runtime_error when the build holds no BG kernel for the
// device.
std::unique_ptr<engine::cuda::ModelRunner> make_bg_runner(const CudaOptions& options);

}  // namespace spikefit::engine::bg
