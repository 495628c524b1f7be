// The update rules shared by the CPU and CUDA backends give the same bits on the device as on the
// host (same expressions, FMA contraction off for device code in this target). Skipped when no
// CUDA device is present; CI compiles it with nvcc.
#include <cuda_runtime.h>
#include <gtest/gtest.h>

#include <vector>

#include "models/balanced/connectivity.hpp"
#include "models/balanced/neuron_models.hpp"
#include "models/balanced/synapse_models.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine {
namespace {

constexpr int kSteps = 2000;
constexpr double kDt = 0.05;

// One neuron and one synapse per thread, driven by a per-thread kick train; records V each step.
SPIKEFIT_HD void run_neuron(int thread, IntegrateFireConstants c, SynapseConstants s,
                            double* v_out) {
  double v = -65.0 + 0.01 * thread, current = 0.0, derivative = 0.0;
  int32_t refractory = 0;
  for (int i = 0; i < kSteps; ++i) {
    synapse_step(s, kDt, current, derivative);
    if ((i + thread) % 7 == 0) derivative += synapse_kick(s, 3.0 + 0.1 * thread);
    integrate_fire_step(c, kDt, current, v, refractory);
    v_out[thread * kSteps + i] = v;
  }
}

__global__ void neuron_kernel(IntegrateFireConstants c, SynapseConstants s, double* v_out) {
  run_neuron(threadIdx.x, c, s, v_out);
}

__global__ void random_kernel(uint32_t* targets) {
  const Lattice lattice{50, 50};
  const uint32_t k = threadIdx.x;
  targets[k] = gaussian_out_target(77, rng_stream(RngPurpose::kConnectivity, 1), 123, k, lattice,
                                   lattice, 0.1);
}

bool device_present() {
  int count = 0;
  return cudaGetDeviceCount(&count) == cudaSuccess && count > 0;
}

TEST(SharedRulesGpu, NeuronAndSynapseTrajectoriesMatchTheHost) {
  if (!device_present()) GTEST_SKIP() << "no CUDA device";
  IntegrateFireConstants c;
  c.g_L = 1.0 / 15;
  const SynapseConstants s = make_synapse_constants(SynapseKind::kSecondOrder, 1.0, 5.0);
  constexpr int kThreads = 64;
  std::vector<double> host(kThreads * kSteps), device(kThreads * kSteps);
  for (int t = 0; t < kThreads; ++t) run_neuron(t, c, s, host.data());
  double* d_v = nullptr;
  ASSERT_EQ(cudaMalloc(&d_v, device.size() * sizeof(double)), cudaSuccess);
  neuron_kernel<<<1, kThreads>>>(c, s, d_v);
  ASSERT_EQ(cudaMemcpy(device.data(), d_v, device.size() * sizeof(double), cudaMemcpyDeviceToHost),
            cudaSuccess);
  cudaFree(d_v);
  // exp may differ in the last bit between glibc and CUDA's libdevice; the rest is exact.
  for (std::size_t i = 0; i < host.size(); ++i) ASSERT_NEAR(device[i], host[i], 1e-9) << i;
}

TEST(SharedRulesGpu, ConnectivityDrawsAreIdentical) {
  if (!device_present()) GTEST_SKIP() << "no CUDA device";
  constexpr int kTargets = 256;
  std::vector<uint32_t> device(kTargets);
  uint32_t* d_t = nullptr;
  ASSERT_EQ(cudaMalloc(&d_t, kTargets * sizeof(uint32_t)), cudaSuccess);
  random_kernel<<<1, kTargets>>>(d_t);
  ASSERT_EQ(cudaMemcpy(device.data(), d_t, kTargets * sizeof(uint32_t), cudaMemcpyDeviceToHost),
            cudaSuccess);
  cudaFree(d_t);
  const Lattice lattice{50, 50};
  for (uint32_t k = 0; k < kTargets; ++k) {
    EXPECT_EQ(device[k], gaussian_out_target(77, rng_stream(RngPurpose::kConnectivity, 1), 123, k,
                                             lattice, lattice, 0.1));
  }
}

}  // namespace
}  // namespace spikefit::engine
