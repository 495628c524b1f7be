// Per-trial connectivity on the device, from the row generators the CPU backend uses
// (connectivity.hpp), so every row holds the same targets as on the CPU for the same seed. Rows
// are left in draw order (fixed out-degree) or in the order of the atomics that place them
// (fixed in-degree): spike delivery counts arrivals, so the order within a row does not change
// any result, and the device does not sort.
#include <cuda_runtime.h>

#include "models/balanced/connectivity.hpp"
#include "models/balanced/cuda/device_layout.hpp"
#include "models/balanced/cuda/kernels.hpp"

namespace spikefit::engine::cuda {

namespace {

constexpr int kThreads = 256;
constexpr int kBlocksPerJob = 64;

__device__ void store(const ConnectivityJob& job, uint64_t at, uint32_t target) {
  if (job.targets16 != nullptr) {
    job.targets16[at] = static_cast<uint16_t>(target);
  } else {
    job.targets32[at] = target;
  }
}

__device__ uint64_t grid_stride_start() {
  return uint64_t{blockIdx.x} * blockDim.x + threadIdx.x;
}

__device__ uint64_t grid_stride() {
  return uint64_t{gridDim.x} * blockDim.x;
}

__global__ void row_count_kernel(const ConnectivityJob* jobs) {
  const ConnectivityJob& job = jobs[blockIdx.y];
  if (job.rule == RowRule::kFixedInDegree) {
    const uint64_t n = uint64_t{job.n_post} * job.degree;
    for (uint64_t e = grid_stride_start(); e < n; e += grid_stride()) {
      const uint32_t post = static_cast<uint32_t>(e / job.degree);
      const uint32_t k = static_cast<uint32_t>(e % job.degree);
      atomicAdd(&job.row_length[fixed_in_degree_source(job.seed, job.stream, post, k, job.n_pre)],
                1u);
    }
  } else if (job.rule == RowRule::kBernoulli) {
    for (uint64_t j = grid_stride_start(); j < job.n_pre; j += grid_stride()) {
      uint32_t length = 0;
      if (job.probability >= 1.0) {
        length = job.n_post;
      } else if (job.probability > 0.0) {
        BernoulliRow row(job.seed, job.stream, static_cast<uint32_t>(j), job.n_post, job.log_q);
        while (row.next() < job.n_post) ++length;
      }
      job.row_length[j] = length;
    }
  }
}

__global__ void row_fill_kernel(const ConnectivityJob* jobs) {
  const ConnectivityJob& job = jobs[blockIdx.y];
  if (job.rule == RowRule::kFixedOutDegree) {
    const uint64_t n = uint64_t{job.n_pre} * job.degree;
    for (uint64_t e = grid_stride_start(); e < n; e += grid_stride()) {
      const uint32_t pre = static_cast<uint32_t>(e / job.degree);
      const uint32_t k = static_cast<uint32_t>(e % job.degree);
      store(job, e,
            fixed_out_degree_target(job.seed, job.stream, pre, k, job.wrapped_gaussian != 0,
                                    job.pre_lattice, job.post_lattice, job.sigma, job.n_post));
    }
  } else if (job.rule == RowRule::kFixedInDegree) {
    const uint64_t n = uint64_t{job.n_post} * job.degree;
    for (uint64_t e = grid_stride_start(); e < n; e += grid_stride()) {
      const uint32_t post = static_cast<uint32_t>(e / job.degree);
      const uint32_t k = static_cast<uint32_t>(e % job.degree);
      const uint32_t pre = fixed_in_degree_source(job.seed, job.stream, post, k, job.n_pre);
      store(job, job.offsets[pre] + atomicAdd(&job.row_cursor[pre], 1u), post);
    }
  } else {
    for (uint64_t j = grid_stride_start(); j < job.n_pre; j += grid_stride()) {
      uint64_t at = job.offsets[j];
      if (job.probability >= 1.0) {
        for (uint32_t i = 0; i < job.n_post; ++i) store(job, at++, i);
      } else if (job.probability > 0.0) {
        BernoulliRow row(job.seed, job.stream, static_cast<uint32_t>(j), job.n_post, job.log_q);
        for (uint32_t t = row.next(); t < job.n_post; t = row.next()) store(job, at++, t);
      }
    }
  }
}

}  // namespace

void launch_row_count(const ConnectivityJob* jobs, uint32_t count, cudaStream_t stream) {
  if (count == 0) return;
  row_count_kernel<<<dim3(kBlocksPerJob, count), kThreads, 0, stream>>>(jobs);
  check_cuda(cudaGetLastError(), "launching the connectivity count kernel");
}

void launch_row_fill(const ConnectivityJob* jobs, uint32_t count, cudaStream_t stream) {
  if (count == 0) return;
  row_fill_kernel<<<dim3(kBlocksPerJob, count), kThreads, 0, stream>>>(jobs);
  check_cuda(cudaGetLastError(), "launching the connectivity fill kernel");
}

}  // namespace spikefit::engine::cuda
