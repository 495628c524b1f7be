// The flattened trial of the CUDA backend, run by its host twin, against the CPU reference: the
// same functions in the same per-cell order, so every output must be identical.
#include <gtest/gtest.h>

#include <cmath>

#include "models/basal_ganglia/bg_flat_pack.hpp"
#include "models/basal_ganglia/bg_trial.hpp"
#include "recording_compare.hpp"

namespace spikefit::engine::bg {
namespace {

using nlohmann::json;

json small_document(bool parkinsonian, bool dbs) {
  json doc = so2012_network_json(parkinsonian, dbs, 5, 10, 8, 8);
  doc["duration_ms"] = 250.0;
  doc["burn_in_ms"] = 50.0;
  return doc;
}

void expect_identical(const TrialRecording& a, const TrialRecording& b) {
  testing::expect_same_recording(a, b);
}

void expect_twin_matches(const BgNetworkSpec& net, uint64_t seed) {
  expect_identical(simulate_bg_trial_flat(net, seed), simulate_bg_trial_cpu(net, seed));
}

TEST(BgFlatTrial, HealthyParkinsonianAndDbsEqualTheCpuReference) {
  for (const auto& [pd, dbs] : {std::pair{false, false}, {true, false}, {true, true}}) {
    SCOPED_TRACE(std::string(pd ? "pd" : "healthy") + (dbs ? "+dbs" : ""));
    const BgNetworkSpec net = parse_bg_network(small_document(pd, dbs));
    const TrialRecording cpu = simulate_bg_trial_cpu(net, 11);
    ASSERT_GT(cpu.total_spikes, 50u);
    expect_identical(simulate_bg_trial_flat(net, 11), cpu);
  }
}

TEST(BgFlatTrial, DelaysCorticalInputAndExponentialEulerEqualTheCpuReference) {
  json doc = small_document(true, false);
  doc["pathways"][0]["delay_ms"] = 1.0;
  doc["pathways"][2]["delay_ms"] = 2.5;
  doc["cortical"] = {{"target", "STN"},           {"rate_hz", 200.0}, {"beta_depth", 0.8},
                     {"beta_frequency_hz", 20.0}, {"weight", 0.05},   {"tau_ms", 5.0}};
  expect_twin_matches(parse_bg_network(doc), 3);
  doc["integrator"] = "exponential_euler";
  doc["dt_ms"] = 0.05;
  expect_twin_matches(parse_bg_network(doc), 4);
}

TEST(BgFlatTrial, AdexPopulationEqualsTheCpuReference) {
  json doc = small_document(false, false);
  doc["populations"][0]["model"] = "adex";
  doc["populations"][0]["adex_set"] = "stn";
  doc["populations"][0].erase("params");
  doc["populations"][0]["I_app"] = 40.0;
  doc["populations"][0]["v_init_mean_mv"] = -70.0;
  expect_twin_matches(parse_bg_network(doc), 8);
}

TEST(BgFlatTrial, RunawayAndNumericalErrorsEqualTheCpuReference) {
  json doc = small_document(false, false);
  doc["max_rate_hz"] = 5.0;  // the healthy GP cells fire far above this: runaway
  const BgNetworkSpec runaway = parse_bg_network(doc);
  const TrialRecording flat = simulate_bg_trial_flat(runaway, 2);
  EXPECT_EQ(flat.status, TrialStatus::kRunaway);
  expect_identical(flat, simulate_bg_trial_cpu(runaway, 2));

  BgNetworkSpec broken = parse_bg_network(small_document(false, false));
  broken.populations[2].i_app = NAN;  // GPi
  const TrialRecording nan = simulate_bg_trial_flat(broken, 2);
  EXPECT_EQ(nan.status, TrialStatus::kError);
  EXPECT_NE(nan.message.find("GPi cell 0"), std::string::npos) << nan.message;
  expect_identical(nan, simulate_bg_trial_cpu(broken, 2));
}

TEST(BgFlatTrial, RefusesWhatTheFlatFormCannotHold) {
  json doc = small_document(false, false);
  doc["record_mean_v"] = true;
  const TrialRecording out = simulate_bg_trial_flat(parse_bg_network(doc), 1);
  EXPECT_EQ(out.status, TrialStatus::kError);
  EXPECT_NE(out.message.find("record_mean_v"), std::string::npos);
}

}  // namespace
}  // namespace spikefit::engine::bg
