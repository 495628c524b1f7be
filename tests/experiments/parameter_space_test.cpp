#include <gtest/gtest.h>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_path.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"
#include "spikefit/experiments/config/parameter_space.hpp"
#include "test_networks.hpp"

namespace spikefit::experiments {
namespace {

using nlohmann::json;

ParameterSpace bundled_space(const std::string& name) {
  const json config = testing::read_json(std::string(SPIKEFIT_SOURCE_DIR) +
                                         "/experiments/configs/" + name + ".json");
  return ParameterSpace::parse(config.at("parameters"), config.at("network"));
}

TEST(ParameterSpace, SnopsParametersInVectorOrderWithRangesAndDefaults) {
  const ParameterSpace sbn = bundled_space("snops_sbn");
  const std::vector<std::string> names = {
      "taudsynI", "taudsynE", "mean_sigmaRRIs", "mean_sigmaRREs", "mean_sigmaRXs", "JrEI",
      "JrIE",     "JrII",     "JrEE",           "JrEX",           "JrIX"};
  ASSERT_EQ(sbn.size(), names.size());
  for (std::size_t d = 0; d < names.size(); ++d) EXPECT_EQ(sbn[d].name, names[d]);
  EXPECT_EQ(sbn.defaults(), (std::vector<double>{8, 5, 0.1, 0.1, 0.05, -60, 10, -75, 20, 35, 25}));
  EXPECT_EQ(sbn[5].lower, -150);
  EXPECT_EQ(sbn[5].upper, 0);
  EXPECT_EQ(sbn[2].upper, 0.25);
  const ParameterSpace cbn = bundled_space("snops_cbn");
  ASSERT_EQ(cbn.size(), 8u);
  EXPECT_EQ(cbn[2].name, "JrEI");
}

TEST(ParameterSpace, BindWritesEveryBoundField) {
  const ParameterSpace sbn = bundled_space("snops_sbn");
  const json network = testing::config_network("snops_sbn");
  std::vector<double> values = sbn.defaults();
  values[sbn.index_of("taudsynE")] = 22.5;
  values[sbn.index_of("mean_sigmaRRIs")] = 0.0;
  const json bound = sbn.bind(network, values);
  EXPECT_EQ(base::resolve_path(bound, "projections.EE.synapse.tau_decay_ms"), 22.5);
  EXPECT_EQ(base::resolve_path(bound, "projections.IE.synapse.tau_decay_ms"), 22.5);
  EXPECT_EQ(base::resolve_path(bound, "projections.EI.connectivity.sigma"), 0.0);
  EXPECT_EQ(base::resolve_path(bound, "projections.II.connectivity.sigma"), 0.0);
  EXPECT_EQ(base::resolve_path(bound, "projections.EX.synapse.tau_decay_ms"), 5);    // not bound
  EXPECT_EQ(base::resolve_path(network, "projections.EE.synapse.tau_decay_ms"), 5);  // copy
}

TEST(ParameterSpace, OutOfRangeValueNamesTheParameter) {
  const ParameterSpace sbn = bundled_space("snops_sbn");
  std::vector<double> values = sbn.defaults();
  values[sbn.index_of("JrEE")] = 151;
  try {
    sbn.bind(testing::config_network("snops_sbn"), values);
    FAIL() << "no error";
  } catch (const base::ConfigError& e) {
    EXPECT_STREQ(e.what(), "parameter JrEE: value 151 is outside its range [0, 150]");
  }
}

TEST(ParameterSpace, BadBindingsAreNamed) {
  const json network = testing::config_network("snops_cbn");
  json params =
      json::array({{{"name", "a"}, {"bind", "projections.XX.weight"}, {"range", {0, 1}}}});
  try {
    ParameterSpace::parse(params, network);
    FAIL() << "no error";
  } catch (const base::ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "parameters[0].bind: projections.XX.weight: no element named 'XX' at this path");
  }
  params = json::array({{{"name", "a"},
                         {"bind", {"projections.EE.weight", "projections.IE.weight"}},
                         {"range", {0, 100}}}});
  EXPECT_THROW(ParameterSpace::parse(params, network), base::ConfigError);  // defaults 20 vs 10
  params = json::array({{{"name", "a"}, {"bind", "projections.EE.weight"}, {"range", {5, 1}}}});
  EXPECT_THROW(ParameterSpace::parse(params, network), base::ConfigError);
}

TEST(ResolvePath, SelectsKeysAndNamedArrayElements) {
  json doc = {{"a", {{"b", 1}}}, {"list", {{{"name", "x"}, {"v", 2}}, {{"name", "y"}, {"v", 3}}}}};
  EXPECT_EQ(base::resolve_path(doc, "a.b"), 1);
  EXPECT_EQ(base::resolve_path(doc, "list.y.v"), 3);
  base::resolve_path(doc, "list.x.v") = 7;
  EXPECT_EQ(doc["list"][0]["v"], 7);
  EXPECT_THROW(base::resolve_path(doc, "a.c"), base::ConfigError);
  EXPECT_THROW(base::resolve_path(doc, "a.b.c"), base::ConfigError);
}

TEST(ParameterSpace, FreeParametersBindLikeTheBalancedModels) {
  const json network = engine::bg::so2012_network_json(true, false);
  const json parameters = json::array(
      {{{"name", "I_STN"}, {"bind", engine::bg::bg_field_path("I_app.STN")}, {"range", {10, 40}}},
       {{"name", "w_GS"}, {"bind", engine::bg::bg_field_path("w.GPe->STN")}, {"range", {0, 2}}}});
  const ParameterSpace space = ParameterSpace::parse(parameters, network);
  EXPECT_EQ(space.defaults(), (std::vector<double>{23.0, 0.5}));
  const engine::bg::BgNetworkSpec net =
      engine::bg::parse_bg_network(space.bind(network, {30.0, 1.25}));
  EXPECT_EQ(net.populations[0].i_app, 30.0);
  EXPECT_EQ(net.pathways[0].weight, 1.25);
}

}  // namespace
}  // namespace spikefit::experiments
