#pragma once

#include <memory>
#include <string>

#include "spikefit/engine/backend.hpp"
#include "spikefit/engine/bg/bg_ensemble.hpp"

namespace spikefit::engine::bg {

// The CUDA backend for BG networks: one thread block per trial, threads striding over cells,
// the whole run in one launch (engine/src/cuda/bg_kernel.cu); its host twin is tested in CI
// against the CPU reference. Throws std::runtime_error when it is not compiled in or no usable
// device is present.
std::unique_ptr<BgEnsemble> make_cuda_bg_ensemble();

struct SelectedBgBackend {
  std::unique_ptr<BgEnsemble> ensemble;
  std::string warning;  // non-empty when `auto` fell back to the CPU, saying why
};

// As engine::make_ensemble for the balanced networks: `cuda` throws when it cannot run; `auto`
// falls back to the CPU with a warning, and also from the first run on which the CUDA backend
// fails (the warning then goes to stderr).
SelectedBgBackend make_bg_ensemble(BackendChoice choice);

}  // namespace spikefit::engine::bg
