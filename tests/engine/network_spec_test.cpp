#include <gtest/gtest.h>

#include <cmath>

#include "input_error.hpp"
#include "models/balanced/model_constants.hpp"
#include "test_networks.hpp"

namespace spikefit::engine {
namespace {

using nlohmann::json;
using testing::config_network;

// The message of the base::ConfigError that parsing `network` throws ("" if none).
std::string parse_error(const json& network) {
  return testing::input_error_of([&] { parse_network_spec(network); });
}

TEST(NetworkSpec, SnopsSbnHasTheSpecValues) {
  const NetworkSpec net = testing::bundled_network("snops_sbn");
  ASSERT_EQ(net.populations.size(), 2u);
  EXPECT_EQ(net.neuron_count(), 3125u);
  EXPECT_DOUBLE_EQ(net.weight_scale, 1.0 / std::sqrt(3125.0));
  EXPECT_EQ(net.steps(), 2810000u);  // (int)(140500 / 0.05)
  EXPECT_EQ(spike_cap(net), static_cast<uint64_t>(3125.0 * 140500 * 0.06));
  const IntegrateFireConstants e = neuron_constants(net, net.populations[0]);
  const IntegrateFireConstants i = neuron_constants(net, net.populations[1]);
  EXPECT_EQ(e.refractory_steps, 30);
  EXPECT_EQ(i.refractory_steps, 10);
  EXPECT_DOUBLE_EQ(e.g_L, 1.0 / 15);
  EXPECT_DOUBLE_EQ(i.g_L, 1.0 / 10);
  EXPECT_EQ(e.Delta_T, 2.0);
  EXPECT_EQ(i.Delta_T, 0.5);
  ASSERT_EQ(net.inputs.size(), 1u);
  EXPECT_EQ(net.inputs[0].rate_hz, 10.0);
  for (const auto& p : net.projections) {
    EXPECT_EQ(p.placement, TargetPlacement::kWrappedGaussian) << p.name;
    EXPECT_EQ(p.tau_rise_ms, 1.0);
  }
}

TEST(NetworkSpec, UnknownFieldIsNamedWithItsPath) {
  json network = config_network("snops_cbn");
  network["populations"][1]["params"]["tau_mm"] = 3;
  EXPECT_EQ(parse_error(network), "network.populations[1].params.tau_mm: unknown field");
}

TEST(NetworkSpec, OutOfRangeValuesAreNamed) {
  json network = config_network("snops_cbn");
  network["populations"][0]["params"]["tau_m_ms"] = -3;
  EXPECT_EQ(parse_error(network), "network.populations[0].params.tau_m_ms: must be > 0, got -3");
  network = config_network("snops_cbn");
  network["projections"][0]["connectivity"]["probability"] = 1.5;
  EXPECT_EQ(parse_error(network),
            "network.projections[0].connectivity.probability: must lie in [0, 1], got 1.5");
}

TEST(NetworkSpec, WrongTypesAndMissingFieldsAreNamed) {
  json network = config_network("snops_cbn");
  network["inputs"][0]["rate_hz"] = "ten";
  EXPECT_EQ(parse_error(network), "network.inputs[0].rate_hz: must be a number, got \"ten\"");
  network = config_network("snops_cbn");
  network["projections"][2].erase("weight");
  EXPECT_EQ(parse_error(network), "network.projections[2].weight: is required");
}

TEST(NetworkSpec, UnknownReferencesAreNamed) {
  json network = config_network("snops_cbn");
  network["projections"][0]["pre"] = "Y";
  EXPECT_EQ(parse_error(network), "network.projections[0].pre: no population or input named 'Y'");
  network = config_network("snops_cbn");
  network["recording"]["count_population"] = "Q";
  EXPECT_EQ(parse_error(network), "network.recording.count_population: no population named 'Q'");
}

TEST(NetworkSpec, BinsMustBeWholeTimeSteps) {
  json network = config_network("snops_cbn");
  network["recording"]["count_bin_ms"] = 200.01;
  EXPECT_EQ(parse_error(network),
            "network.recording.count_bin_ms: must be a whole number of time steps (dt)");
}

TEST(NetworkSpec, LatticeMustMatchSize) {
  json network = config_network("snops_cbn");
  network["populations"][0]["size"] = 2000;
  EXPECT_EQ(parse_error(network),
            "network.populations[0].size: must equal rows*cols of the lattice (2500)");
}

TEST(NetworkSpec, GaussianTargetsNeedLattices) {
  json network = config_network("snops_sbn");
  network["populations"][1].erase("lattice");
  EXPECT_NE(parse_error(network).find("wrapped_gaussian needs a lattice"), std::string::npos);
}

TEST(NetworkSpec, DegreeFromProbabilityUsesCeil) {
  json network = config_network("snops_cbn");
  network["projections"][4]["connectivity"]["probability"] = 0.451;  // IE: 0.451 * 625 = 281.875
  EXPECT_EQ(parse_network_spec(network).projections[4].degree, 282u);
  network["projections"][4]["connectivity"].erase("probability");
  network["projections"][4]["connectivity"]["out_degree"] = 17;
  EXPECT_EQ(parse_network_spec(network).projections[4].degree, 17u);
}

}  // namespace
}  // namespace spikefit::engine
