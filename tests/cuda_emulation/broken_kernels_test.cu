// The CUDA emulation's own checks: deliberately broken kernels (a removed barrier, a ballot mask
// that excludes active lanes, an out-of-range shared index, a host pointer, a deadlock) are
// caught, and correct collectives give the device's results. Compiled as C++ against the layer
// (ctest label gpu-emulated).
#include <cuda_runtime.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using spikefit::cuda_emulation::Schedule;
using spikefit::cuda_emulation::ScheduleKind;

// out[i] = sum of in over the block, by a shared-memory tree reduction; `barrier` false removes
// the barrier between the levels of the tree.
// (Dynamic shared memory, which the layer fills with 0xFF bytes for every block as the device
// leaves it uninitialised.)
__global__ void block_sum_kernel(const int* in, int* out, bool barrier) {
  extern __shared__ int partial[];
  partial[threadIdx.x] = in[threadIdx.x];
  if (barrier) __syncthreads();
  for (unsigned half = 32; half > 0; half /= 2) {
    if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
    if (barrier) __syncthreads();
  }
  out[threadIdx.x] = partial[0];
}

__global__ void ballot_kernel(unsigned mask, unsigned* out) {
  out[threadIdx.x] = __ballot_sync(mask, threadIdx.x % 3 == 0);
}

__global__ void shuffle_kernel(int* out) {
  const int lane = static_cast<int>(threadIdx.x % 32);
  const int from_lane_5 = __shfl_sync(0xFFFFFFFFu, lane * 10, 5);
  const int down = __shfl_down_sync(0xFFFFFFFFu, lane, 1);
  out[threadIdx.x] = from_lane_5 + 1000 * down;
}

__global__ void shared_index_kernel(int* out, unsigned index) {
  extern __shared__ int words[];
  words[threadIdx.x] = 1;
  __syncthreads();
  if (threadIdx.x == 0) out[0] = words[index];
}

__global__ void divergent_barrier_kernel(int* out) {
  if (threadIdx.x < 16) {
    __syncthreads();
  } else {
    __syncthreads();
  }
  out[threadIdx.x] = 1;
}

__global__ void deadlock_kernel(int* out) {
  if (threadIdx.x == 0) return;
  __shfl_sync(0xFFFFFFFFu, 1, 0);  // lane 0 exited before: its value cannot be read
  out[threadIdx.x] = 1;
}

// Lanes 0-15 wait in a full-warp shuffle for lanes 16-31, which wait at the block barrier.
__global__ void deadlocking_kernel(int* out) {
  if (threadIdx.x < 16) out[threadIdx.x] = __shfl_sync(0xFFFFFFFFu, 1, 0);
  __syncthreads();
}

template <class T>
T* device_array(std::size_t n) {
  T* p = nullptr;
  EXPECT_EQ(cudaMalloc(&p, n * sizeof(T)), cudaSuccess);
  return p;
}

template <class T>
std::vector<T> copy_back(const T* device, std::size_t n) {
  std::vector<T> host(n);
  EXPECT_EQ(cudaMemcpy(host.data(), device, n * sizeof(T), cudaMemcpyDeviceToHost), cudaSuccess);
  return host;
}

// The last error's code and description ("" when none).
std::pair<cudaError_t, std::string> last_error() {
  const cudaError_t e = cudaGetLastError();
  return {e, e == cudaSuccess ? "" : cudaGetErrorString(e)};
}

std::vector<int> block_sums(bool barrier, const Schedule& schedule) {
  spikefit::cuda_emulation::set_schedule(schedule);
  std::vector<int> in(64);
  for (int i = 0; i < 64; ++i) in[static_cast<std::size_t>(i)] = i + 1;
  int* d_in = device_array<int>(64);
  int* d_out = device_array<int>(64);
  cudaMemcpy(d_in, in.data(), 64 * sizeof(int), cudaMemcpyHostToDevice);
  block_sum_kernel<<<1, 64, 64 * sizeof(int)>>>(d_in, d_out, barrier);
  EXPECT_EQ(last_error().first, cudaSuccess);
  std::vector<int> out = copy_back(d_out, 64);
  cudaFree(d_in);
  cudaFree(d_out);
  spikefit::cuda_emulation::set_schedule(Schedule{});
  return out;
}

TEST(CudaEmulation, ABlockReductionWithItsBarriersIsRightInEverySchedule) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    for (int v : block_sums(true, Schedule{ScheduleKind::kRandom, seed, 0.5})) EXPECT_EQ(v, 2080);
  }
  for (int v : block_sums(true, Schedule{})) EXPECT_EQ(v, 2080);
}

TEST(CudaEmulation, TheRandomScheduleCatchesARemovedBarrier) {
  bool wrong = false;
  for (uint64_t seed = 1; seed <= 5 && !wrong; ++seed) {
    for (int v : block_sums(false, Schedule{ScheduleKind::kRandom, seed, 0.5})) wrong |= v != 2080;
  }
  EXPECT_TRUE(wrong) << "a reduction without barriers gave the right sum in 5 random schedules";
}

