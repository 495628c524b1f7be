#include <gtest/gtest.h>

#include <set>

#include "models/basal_ganglia/bg_wiring.hpp"

namespace spikefit::engine::bg {
namespace {

TEST(BgWiring, FixedInDegreeDistinctAndNoSelf) {
  const BgNetworkSpec net = parse_bg_network(so2012_network_json(false, false));
  for (uint32_t k = 0; k < net.pathways.size(); ++k) {
    const BgPathway& w = net.pathways[k];
    const BgWiring wiring = wire_pathway(net, k, 42);
    const uint32_t n_post = net.populations[w.post].size;
    ASSERT_EQ(wiring.offsets.size(), n_post + 1);
    for (uint32_t j = 0; j < n_post; ++j) {
      ASSERT_EQ(wiring.offsets[j + 1] - wiring.offsets[j], w.in_degree) << w.name;
      std::set<uint32_t> pre(wiring.pre.begin() + wiring.offsets[j],
                             wiring.pre.begin() + wiring.offsets[j + 1]);
      EXPECT_EQ(pre.size(), w.in_degree) << w.name << " post " << j;
      for (uint32_t i : pre) EXPECT_LT(i, net.populations[w.pre].size);
      if (w.pre == w.post) {
        EXPECT_EQ(pre.count(j), 0u) << "self connection in " << w.name;
      }
      if (w.one_to_one) {
        EXPECT_EQ(*pre.begin(), j);
      }
    }
  }
}

TEST(BgWiring, DeterministicPerSeedAndUsesEveryPreCell) {
  const BgNetworkSpec net = parse_bg_network(so2012_network_json(false, false));
  const BgWiring a = wire_pathway(net, 1, 7), b = wire_pathway(net, 1, 7),
                 c = wire_pathway(net, 1, 8);
  EXPECT_EQ(a.pre, b.pre);
  EXPECT_NE(a.pre, c.pre);
  // STN->GPe: 200 draws from 50 STN cells; every cell is picked (P(miss) ~ 50 e^-4).
  std::set<uint32_t> used(a.pre.begin(), a.pre.end());
  EXPECT_GE(used.size(), 45u);
}

TEST(BgWiring, SelfAllowedWhenAsked) {
  nlohmann::json doc = so2012_network_json(false, false, 3, 3, 3, 3);
  doc["pathways"][2]["in_degree"] = 3;
  doc["pathways"][2]["allow_self"] = true;
  const BgNetworkSpec net = parse_bg_network(doc);
  const BgWiring w = wire_pathway(net, 2, 1);
  for (uint32_t j = 0; j < 3; ++j) {
    std::set<uint32_t> pre(w.pre.begin() + w.offsets[j], w.pre.begin() + w.offsets[j + 1]);
    EXPECT_EQ(pre, (std::set<uint32_t>{0, 1, 2}));
  }
}

}  // namespace
}  // namespace spikefit::engine::bg
