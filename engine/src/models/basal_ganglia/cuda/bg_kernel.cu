// The BG network kernel: one thread block per trial, threads striding over its cells, every step
// of the run in one launch (bg_flat_trial.hpp). Spike totals per step go through a 3-slot ring in
// shared memory so every thread takes the same stop decision without a second barrier.
#include "models/basal_ganglia/cuda/bg_kernels.hpp"

namespace spikefit::engine::bg::cuda {

namespace {

__device__ void record_result(BgFlatResult* r, uint64_t total, uint64_t steps, BgFlatStatus status,
                              uint32_t bad_cell) {
  r->total_spikes = total;
  r->steps_simulated = steps;
  r->status = status;
  r->error_cell = bad_cell;
}

__global__ void __launch_bounds__(1024)
    bg_trial_kernel(const BgFlatTrial* trials, char* arenas, const uint64_t* arena_offsets) {
  __shared__ alignas(16) unsigned char trial_bytes[sizeof(BgFlatTrial)];
  __shared__ unsigned long long step_spikes[3];
  __shared__ unsigned int bad_cell;
  BgFlatTrial& t = *reinterpret_cast<BgFlatTrial*>(trial_bytes);
  {
    const auto* from = reinterpret_cast<const uint64_t*>(&trials[blockIdx.x]);
    auto* to = reinterpret_cast<uint64_t*>(trial_bytes);
    for (uint32_t k = threadIdx.x; k < sizeof(BgFlatTrial) / 8; k += blockDim.x) to[k] = from[k];
  }
  if (threadIdx.x == 0) {
    step_spikes[0] = step_spikes[1] = step_spikes[2] = 0;
    bad_cell = kBgNoCell;
  }
  __syncthreads();

  char* arena = arenas + arena_offsets[blockIdx.x];
  BgFlatResult* result = bg_at<BgFlatResult>(arena, t.result_at);
  uint64_t* raster = bg_at<uint64_t>(arena, t.raster_at);
  uint32_t* activity = bg_at<uint32_t>(arena, t.activity_at);
  const uint64_t* dbs_onsets = bg_at<uint64_t>(arena, t.dbs.onsets_at);
  const uint64_t* smc_onsets = bg_at<uint64_t>(arena, t.smc.onsets_at);
  uint64_t dbs_next = 0, smc_next = 0;
  uint64_t total = 0, steps_done = 0;
  BgFlatStatus status = BgFlatStatus::kOk;

  for (uint64_t i = 1; i < t.steps; ++i) {
    if (threadIdx.x == 0) step_spikes[(i + 1) % 3] = 0;
    const double dbs = bg_pulse_current(t.dbs, dbs_onsets, i, dbs_next);
    const double smc = bg_pulse_current(t.smc, smc_onsets, i, smc_next);
    for (uint32_t cell = threadIdx.x; cell < t.neurons; cell += blockDim.x) {
      const uint32_t p = bg_population_of(t, cell);
      if (bg_step_cell(t, arena, p, cell - t.pop[p].offset, i, dbs, smc)) {
        const unsigned long long slot =
            atomicAdd(reinterpret_cast<unsigned long long*>(&result->raster_count), 1ull);
        raster[slot] = bg_raster_word(i, cell);
        atomicAdd(&activity[uint64_t{p} * t.activity_bins + activity_bin(i, t.activity_bin_steps)],
                  1u);
        atomicAdd(&step_spikes[i % 3], 1ull);
      }
      if (i % 1000 == 0 && !bg_cell_finite(t, arena, cell)) atomicMin(&bad_cell, cell);
    }
    __syncthreads();
    total += step_spikes[i % 3];
    steps_done = i;
    if (total >= t.spike_cap) {
      for (uint32_t cell = threadIdx.x; cell < t.neurons; cell += blockDim.x) {
        if (!bg_cell_finite(t, arena, cell)) atomicMin(&bad_cell, cell);
      }
      __syncthreads();
      status = bad_cell != kBgNoCell ? BgFlatStatus::kError : BgFlatStatus::kRunaway;
      break;
    }
    if (i % 1000 == 0 && bad_cell != kBgNoCell) {
      status = BgFlatStatus::kError;
      break;
    }
  }
  if (status == BgFlatStatus::kOk) {
    for (uint32_t cell = threadIdx.x; cell < t.neurons; cell += blockDim.x) {
      if (!bg_cell_finite(t, arena, cell)) atomicMin(&bad_cell, cell);
    }
    __syncthreads();
    if (bad_cell != kBgNoCell) status = BgFlatStatus::kError;
  }
  if (threadIdx.x == 0) record_result(result, total, steps_done, status, bad_cell);
}

}  // namespace

bool bg_kernel_image_available() {
  cudaFuncAttributes attributes;
  return cudaFuncGetAttributes(&attributes, bg_trial_kernel) == cudaSuccess;
}

void launch_bg_trials(const BgFlatTrial* trials, char* arenas, const uint64_t* arena_offsets,
                      uint32_t count, int block_size, cudaStream_t stream) {
  bg_trial_kernel<<<count, block_size, 0, stream>>>(trials, arenas, arena_offsets);
  check_cuda(cudaGetLastError(), "launching the BG trial kernel");
}

}  // namespace spikefit::engine::bg::cuda
