#include <gtest/gtest.h>

#include <string>

#include "spikefit/base/config_error.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"

namespace spikefit::engine::bg {
namespace {

using nlohmann::json;

std::string error_of(const json& document) {
  try {
    parse_bg_network(document, "net.json");
  } catch (const base::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(BgNetworkSpec, ParsesTheSo2012Network) {
  const BgNetworkSpec net = parse_bg_network(so2012_network_json(true, true));
  ASSERT_EQ(net.populations.size(), 4u);
  EXPECT_EQ(net.populations[0].name, "STN");
  EXPECT_EQ(net.populations[0].i_app, 23.0);
  EXPECT_EQ(net.populations[1].i_app, 8.0);
  EXPECT_EQ(net.populations[1].i_app_offset_sd, 2.0);
  EXPECT_EQ(net.populations[2].i_app, 16.0);
  EXPECT_EQ(net.populations[1].synapse, BgSynapseKind::kGate);
  EXPECT_EQ(net.populations[2].synapse, BgSynapseKind::kAlpha);
  EXPECT_EQ(net.populations[2].alpha.g_peak, 0.3);
  EXPECT_EQ(net.populations[3].spike_threshold_mv, -40.0);
  EXPECT_EQ(net.populations[0].spike_threshold_mv, -10.0);
  EXPECT_EQ(net.neuron_count(), 300u);
  ASSERT_EQ(net.pathways.size(), 6u);
  EXPECT_EQ(net.pathways[0].name, "GPe->STN");
  EXPECT_EQ(net.pathways[0].weight, 0.5);
  EXPECT_EQ(net.pathways[0].e_rev_mv, -85.0);
  EXPECT_TRUE(net.pathways[5].one_to_one);
  EXPECT_TRUE(net.smc.enabled);
  EXPECT_EQ(net.smc.target, 3u);
  EXPECT_TRUE(net.dbs.enabled);
  EXPECT_EQ(net.dbs.frequency_hz, 130.0);
  EXPECT_FALSE(net.cortical.enabled);
  EXPECT_EQ(net.steps(), 300000u);
}

TEST(BgNetworkSpec, ParameterOverridesReachTheCell) {
  json doc = so2012_network_json(false, false);
  doc["populations"][0]["params"] = {{"g_Na", 40.0}, {"phi_r", 0.3}};
  const BgNetworkSpec net = parse_bg_network(doc);
  EXPECT_EQ(net.populations[0].stn.g_Na, 40.0);
  EXPECT_EQ(net.populations[0].stn.phi_r, 0.3);
  EXPECT_EQ(net.populations[0].stn.g_K, 45.0);
}

TEST(BgNetworkSpec, EulerStepAbove0025IsRejectedUnlessExponentialEuler) {
  json doc = so2012_network_json(false, false);
  doc["dt_ms"] = 0.05;
  const std::string e = error_of(doc);
  EXPECT_NE(e.find("net.json: dt_ms: must be <= 0.025"), std::string::npos) << e;
  EXPECT_NE(e.find("exponential_euler"), std::string::npos) << e;
  doc["integrator"] = "exponential_euler";
  EXPECT_EQ(error_of(doc), "");
  doc["dt_ms"] = 0.2;
  EXPECT_NE(error_of(doc).find("dt_ms: must be <= 0.1"), std::string::npos);
}

TEST(BgNetworkSpec, ErrorsNameThePathAndReason) {
  json doc = so2012_network_json(false, false);
  doc["populations"][1]["model"] = "hh";
  EXPECT_NE(error_of(doc).find("populations[1].model: unknown cell model 'hh'"), std::string::npos);

  doc = so2012_network_json(false, false);
  doc["populations"][0]["params"] = {{"g_Nax", 1.0}};
  EXPECT_NE(error_of(doc).find("populations[0].params.g_Nax: no such parameter of the stn cell"),
            std::string::npos);

  doc = so2012_network_json(false, false);
  doc["pathways"][2]["in_degree"] = 100;  // GPe->GPe without self: at most 99
  EXPECT_NE(error_of(doc).find("pathways[2].in_degree: must be <= 99"), std::string::npos)
      << error_of(doc);

  doc = so2012_network_json(false, false);
  doc["pathways"][0]["pre"] = "GPX";
  EXPECT_NE(error_of(doc).find("pathways[0].pre: no population named 'GPX'"), std::string::npos);

  doc = so2012_network_json(false, false);
  doc["dbs"] = {{"frequency_hz", 4000.0}};
  EXPECT_NE(error_of(doc).find("dbs.width_ms: pulses of"), std::string::npos);

  doc = so2012_network_json(false, false);
  doc["cortical"] = {{"rate_hz", 10.0}, {"weight", 0.1}, {"beta_depth", 1.5}};
  EXPECT_NE(error_of(doc).find("cortical.beta_depth"), std::string::npos);

  doc = so2012_network_json(false, false);
  doc["populations"][0]["sise"] = 3;
  EXPECT_NE(error_of(doc).find("sise"), std::string::npos);

  doc = so2012_network_json(false, false);
  doc["populations"][0]["params"] = {{"C", -1.0}};
  EXPECT_NE(error_of(doc).find("populations[0].params.C: must be > 0"), std::string::npos);
}

TEST(BgNetworkSpec, ShortFieldNamesMapToJsonPaths) {
  EXPECT_EQ(bg_field_path("I_app.STN"), "populations.STN.I_app");
  EXPECT_EQ(bg_field_path("offset_sd.GPe"), "populations.GPe.I_app_offset_sd");
  EXPECT_EQ(bg_field_path("w.GPe->STN"), "pathways.GPe->STN.weight");
  EXPECT_EQ(bg_field_path("ctx.beta_depth"), "cortical.beta_depth");
  EXPECT_EQ(bg_field_path("dbs.frequency_hz"), "dbs.frequency_hz");
  EXPECT_EQ(bg_field_path("param.GPe.g_AHP"), "populations.GPe.params.g_AHP");

  json doc = so2012_network_json(false, true);
  doc["cortical"] = {{"rate_hz", 100.0}, {"weight", 0.01}};
  doc = set_bg_field(doc, "I_app.STN", 25.0);
  doc = set_bg_field(doc, "w.GPe->STN", 0.7);
  doc = set_bg_field(doc, "dbs.amplitude", 150.0);
  doc = set_bg_field(doc, "ctx.beta_depth", 0.5);
  doc = set_bg_field(doc, "param.GPe.g_AHP", 12.0);
  const BgNetworkSpec net = parse_bg_network(doc);
  EXPECT_EQ(net.populations[0].i_app, 25.0);
  EXPECT_EQ(net.pathways[0].weight, 0.7);
  EXPECT_EQ(net.dbs.amplitude, 150.0);
  EXPECT_EQ(net.cortical.beta_depth, 0.5);
  EXPECT_EQ(net.populations[1].gp.g_AHP, 12.0);
  EXPECT_THROW(set_bg_field(doc, "w.GPe->TC", 1.0), base::ConfigError);
  EXPECT_THROW(set_bg_field(doc, "I_app.STN.x", 1.0), base::ConfigError);
}

}  // namespace
}  // namespace spikefit::engine::bg
