// The CUDA backend for BG networks against the CPU reference (ctest label gpu; every test skips
// without a usable device). The kernel runs the same shared rules as the CPU (no FMA contraction
// on either side), but device exp/log/sin may differ from glibc in the last bit, so identity is
// asserted between CUDA runs, and CPU agreement to one step on short runs and in distribution on
// long ones.
#include <gtest/gtest.h>

#include <cmath>

#include "device_scale.hpp"
#include "recording_compare.hpp"
#include "skip_without_device.hpp"
#include "spikefit/engine/cuda_ensemble.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network.hpp"
#include "test_networks.hpp"

namespace spikefit::engine::bg {
namespace {

using nlohmann::json;

BgNetworkSpec network(bool parkinsonian, bool dbs, double duration_ms) {
  json doc = so2012_network_json(parkinsonian, dbs);
  doc["duration_ms"] = duration_ms;
  doc["burn_in_ms"] = std::min(200.0, duration_ms / 2);
  return parse_bg_network(doc);
}

std::vector<TrialInput> batch(const BgNetworkSpec& net, uint64_t first_seed, std::size_t n) {
  std::vector<TrialInput> trials;
  const std::shared_ptr<const Network> network = make_network(net);
  for (std::size_t k = 0; k < n; ++k) trials.push_back({network, first_seed + k});
  return trials;
}

double population_rate_hz(const TrialRecording& r, uint32_t p) {
  uint64_t spikes = 0;
  for (uint32_t n = r.population_offsets[p]; n < r.population_offsets[p + 1]; ++n) {
    spikes += r.spikes_after_burn_in[n];
  }
  const double cells = r.population_offsets[p + 1] - r.population_offsets[p];
  return 1000.0 * static_cast<double>(spikes) / (cells * (r.simulated_ms() - r.burn_in_ms));
}

TEST(BgCudaEnsemble, ShortRunsAgreeWithTheCpuToOneStep) {
  SKIP_WITHOUT_DEVICE();
  for (const auto& [pd, dbs] : {std::pair{false, false}, {true, false}, {true, true}}) {
    const BgNetworkSpec net = network(pd, dbs, 60.0);
    const auto cuda = make_cuda_ensemble()->run(batch(net, 3, 4), {});
    const auto cpu = make_cpu_ensemble()->run(batch(net, 3, 4), {});
    for (std::size_t k = 0; k < cuda.size(); ++k) {
      const TrialRecording& a = cuda[k];
      const TrialRecording& b = cpu[k];
      ASSERT_EQ(a.status, TrialStatus::kOk) << a.message;
      EXPECT_EQ(a.spikes_after_burn_in, b.spikes_after_burn_in);
      ASSERT_EQ(a.raster.size(), b.raster.size());
      for (std::size_t s = 0; s < a.raster.size(); ++s) {
        EXPECT_EQ(a.raster[s].neuron, b.raster[s].neuron);
        EXPECT_NEAR(a.raster[s].time_ms, b.raster[s].time_ms, 0.0101);
      }
      EXPECT_EQ(cuda[k].smc_onsets_ms, cpu[k].smc_onsets_ms);
      EXPECT_EQ(cuda[k].dbs_onsets_ms, cpu[k].dbs_onsets_ms);
    }
  }
}

TEST(BgCudaEnsemble, RunsAreDeterministicAndIndependentOfTheBatch) {
  SKIP_WITHOUT_DEVICE();
  const BgNetworkSpec net = network(true, false, testing::device_or_emulated(300.0, 60.0));
  const std::size_t n = testing::device_or_emulated<std::size_t>(64, 12);
  auto ensemble = make_cuda_ensemble();
  const auto first = ensemble->run(batch(net, 10, n), {});
  const auto second = ensemble->run(batch(net, 10, n), {});
  for (std::size_t k = 0; k < first.size(); ++k) {
    testing::expect_same_recording(first[k], second[k]);
  }
  const std::size_t k = n - 3;
  const auto alone = ensemble->run(batch(net, 10 + k, 1), {});
  testing::expect_same_recording(alone[0], first[k]);
}

TEST(BgCudaEnsemble, LongRunRatesMatchTheCpuInDistribution) {
  SKIP_WITHOUT_DEVICE();
  const BgNetworkSpec net = network(false, false, testing::device_or_emulated(1500.0, 700.0));
  const auto cuda = make_cuda_ensemble()->run(batch(net, 100, 4), {});
  const auto cpu = make_cpu_ensemble()->run(batch(net, 100, 4), {});
  for (uint32_t p = 0; p < 4; ++p) {
    double a = 0.0, b = 0.0;
    for (std::size_t k = 0; k < cuda.size(); ++k) {
      a += population_rate_hz(cuda[k], p) / 4.0;
      b += population_rate_hz(cpu[k], p) / 4.0;
    }
    EXPECT_NEAR(a, b, 0.1 * b + 1.0) << "population " << p;
  }
}

TEST(BgCudaEnsemble, FailingTrialsDoNotDisturbTheirNeighbours) {
  SKIP_WITHOUT_DEVICE();
  const BgNetworkSpec good = network(false, false, 200.0);
  BgNetworkSpec broken = good;
  broken.populations[1].i_app = NAN;
  BgNetworkSpec runaway = good;
  runaway.max_rate_hz = 5.0;
  std::vector<TrialInput> trials = {{make_network(good), 1},
                                    {make_network(broken), 2},
                                    {make_network(runaway), 3},
                                    {make_network(good), 4}};
  auto ensemble = make_cuda_ensemble();
  const auto out = ensemble->run(trials, {});
  // The NaN drive of GPe reaches STN (whose cells come first) by the first check at 10 ms, so
  // the first non-finite cell is not a GPe cell: the message must be the CPU reference's.
  EXPECT_EQ(out[1].status, TrialStatus::kError);
  EXPECT_NE(out[1].message.find("non-finite"), std::string::npos) << out[1].message;
  EXPECT_EQ(out[1].message, trials[1].network->simulate_cpu(trials[1].seed).message);
  EXPECT_EQ(out[2].status, TrialStatus::kRunaway);
  testing::expect_same_recording(out[0], ensemble->run({trials[0]}, {})[0]);
  testing::expect_same_recording(out[3], ensemble->run({trials[3]}, {})[0]);
}

// The CUDA ensemble groups a mixed batch by model: each trial as when its model's trials run
// alone on the same ensemble.
TEST(BgCudaEnsemble, AMixedBatchEqualsEachModelRunAlone) {
  SKIP_WITHOUT_DEVICE();
  json balanced_doc = testing::config_network("snops_sbn");
  balanced_doc["simulation"]["duration_ms"] = 200.0;
  const std::shared_ptr<const Network> balanced =
      engine::make_network(parse_network_spec(balanced_doc));
  const std::shared_ptr<const Network> bg = make_network(network(true, false, 200.0));
  const std::vector<TrialInput> mixed = {{bg, 1}, {balanced, 2}, {bg, 3}, {balanced, 4}};
  auto ensemble = make_cuda_ensemble();
  const auto out = ensemble->run(mixed, {});
  const auto bg_alone = ensemble->run({mixed[0], mixed[2]}, {});
  const auto balanced_alone = ensemble->run({mixed[1], mixed[3]}, {});
  ASSERT_EQ(out.size(), 4u);
  testing::expect_same_recording(out[0], bg_alone[0]);
  testing::expect_same_recording(out[2], bg_alone[1]);
  testing::expect_same_recording(out[1], balanced_alone[0]);
  testing::expect_same_recording(out[3], balanced_alone[1]);
  EXPECT_EQ(out[1].counts, balanced_alone[0].counts);
}

}  // namespace
}  // namespace spikefit::engine::bg