TEST(CudaEmulation, BallotAndShuffleGiveTheDevicesResults) {
  unsigned* d_ballot = device_array<unsigned>(64);
  ballot_kernel<<<1, 64>>>(0xFFFFFFFFu, d_ballot);
  ASSERT_EQ(last_error().first, cudaSuccess);
  unsigned expected = 0;
  for (unsigned lane = 0; lane < 32; lane += 3) expected |= 1u << lane;
  // Warp 1's lanes are threads 32-63: thread 32 + l is a multiple of 3 when l % 3 == 2.
  unsigned expected_warp1 = 0;
  for (unsigned lane = 0; lane < 32; ++lane) expected_warp1 |= ((32 + lane) % 3 == 0) << lane;
  const auto ballots = copy_back(d_ballot, 64);
  EXPECT_EQ(ballots[0], expected);
  EXPECT_EQ(ballots[31], expected);
  EXPECT_EQ(ballots[40], expected_warp1);
  cudaFree(d_ballot);

  int* d_shuffle = device_array<int>(32);
  shuffle_kernel<<<1, 32>>>(d_shuffle);
  ASSERT_EQ(last_error().first, cudaSuccess);
  const auto shuffled = copy_back(d_shuffle, 32);
  EXPECT_EQ(shuffled[0], 50 + 1000 * 1);
  EXPECT_EQ(shuffled[30], 50 + 1000 * 31);
  EXPECT_EQ(shuffled[31], 50 + 1000 * 31);  // no lane above: its own value
  cudaFree(d_shuffle);
}

TEST(CudaEmulation, ABallotMaskThatExcludesActiveLanesIsAnError) {
  unsigned* d_out = device_array<unsigned>(32);
  ballot_kernel<<<1, 32>>>(0x0000FFFFu, d_out);
  const auto [error, text] = last_error();
  EXPECT_EQ(error, cudaErrorLaunchFailure);
  EXPECT_NE(text.find("__ballot_sync"), std::string::npos) << text;
  EXPECT_NE(text.find("excludes the calling lane 16"), std::string::npos) << text;
  cudaFree(d_out);
}

TEST(CudaEmulation, AnOutOfRangeSharedIndexIsAnIllegalAddress) {
  int* d_out = device_array<int>(1);
  shared_index_kernel<<<1, 32, 32 * sizeof(int)>>>(d_out, 31);
  ASSERT_EQ(last_error().first, cudaSuccess);
  EXPECT_EQ(copy_back(d_out, 1)[0], 1);
  shared_index_kernel<<<1, 32, 32 * sizeof(int)>>>(d_out, 32);  // one past the end
  const auto [error, text] = last_error();
  EXPECT_EQ(error, cudaErrorIllegalAddress);
  EXPECT_NE(text.find("past the end of the block's 128 bytes of dynamic shared memory"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("thread (0,0,0)"), std::string::npos) << text;
  cudaFree(d_out);
}

TEST(CudaEmulation, AHostPointerArgumentIsRefused) {
  std::vector<int> host(32);
  divergent_barrier_kernel<<<1, 32>>>(host.data());
  const auto [error, text] = last_error();
  EXPECT_EQ(error, cudaErrorInvalidValue);
  EXPECT_NE(text.find("argument 1"), std::string::npos) << text;
  EXPECT_NE(text.find("not device memory"), std::string::npos) << text;
}

TEST(CudaEmulation, BarriersInDivergentCodeAreAnError) {
  int* d_out = device_array<int>(32);
  divergent_barrier_kernel<<<1, 32>>>(d_out);
  const auto [error, text] = last_error();
  EXPECT_EQ(error, cudaErrorLaunchFailure);
  EXPECT_NE(text.find("different barriers"), std::string::npos) << text;
  cudaFree(d_out);
}

TEST(CudaEmulation, ReadingAnExitedLaneAndDeadlocksAreReportedNotHung) {
  int* d_out = device_array<int>(64);
  deadlock_kernel<<<1, 32>>>(d_out);
  auto [error, text] = last_error();
  EXPECT_EQ(error, cudaErrorLaunchFailure);
  EXPECT_NE(text.find("reads lane 0, which is not taking part"), std::string::npos) << text;

  deadlocking_kernel<<<1, 32>>>(d_out);
  std::tie(error, text) = last_error();
  EXPECT_EQ(error, cudaErrorLaunchFailure);
  EXPECT_NE(text.find("deadlock in block (0,0,0)"), std::string::npos) << text;
  EXPECT_NE(text.find("threads 0-15 wait in __shfl_sync"), std::string::npos) << text;
  EXPECT_NE(text.find("threads 16-31 wait in __syncthreads"), std::string::npos) << text;
  cudaFree(d_out);
}

__global__ void half_barrier_kernel(int* out) {
  if (threadIdx.x >= 8) return;
  out[threadIdx.x] = __shfl_sync(0x0000FFFFu, 1, 9);
}

TEST(CudaEmulation, AWarpCollectiveNamingALaneThatNeverComesIsReported) {
  int* d_out = device_array<int>(32);
  half_barrier_kernel<<<1, 32>>>(d_out);
  const auto [error, text] = last_error();
  EXPECT_EQ(error, cudaErrorLaunchFailure);
  EXPECT_NE(text.find("__shfl_sync"), std::string::npos) << text;
  cudaFree(d_out);
}

TEST(CudaEmulation, DeviceMemoryOverrunsAndBadCopiesAreCaught) {
  int* d = device_array<int>(10);
  std::vector<int> host(20);
  EXPECT_EQ(cudaMemcpy(d, host.data(), 20 * sizeof(int), cudaMemcpyHostToDevice),
            cudaErrorInvalidValue);
  EXPECT_NE(std::string(cudaGetErrorString(cudaErrorInvalidValue)).find("run past the end"),
            std::string::npos);
  cudaGetLastError();
  EXPECT_EQ(cudaMemcpy(host.data(), host.data() + 10, 4, cudaMemcpyDeviceToHost),
            cudaErrorInvalidValue);
  cudaGetLastError();
  EXPECT_EQ(cudaFree(d), cudaSuccess);
  EXPECT_EQ(cudaFree(d), cudaErrorInvalidValue);  // double free
  cudaGetLastError();
}

}  // namespace
