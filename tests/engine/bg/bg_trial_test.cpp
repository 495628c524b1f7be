#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "models/basal_ganglia/bg_trial.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network.hpp"

namespace spikefit::engine::bg {
namespace {

using nlohmann::json;

// A small So 2012 network (5 STN / 10 GPe / 8 GPi / 8 TC) for 300 ms: about 1 s of CPU.
BgNetworkSpec small_network(bool parkinsonian = false, bool dbs = false) {
  json doc = so2012_network_json(parkinsonian, dbs, 5, 10, 8, 8);
  doc["duration_ms"] = 300.0;
  doc["burn_in_ms"] = 100.0;
  doc["pathways"][0]["delay_ms"] = 1.0;  // exercise the delay ring
  return parse_bg_network(doc);
}

void expect_same(const TrialRecording& a, const TrialRecording& b) {
  ASSERT_EQ(a.raster.size(), b.raster.size());
  for (std::size_t k = 0; k < a.raster.size(); ++k) {
    EXPECT_EQ(a.raster[k].time_ms, b.raster[k].time_ms);
    EXPECT_EQ(a.raster[k].neuron, b.raster[k].neuron);
  }
  EXPECT_EQ(a.activity, b.activity);
  EXPECT_EQ(a.isi_sum_sq_ms2, b.isi_sum_sq_ms2);
  EXPECT_EQ(a.smc_onsets_ms, b.smc_onsets_ms);
}

TEST(BgTrial, RecordingIsConsistent) {
  const BgNetworkSpec net = small_network();
  const TrialRecording out = simulate_bg_trial_cpu(net, 5);
  const TrialRecording& r = out;
  ASSERT_EQ(r.status, TrialStatus::kOk) << r.message;
  EXPECT_EQ(r.population_names, (std::vector<std::string>{"STN", "GPe", "GPi", "TC"}));
  EXPECT_EQ(r.population_offsets, (std::vector<uint32_t>{0, 5, 15, 23, 31}));
  EXPECT_EQ(r.steps_simulated, 29999u);
  EXPECT_EQ(r.activity_bins, 300u);
  EXPECT_GT(r.total_spikes, 100u);
  EXPECT_EQ(r.raster.size(), r.total_spikes);
  EXPECT_EQ(std::accumulate(r.activity.begin(), r.activity.end(), uint64_t{0}), r.total_spikes);
  EXPECT_TRUE(std::is_sorted(r.raster.begin(), r.raster.end(), [](const auto& x, const auto& y) {
    return x.time_ms < y.time_ms || (x.time_ms == y.time_ms && x.neuron < y.neuron);
  }));
  // Per-neuron counts after burn-in agree with the raster.
  std::vector<uint32_t> after(31, 0);
  for (const RasterSpike& s : r.raster) {
    if (s.time_ms >= 100.0 - 1e-9) ++after[s.neuron];
  }
  EXPECT_EQ(after, r.spikes_after_burn_in);
  for (uint32_t n = 0; n < 31; ++n) {
    EXPECT_EQ(r.isi_count[n], after[n] > 0 ? after[n] - 1 : 0);
  }
  // SMC onsets: the first after one interval, about 14 Hz.
  ASSERT_GE(out.smc_onsets_ms.size(), 2u);
  EXPECT_GT(out.smc_onsets_ms[0], 30.0);
  EXPECT_TRUE(out.dbs_onsets_ms.empty());
}

TEST(BgTrial, SameSeedSameRasterDifferentSeedDifferent) {
  const BgNetworkSpec net = small_network(true);
  const TrialRecording a = simulate_bg_trial_cpu(net, 9), b = simulate_bg_trial_cpu(net, 9);
  expect_same(a, b);
  const TrialRecording c = simulate_bg_trial_cpu(net, 10);
  EXPECT_NE(a.activity, c.activity);
}

TEST(BgEnsemble, ResultsDoNotDependOnThreadsOrBatch) {
  const BgNetworkSpec net = small_network();
  std::vector<TrialInput> trials;
  for (uint64_t s : {1, 2, 3}) trials.push_back({make_network(net), s});
  auto ensemble = make_cpu_ensemble();
  RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  std::size_t calls = 0;
  two.on_trial_done = [&calls](std::size_t, std::size_t) { ++calls; };
  const auto serial = ensemble->run(trials, one);
  const auto parallel = ensemble->run(trials, two);
  EXPECT_EQ(calls, 3u);
  ASSERT_EQ(serial.size(), 3u);
  for (int k = 0; k < 3; ++k) expect_same(serial[k], parallel[k]);
  const auto alone = ensemble->run({trials[2]}, one);
  expect_same(alone[0], serial[2]);
}

TEST(BgTrial, DbsPulsesDriveStnAtThePulseRate) {
  json doc = so2012_network_json(true, true, 5, 10, 8, 8);
  doc["duration_ms"] = 400.0;
  doc["burn_in_ms"] = 100.0;
  const TrialRecording out = simulate_bg_trial_cpu(parse_bg_network(doc), 4);
  ASSERT_EQ(out.status, TrialStatus::kOk);
  // Onsets every 769 steps = 7.69 ms from t = 0.
  ASSERT_EQ(out.dbs_onsets_ms.size(), 53u);  // 52 * 7.69 = 399.88 < 400
  EXPECT_NEAR(out.dbs_onsets_ms[1], 7.69, 1e-9);
  // Each STN cell fires once per pulse, within 1 ms of its onset.
  for (uint32_t n = 0; n < 5; ++n) {
    EXPECT_NEAR(out.spikes_after_burn_in[n], 39.0, 1.0);  // 300 ms * 130 Hz = 39
  }
  for (const RasterSpike& s : out.raster) {
    if (s.neuron >= 5 || s.time_ms < 100.0) continue;
    const double phase = std::fmod(s.time_ms, 7.69);
    EXPECT_LT(phase, 1.0) << s.time_ms;
  }
}

TEST(BgTrial, NonFiniteVoltageIsAnErrorNamingPopulationAndCell) {
  json doc = so2012_network_json(false, false, 2, 2, 2, 2);
  doc["duration_ms"] = 50.0;
  doc["burn_in_ms"] = 0.0;
  doc["pathways"] = json::array();
  doc["populations"][2]["params"] = {{"C", 1e-300}};  // dt / C overflows
  doc["max_rate_hz"] = 1e7;
  const TrialRecording out = simulate_bg_trial_cpu(parse_bg_network(doc), 1);
  EXPECT_EQ(out.status, TrialStatus::kError);
  EXPECT_NE(out.message.find("non-finite membrane potential in GPi cell 0"), std::string::npos)
      << out.message;
}

TEST(BgTrial, SpikeCapStopsARunaway) {
  BgNetworkSpec net = small_network();
  net.max_rate_hz = 1.0;
  const TrialRecording out = simulate_bg_trial_cpu(net, 2);
  EXPECT_EQ(out.status, TrialStatus::kRunaway);
  EXPECT_LT(out.steps_simulated, 29999u);
  EXPECT_EQ(out.total_spikes, 9u);  // floor(31 cells * 0.3 s * 1 Hz)
}

TEST(BgTrial, MeanVoltageTraceAndCorticalInput) {
  json doc = so2012_network_json(false, false, 5, 10, 8, 8);
  doc["duration_ms"] = 200.0;
  doc["burn_in_ms"] = 0.0;
  doc["record_mean_v"] = true;
  doc["cortical"] = {{"rate_hz", 0.0}, {"weight", 0.0}};
  const TrialRecording quiet = simulate_bg_trial_cpu(parse_bg_network(doc), 3);
  ASSERT_EQ(quiet.mean_v_mv.size(), 4u * 200u);
  // Bin 0 holds steps 1..99 only (step 0 is the initial state); V stays in a physical range.
  for (double v : quiet.mean_v_mv) {
    EXPECT_GT(v, -100.0);
    EXPECT_LT(v, 60.0);
  }
  // Strong excitatory cortical input raises the STN rate.
  doc["cortical"] = {{"rate_hz", 400.0}, {"weight", 0.1}, {"E_rev", 0.0}, {"tau_ms", 5.0}};
  const TrialRecording driven = simulate_bg_trial_cpu(parse_bg_network(doc), 3);
  auto stn_spikes = [](const TrialRecording& r) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < 5; ++i) n += r.spikes_after_burn_in[i];
    return n;
  };
  EXPECT_GT(stn_spikes(driven), 1.3 * stn_spikes(quiet));
  EXPECT_GT(stn_spikes(quiet), 10u);
}

}  // namespace
}  // namespace spikefit::engine::bg
