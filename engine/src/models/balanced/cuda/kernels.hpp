#pragma once

// Host entry points of the balanced model's CUDA kernels.

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "cuda/check_cuda.hpp"
#include "models/balanced/cuda/device_layout.hpp"

namespace spikefit::engine::cuda {

// trial_kernel.cu: shared memory taken by the descriptor copy and the block's scalars (the
// working arrays of the SharedPlan come after it).
std::size_t shared_bytes_fixed();
void configure_simulation_kernel(std::size_t shared_bytes);
int resident_blocks_per_sm(int block_size, std::size_t shared_bytes);
// One block per trial: trials[0 .. count) in device memory.
void launch_simulation(const TrialDescriptor* trials, uint32_t count, int block_size,
                       std::size_t shared_bytes, cudaStream_t stream);

// connectivity_kernels.cu: jobs[0 .. count) in device memory. The count pass fills row_length of
// in-degree and Bernoulli jobs (other jobs are skipped); the fill pass writes every job's targets
// (offsets must be set by then).
void launch_row_count(const ConnectivityJob* jobs, uint32_t count, cudaStream_t stream);
void launch_row_fill(const ConnectivityJob* jobs, uint32_t count, cudaStream_t stream);

}  // namespace spikefit::engine::cuda
