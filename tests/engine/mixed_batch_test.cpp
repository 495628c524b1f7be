// One Ensemble and one backend selector for every model: a batch may mix the models, and each
// trial's recording is its own network's CPU reference, whatever else the batch holds.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "recording_compare.hpp"
#include "spikefit/engine/backend.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network.hpp"
#include "test_networks.hpp"

namespace spikefit::engine {
namespace {

std::shared_ptr<const Network> small_balanced() {
  return make_network(parse_network_spec(testing::small_snops_network("snops_sbn", 1000.0)));
}

std::shared_ptr<const Network> small_bg() {
  nlohmann::json doc = bg::so2012_network_json(true, true, 5, 10, 8, 8);
  doc["duration_ms"] = 250.0;
  doc["burn_in_ms"] = 50.0;
  return bg::make_network(bg::parse_bg_network(doc));
}

void expect_identical(const TrialRecording& a, const TrialRecording& b) {
  EXPECT_EQ(a.seed, b.seed);
  testing::expect_same_recording(a, b);
}

TEST(Ensemble, OneBatchHoldsNetworksOfEveryModel) {
  const auto balanced = small_balanced();
  const auto bg = small_bg();
  const std::vector<TrialInput> batch = {{bg, 1}, {balanced, 2}, {bg, 3}, {balanced, 4}};
  RunOptions options;
  options.threads = 2;
  std::size_t calls = 0;
  options.on_trial_done = [&calls](std::size_t, std::size_t total) {
    ++calls;
    EXPECT_EQ(total, 4u);
  };
  const SelectedBackend cpu = make_ensemble(BackendChoice::kCpu);
  EXPECT_FALSE(cpu.ensemble->device_name().empty());
  const std::vector<TrialRecording> out = cpu.ensemble->run(batch, options);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(calls, 4u);
  for (std::size_t k = 0; k < batch.size(); ++k) {
    SCOPED_TRACE("trial " + std::to_string(k));
    ASSERT_EQ(out[k].status, TrialStatus::kOk) << out[k].message;
    expect_identical(out[k], batch[k].network->simulate_cpu(batch[k].seed));
  }
  // What each model records: BG pulse onsets and no count matrix; balanced counts.
  EXPECT_EQ(out[0].count_bins, 0u);
  EXPECT_FALSE(out[0].smc_onsets_ms.empty());
  EXPECT_FALSE(out[0].dbs_onsets_ms.empty());
  EXPECT_GT(out[1].count_bins, 0u);
  EXPECT_TRUE(out[1].smc_onsets_ms.empty());
}

TEST(Ensemble, ANetworkIsReadAsItsOwnModelOnly) {
  const auto balanced = small_balanced();
  EXPECT_STREQ(balanced->model(), BalancedNetwork::kModel);
  EXPECT_EQ(network_as<BalancedNetwork>(*balanced).spec().populations.size(), 2u);
  EXPECT_THROW(network_as<bg::BgNetwork>(*balanced), std::logic_error);
  EXPECT_STREQ(small_bg()->model(), bg::BgNetwork::kModel);
}

}  // namespace
}  // namespace spikefit::engine
