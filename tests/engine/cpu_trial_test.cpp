#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "models/balanced/cpu_trial.hpp"
#include "models/balanced/model_constants.hpp"
#include "recording_compare.hpp"
#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/engine/random.hpp"
#include "test_networks.hpp"

namespace spikefit::engine {
namespace {

using nlohmann::json;

// The SNOPS SBN scaled down to 400 E (20x20), 100 I (10x10), 400 X, for fast tests.
json small_sbn_network(double duration_ms) {
  return testing::small_snops_network("snops_sbn", duration_ms);
}

NetworkSpec small_sbn(double duration_ms) {
  return parse_network_spec(small_sbn_network(duration_ms));
}

void expect_identical(const TrialRecording& a, const TrialRecording& b) {
  EXPECT_EQ(a.seed, b.seed);
  testing::expect_same_recording(a, b);
}

TEST(CpuTrial, PoissonInputHasItsRate) {
  // 1000 input units at 20 Hz onto neurons that never spike; every input spike is delivered to
  // exactly 3 targets, so input spikes = synaptic events / 3.
  const json network = testing::silent_input_network(1000, 10, 1000, 20, 3);
  const NetworkSpec net = parse_network_spec(network);
  double total = 0;
  const int trials = 5;
  for (int t = 0; t < trials; ++t) {
    const TrialRecording rec = simulate_trial_cpu(net, 100 + t);
    ASSERT_EQ(rec.synaptic_events % 3, 0u);
    total += static_cast<double>(rec.synaptic_events / 3);
  }
  const double expected = trials * 20.0 * 1000 * (9999 * 0.1) / 1000;  // steps 1..9999
  EXPECT_NEAR(total, expected, 5 * std::sqrt(expected));
}

TEST(CpuTrial, DcDrivenLifFiresPeriodicallyWithTheEulerPeriod) {
  // V' = 2 - 0.1 (V + 60), threshold -50, reset -60, t_ref 2 ms at dt 0.01: after a spike 200
  // clamped steps, then V_k = -40 - 20 * 0.999^k crosses -50 at k = 693: ISI = 893 steps.
  const json network = {
      {"simulation", {{"dt_ms", 0.01}, {"duration_ms", 500}, {"max_rate_hz", 1000}}},
      {"populations",
       {{{"name", "N"},
         {"size", 5},
         {"model", "lif"},
         {"params",
          {{"tau_m_ms", 10},
           {"E_L_mV", -60},
           {"V_th_mV", -50},
           {"V_reset_mV", -60},
           {"t_ref_ms", 2},
           {"I_ext", 2}}}}}},
      {"recording", {{"burn_in_ms", 100}, {"count_bin_ms", 100}}}};
  const TrialRecording rec = simulate_trial_cpu(parse_network_spec(network), 1);
  ASSERT_EQ(rec.status, TrialStatus::kOk);
  for (uint32_t j = 0; j < 5; ++j) {
    ASSERT_GT(rec.isi_count[j], 30u);
    const double mean = rec.isi_sum_ms[j] / rec.isi_count[j];
    EXPECT_NEAR(mean, 8.93, 1e-9);
    EXPECT_NEAR(rec.isi_sum_sq_ms2[j] / rec.isi_count[j] - mean * mean, 0.0, 1e-9);
    EXPECT_EQ(rec.isi_count[j] + 1, rec.spikes_after_burn_in[j]);
  }
}

TEST(CpuTrial, RecordingsAreConsistent) {
  NetworkSpec net = small_sbn(1500);
  net.recording.raster_population = 1;
  net.recording.raster_neurons = 7;
  const TrialRecording rec = simulate_trial_cpu(net, 42);
  ASSERT_EQ(rec.status, TrialStatus::kOk);
  EXPECT_EQ(rec.steps_simulated, 29999u);
  // (1500 - 500) / 200 = 5 whole bins of the 400 E cells; they hold every E spike after burn-in.
  ASSERT_EQ(rec.count_bins, 5u);
  ASSERT_EQ(rec.count_neurons, 400u);
  const uint64_t binned = std::accumulate(rec.counts.begin(), rec.counts.end(), uint64_t{0});
  const uint64_t e_after = std::accumulate(rec.spikes_after_burn_in.begin(),
                                           rec.spikes_after_burn_in.begin() + 400, uint64_t{0});
  EXPECT_EQ(binned, e_after);
  EXPECT_GT(binned, 1000u);
  const uint64_t active = std::accumulate(rec.activity.begin(), rec.activity.end(), uint64_t{0});
  EXPECT_EQ(active, rec.total_spikes);
  EXPECT_EQ(rec.activity_bins, 1500u);
  for (uint32_t j = 0; j < 500; ++j) {
    EXPECT_EQ(rec.isi_count[j],
              rec.spikes_after_burn_in[j] > 0 ? rec.spikes_after_burn_in[j] - 1 : 0);
  }
  uint64_t raster_after = 0;
  for (const RasterSpike& s : rec.raster) {
    ASSERT_LT(s.neuron, 7u);
    if (s.time_ms >= 500) ++raster_after;
  }
  uint64_t first_seven = 0;
  for (uint32_t j = 400; j < 407; ++j) first_seven += rec.spikes_after_burn_in[j];
  EXPECT_EQ(raster_after, first_seven);
  EXPECT_GT(rec.first_spike_ms, 0.0);
  EXPECT_LE(rec.last_spike_ms, 1500.0 - 0.05 + 1e-9);
}

TEST(CpuTrial, SameSeedSameTrialDifferentSeedDifferentTrial) {
  const NetworkSpec net = small_sbn(800);
  const TrialRecording a = simulate_trial_cpu(net, 5);
  const TrialRecording b = simulate_trial_cpu(net, 5);
  expect_identical(a, b);
  EXPECT_NE(simulate_trial_cpu(net, 6).spikes_after_burn_in, a.spikes_after_burn_in);
}

TEST(CpuEnsemble, TrialResultsDoNotDependOnBatchOrThreads) {
  const NetworkSpec net = small_sbn(800);
  std::vector<TrialInput> batch;
  for (uint64_t k = 0; k < 4; ++k) batch.push_back({make_network(net), trial_seed(9, k)});
  auto ensemble = make_cpu_ensemble();
  RunOptions one_thread;
  one_thread.threads = 1;
  RunOptions two_threads;
  two_threads.threads = 2;
  const auto serial = ensemble->run(batch, one_thread);
  const auto parallel = ensemble->run(batch, two_threads);
  const auto alone = ensemble->run({batch[2]}, one_thread);
  ASSERT_EQ(serial.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) expect_identical(serial[k], parallel[k]);
  expect_identical(alone[0], serial[2]);
}

TEST(CpuTrial, RunawayNetworkStopsAtTheSpikeCap) {
  json network = small_sbn_network(2000);
  base::resolve_path(network, "projections.EE.weight") = 150;
  base::resolve_path(network, "projections.EI.weight") = 0;
  base::resolve_path(network, "projections.II.weight") = 0;
  const NetworkSpec net = parse_network_spec(network);
  const TrialRecording rec = simulate_trial_cpu(net, 3);
  EXPECT_EQ(rec.status, TrialStatus::kRunaway);
  EXPECT_GE(rec.total_spikes, spike_cap(net));
  EXPECT_LT(rec.steps_simulated, net.steps() - 1);
  EXPECT_NE(rec.message.find("spike cap"), std::string::npos);
}

TEST(CpuTrial, NonFiniteStateIsReportedAsAnError) {
  // A NaN current would be hidden by the floor (fmax drops NaN, V goes to -100); the trial must
  // still fail loudly.
  NetworkSpec net = small_sbn(300);
  net.projections[0].weight = std::numeric_limits<double>::quiet_NaN();
  const TrialRecording rec = simulate_trial_cpu(net, 3);
  EXPECT_EQ(rec.status, TrialStatus::kError);
  EXPECT_NE(rec.message.find("non-finite"), std::string::npos);
}

}  // namespace
}  // namespace spikefit::engine
