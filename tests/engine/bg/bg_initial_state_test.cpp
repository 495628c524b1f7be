#include <gtest/gtest.h>

#include <cmath>

#include "models/basal_ganglia/bg_initial_state.hpp"

namespace spikefit::engine::bg {
namespace {

struct Moments {
  double mean = 0, sd = 0;
};

Moments moments(const std::vector<double>& x, std::size_t begin, std::size_t end) {
  Moments m;
  for (std::size_t i = begin; i < end; ++i) m.mean += x[i];
  m.mean /= static_cast<double>(end - begin);
  for (std::size_t i = begin; i < end; ++i) m.sd += (x[i] - m.mean) * (x[i] - m.mean);
  m.sd = std::sqrt(m.sd / static_cast<double>(end - begin));
  return m;
}

TEST(BgInitialDraws, VoltagesAndOffsetsFollowTheirNormals) {
  // 4000 STN / 8000 GPe: standard errors of the mean 0.08 / 0.02 mV, of the SD about 1 %.
  const BgNetworkSpec net = parse_bg_network(so2012_network_json(true, false, 4000, 8000, 10, 10));
  const BgInitialDraws d = bg_initial_draws(net, 12);
  ASSERT_EQ(d.v_mv.size(), net.neuron_count());
  const Moments v_stn = moments(d.v_mv, 0, 4000), v_gpe = moments(d.v_mv, 4000, 12000);
  EXPECT_NEAR(v_stn.mean, -62.0, 0.3);
  EXPECT_NEAR(v_stn.sd, 5.0, 0.2);
  EXPECT_NEAR(v_gpe.mean, -62.0, 0.2);
  EXPECT_NEAR(v_gpe.sd, 5.0, 0.15);
  const Moments i_gpe = moments(d.i_app, 4000, 12000);
  EXPECT_NEAR(i_gpe.mean, 8.0, 0.1);
  EXPECT_NEAR(i_gpe.sd, 2.0, 0.06);
  for (std::size_t j = 0; j < 4000; ++j) EXPECT_EQ(d.i_app[j], 23.0);  // STN: no offset SD
  // Each population has its own stream: STN and GPe cell 0 differ; the draws repeat per seed.
  EXPECT_NE(d.v_mv[0], d.v_mv[4000]);
  EXPECT_EQ(bg_initial_draws(net, 12).v_mv, d.v_mv);
  EXPECT_NE(bg_initial_draws(net, 13).v_mv, d.v_mv);
}

}  // namespace
}  // namespace spikefit::engine::bg
