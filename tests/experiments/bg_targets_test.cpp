#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "spikefit/engine/random.hpp"
#include "spikefit/stats/spectrum.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::experiments {
namespace {

const std::string kTargets =
    std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/targets/bg_primate_targets.json";

std::map<std::string, stats::TargetStatistic> by_name(const stats::Target& t) {
  std::map<std::string, stats::TargetStatistic> out;
  for (const auto& s : t.statistics) out[s.name] = s;
  return out;
}

// The rates of spec 4.1 (MPTP monkeys) with var = SD^2 / N over the model's cells.
TEST(BgTargets, RatesAndNormalisersOfBothStates) {
  const auto targets = stats::load_targets(kTargets);
  ASSERT_EQ(targets.size(), 2u);
  const auto healthy = by_name(targets.at("healthy_primate"));
  const auto pd = by_name(targets.at("pd_primate"));
  struct Row {
    const char* name;
    double healthy_mean, healthy_sd, pd_mean, pd_sd, cells;
  };
  for (const Row& r :
       {Row{"rate.STN", 18.8, 10.3, 25.8, 14.9, 50}, Row{"rate.GPe", 76.0, 28.0, 51.0, 27.0, 100},
        Row{"rate.GPi", 57.3, 17.3, 77.9, 26.4, 75}}) {
    SCOPED_TRACE(r.name);
    EXPECT_DOUBLE_EQ(healthy.at(r.name).mean[0], r.healthy_mean);
    EXPECT_NEAR(healthy.at(r.name).var, r.healthy_sd * r.healthy_sd / r.cells, 1e-12);
    EXPECT_DOUBLE_EQ(pd.at(r.name).mean[0], r.pd_mean);
    EXPECT_NEAR(pd.at(r.name).var, r.pd_sd * r.pd_sd / r.cells, 1e-12);
    EXPECT_DOUBLE_EQ(healthy.at(r.name).weight, 1.0);
  }
  EXPECT_EQ(healthy.size(), 4u);
  EXPECT_NEAR(pd.at("beta.STN").mean[0] - healthy.at("beta.STN").mean[0], 0.15, 1e-4);
}

// The healthy beta.STN target is the relative 13-30 / 1-100 Hz Welch power of an asynchronous
// population: 50 Poisson cells at the healthy STN rate, 4.5 s in 1-ms bins, here recomputed with
// spikefit's own welch_psd over 300 recordings. The scipy-derived mean must lie within 4 SE of
// this estimate and the normaliser (its variance) within 35 % (the variance estimate of 300
// repeats has a relative SE of about 8 %).
TEST(BgTargets, BetaTargetIsTheAsynchronousLevel) {
  const auto healthy = by_name(stats::load_target(kTargets, "healthy_primate"));
  const int repeats = 300;
  const double mean_count = 18.8 * 50 / 1000.0;
  std::vector<double> beta;
  for (int k = 0; k < repeats; ++k) {
    engine::CounterStream stream(2024, 7, static_cast<uint64_t>(k));
    std::vector<double> counts(4500);
    for (double& c : counts) c = engine::poisson_sample(stream, mean_count);
    const stats::PowerSpectrum psd = stats::welch_psd(counts, 1000.0, 1000, 500);
    beta.push_back(stats::relative_band_power(psd, 13, 30, 1, 100));
  }
  double mean = 0, var = 0;
  for (double b : beta) mean += b / repeats;
  for (double b : beta) var += (b - mean) * (b - mean) / (repeats - 1);
  EXPECT_NEAR(healthy.at("beta.STN").mean[0], mean, 4 * std::sqrt(var / repeats));
  EXPECT_NEAR(healthy.at("beta.STN").var / var, 1.0, 0.35);
  EXPECT_NEAR(mean, 0.18, 0.01);  // 18 of the 100 1-Hz bins of a flat spectrum
}

}  // namespace
}  // namespace spikefit::experiments
