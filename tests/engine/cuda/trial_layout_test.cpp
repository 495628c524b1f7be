// Host side of the CUDA backend, without a device: descriptors, shared-memory plan, batch split.
#include "models/balanced/cuda/trial_layout.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "models/balanced/model_constants.hpp"
#include "test_networks.hpp"

namespace spikefit::engine::cuda {
namespace {

constexpr std::size_t kFixed = 4096;

TEST(SharedPlan, FillsSpikeListThenCountsThenStateWithinTheBudget) {
  // 1000 neurons, 2000 channel neurons: list 4000 B, counts 8000 B, state 2*8000+2*16000+4000.
  const SharedPlan all = plan_shared_memory(1000, 2000, kFixed, 1 << 20);
  EXPECT_TRUE(all.spike_list_in_shared && all.counts_in_shared && all.state_in_shared);
  EXPECT_EQ(all.bytes, kFixed + 4000 + 8000 + 52000);
  const SharedPlan counts = plan_shared_memory(1000, 2000, kFixed, kFixed + 4000 + 8000 + 51999);
  EXPECT_TRUE(counts.spike_list_in_shared && counts.counts_in_shared);
  EXPECT_FALSE(counts.state_in_shared);
  EXPECT_EQ(counts.bytes, kFixed + 12000);
  const SharedPlan none = plan_shared_memory(1000, 2000, kFixed, kFixed + 3999);
  EXPECT_FALSE(none.spike_list_in_shared || none.counts_in_shared || none.state_in_shared);
  EXPECT_EQ(none.bytes, kFixed);
}

TEST(TrialLayout, SnopsCbnChannelsFollowProjectionOrderPerPopulation) {
  const NetworkSpec net = testing::bundled_network("snops_cbn");
  const TrialLayout layout = build_trial_layout(net, 5, kFixed, 96 * 1024, false);
  const TrialDescriptor& d = layout.descriptor;
  ASSERT_EQ(d.n_populations, 2u);
  ASSERT_EQ(d.n_channels, 6u);
  ASSERT_EQ(d.n_inputs, 1u);
  EXPECT_EQ(d.n_neurons, 3125u);
  EXPECT_EQ(d.channel_neurons, 3 * 2500u + 3 * 625u);
  EXPECT_EQ(d.steps, net.steps());
  EXPECT_EQ(d.spike_cap, spike_cap(net));
  // Projections EX EE EI IX IE II: into E 0,1,2 (the MEX's X, E, I sum order); into I 3,4,5.
  EXPECT_EQ(d.populations[0].in_count, 3u);
  EXPECT_EQ(d.populations[1].in_count, 3u);
  const uint8_t into[6] = {0, 1, 2, 3, 4, 5};
  for (int q = 0; q < 6; ++q) EXPECT_EQ(d.in_list[q], into[q]);
  // Out of E: EE, IE; out of I: EI, II; out of X: EX, IX.
  EXPECT_EQ(d.populations[0].out_count, 2u);
  EXPECT_EQ(d.out_list[d.populations[0].first_out], 1);
  EXPECT_EQ(d.out_list[d.populations[0].first_out + 1], 4);
  EXPECT_EQ(d.out_list[d.populations[1].first_out], 2);
  EXPECT_EQ(d.out_list[d.inputs[0].first_out], 0);
  EXPECT_EQ(d.out_list[d.inputs[0].first_out + 1], 3);
  EXPECT_EQ(d.channels[3].state_offset, 3 * 2500u);
  for (uint32_t k = 0; k < 6; ++k) {
    EXPECT_EQ(d.channels[k].kick, projection_kick(net, net.projections[k]));
    EXPECT_EQ(d.channels[k].targets_are_16bit, 1u);
    EXPECT_EQ(layout.jobs[k].degree, net.projections[k].degree);
    ASSERT_EQ(layout.offsets[k].size(), d.channels[k].n_pre + 1);
    EXPECT_EQ(layout.offsets[k].back(), d.channels[k].n_pre * net.projections[k].degree);
  }
  EXPECT_DOUBLE_EQ(d.inputs[0].mean, 10.0 * 1e-3 * 2500 * 0.05);
  // 140.5 s: (140500 - 500) / 200 = 700 count bins of the 2500 E cells; 1-ms activity bins.
  EXPECT_EQ(d.count_bins, 700u);
  EXPECT_EQ(d.count_neurons, 2500u);
  EXPECT_EQ(d.activity_bins, 140500u);
  EXPECT_EQ(d.burn_in_step, 10000u);
  // SNOPS: spike list and counts in shared memory, the 212 KB of state in global memory.
  EXPECT_TRUE(d.shared.spike_list_in_shared && d.shared.counts_in_shared);
  EXPECT_FALSE(d.shared.state_in_shared);
  EXPECT_FALSE(layout.has_counted_rows());
}

TEST(TrialLayout, RefusesNetworksBeyondItsLimitsByName) {
  nlohmann::json network = testing::config_network("snops_cbn");
  nlohmann::json projections = network["projections"];
  for (int copy = 0; copy < 2; ++copy) {
    for (auto p : network["projections"]) {
      p["name"] = p["name"].get<std::string>() + std::to_string(copy);
      projections.push_back(p);
    }
  }
  network["projections"] = projections;  // 18 projections
  const NetworkSpec net = parse_network_spec(network);
  try {
    build_trial_layout(net, 1, kFixed, 96 * 1024, false);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("18 projections (at most 16)"), std::string::npos)
        << e.what();
  }
}

TEST(TrialLayout, RasterCapacityBoundsTheSpikesOfTheRasterNeurons) {
  nlohmann::json network = testing::config_network("snops_cbn");
  network["simulation"]["duration_ms"] = 1000;
  network["recording"]["raster"] = {{"population", "I"}, {"neurons", 10}};
  const NetworkSpec net = parse_network_spec(network);
  // I: t_ref 0.5 ms = 10 steps at dt 0.05; 19999 simulated steps + step 0 -> ceil(20000/10).
  EXPECT_EQ(raster_capacity(net), 10u * 2000u);
  network["recording"].erase("raster");
  EXPECT_EQ(raster_capacity(parse_network_spec(network)), 0u);
}

TEST(TrialLayout, CountedRulesHaveNoHostOffsets) {
  nlohmann::json network = testing::config_network("snops_cbn");
  base::resolve_path(network, "projections.IE.connectivity") = {{"rule", "fixed_in_degree"},
                                                                {"in_degree", 40}};
  base::resolve_path(network, "projections.II.connectivity") = {{"rule", "bernoulli"},
                                                                {"probability", 0.1}};
  const NetworkSpec net = parse_network_spec(network);
  const TrialLayout layout = build_trial_layout(net, 1, kFixed, 96 * 1024, false);
  EXPECT_TRUE(layout.has_counted_rows());
  EXPECT_TRUE(layout.offsets[4].empty());
  EXPECT_EQ(layout.known_synapses[4], 625u * 40u);
  EXPECT_TRUE(layout.offsets[5].empty());
  EXPECT_EQ(layout.known_synapses[5], 0u);
  EXPECT_EQ(layout.jobs[5].rule, RowRule::kBernoulli);
  EXPECT_DOUBLE_EQ(layout.jobs[5].log_q, std::log1p(-0.1));
  // The byte estimate grows with what the trial needs (Bernoulli at its expected size).
  const TrialBytes with_state = trial_bytes(build_trial_layout(net, 1, kFixed, 96 * 1024, true));
  EXPECT_GT(with_state.work, trial_bytes(layout).work);
}

TEST(SplitBatch, RespectsTheTrialAndByteLimitsAndKeepsOrder) {
  const std::vector<std::size_t> bytes = {10, 10, 10, 50, 10, 10, 10};
  using Groups = std::vector<std::pair<std::size_t, std::size_t>>;
  EXPECT_EQ(split_batch(bytes, 3, 1000), (Groups{{0, 3}, {3, 6}, {6, 7}}));
  EXPECT_EQ(split_batch(bytes, 100, 40), (Groups{{0, 3}, {3, 4}, {4, 7}}));
  // A trial above the budget still gets a launch of its own (the allocation then says if it fits).
  EXPECT_EQ(split_batch(bytes, 100, 5),
            (Groups{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}}));
  EXPECT_TRUE(split_batch({}, 3, 10).empty());
}

}  // namespace
}  // namespace spikefit::engine::cuda
