#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/engine/random.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/stats/spike_train_statistics.hpp"
#include "spikefit/stats/trial_statistics.hpp"
#include "test_networks.hpp"

namespace spikefit::engine {
namespace {

// Balanced-state rates of specs/snops.md §1.8, r = -(N w_rr)^{-1} (r_X N w_rx): the rates that
// cancel the mean input of each population, from in-degrees and scaled weights. [E, I] in Hz.
std::array<double, 2> mean_field_rates(const NetworkSpec& net) {
  double w[2][2] = {{0, 0}, {0, 0}};  // mean input per unit presynaptic rate, per pathway
  double drive[2] = {0, 0};           // mean input from the inputs
  for (const auto& p : net.projections) {
    const double n_pre = net.source_size(p.pre);
    const double k_in = static_cast<double>(p.degree) * n_pre / net.populations[p.post].size;
    const double j = p.weight * net.weight_scale;
    if (p.pre.is_input) {
      drive[p.post] += k_in * j * net.inputs[p.pre.index].rate_hz;
    } else {
      w[p.post][p.pre.index] += k_in * j;
    }
  }
  const double det = w[0][0] * w[1][1] - w[0][1] * w[1][0];
  return {(-drive[0] * w[1][1] + drive[1] * w[0][1]) / det,
          (-drive[1] * w[0][0] + drive[0] * w[1][0]) / det};
}

std::array<double, 2> simulated_rates(const NetworkSpec& net, int trials) {
  std::vector<TrialInput> batch;
  for (int k = 0; k < trials; ++k) batch.push_back({make_network(net), trial_seed(2024, k)});
  std::array<double, 2> mean = {0, 0};
  for (const auto& rec : make_cpu_ensemble()->run(batch, {})) {
    EXPECT_EQ(rec.status, TrialStatus::kOk) << rec.message;
    const std::vector<double> r = stats::population_rates_hz(rec);
    mean[0] += r[0] / trials;
    mean[1] += r[1] / trials;
  }
  return mean;
}

TEST(MeanField, ReproducesTheSpecPredictionForTheShortDemoGroundTruth) {
  // specs/snops.md §1.8: r_E = 7.96 Hz, r_I = 10.54 Hz with the fractions P_ab N_a as in-degrees;
  // the network's in-degrees come from K = ceil(P N) (282 instead of 281.25 for E->I, ...), which
  // moves the solution by < 1%.
  const auto mf =
      mean_field_rates(testing::bundled_network("snops_sbn", testing::short_demo_weights()));
  EXPECT_NEAR(mf[0], 7.957, 0.01 * 7.957);
  EXPECT_NEAR(mf[1], 10.541, 0.01 * 10.541);
}

// At the short-demo ground truth (asynchronous state, well-conditioned balance equations) the
// simulated rates sit within 20% of the N -> infinity balanced solution. The gap is the
// O(1/sqrt(N)) finite-size term (sqrt(3125) = 56 and the mean input is a difference of O(sqrt(N))
// terms): +7% for E in the CBN, +15% in the SBN, whose spatial correlations mean-field ignores.
// SNOPS's own target at this ground truth shows the same excess: 9.29 Hz vs 7.96 (+17%).
// At the configs' defaults the mean-field equations are nearly singular (the E and I rows almost
// parallel: r_E = 42 Hz for a 2% change of one weight) and the CBN synchronises, so they are not
// used for this check.
class BalancedState : public ::testing::TestWithParam<const char*> {};

TEST_P(BalancedState, SimulatedRatesMatchMeanFieldAtTheShortDemoGroundTruth) {
  auto set = testing::short_demo_weights();
  set["projections.EI.synapse.tau_decay_ms"] = 8.0;
  set["projections.II.synapse.tau_decay_ms"] = 8.0;
  set["simulation.duration_ms"] = 3000;
  const NetworkSpec net = testing::bundled_network(GetParam(), set);
  const auto mf = mean_field_rates(net);
  const auto sim = simulated_rates(net, 2);
  EXPECT_NEAR(sim[0], mf[0], 0.20 * mf[0]) << "E";
  EXPECT_NEAR(sim[1], mf[1], 0.20 * mf[1]) << "I";
}

INSTANTIATE_TEST_SUITE_P(Snops, BalancedState, ::testing::Values("snops_cbn", "snops_sbn"));

// Independent simulator: Brian2 (scripts/fixtures/brian2_cbn_rates.py, run once, 3 realisations x
// 10 s per regime) against spikefit on the same CBN parameters; E and I rates within 10%.
class Brian2CrossCheck : public ::testing::TestWithParam<const char*> {};

TEST_P(Brian2CrossCheck, CbnRatesAgreeWithin10Percent) {
  const nlohmann::json fixture = testing::read_json(std::string(SPIKEFIT_SOURCE_DIR) +
                                                    "/tests/fixtures/brian2_cbn_rates.json");
  const nlohmann::json& regime = fixture.at("regimes").at(GetParam());
  // The fixture names its parameters as the config does.
  experiments::ModelConfig config = experiments::load_model_config(
      std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/snops_cbn.json");
  std::vector<std::string> set = {"simulation.duration_ms=4000"};  // the fixture ran 10 s
  for (const auto& [name, value] : regime.at("parameters").items()) {
    set.push_back(name + "=" + value.dump());
  }
  experiments::apply_overrides(config, set);
  const auto sim = simulated_rates(config.bound_network(), 2);
  const double brian_e = regime.at("rate_e_hz_mean").get<double>();
  const double brian_i = regime.at("rate_i_hz_mean").get<double>();
  EXPECT_NEAR(sim[0], brian_e, 0.10 * brian_e) << "E";
  EXPECT_NEAR(sim[1], brian_i, 0.10 * brian_i) << "I";
}

INSTANTIATE_TEST_SUITE_P(Snops, Brian2CrossCheck, ::testing::Values("default", "short_demo"));

// simulation.precision "float32" does not reproduce float64's spikes (the network is chaotic), but
// it must give its statistics: at the short-demo ground truth, over 6 realisations (the same seeds
// in both precisions), every SNOPS statistic's mean agrees within 4 standard errors.
TEST(StatePrecision, Float32GivesTheStatisticsOfFloat64WithinSamplingNoise) {
  nlohmann::json network = testing::config_network("snops_sbn");
  for (const auto& [path, value] : testing::short_demo_weights()) {
    base::resolve_path(network, path) = value;
  }
  network["simulation"]["duration_ms"] = 3000;
  const NetworkSpec double_net = parse_network_spec(network);
  network["simulation"]["precision"] = "float32";
  const NetworkSpec single_net = parse_network_spec(network);
  const int trials = 6;
  stats::StatisticsOptions options;
  options.dimension = stats::DimensionMethod::kEigenThreshold;
  const std::vector<std::string> names = {"rate", "fano", "rsc_fisher_z", "pct_shared", "rate.I"};
  std::map<std::string, std::vector<double>> values[2];
  uint64_t differing_trials = 0;
  std::vector<TrialInput> batch;
  for (int k = 0; k < trials; ++k) {
    batch.push_back({make_network(double_net), trial_seed(77, k)});
    batch.push_back({make_network(single_net), trial_seed(77, k)});
  }
  const auto recordings = make_cpu_ensemble()->run(batch, {});
  for (std::size_t t = 0; t < recordings.size(); ++t) {
    ASSERT_EQ(recordings[t].status, TrialStatus::kOk) << recordings[t].message;
    const stats::Statistics st = stats::compute_statistics(recordings[t], options, 5);
    ASSERT_TRUE(st.feasible) << st.reason;
    for (const std::string& name : names) values[t % 2][name].push_back(st.at(name));
    if (t % 2 == 1)
      differing_trials += recordings[t].total_spikes != recordings[t - 1].total_spikes;
  }
  EXPECT_GT(differing_trials, 0u) << "float32 ran the float64 arithmetic";
  const auto mean_and_variance = [](const std::vector<double>& x) {
    double mean = 0, var = 0;
    for (double v : x) mean += v / double(x.size());
    for (double v : x) var += (v - mean) * (v - mean) / double(x.size() - 1);
    return std::pair<double, double>{mean, var};
  };
  for (const std::string& name : names) {
    const auto [m64, v64] = mean_and_variance(values[0][name]);
    const auto [m32, v32] = mean_and_variance(values[1][name]);
    const double standard_error = std::sqrt((v64 + v32) / trials);
    EXPECT_LE(std::abs(m32 - m64), 4 * standard_error)
        << name << ": float64 " << m64 << " float32 " << m32 << " (se " << standard_error << ")";
  }
}

}  // namespace
}  // namespace spikefit::engine
