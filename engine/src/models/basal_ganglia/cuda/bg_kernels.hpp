#pragma once

// Host entry points of the BG network kernel (bg_kernel.cu).

#include <cuda_runtime.h>

#include <cstdint>

#include "cuda/check_cuda.hpp"
#include "models/basal_ganglia/bg_flat_trial.hpp"

namespace spikefit::engine::bg::cuda {

using spikefit::engine::cuda::check_cuda;

bool bg_kernel_image_available();
// One block per trial: trials[0 .. count) and arena_offsets[0 .. count) in device memory, trial
// k's arena at arenas + arena_offsets[k].
void launch_bg_trials(const BgFlatTrial* trials, char* arenas, const uint64_t* arena_offsets,
                      uint32_t count, int block_size, cudaStream_t stream);

}  // namespace spikefit::engine::bg::cuda
